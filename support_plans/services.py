"""Writes for support plans. Every change goes through here: views, the API, the admin and the
demo seed only parse input and call these functions."""

import datetime
import itertools
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assessments import conf as assessment_conf
from assessments import rules as assessment_rules
from assessments.models import (
    OUTCOME_FIELDS,
    Assessment,
    AssessmentStatus,
    EligibilityOutcome,
    OutcomeAchievement,
)
from assessments.services import assessment_plan_started
from carers_portal.accounts.models import User
from carers_portal.versioning import save_versioned
from notifications.models import MessageKind
from services_directory.models import Service
from support_plans import rules
from support_plans.exceptions import PlanError
from support_plans.models import (
    AgreementMethod,
    PlanItem,
    PlanStatus,
    ServiceReferral,
    ServiceReferralUpdate,
    SupportPlan,
)
from triage import rules as triage_rules
from triage.messages import carer_message_queue
from triage.models import TaskKind
from triage.selectors import clock_settings
from triage.services import carer_tasks_complete, task_create

# Fields staff change on the plan form (Care Act 2014 s25).
PLAN_DETAIL_FIELDS = (
    "needs_identified",
    "needs_to_be_met",
    "outcomes_wanted",
    "advice_and_information",
    "contingency_arrangements",
    "starts_on",
    "ends_on",
    "personal_budget",
    "direct_payment_amount",
    "direct_payment_frequency",
    "direct_payment_needs",
    "next_review_due",
)
OPEN_REFERRAL_STATUSES = ("sent", "accepted", "started")


def _require_budget_approval(
    *, plan: SupportPlan, personal_budget: Decimal | None, user: User
) -> None:
    """More than the assessment's approved yearly budget is a new budget decision: only a
    manager of the carer's team may make it (the same permission approves assessments)."""
    assessment = plan.assessment
    approved = assessment_rules.yearly_budget(
        amount=assessment.budget_as_agreed.amount, frequency=assessment.budget_frequency
    )
    if personal_budget is None or approved is None or personal_budget <= approved:
        return
    if not user.has_perm("assessments.approve_assessment", assessment):
        raise PlanError(
            f"This is more than the £{approved:,.2f} a year agreed at the assessment. A "
            "higher budget needs a team manager: ask your team manager to change it",
            field="personal_budget",
        )


def _require_editable(plan: SupportPlan) -> None:
    if not plan.is_editable:
        raise PlanError(
            f"This plan is {plan.get_status_display().lower()}. Start a review before you change it"
        )


def _item_costs(items: Iterable[PlanItem]) -> list[rules.ItemCost]:
    return [
        rules.ItemCost(item.annual_cost, item.for_cared_for_person, item.delivery_mechanism)
        for item in items
    ]


def _direct_payment_annual(amount: Decimal | None, frequency: str) -> Decimal | None:
    if amount is None or not frequency:
        return None
    return rules.annual_cost(cost=amount, frequency=frequency)


def support_plan_budget(*, plan: SupportPlan) -> rules.BudgetResult:
    """The plan's budget position, from its items (use a plan with items prefetched)."""
    return rules.budget_check(
        personal_budget=plan.personal_budget,
        items=_item_costs(plan.items.all()),
        direct_payment_annual=_direct_payment_annual(
            plan.direct_payment_amount, plan.direct_payment_frequency
        ),
    )


def _budget_or_error(
    *,
    personal_budget: Decimal | None,
    items: list[rules.ItemCost],
    direct_payment_amount: Decimal | None,
    direct_payment_frequency: str,
) -> rules.BudgetResult:
    result = rules.budget_check(
        personal_budget=personal_budget,
        items=items,
        direct_payment_annual=_direct_payment_annual(
            direct_payment_amount, direct_payment_frequency
        ),
    )
    if not result.within_budget:
        raise PlanError(result.reasons[-1], field="personal_budget")
    return result


def _needs_from_assessment(assessment: Assessment) -> str:
    unable = [
        label
        for name, label in OUTCOME_FIELDS
        if getattr(assessment, name)
        not in ("", OutcomeAchievement.ACHIEVABLE, OutcomeAchievement.NOT_APPLICABLE)
    ]
    lines = [f"Unable to achieve: {label.lower()}" for label in unable]
    if assessment.health_deteriorating:
        lines.append("Physical or mental health is, or is at risk of, deteriorating")
    return "\n".join(lines)


@transaction.atomic
def support_plan_create(
    *, assessment: Assessment, user: User, starts_on: datetime.date | None = None
) -> SupportPlan:
    """Start a draft plan from a completed, eligible carer's assessment (Care Act 2014 s24-25).

    The personal budget starts as the assessment's agreed (or indicative) budget, as a yearly
    amount.
    """
    if assessment.status != AssessmentStatus.COMPLETED:
        raise PlanError("The assessment must be completed before a support plan is made")
    if assessment.eligibility_outcome != EligibilityOutcome.ELIGIBLE:
        raise PlanError("A support plan can only be made for a carer with eligible needs")
    live = SupportPlan.objects.filter(carer_id=assessment.carer_id).exclude(
        status=PlanStatus.CLOSED
    )
    if live.exists():
        # Care Act s27: a reassessment revises the carer's plan; it does not add a second one.
        raise PlanError(
            "This carer already has a support plan that is not closed. Review that plan, "
            "or close it, before making a new one"
        )
    starts_on = starts_on or timezone.localdate()
    amount = assessment.budget_as_agreed.amount
    personal_budget = (
        rules.annual_cost(cost=amount, frequency=assessment.budget_frequency or "one_off")
        if amount is not None
        else None
    )
    review = rules.first_review_due(
        starts_on=starts_on, light_review_weeks=assessment_conf.light_review_weeks()
    )
    if assessment.next_review_due and assessment.next_review_due < review:
        review = assessment.next_review_due
    plan = SupportPlan(
        carer=assessment.carer,
        assessment=assessment,
        team=assessment.carer.team,
        status=PlanStatus.DRAFT,
        needs_identified=_needs_from_assessment(assessment),
        outcomes_wanted=assessment.outcomes_wanted,
        starts_on=starts_on,
        personal_budget=personal_budget,
        next_review_due=review,
        created_by=user,
    )
    plan.full_clean()
    plan.save()
    # The "Write the support plan" task the eligible outcome put on the team's tray is done.
    carer_tasks_complete(carer=plan.carer, kind=TaskKind.CREATE_SUPPORT_PLAN)
    return plan


@transaction.atomic
def support_plan_update(*, plan: SupportPlan, version: int, user: User, **fields) -> SupportPlan:
    """Change what the plan says. The support for the carer must stay within the budget."""
    _require_editable(plan)
    unknown = set(fields) - set(PLAN_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not plan detail fields: {sorted(unknown)}")
    candidate = SupportPlan(**{f: getattr(plan, f) for f in PLAN_DETAIL_FIELDS})
    for name, value in fields.items():
        setattr(candidate, name, value)
    if candidate.ends_on and candidate.ends_on < candidate.starts_on:
        raise PlanError("The end date must be the same as or after the start date", field="ends_on")
    if (candidate.direct_payment_amount is None) != (not candidate.direct_payment_frequency):
        raise PlanError(
            "Enter both the direct payment amount and how often it is paid, or neither",
            field="direct_payment_frequency",
        )
    _budget_or_error(
        personal_budget=candidate.personal_budget,
        items=_item_costs(plan.items.all()),
        direct_payment_amount=candidate.direct_payment_amount,
        direct_payment_frequency=candidate.direct_payment_frequency,
    )
    _require_budget_approval(plan=plan, personal_budget=candidate.personal_budget, user=user)
    save_versioned(plan, version=version, changes=fields)
    return plan


@transaction.atomic
def plan_item_add(
    *,
    plan: SupportPlan,
    version: int,
    service: Service | None,
    description: str,
    frequency: str,
    cost: Decimal,
    funding_stream: str,
    delivery_mechanism: str,
    for_cared_for_person: bool = False,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    budget_line_code: str = "",
) -> PlanItem:
    """Add support to the plan. Support for the carer must fit the personal budget;
    replacement care (Care Act 2014 s20) is for the cared-for person and does not count."""
    _require_editable(plan)
    item = PlanItem(
        plan=plan,
        service=service,
        description=description,
        frequency=frequency,
        cost=cost,
        funding_stream=funding_stream,
        budget_line_code=budget_line_code,
        delivery_mechanism=delivery_mechanism,
        for_cared_for_person=for_cared_for_person,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    item.full_clean(exclude=["plan"])
    if ends_on and ends_on < starts_on:
        raise PlanError("The end date must be the same as or after the start date", field="ends_on")
    item.annual_cost = rules.annual_cost(cost=cost, frequency=frequency)
    # The plan's version guards the item list too: two people adding at once could overspend.
    # Checked first, so the budget is judged against the items this user saw.
    save_versioned(plan, version=version)
    result = rules.budget_check(
        personal_budget=plan.personal_budget,
        items=[*_item_costs(plan.items.all()), *_item_costs([item])],
        direct_payment_annual=_direct_payment_annual(
            plan.direct_payment_amount, plan.direct_payment_frequency
        ),
    )
    overspend = rules.overspend_on_adding(result=result, personal_budget=plan.personal_budget)
    if overspend:
        # On the cost, which is what the worker can change on this page.
        raise PlanError(overspend, field="cost")
    if not result.within_budget:
        raise PlanError(result.reasons[-1], field="personal_budget")
    item.save()
    return item


@transaction.atomic
def plan_item_remove(*, plan: SupportPlan, version: int, item: PlanItem) -> None:
    _require_editable(plan)
    if item.plan_id != plan.pk:
        raise PlanError("That item is not part of this plan")
    if item.referrals.exists():
        raise PlanError(
            "This item has a referral to the service, so it cannot be removed. "
            "Record when the service ended instead"
        )
    save_versioned(plan, version=version)
    item.delete()


@transaction.atomic
def support_plan_record_agreement(
    *, plan: SupportPlan, version: int, agreed_on: datetime.date, method: str
) -> SupportPlan:
    """Care Act 2014 s25(4)-(5): record that, when and how the carer agreed the plan."""
    _require_editable(plan)
    if agreed_on > timezone.localdate():
        raise PlanError("The date the carer agreed must be today or in the past", field="agreed_on")
    save_versioned(
        plan,
        version=version,
        changes={"carer_agreed": True, "agreed_on": agreed_on, "agreement_method": method},
    )
    _queue_agreed_message(plan, agreed_on)
    return plan


def _review_finished(today: datetime.date) -> dict:
    """Statutory guidance on s27: after a review, the next one within 12 months; a carer's
    request for a review has been answered."""
    return {
        "next_review_due": rules.next_review_due_after_review(
            reviewed_on=today, interval_months=assessment_conf.review_interval_months()
        ),
        "review_requested_on": None,
        "review_requested_reason": "",
    }


def _queue_agreed_message(plan: SupportPlan, agreed_on: datetime.date) -> None:
    carer_message_queue(
        carer=plan.carer,
        kind=MessageKind.PLAN_AGREED,
        # Once per agreement: a plan agreed again after a review gets a new message.
        key=f"plan_agreed:{plan.pk}:{plan.version}",
        personalisation={"agreed_on": agreed_on.strftime("%-d %B %Y")},
    )


@transaction.atomic
def support_plan_agree_and_start(
    *, plan: SupportPlan, version: int, agreed_on: datetime.date, method: str, user: User
) -> SupportPlan:
    """Care Act 2014 s25(4)-(5), then s25: the carer has agreed the plan, and its support
    starts (or, after a review, continues). One step, one version check and one transaction:
    the same rules as recording the agreement, marking the plan agreed and starting it."""
    _require_editable(plan)
    if agreed_on > timezone.localdate():
        raise PlanError("The date the carer agreed must be today or in the past", field="agreed_on")
    if method not in AgreementMethod.values:
        raise PlanError("Select how the carer agreed", field="method")
    facts = {"carer_agreed": True, "has_items": plan.items.exists()}
    steps = (
        (PlanStatus.DRAFT, PlanStatus.AGREED, PlanStatus.ACTIVE)
        if plan.status == PlanStatus.DRAFT
        else (plan.status, PlanStatus.ACTIVE)
    )
    for source, target in itertools.pairwise(steps):
        result = rules.transition_check(source=source, target=target, facts=facts)
        if not result.allowed:
            raise PlanError(". ".join(result.reasons))
    starting = plan.status == PlanStatus.DRAFT
    changes: dict = {
        "carer_agreed": True,
        "agreed_on": agreed_on,
        "agreement_method": method,
        "status": PlanStatus.ACTIVE,
    }
    if not starting:
        changes.update(_review_finished(timezone.localdate()))
    save_versioned(plan, version=version, changes=changes)
    _queue_agreed_message(plan, agreed_on)
    if starting:
        # Care Act s27 guidance: the light-touch review falls 6-8 weeks after support starts.
        assessment_plan_started(assessment=plan.assessment, plan_started_on=plan.starts_on)
    return plan


@transaction.atomic
def support_plan_transition(
    *, plan: SupportPlan, version: int, target: str, user: User
) -> SupportPlan:
    """Move the plan on, if support_plans.rules.TRANSITIONS allows it."""
    items = list(plan.items.all())
    facts = {"carer_agreed": plan.carer_agreed, "has_items": bool(items)}
    result = rules.transition_check(source=plan.status, target=target, facts=facts)
    if not result.allowed:
        raise PlanError(". ".join(result.reasons), field="target")
    changes: dict = {"status": target}
    today = timezone.localdate()
    if target == PlanStatus.CLOSED and plan.ends_on is None:
        changes["ends_on"] = max(today, plan.starts_on)
    if target == PlanStatus.UNDER_REVIEW:
        # Care Act 2014 s25(4): a revised plan needs the carer's agreement again.
        changes.update(carer_agreed=False, agreed_on=None, agreement_method="")
    if target == PlanStatus.ACTIVE and plan.status == PlanStatus.UNDER_REVIEW:
        changes.update(_review_finished(today))
    if target == PlanStatus.DRAFT:
        changes.update(carer_agreed=False, agreed_on=None, agreement_method="")
    starting = target == PlanStatus.ACTIVE and plan.status == PlanStatus.AGREED
    save_versioned(plan, version=version, changes=changes)
    if starting:
        # Care Act s27 guidance: the light-touch review falls 6-8 weeks after support starts.
        assessment_plan_started(assessment=plan.assessment, plan_started_on=plan.starts_on)
    return plan


@transaction.atomic
def support_plan_review_request(*, plan: SupportPlan, reason: str, user: User) -> SupportPlan:
    """Care Act 2014 s27(1)(b): the carer asks for a review. The team gets a worklist task.

    Not guarded by the plan's version: a carer's request must never be lost because staff
    edited the plan meanwhile, and it touches no field staff edit.
    """
    if plan.status not in (PlanStatus.AGREED, PlanStatus.ACTIVE):
        raise PlanError("You can ask for a review of an agreed or active plan")
    reason = reason.strip()
    if not reason:
        raise PlanError("Enter why you would like a review", field="reason")
    today = timezone.localdate()
    SupportPlan.objects.filter(pk=plan.pk).update(
        review_requested_on=today, review_requested_reason=reason
    )
    plan.review_requested_on = today
    plan.review_requested_reason = reason
    due = triage_rules.review_request_due(requested_on=today, config=clock_settings())
    worker = plan_worker(plan)
    task_create(
        kind=TaskKind.REVIEW_REQUESTED,
        title=f"{plan.carer.full_name} asked for a review of support plan {plan.reference}",
        team=plan.carer.team,
        carer=plan.carer,
        assigned_to=worker,
        due_on=due.on,
    )
    return plan


def plan_worker(plan: SupportPlan) -> User | None:
    """The carer's worker: whoever made the plan, while they are still in the carer's team."""
    worker = plan.created_by
    if worker is None or not worker.is_active:
        return None
    return worker if worker.teams.filter(pk=plan.carer.team_id).exists() else None


@transaction.atomic
def service_referral_send(
    *, item: PlanItem, user: User, sent_on: datetime.date | None = None, notes: str = ""
) -> ServiceReferral:
    """Refer the carer to the item's directory service, starting the loop that staff close."""
    if item.service_id is None:
        raise PlanError("Only support from the services directory can be referred")
    if item.plan.status == PlanStatus.CLOSED:
        raise PlanError("The plan is closed")
    if item.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).exists():
        raise PlanError("There is already an open referral for this support")
    sent_on = sent_on or timezone.localdate()
    referral = ServiceReferral(
        plan_item=item, service_id=item.service_id, sent_on=sent_on, notes=notes, sent_by=user
    )
    referral.full_clean()
    referral.save()
    ServiceReferralUpdate.objects.create(
        referral=referral, status="sent", happened_on=sent_on, note=notes, recorded_by=user
    )
    return referral


DATE_FIELD_FOR_STATUS = {
    "accepted": "accepted_on",
    "declined": "declined_on",
    "started": "started_on",
    "ended": "ended_on",
}


@transaction.atomic
def service_referral_status_update(
    *,
    referral: ServiceReferral,
    version: int,
    status: str,
    happened_on: datetime.date,
    note: str = "",
    user: User,
) -> ServiceReferral:
    allowed = rules.referral_next_statuses(referral.status)
    if status not in allowed:
        raise PlanError(
            f"A referral that is {referral.get_status_display().lower()} cannot become {status}",
            field="status",
        )
    if happened_on < referral.sent_on:
        raise PlanError(
            "The date must be on or after the date the referral was sent", field="happened_on"
        )
    if happened_on > timezone.localdate():
        raise PlanError("The date must be today or in the past", field="happened_on")
    date_field = DATE_FIELD_FOR_STATUS[status]
    save_versioned(referral, version=version, changes={"status": status, date_field: happened_on})
    ServiceReferralUpdate.objects.create(
        referral=referral, status=status, happened_on=happened_on, note=note, recorded_by=user
    )
    return referral
