"""Factories shared across the test suite (Faker en_GB)."""

import datetime
import time

import factory
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory

from carers_portal.accounts.models import Team, User
from carers_portal.accounts.roles import PORTAL_ROLES, Role
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

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """Staff come with a confirmed authenticator app (pass second_factor=False for none);
        tests sign in through it with tests.conftest.verify_second_factor or a real code."""
        wanted = self.role not in PORTAL_ROLES if extracted is None else extracted
        if create and wanted and not TOTPDevice.objects.filter(user=self).exists():
            TOTPDevice.objects.create(user=self, name="Authenticator app", confirmed=True)


def totp_code(user) -> str:
    """A code the user's authenticator app would show now, as a person would type it.

    Codes are single use (django-otp refuses a time step at or before the last one used), so
    when one person signs in twice within 30 seconds this picks the next step the device's
    tolerance still accepts.
    """
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time()
    now = totp.t()
    # The current step first, never an earlier one: a code typed just before a step ends is
    # checked a moment later, when the step before is already out of the tolerance.
    for offset in range(0, device.tolerance + 1):
        totp.drift = device.drift + offset
        if now + totp.drift > device.last_t:
            return f"{totp.token():0{device.digits}d}"
    raise AssertionError("No unused code within the device's tolerance: wait 30 seconds")


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
