"""Demo support plans: about 60 plans made from the demo eligible assessments, mixing delivery
mechanisms and funding streams, with some direct payments and a little replacement care; and an
active plan with two directory services for the demo carer (username "carer").

Deterministic (seeded by assessment id) and safe to run again: assessments that already have a
plan are skipped, and nothing is added once the target is reached.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assessments.models import (
    OUTCOME_FIELDS,
    Assessment,
    AssessmentStatus,
    EligibilityOutcome,
)
from carers_portal.accounts.models import User
from carers_portal.accounts.roles import Role
from carers_portal.budget_lines import code_if_known
from services_directory.models import FundingStream
from support_plans import selectors, services
from support_plans.exceptions import PlanError
from support_plans.models import DeliveryMechanism, PlanStatus, SupportPlan
from triage.models import Carer

DEMO_PLAN_COUNT = 60
DEMO_CARER_USERNAME = "carer"

NEEDS_MET = [
    "A regular break from caring each week, and time to keep up with friends.",
    "Help to stay in work: a sitting service on two afternoons a week.",
    "Support with the carer's own health: a gym membership and a wellbeing course.",
    "Time for the carer's own activities and a short break each year.",
    "Emotional support through a carers' group and counselling.",
]
CONTINGENCY = [
    "If the carer is taken ill, their sister will step in; otherwise call the emergency line.",
    "The carer has an emergency card. The day centre can take extra days at short notice.",
    "If the sitting service cannot come, the provider will offer another day that week.",
]
ADVICE = (
    "Information on carer's allowance, the carers' emergency card, and local carers' groups. "
    "The carer was shown how to use the online directory."
)
DP_NEEDS = "A short break of the carer's choosing, and activities that support their wellbeing."


# The seed budget's lines (reporting migration 0007) that pay for carers' own support.
DEMO_LINE_CODES = {FundingStream.BASE_BUDGET: "SPOE-BASE", FundingStream.CARE_ACT: "SPOE-CA"}


def _line(stream: str) -> str:
    return code_if_known(funding_stream=stream, code=DEMO_LINE_CODES.get(stream, ""))


def _answers_for_demo_carer() -> dict:
    outcomes = {name: "achievable" for name, _label in OUTCOME_FIELDS}
    outcomes["outcome_recreation"] = "needs_help"
    outcomes["outcome_relationships"] = "significant_distress"
    return {
        "able_to_care": "yes",
        "likely_to_remain_able": "unsure",
        "willing_to_care": "yes",
        "likely_to_remain_willing": "yes",
        "needs_arise_from_caring": True,
        "impact_on_wellbeing": "Tired and isolated; has stopped seeing friends.",
        "outcomes_wanted": "A regular break, and time to see friends again.",
        "support_would_help": "yes",
        **outcomes,
        "health_deteriorating": True,
        "significant_impact": True,
        "significant_impact_notes": "Judged at the home visit.",
        "received_information_advice": True,
        "received_specific_service": True,
    }


def _demo_carer_assessment(carer: Carer) -> Assessment | None:
    """The demo carer's eligible assessment, made through the assessments services if the
    assessments demo did not give them one."""
    from assessments import services as assessment_services

    existing = (
        Assessment.objects.filter(
            carer=carer,
            status=AssessmentStatus.COMPLETED,
            eligibility_outcome=EligibilityOutcome.ELIGIBLE,
        )
        .order_by("-completed_on", "-id")
        .first()
    )
    if existing is not None:
        return existing
    staff = User.objects.filter(is_active=True).order_by("id")
    assessor = (
        staff.filter(role=Role.ASSESSOR, teams=carer.team_id).first()
        or staff.filter(role=Role.TEAM_MANAGER, teams=carer.team_id).first()
    )
    if assessor is None:
        return None
    today = timezone.localdate()
    # A carer already assessed gets an unplanned review (Care Act s27): their needs changed.
    earlier = (
        Assessment.objects.filter(carer=carer, status=AssessmentStatus.COMPLETED)
        .exclude(kind="declined")
        .order_by("-completed_on", "-id")
        .first()
    )
    review = (
        {
            "kind": "review",
            "review_of": earlier,
            "review_type": "unplanned",
            "review_reason": "The carer's circumstances have changed",
        }
        if earlier
        else {"kind": "separate"}
    )
    try:
        with transaction.atomic():
            assessment = assessment_services.assessment_start(
                carer=carer,
                assessor=assessor,
                started_on=today - datetime.timedelta(days=40),
                **review,
            )
            assessment = assessment_services.assessment_update(
                assessment=assessment,
                version=assessment.version,
                user=assessor,
                changes=_answers_for_demo_carer(),
            )
            assessment = assessment_services.assessment_complete(
                assessment=assessment,
                version=assessment.version,
                user=assessor,
                today=today - datetime.timedelta(days=30),
            )
    except Exception:  # noqa: BLE001 - the demo must not fail because another app's rules moved
        return None
    if assessment.status != AssessmentStatus.COMPLETED:
        return None
    return assessment


def _make_plan(
    assessment: Assessment,
    *,
    rng: random.Random,
    status: str,
    services_wanted: int,
    allow_extras: bool = True,
) -> SupportPlan | None:
    user = assessment.assessor
    today = timezone.localdate()
    starts_on = min(today, assessment.completed_on + datetime.timedelta(days=rng.randint(3, 25)))
    plan = services.support_plan_create(assessment=assessment, user=user, starts_on=starts_on)
    budget = plan.personal_budget or Decimal("300.00")
    direct_payment = allow_extras and rng.random() < 0.3
    services.support_plan_update(
        plan=plan,
        version=plan.version,
        user=user,
        personal_budget=budget,
        needs_to_be_met=rng.choice(NEEDS_MET),
        contingency_arrangements=rng.choice(CONTINGENCY),
        advice_and_information=ADVICE,
        direct_payment_amount=(budget / 2).quantize(Decimal("0.01")) if direct_payment else None,
        direct_payment_frequency="one_off" if direct_payment else "",
        direct_payment_needs=DP_NEEDS if direct_payment else "",
    )
    remaining = budget - (budget / 2 if direct_payment else 0)
    if direct_payment:
        services.plan_item_add(
            plan=plan,
            version=plan.version,
            service=None,
            description="Direct payment for a short break",
            frequency="one_off",
            cost=(budget / 2).quantize(Decimal("0.01")),
            funding_stream=FundingStream.CARE_ACT,
            budget_line_code=_line(FundingStream.CARE_ACT),
            delivery_mechanism=DeliveryMechanism.DIRECT_PAYMENT,
            starts_on=starts_on,
        )
    directory = list(selectors.service_list_for_carer(carer=assessment.carer, today=starts_on))
    open_services = [s for s in directory if not s.is_at_capacity] or directory
    chosen = rng.sample(open_services, k=min(services_wanted, len(open_services)))
    for index, service in enumerate(chosen):
        share = (remaining / (len(chosen) - index)).quantize(Decimal("0.01"))
        frequency = rng.choice(["monthly", "one_off", "annual"])
        times = {"monthly": 12, "one_off": 1, "annual": 1}[frequency]
        cost = (share / times).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        remaining -= cost * times
        services.plan_item_add(
            plan=plan,
            version=plan.version,
            service=service,
            description=service.name,
            frequency=frequency,
            cost=cost,
            # Carers' own support comes from the recurring allocations; the transitional fund
            # (2017/18) and the Think Carer reserve (training) do not pay for plans.
            funding_stream=(
                stream := rng.choice(
                    [FundingStream.BASE_BUDGET, FundingStream.CARE_ACT, FundingStream.CARE_ACT]
                )
            ),
            budget_line_code=_line(stream),
            delivery_mechanism=rng.choice(
                [DeliveryMechanism.COMMISSIONED, DeliveryMechanism.MANAGED_PERSONAL_BUDGET]
            ),
            starts_on=starts_on,
        )
    if allow_extras and rng.random() < 0.5:
        services.plan_item_add(
            plan=plan,
            version=plan.version,
            service=None,
            description="Information and advice",
            frequency="one_off",
            cost=Decimal("0.00"),
            funding_stream=FundingStream.BASE_BUDGET,
            budget_line_code=_line(FundingStream.BASE_BUDGET),
            delivery_mechanism=DeliveryMechanism.INFORMATION_ADVICE,
            starts_on=starts_on,
        )
    if (
        allow_extras
        and assessment.cared_for_id
        and rng.random() < 0.5
        or (allow_extras and rng.random() < 0.08)
    ):
        # Care Act s20: replacement care is for the cared-for person, outside the budget.
        services.plan_item_add(
            plan=plan,
            version=plan.version,
            service=None,
            description="Replacement care: day centre place for the cared-for person",
            frequency="weekly",
            cost=Decimal("62.50"),
            funding_stream=FundingStream.CARE_ACT,
            budget_line_code=_line(FundingStream.CARE_ACT),
            delivery_mechanism=DeliveryMechanism.COMMISSIONED,
            for_cared_for_person=True,
            starts_on=starts_on,
        )
    if not plan.items.exists() or status == PlanStatus.DRAFT:
        return plan
    services.support_plan_record_agreement(
        plan=plan,
        version=plan.version,
        agreed_on=starts_on,
        method=rng.choice(["in_person", "phone", "letter"]),
    )
    path = {
        PlanStatus.AGREED: ["agreed"],
        PlanStatus.ACTIVE: ["agreed", "active"],
        PlanStatus.UNDER_REVIEW: ["agreed", "active", "under_review"],
        PlanStatus.CLOSED: ["agreed", "active", "closed"],
    }[status]
    for item in plan.items.filter(service__isnull=False):
        if rng.random() < 0.6:
            services.service_referral_send(item=item, user=user, sent_on=starts_on)
    for target in path:
        services.support_plan_transition(plan=plan, version=plan.version, target=target, user=user)
    return plan


def _seed_demo_carer(*, stdout) -> None:
    carer = Carer.objects.filter(user__username=DEMO_CARER_USERNAME).first()
    if carer is None:
        return
    if SupportPlan.objects.filter(carer=carer, status=PlanStatus.ACTIVE).exists():
        return
    assessment = _demo_carer_assessment(carer)
    if assessment is None:
        stdout.write("Support plans: no eligible assessment for the demo carer; skipped.")
        return
    with transaction.atomic():
        plan = _make_plan(
            assessment,
            rng=random.Random(assessment.pk),
            status=PlanStatus.ACTIVE,
            services_wanted=2,
            allow_extras=False,
        )
    stdout.write(f"Support plans: active plan {plan.reference} for the demo carer.")


def seed(*, stdout) -> None:
    eligible = Assessment.objects.filter(
        status=AssessmentStatus.COMPLETED,
        eligibility_outcome=EligibilityOutcome.ELIGIBLE,
        support_plans__isnull=True,
        assessor__isnull=False,
        carer__support_plans__isnull=True,
    ).order_by("id")
    if not Assessment.objects.exists():
        stdout.write("Support plans: no demo assessments yet; skipped.")
        return
    _seed_demo_carer(stdout=stdout)
    needed = DEMO_PLAN_COUNT - SupportPlan.objects.count()
    made = 0
    statuses = [PlanStatus.ACTIVE] * 6 + [
        PlanStatus.AGREED,
        PlanStatus.DRAFT,
        PlanStatus.UNDER_REVIEW,
        PlanStatus.CLOSED,
    ]
    for assessment in eligible.select_related("carer", "assessor")[: max(needed, 0) * 2]:
        if made >= needed:
            break
        rng = random.Random(assessment.pk * 104729)
        try:
            with transaction.atomic():
                _make_plan(
                    assessment,
                    rng=rng,
                    status=rng.choice(statuses),
                    services_wanted=rng.randint(1, 3),
                )
        except PlanError:
            # For example a second eligible assessment of a carer given a plan in this run.
            continue
        made += 1
    if made:
        stdout.write(f"Support plans: {made} demo plans added.")
