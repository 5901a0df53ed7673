import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tests.factories import TeamFactory
from triage.models import (
    CaringHoursBand,
    ContactMethod,
    PrimarySupportReason,
    Referral,
    ReferralSource,
    Relationship,
)
from triage.services import referral_reference_new


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral

    reference = factory.LazyFunction(referral_reference_new)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = datetime.date(1965, 4, 12)
    postcode = "NR2 4SE"
    address_line_1 = "12 Park Lane"
    town = "Norwich"
    phone = "01603 765432"
    preferred_contact = ContactMethod.PHONE
    caring_hours = CaringHoursBand.FROM_20_TO_49
    cared_for_first_name = factory.Faker("first_name")
    cared_for_last_name = factory.Faker("last_name")
    cared_for_relationship = Relationship.PARENT
    cared_for_support_reason = PrimarySupportReason.DEMENTIA
    reason = "Struggling to cope with mum's care at night."
    consent = True
    source = ReferralSource.SELF
    team = factory.SubFactory(TeamFactory)
    received_at = factory.LazyFunction(timezone.now)
