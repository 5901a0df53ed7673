"""Factories shared across the test suite (Faker en_GB)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from carers_portal.accounts.models import Team, User
from carers_portal.accounts.roles import Role
from triage.models import (
    CaredForPerson,
    Carer,
    CaringHoursBand,
    CaringRelationship,
    ContactMethod,
    PrimarySupportReason,
    Relationship,
)

factory.Faker._DEFAULT_LOCALE = "en_GB"
TEST_PASSWORD = "correct-horse-battery-staple"


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Locality Team {n}")
    area = "Test area"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.TRIAGE_WORKER
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if create and extracted:
            self.teams.set(extracted)
        if create:
            self.save()


class CarerFactory(DjangoModelFactory):
    class Meta:
        model = Carer

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=25, maximum_age=80)
    postcode = "NR1 3QU"
    preferred_contact = ContactMethod.PHONE
    caring_hours = CaringHoursBand.FROM_20_TO_49
    phone = "01603 123456"
    team = factory.SubFactory(TeamFactory)
    consent_to_share = True


class CaredForPersonFactory(DjangoModelFactory):
    class Meta:
        model = CaredForPerson

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = datetime.date(1940, 5, 1)
    primary_support_reason = PrimarySupportReason.DEMENTIA


class CaringRelationshipFactory(DjangoModelFactory):
    class Meta:
        model = CaringRelationship

    carer = factory.SubFactory(CarerFactory)
    cared_for = factory.SubFactory(CaredForPersonFactory)
    relationship = Relationship.PARENT
