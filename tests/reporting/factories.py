"""Reporting test factories: rows in the other apps' tables, created directly."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from assessments.models import Assessment, AssessmentKind, AssessmentStatus
from carers_portal.accounts.roles import Role
from services_directory.models import Contract, FundingStream, Organisation, Service
from support_plans.models import DeliveryMechanism, ItemFrequency, PlanItem, PlanStatus, SupportPlan
from tests.factories import CarerFactory, TeamFactory, UserFactory
from triage.models import Referral


class AssessorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"reporting-assessor-{n}")
    role = Role.ASSESSOR


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    carer = factory.SubFactory(CarerFactory)
    team = factory.LazyAttribute(lambda a: a.carer.team)
    assessor = factory.SubFactory(AssessorFactory)
    kind = AssessmentKind.SEPARATE
    status = AssessmentStatus.COMPLETED
    started_on = factory.LazyAttribute(lambda a: a.completed_on or datetime.date(2026, 5, 1))
    completed_on = datetime.date(2026, 5, 1)
    received_specific_service = False
    received_information_advice = False


class SupportPlanFactory(DjangoModelFactory):
    class Meta:
        model = SupportPlan

    carer = factory.SubFactory(CarerFactory)
    assessment = factory.SubFactory(AssessmentFactory, carer=factory.SelfAttribute("..carer"))
    team = factory.LazyAttribute(lambda p: p.carer.team)
    status = PlanStatus.ACTIVE
    starts_on = datetime.date(2026, 4, 1)
    created_by = factory.SubFactory(AssessorFactory)


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(SupportPlanFactory)
    description = "Short break"
    frequency = ItemFrequency.ANNUAL
    cost = Decimal("365.00")
    funding_stream = FundingStream.CARE_ACT
    delivery_mechanism = DeliveryMechanism.COMMISSIONED
    starts_on = datetime.date(2026, 4, 1)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Reporting Provider {n}")
    description = "A carers' support provider"


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Carers service {n}")
    description = "Support for carers"


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = Contract

    service = factory.SubFactory(ServiceFactory)
    reference = factory.Sequence(lambda n: f"RPT-{n:04d}")
    value_per_year = Decimal("365000.00")
    start_date = datetime.date(2026, 4, 1)
    end_date = None
    funding_stream = FundingStream.BASE_BUDGET


class ReferralFactory(DjangoModelFactory):
    """A referral linked to a carer on the register (as after the duplicate check)."""

    class Meta:
        model = Referral

    carer = factory.SubFactory(CarerFactory)
    reference = factory.Sequence(lambda n: f"RPT{n:07d}")
    first_name = factory.LazyAttribute(lambda r: r.carer.first_name)
    last_name = factory.LazyAttribute(lambda r: r.carer.last_name)
    date_of_birth = factory.LazyAttribute(lambda r: r.carer.date_of_birth)
    postcode = "NR1 3QU"
    preferred_contact = "phone"
    caring_hours = "20_49"
    cared_for_first_name = "Pat"
    cared_for_last_name = "Example"
    cared_for_relationship = "parent"
    cared_for_support_reason = "dementia"
    reason = "Needs a break"
    consent = True
    source = "self"
    team = factory.LazyAttribute(lambda r: r.carer.team)


__all__ = ["CarerFactory", "TeamFactory"]
