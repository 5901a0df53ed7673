"""Demo assessments: ~150 demo carers, every kind and outcome, over the last two financial years.

Dates matter: reporting counts assessments and reviews by financial year (1 April - 31 March).
Deterministic (seeded by carer id) and idempotent (carers with an assessment are skipped).
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assessments import services
from assessments.models import OUTCOME_FIELDS, Assessment, AssessmentStatus
from carers_portal.accounts.models import User
from carers_portal.accounts.roles import Role
from triage.models import Carer

DEMO_ASSESSED_CARERS = 150
UNABLE = ["needs_help", "significant_distress", "endangers"]
IMPACTS = [
    "Exhausted; sleep is broken most nights.",
    "Has had to cut working hours and is worried about money.",
    "Feels isolated and has stopped seeing friends.",
    "Back pain from lifting; GP has noticed low mood.",
    "Copes well most weeks but struggles when the cared-for person is unwell.",
]
OUTCOMES_WANTED = [
    "A regular break each month.",
    "To keep working part-time.",
    "Time for an exercise class once a week.",
    "Help with shopping and meals.",
    "To stay in touch with family and friends.",
]
DECLINE_REASONS = [
    "Managing well for now; will ask if things change.",
    "Does not see themselves as a carer.",
    "Already has support from family.",
    "Not the right time: cared-for person just out of hospital.",
]


def _first_day_of_previous_financial_year(today: datetime.date) -> datetime.date:
    year = today.year if today.month >= 4 else today.year - 1
    return datetime.date(year - 1, 4, 1)


def _staff(role: Role, team_id: int) -> User | None:
    return User.objects.filter(role=role, teams__id=team_id, is_active=True).order_by("id").first()


def _answers(rng: random.Random, *, eligible: bool) -> dict:
    outcomes = {name: "achievable" for name, _label in OUTCOME_FIELDS}
    if rng.random() < 0.5:
        outcomes["outcome_child_care"] = "not_applicable"
    if eligible:
        for name in rng.sample([n for n, _l in OUTCOME_FIELDS], k=rng.randint(1, 3)):
            outcomes[name] = rng.choice(UNABLE)
    health = eligible and rng.random() < 0.6
    return {
        "able_to_care": rng.choice(["yes", "yes", "yes", "unsure"]),
        "likely_to_remain_able": rng.choice(["yes", "unsure", "no"]),
        "willing_to_care": "yes",
        "likely_to_remain_willing": rng.choice(["yes", "yes", "unsure"]),
        "needs_arise_from_caring": True,
        "impact_on_wellbeing": rng.choice(IMPACTS),
        "outcomes_wanted": rng.choice(OUTCOMES_WANTED),
        "support_would_help": "yes" if eligible else rng.choice(["yes", "unsure"]),
        **outcomes,
        "health_deteriorating": health,
        "significant_impact": eligible or rng.random() < 0.3,
        "significant_impact_notes": "Judged at the home visit.",
        "received_information_advice": True,
        "received_specific_service": eligible and rng.random() < 0.75,
    }


def _complete(assessment: Assessment, *, on: datetime.date, assessor: User) -> Assessment:
    done = services.assessment_complete(
        assessment=assessment, version=assessment.version, user=assessor, today=on
    )
    if done.status == AssessmentStatus.AWAITING_APPROVAL:
        manager = _staff(Role.TEAM_MANAGER, done.team_id)
        if manager is not None and on < timezone.localdate() - datetime.timedelta(days=14):
            done = services.assessment_approve(
                assessment=done, version=done.version, manager=manager, today=on
            )
    return done


def _seed_carer(carer: Carer, *, first_day: datetime.date, today: datetime.date) -> int:
    rng = random.Random(carer.pk * 7919)
    assessor = _staff(Role.ASSESSOR, carer.team_id) or _staff(Role.TEAM_MANAGER, carer.team_id)
    if assessor is None:
        return 0
    span = (today - first_day).days
    started = first_day + datetime.timedelta(days=rng.randint(0, span - 1))
    roll = rng.random()
    person = carer.relationships.select_related("cared_for").first()
    kind = (
        "declined" if roll < 0.14 else "joint" if roll < 0.32 and person is not None else "separate"
    )
    assessment = services.assessment_start(
        carer=carer,
        kind=kind,
        assessor=assessor,
        started_on=started,
        cared_for=person.cared_for if person and kind == "joint" else None,
    )
    if kind == "declined":
        changes = {"declined_on": started, "declined_reason": rng.choice(DECLINE_REASONS)}
    else:
        eligible = rng.random() < 0.65
        changes = _answers(rng, eligible=eligible)
        if kind == "joint":
            changes |= {"carer_agreed_to_joint": True, "cared_for_agreed_to_joint": True}
        if eligible and not carer.is_young_carer and rng.random() < 0.06:
            # A few exceptional budgets go to a team manager (Derbyshire: higher only
            # in exceptional cases).
            changes |= {
                "agreed_budget": Decimal("450.00"),
                "budget_override_reason": "Exceptional: carer at risk of breakdown",
            }
    assessment = services.assessment_update(
        assessment=assessment, version=assessment.version, user=assessor, changes=changes
    )
    if (today - started).days < 21 and rng.random() < 0.6:
        return 1  # still in progress
    completed_on = min(today, started + datetime.timedelta(days=rng.randint(0, 20)))
    done = _complete(assessment, on=completed_on, assessor=assessor)
    made = 1
    review_on = completed_on + datetime.timedelta(days=rng.randint(180, 400))
    if (
        done.status == AssessmentStatus.COMPLETED
        and kind != "declined"
        and review_on < today
        and rng.random() < 0.45
    ):
        review = services.assessment_start(
            carer=carer,
            kind="review",
            assessor=assessor,
            started_on=review_on,
            review_of=done,
            review_type="planned" if rng.random() < 0.8 else "unplanned",
            review_reason="Annual review" if rng.random() < 0.8 else "Carer asked for a review",
        )
        review = services.assessment_update(
            assessment=review,
            version=review.version,
            user=assessor,
            changes={
                "review_type": review.review_type,
                "review_reason": review.review_reason,
                "received_information_advice": True,
                "received_specific_service": review.eligibility_outcome == "eligible",
            },
        )
        _complete(review, on=review_on, assessor=assessor)
        made += 1
    return made


def seed(*, stdout) -> None:
    assessed = Carer.objects.filter(assessments__isnull=False).distinct().count()
    needed = DEMO_ASSESSED_CARERS - assessed
    if needed <= 0:
        return
    today = timezone.localdate()
    first_day = _first_day_of_previous_financial_year(today)
    carers = list(
        Carer.objects.filter(assessments__isnull=True)
        .select_related("team")
        .order_by("id")[: needed * 2]
    )
    made = 0
    seeded = 0
    for carer in carers:
        if seeded >= needed:
            break
        with transaction.atomic():
            count = _seed_carer(carer, first_day=first_day, today=today)
        if count:
            seeded += 1
            made += count
    stdout.write(f"Assessments: {made} demo assessments for {seeded} carers")
