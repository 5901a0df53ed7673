"""Demo carers register: a few hundred carers and the people they care for (Faker en_GB)."""

import datetime
import random

from django.utils import timezone
from faker import Faker

from carers_portal.accounts.models import Team, User
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import user_create
from carers_portal.postcodes import postcode_district
from triage.models import (
    BreakdownRisk,
    Carer,
    CaringHoursBand,
    CloseReason,
    ContactMethod,
    EmploymentStatus,
    Ethnicity,
    HealthImpact,
    PostcodeDistrictTeam,
    PrimarySupportReason,
    Referral,
    ReferralSource,
    Relationship,
    Urgency,
)
from triage.services import (
    cared_for_person_add,
    carer_create,
    referral_assign,
    referral_carer_create,
    referral_close,
    referral_create,
    referral_link_carer,
    referral_triage_complete,
    referral_triage_record,
)
from triage.validators import POSTCODE_PATTERN, normalise_postcode

DEMO_CARER_COUNT = 300


def _postcode(fake: Faker) -> str:
    while True:
        postcode = normalise_postcode(fake.postcode())
        if POSTCODE_PATTERN.match(postcode):
            return postcode


def seed(*, stdout) -> None:
    _seed_carers(stdout=stdout)
    _seed_postcode_routes(stdout=stdout)
    _seed_referrals(stdout=stdout)
    _seed_change_request(stdout=stdout)


def _seed_change_request(*, stdout) -> None:
    """The demo carer has asked for a new phone number, waiting on their team's tray."""
    from triage.change_requests import ChangeRequest  # noqa: PLC0415
    from triage.services import change_request_create  # noqa: PLC0415

    carer = Carer.objects.filter(user__username="carer").first()
    if carer is None or ChangeRequest.objects.filter(carer=carer).exists():
        return
    change_request_create(
        carer=carer,
        subject="contact_details",
        after={"phone": "07700 900 555"},
        requested_by=carer.user,
    )
    stdout.write("Triage: the demo carer's new phone number is waiting on their team's tray.")


def _seed_carers(*, stdout) -> None:
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
        first_name, last_name = fake.first_name(), fake.last_name()
        carer = carer_create(
            first_name=first_name,
            last_name=last_name,
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
                    # The carer's own name: "Hello, Carol" above a plan made out to
                    # someone else looks like another person's record.
                    first_name=first_name,
                    last_name=last_name,
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


def _seed_postcode_routes(*, stdout) -> None:
    """Route each demo postcode district to the adult team that holds most of its carers."""
    if PostcodeDistrictTeam.objects.exists():
        return
    counts: dict[str, dict[int, int]] = {}
    for postcode, team_id in Carer.objects.exclude(team__name__contains="Young").values_list(
        "postcode", "team_id"
    ):
        by_team = counts.setdefault(postcode_district(postcode), {})
        by_team[team_id] = by_team.get(team_id, 0) + 1
    PostcodeDistrictTeam.objects.bulk_create(
        PostcodeDistrictTeam(district=district, team_id=max(by_team, key=by_team.get))
        for district, by_team in counts.items()
    )
    stdout.write(f"Triage: {len(counts)} postcode districts routed to teams.")


DEMO_REFERRAL_COUNT = 60
REASONS = [
    "My husband's dementia has got worse and I am not sleeping.",
    "Mum came home from hospital last week and needs help day and night.",
    "I look after my son who has a learning disability and I am exhausted.",
    "Dad's drinking is getting worse and I do not know where to turn.",
    "I am going into hospital next month and no one else can look after my wife.",
    "I would like information about carers' breaks.",
    "My partner's mental health has been very poor and I have had to stop work.",
]


def _seed_referrals(*, stdout) -> None:
    existing = Referral.objects.count()
    if existing >= DEMO_REFERRAL_COUNT:
        return
    fake = Faker("en_GB")
    Faker.seed(4040 + existing)
    rng = random.Random(4040 + existing)
    staff = {u.username: u for u in User.objects.filter(username__in=["triage", "assessor"])}
    triage_worker = staff.get("triage") or User.objects.filter(role=Role.TRIAGE_WORKER).first()
    assessor = staff.get("assessor")
    carers = list(Carer.objects.order_by("id")[:DEMO_CARER_COUNT])
    now = timezone.now()
    for index in range(existing, DEMO_REFERRAL_COUNT):
        # Every fifth referral is for a carer already on the register: a duplicate to spot.
        known = carers[index * 5 % len(carers)] if index % 5 == 0 and carers else None
        dob = known.date_of_birth if known else fake.date_of_birth(minimum_age=20, maximum_age=85)
        referral = referral_create(
            first_name=known.first_name if known else fake.first_name(),
            last_name=known.last_name if known else fake.last_name(),
            date_of_birth=dob,
            postcode=known.postcode if known else _postcode(fake),
            address_line_1=fake.street_address().split("\n")[0],
            town=fake.city(),
            phone=fake.phone_number()[:30],
            email=fake.free_email(),
            preferred_contact=rng.choice(ContactMethod.values),
            caring_hours=rng.choice(CaringHoursBand.values),
            cared_for_first_name=fake.first_name(),
            cared_for_last_name=fake.last_name(),
            cared_for_relationship=rng.choice(Relationship.values),
            cared_for_support_reason=rng.choice(PrimarySupportReason.values),
            reason=rng.choice(REASONS),
            consent=True,
            urgent_at_intake=rng.random() < 0.12,
            source=rng.choice(ReferralSource.values),
            referrer_name=fake.name(),
            referrer_organisation="Shireborough Surgery",
            referrer_contact=fake.phone_number()[:30],
            received_at=now - datetime.timedelta(days=rng.randrange(0, 45), hours=rng.randrange(8)),
        )
        if referral.source == ReferralSource.SELF:
            Referral.objects.filter(pk=referral.pk).update(
                referrer_name="", referrer_organisation="", referrer_contact=""
            )
            referral.refresh_from_db()
        stage = index % 6  # 0-1 awaiting triage, 2 answers only, 3 triaged, 4 assigned, 5 closed
        if stage <= 1 or triage_worker is None:
            continue
        if known and known.team_id == referral.team_id:
            referral = referral_link_carer(referral=referral, carer=known, version=referral.version)
        else:
            referral = referral_carer_create(referral=referral, version=referral.version)
        referral, proposal = referral_triage_record(
            referral=referral,
            version=referral.version,
            caring_hours=referral.caring_hours,
            health_impact=rng.choice(HealthImpact.values),
            breakdown_risk=rng.choice(BreakdownRisk.values),
            carer_hospital_admission=rng.random() < 0.1,
            urgency=rng.choice(Urgency.values),
        )
        if stage == 2:
            continue
        overridden = rng.random() < 0.2 and proposal.priority != "standard"
        referral = referral_triage_complete(
            referral=referral,
            version=referral.version,
            priority="standard" if overridden else proposal.priority,
            pathway=proposal.pathway,
            override_reason="Family support arranged for the short term." if overridden else "",
            by=triage_worker,
        )
        if stage == 4 and assessor is not None and referral.team in assessor.teams.all():
            referral = referral_assign(
                referral=referral,
                version=referral.version,
                team=referral.team,
                assigned_to=assessor,
            )
        if stage == 5:
            referral_close(
                referral=referral,
                version=referral.version,
                reason=CloseReason.INFORMATION_ADVICE,
            )
    stdout.write(f"Triage: {DEMO_REFERRAL_COUNT - existing} demo referrals added.")
