"""Demo emergency cards: about 30 carers on the scheme, some due for review, one closed,
and a few emergencies. Safe to run again: it adds plans only to carers who have none."""

import datetime
import random
from decimal import Decimal

from django.db.models import F
from django.utils import timezone
from faker import Faker

from carers_portal.accounts.models import User
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from emergency_cards import rules, services
from emergency_cards.models import Availability, EmergencyPlan, WhatHappened
from triage.models import Carer

DEMO_PLAN_COUNT = 30

NEEDS = [
    "Has dementia and needs prompting to eat, drink and take tablets. Can become anxious "
    "with strangers: speak calmly and explain who you are.",
    "Uses a wheelchair and needs two people to transfer. Needs help with washing, dressing "
    "and all meals.",
    "Has a learning disability and relies on a fixed routine. Needs support with meals and "
    "must not be left alone overnight.",
    "Has Parkinson's disease. Medication must be given on time. At risk of falls.",
    "Recovering from a stroke. Needs help to stand, and thickened drinks.",
]
MEDICATION = [
    ("Donepezil 10mg at night; paracetamol as needed", "Blister packs in the kitchen cupboard"),
    ("Co-careldopa at 8am, 12pm, 4pm and 8pm", "Dosette box on the bedroom chest of drawers"),
    ("Metformin with breakfast and evening meal", "Top shelf of the fridge door"),
    ("Sertraline 50mg in the morning", "Locked tin in the hall cupboard; key on the hook"),
]


def _staff_for(carer: Carer) -> User | None:
    return (
        User.objects.filter(role__in=CASEWORK_ROLES, teams=carer.team_id, is_active=True)
        .order_by("id")
        .first()
    )


def _contact(fake: Faker, rng: random.Random) -> services.ContactInput:
    return services.ContactInput(
        name=fake.name(),
        relationship=rng.choice(["Son", "Daughter", "Neighbour", "Friend", "Brother", "Sister"]),
        phone=f"07700 900{rng.randint(0, 999):03d}",
        availability=rng.choice(Availability.values[:4]),
        consents_to_contact=True,
        consents_to_share=True,
    )


def seed(*, stdout) -> None:
    existing = EmergencyPlan.objects.count()
    if existing >= DEMO_PLAN_COUNT:
        return
    fake = Faker("en_GB")
    Faker.seed(3030 + existing)
    rng = random.Random(3030 + existing)
    # The demo carer who signs in comes first, so their home page shows a card.
    candidates = list(
        Carer.objects.filter(emergency_plans__isnull=True, relationships__isnull=False)
        .select_related("team")
        .prefetch_related("relationships__cared_for")
        .order_by(F("user_id").desc(nulls_last=True), "id")
        .distinct()[: DEMO_PLAN_COUNT - existing]
    )
    responder = User.objects.filter(role=Role.RESPONDER).order_by("id").first()
    today = timezone.localdate()
    for index, carer in enumerate(candidates, start=existing):
        needs = rng.choice(NEEDS)
        medication, where = rng.choice(MEDICATION)
        plan = services.plan_register(
            carer=carer,
            cared_for=carer.relationships.all()[0].cared_for,
            contacts=[_contact(fake, rng) for _ in range(2 if rng.random() < 0.7 else 3)],
            registered_by=_staff_for(carer),
            key_access=f"Key safe to the left of the front door, code {rng.randint(1000, 9999)}",
            needs=needs,
            routine="Up at 8am, lunch at 12:30, tea at 5pm, bed by 9:30pm.",
            medication=medication,
            medication_location=where,
            mobility_aids=rng.choice(["Walking frame", "Wheelchair and hoist", "None", "Stick"]),
            gp_details=f"{fake.last_name()} Surgery, 01632 960{rng.randint(0, 999):03d}",
            other_care=rng.choice(["None", "Home care visits twice a day", "Day centre Tuesdays"]),
        )
        # Spread confirmation dates over the last 13 months: some plans are due, a few overdue.
        days_ago = rng.randint(0, 395) if index % 4 else rng.randint(340, 395)
        confirmed = today - datetime.timedelta(days=days_ago)
        EmergencyPlan.objects.filter(pk=plan.pk).update(
            issued_on=confirmed, confirmed_on=confirmed, review_due=rules.review_due_on(confirmed)
        )
        plan.refresh_from_db()
        if index == 5:
            services.plan_close(
                plan=plan,
                version=plan.version,
                reason="care_home",
                notes="Moved to a residential home.",
            )
            continue
        if responder is not None and index % 7 == 3:
            contacts = list(plan.contacts.all())
            services.activation_record(
                plan=plan,
                recorded_by=responder,
                occurred_at=timezone.now() - datetime.timedelta(days=rng.randint(2, 200)),
                caller_name=fake.name(),
                caller_type=rng.choice(["emergency_services", "hospital", "family_friend"]),
                what_happened=rng.choice(
                    [
                        WhatHappened.HOSPITAL_ADMISSION,
                        WhatHappened.HOSPITAL_ADMISSION,
                        WhatHappened.ILL_AT_HOME,
                        WhatHappened.ACCIDENT,
                    ]
                ),  # fmt: skip
                outcome="First contact stayed until the carer was home.",
                attempts=[
                    services.AttemptInput(contacts[0].pk, contacts[0].name, "no_answer"),
                    services.AttemptInput(contacts[1].pk, contacts[1].name, "agreed"),
                ],
                replacement_care_arranged=index % 2 == 1,
                replacement_care_hours=Decimal(rng.choice([12, 24, 36, 60])),
                replacement_care_provider="Shireborough Home Care",
            )
    services.plans_mark_due_for_review()
    stdout.write(f"Emergency cards: {EmergencyPlan.objects.count()} plans on the scheme.")
