"""Demo carers register: a few hundred carers and the people they care for (Faker en_GB)."""

import random

from faker import Faker

from carers_portal.accounts.models import Team, User
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import user_create
from triage.models import (
    Carer,
    CaringHoursBand,
    ContactMethod,
    EmploymentStatus,
    Ethnicity,
    PrimarySupportReason,
    Relationship,
)
from triage.services import cared_for_person_add, carer_create
from triage.validators import POSTCODE_PATTERN, normalise_postcode

DEMO_CARER_COUNT = 300


def _postcode(fake: Faker) -> str:
    while True:
        postcode = normalise_postcode(fake.postcode())
        if POSTCODE_PATTERN.match(postcode):
            return postcode


def seed(*, stdout) -> None:
    from carers_portal.demo.management.commands.seed_demo import demo_password

    existing = Carer.objects.count()
    if existing >= DEMO_CARER_COUNT:
        return
    fake = Faker("en_GB")
    Faker.seed(2026 + existing)
    rng = random.Random(2026 + existing)
    teams = list(Team.objects.order_by("id"))
    young_team = next((t for t in teams if "Young" in t.name), teams[-1])
    adult_teams = [t for t in teams if t != young_team] or teams
    for index in range(existing, DEMO_CARER_COUNT):
        young = rng.random() < 0.08
        dob = (
            fake.date_of_birth(minimum_age=11, maximum_age=17)
            if young
            else fake.date_of_birth(minimum_age=18, maximum_age=92)
        )
        carer = carer_create(
            first_name=fake.first_name(),
            last_name=fake.last_name(),
            date_of_birth=dob,
            postcode=_postcode(fake),
            preferred_contact=rng.choice(ContactMethod.values),
            caring_hours=rng.choice(CaringHoursBand.values),
            team=young_team if young else rng.choice(adult_teams),
            email=fake.free_email(),
            phone=fake.phone_number()[:30],
            address_line_1=fake.street_address().split("\n")[0],
            town=fake.city(),
            ethnicity=rng.choice(Ethnicity.values),
            employment_status=rng.choice(EmploymentStatus.values),
            consent_to_share=rng.random() < 0.85,
            user=(
                user_create(
                    username="carer",
                    password=demo_password(),
                    role=Role.CARER,
                    first_name="Carol",
                    last_name="Carer",
                )
                if index == 0 and not User.objects.filter(username="carer").exists()
                else None
            ),
        )
        for _ in range(1 if rng.random() < 0.85 else 2):
            cared_for_person_add(
                carer=carer,
                first_name=fake.first_name(),
                last_name=carer.last_name if rng.random() < 0.7 else fake.last_name(),
                date_of_birth=fake.date_of_birth(minimum_age=18, maximum_age=99),
                primary_support_reason=rng.choice(PrimarySupportReason.values),
                relationship=rng.choice(Relationship.values),
                lives_with_carer=rng.random() < 0.6,
            )
    stdout.write(f"Carers register: {DEMO_CARER_COUNT - existing} demo carers added.")
