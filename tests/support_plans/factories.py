import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from assessments.models import Assessment, AssessmentKind, BudgetFrequency
from carers_portal.accounts.roles import Role
from services_directory.models import Contact, Organisation, Phone, Service
from support_plans.models import PlanItem, PlanStatus, SupportPlan
from tests.factories import CarerFactory, UserFactory


class EligibleAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    carer = factory.SubFactory(CarerFactory)
    team = factory.LazyAttribute(lambda a: a.carer.team)
    assessor = factory.SubFactory(UserFactory, role=Role.ASSESSOR)
    kind = AssessmentKind.SEPARATE
    status = "completed"
    started_on = datetime.date(2026, 1, 5)
    completed_on = datetime.date(2026, 1, 20)
    eligibility_outcome = "eligible"
    rules_outcome = "eligible"
    outcome_recreation = "needs_help"
    health_deteriorating = True
    outcomes_wanted = "A regular break to see friends"
    agreed_budget = Decimal("300.00")
    budget_frequency = BudgetFrequency.ANNUAL


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Carers Trust Branch {n}")
    description = "A local carers charity"
    website = "https://carers.example.org"


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Carers break service {n}")
    description = "Short breaks and activities for carers"
    email = factory.Sequence(lambda n: f"service{n}@carers.example.org")
    url = "https://carers.example.org/breaks"
    last_verified_on = factory.LazyFunction(datetime.date.today)

    @factory.post_generation
    def with_phone(self, create, extracted, **kwargs):
        if create and extracted:
            contact = Contact.objects.create(service=self, name="Duty desk", email="")
            Phone.objects.create(contact=contact, number=extracted)


class SupportPlanFactory(DjangoModelFactory):
    class Meta:
        model = SupportPlan

    assessment = factory.SubFactory(EligibleAssessmentFactory)
    carer = factory.LazyAttribute(lambda p: p.assessment.carer)
    team = factory.LazyAttribute(lambda p: p.carer.team)
    status = PlanStatus.DRAFT
    starts_on = datetime.date(2026, 2, 1)
    personal_budget = Decimal("300.00")
    needs_to_be_met = "Regular breaks"
    outcomes_wanted = "Time to see friends"
    created_by = factory.LazyAttribute(lambda p: p.assessment.assessor)


class ActivePlanFactory(SupportPlanFactory):
    status = PlanStatus.ACTIVE
    carer_agreed = True
    agreed_on = datetime.date(2026, 2, 1)
    agreement_method = "in_person"
    next_review_due = datetime.date(2026, 3, 29)


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(SupportPlanFactory)
    service = factory.SubFactory(ServiceFactory)
    description = factory.LazyAttribute(lambda i: i.service.name if i.service else "Advice")
    frequency = "monthly"
    cost = Decimal("10.00")
    funding_stream = "care_act"
    delivery_mechanism = "commissioned"
    starts_on = datetime.date(2026, 2, 1)
