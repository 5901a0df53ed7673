"""Every write to assessments goes through here (house style: keyword-only, atomic, validated)."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from assessments import conf, rules
from assessments.exceptions import EditConflict, NotEditable
from assessments.models import (
    OUTCOME_FIELDS,
    Assessment,
    AssessmentAmendment,
    AssessmentKind,
    AssessmentStatus,
    BudgetFrequency,
    EligibilityOutcome,
)
from assessments.selectors import allocation_band_table
from carers_portal.accounts.models import User
from carers_portal.accounts.roles import Role
from carers_portal.accounts.selectors import team_ids_for
from notifications.models import MessageKind
from triage import services as triage_services
from triage.messages import carer_message_queue
from triage.models import CaredForPerson, Carer, Referral

OUTCOME_NAMES = [name for name, _label in OUTCOME_FIELDS]

# What the question pages and the API may change while an assessment is in progress.
ANSWER_FIELDS = [
    "cared_for",
    "is_transition",
    "carer_agreed_to_joint",
    "cared_for_agreed_to_joint",
    "declined_on",
    "declined_reason",
    "review_type",
    "review_reason",
    "able_to_care",
    "likely_to_remain_able",
    "willing_to_care",
    "likely_to_remain_willing",
    "needs_arise_from_caring",
    "impact_on_wellbeing",
    "outcomes_wanted",
    "support_would_help",
    *OUTCOME_NAMES,
    "outcomes_notes",
    "health_deteriorating",
    "significant_impact",
    "significant_impact_notes",
    "eligibility_outcome",
    "eligibility_override_reason",
    "received_specific_service",
    "received_information_advice",
    "agreed_budget",
    "budget_frequency",
    "budget_override_reason",
    "sections_completed",
]
DERIVED_FIELDS = [
    "rules_outcome",
    "eligibility_reasons",
    "eligibility_outcome",
    "impact_score",
    "indicative_band",
    "indicative_budget",
]
# Corrections allowed on a completed assessment. Eligibility answers are not among them:
# changing those is a reassessment (a review), not a correction.
AMENDABLE_FIELDS = [
    "impact_on_wellbeing",
    "outcomes_wanted",
    "outcomes_notes",
    "significant_impact_notes",
    "received_specific_service",
    "received_information_advice",
    "agreed_budget",
    "budget_frequency",
    "declined_on",
    "declined_reason",
    "review_reason",
]
# Answers a review starts from: the earlier assessment's, for the assessor to confirm.
REVIEW_CARRIED_FIELDS = [
    "cared_for",
    "able_to_care",
    "likely_to_remain_able",
    "willing_to_care",
    "likely_to_remain_willing",
    "needs_arise_from_caring",
    "impact_on_wellbeing",
    "outcomes_wanted",
    "support_would_help",
    *OUTCOME_NAMES,
    "health_deteriorating",
    "significant_impact",
]


def _eligibility_answers(assessment: Assessment) -> rules.EligibilityAnswers:
    return rules.EligibilityAnswers(
        needs_arise_from_caring=assessment.needs_arise_from_caring,
        health_deteriorating=assessment.health_deteriorating,
        outcomes=assessment.outcome_answers(),
        significant_impact=assessment.significant_impact,
        is_young_carer=assessment.is_young_carer,
        is_transition=assessment.is_transition,
    )


def assessment_eligibility(assessment: Assessment) -> rules.EligibilityResult:
    return rules.eligibility_decide(_eligibility_answers(assessment))


def _derive(assessment: Assessment, *, override_requested: bool) -> None:
    """Recompute the rules' answers from the assessor's answers (never trusted from input)."""
    if assessment.kind == AssessmentKind.DECLINED:
        assessment.rules_outcome = EligibilityOutcome.NOT_DETERMINED
        assessment.eligibility_reasons = [
            "Care Act 2014 s11(5): the carer refused the assessment, so no eligibility "
            "decision is made"
        ]
        assessment.eligibility_outcome = EligibilityOutcome.NOT_DETERMINED
        assessment.eligibility_override_reason = ""
        assessment.impact_score = None
        assessment.indicative_band = ""
        assessment.indicative_budget = None
        return
    result = assessment_eligibility(assessment)
    assessment.rules_outcome = result.outcome
    assessment.eligibility_reasons = list(result.reasons)
    reason = assessment.eligibility_override_reason.strip()
    if override_requested and assessment.eligibility_outcome != result.outcome and not reason:
        raise ValidationError(
            {"eligibility_override_reason": "Enter the reason for the professional override"}
        )
    if reason and assessment.eligibility_outcome == result.outcome:
        # Agreeing with the rules is not an override, so a leftover reason (typed before the
        # answers changed, or alongside the rules' own outcome) must not be kept as one.
        assessment.eligibility_override_reason = ""
        reason = ""
    if not reason:
        assessment.eligibility_outcome = result.outcome
    elif not rules.eligibility_override_allowed(
        override_outcome=assessment.eligibility_outcome, reason=reason
    ):
        raise ValidationError(
            {"eligibility_outcome": "Select eligible or not eligible for the override"}
        )

    score = rules.impact_score(
        rules.ImpactAnswers(
            outcomes=assessment.outcome_answers(),
            health_deteriorating=assessment.health_deteriorating,
            caring_hours=assessment.carer.caring_hours,
            likely_to_remain_able=assessment.likely_to_remain_able,
            likely_to_remain_willing=assessment.likely_to_remain_willing,
        )
    )
    band = rules.band_for_score(score, allocation_band_table())
    assessment.impact_score = score
    assessment.indicative_band = band.name if band else ""
    eligible = assessment.eligibility_outcome == EligibilityOutcome.ELIGIBLE
    assessment.indicative_budget = band.amount if band and eligible else None
    if eligible and band and not assessment.budget_frequency:
        assessment.budget_frequency = band.frequency


def _budget_problems(assessment: Assessment) -> dict[str, str]:
    problems = {}
    if assessment.agreed_budget is not None and assessment.agreed_budget < 0:
        problems["agreed_budget"] = "Agreed budget must be £0 or more"
    elif (
        assessment.agreed_budget is not None
        and assessment.agreed_budget != assessment.indicative_budget
        and not assessment.budget_override_reason.strip()
    ):
        problems["budget_override_reason"] = (
            "Enter the reason the agreed budget differs from the indicative budget"
        )
    return problems


def _write(assessment: Assessment, *, version: int, fields: list[str]) -> Assessment:
    """Conditional UPDATE ... WHERE id AND version: 0 rows means someone else saved first."""
    assessment.full_clean()
    values = {name: getattr(assessment, name) for name in dict.fromkeys(fields)}
    updated = Assessment.objects.filter(pk=assessment.pk, version=version).update(
        **values, updated_at=timezone.now(), version=F("version") + 1
    )
    if updated == 0:
        raise EditConflict
    assessment.refresh_from_db()
    return assessment


@transaction.atomic
def assessment_start(
    *,
    carer: Carer,
    kind: str,
    assessor: User,
    started_on: datetime.date | None = None,
    referral: Referral | None = None,
    cared_for: CaredForPerson | None = None,
    review_of: Assessment | None = None,
    review_type: str = "",
    review_reason: str = "",
    is_transition: bool = False,
) -> Assessment:
    """Start an assessment of `carer` (from their record, or from a triaged referral)."""
    errors: dict[str, str] = {}
    if started_on is not None and started_on > timezone.localdate():
        errors["started_on"] = "The date the assessment started must be today or in the past"
    if kind not in AssessmentKind.values:
        errors["kind"] = "Select the kind of assessment"
    if referral is not None and referral.carer_id != carer.pk:
        errors["referral"] = "The referral is for a different carer"
    if cared_for is not None and not carer.relationships.filter(cared_for=cared_for).exists():
        errors["cared_for"] = "Select a person this carer looks after"
    if kind == AssessmentKind.REVIEW:
        if review_of is None:
            errors["review_of"] = "Select the assessment being reviewed"
        elif (
            review_of.carer_id != carer.pk
            or review_of.status != AssessmentStatus.COMPLETED
            or review_of.kind == AssessmentKind.DECLINED
        ):
            errors["review_of"] = "Select a completed assessment of this carer"
    elif review_of is not None:
        errors["review_of"] = "Only a review looks back at an earlier assessment"
    if errors:
        raise ValidationError(errors)

    assessment = Assessment(
        carer=carer,
        kind=kind,
        assessor=assessor,
        team=carer.team,
        started_on=started_on or timezone.localdate(),
        referral=referral,
        cared_for=cared_for,
        review_of=review_of,
        review_type=review_type,
        review_reason=review_reason,
        is_young_carer=carer.is_young_carer,
        is_transition=is_transition,
    )
    if review_of is not None:
        for name in REVIEW_CARRIED_FIELDS:
            if name == "cared_for" and cared_for is not None:
                continue
            setattr(assessment, name, getattr(review_of, name))
    _derive(assessment, override_requested=False)
    assessment.full_clean()
    assessment.save()
    if kind == AssessmentKind.REVIEW:
        carer_message_queue(
            carer=carer,
            kind=MessageKind.REVIEW_BOOKED,
            key=f"review_booked:{assessment.pk}",
            personalisation={"review_on": assessment.started_on.strftime("%-d %B %Y")},
        )
    if referral is not None:
        mark_started = getattr(triage_services, "referral_mark_assessment_started", None)
        if mark_started is not None:
            mark_started(referral=referral)
    return assessment


@transaction.atomic
def assessment_update(
    *, assessment: Assessment, version: int, user: User, changes: dict[str, Any]
) -> Assessment:
    """Save answers from one question page (or the API). Only in-progress assessments change."""
    unknown = set(changes) - set(ANSWER_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This answer cannot be changed here"))
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not current.is_editable:
        raise NotEditable(not_editable_message(current))
    if current.version != version:
        raise EditConflict
    new_cared_for = changes.get("cared_for")
    if (
        new_cared_for is not None
        and not current.carer.relationships.filter(cared_for=new_cared_for).exists()
    ):
        raise ValidationError({"cared_for": "Select a person this carer looks after"})
    for name, value in changes.items():
        setattr(current, name, value)
    _derive(current, override_requested="eligibility_outcome" in changes)
    problems = _budget_problems(current)
    if problems:
        raise ValidationError(problems)
    return _write(current, version=version, fields=[*changes, *DERIVED_FIELDS, "budget_frequency"])


def completion_answers(assessment: Assessment) -> dict[str, Any]:
    """The answers rules.completion_problems checks, read from an assessment."""
    names = [
        *rules.S10_FIELDS,
        "declined_on",
        "declined_reason",
        "carer_agreed_to_joint",
        "cared_for_agreed_to_joint",
        "review_type",
        "review_reason",
        "needs_arise_from_caring",
        "health_deteriorating",
        "significant_impact",
        *OUTCOME_NAMES,
    ]
    answers = {name: getattr(assessment, name) for name in names}
    answers["cared_for"] = assessment.cared_for_id
    answers["review_of"] = assessment.review_of_id
    return answers


def completion_problems(assessment: Assessment) -> dict[str, str]:
    """Everything still missing before this assessment can be completed."""
    problems = rules.completion_problems(
        kind=assessment.kind, answers=completion_answers(assessment)
    )
    decides = assessment.kind != AssessmentKind.DECLINED and not (
        assessment.is_young_carer or assessment.is_transition
    )
    if (
        decides
        and not problems
        and assessment.eligibility_outcome == EligibilityOutcome.NOT_DETERMINED
    ):
        problems["eligibility_outcome"] = "Record the eligibility decision"
    problems.update(_budget_problems(assessment))
    return problems


def not_editable_message(assessment: Assessment) -> str:
    if assessment.status == AssessmentStatus.AWAITING_APPROVAL:
        return "This assessment is waiting for a team manager's approval and cannot be changed."
    return "This assessment has already been completed. To correct it, record an amendment."


def _completion_fields(assessment: Assessment, *, today: datetime.date) -> list[str]:
    """Mark completed and schedule the next review (Care Act s27)."""
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_on = today
    due = None
    if assessment.eligibility_outcome == EligibilityOutcome.ELIGIBLE:
        due = rules.review_due_after_completion(
            completed_on=today, interval_months=conf.review_interval_months()
        )
    assessment.next_review_due = due
    assessment.review_overdue = False
    assessment.review_task_created = False
    if assessment.review_of_id:
        # The earlier assessment has now been reviewed: it leaves the reviews-due list.
        Assessment.objects.filter(pk=assessment.review_of_id).update(
            next_review_due=None, review_overdue=False, version=F("version") + 1
        )
    return [
        "status",
        "completed_on",
        "next_review_due",
        "review_overdue",
        "review_task_created",
    ]


@transaction.atomic
def assessment_complete(
    *,
    assessment: Assessment,
    version: int,
    user: User,
    today: datetime.date | None = None,
) -> Assessment:
    """Check the answers, apply reg. 3, and complete (or send for approval above the threshold).

    Raises NotEditable when already completed (so completing twice is refused, not repeated),
    EditConflict on a stale version, and ValidationError listing every missing answer.
    """
    today = today or timezone.localdate()
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not current.is_editable:
        raise NotEditable(not_editable_message(current))
    if current.version != version:
        raise EditConflict
    _derive(current, override_requested=False)
    if current.eligibility_outcome == EligibilityOutcome.ELIGIBLE:
        # Agreeing the indicative budget is the default; a different amount needs a reason.
        if current.agreed_budget is None:
            current.agreed_budget = current.indicative_budget
        if not current.budget_frequency:
            current.budget_frequency = BudgetFrequency.ONE_OFF
    problems = completion_problems(current)
    if current.declined_on and current.declined_on > today:
        problems["declined_on"] = "The date the carer declined must be today or in the past"
    if problems:
        raise ValidationError(problems)

    fields = [*DERIVED_FIELDS, "agreed_budget", "budget_frequency"]
    if rules.needs_approval(amount=current.agreed_budget, threshold=conf.approval_threshold()):
        current.status = AssessmentStatus.AWAITING_APPROVAL
        current.submitted_for_approval_at = timezone.now()
        current.returned_reason = ""
        fields += ["status", "submitted_for_approval_at", "returned_reason"]
    else:
        fields += _completion_fields(current, today=today)
    return _write(current, version=version, fields=fields)


def _check_manager(*, assessment: Assessment, manager: User) -> None:
    if manager.role != Role.TEAM_MANAGER or assessment.team_id not in team_ids_for(manager):
        raise PermissionDenied("Only a manager of the assessment's team can approve it")


@transaction.atomic
def assessment_approve(
    *,
    assessment: Assessment,
    version: int,
    manager: User,
    today: datetime.date | None = None,
) -> Assessment:
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _check_manager(assessment=current, manager=manager)
    if current.status != AssessmentStatus.AWAITING_APPROVAL:
        raise NotEditable("This assessment is not waiting for approval.")
    if current.version != version:
        raise EditConflict
    current.approved_by = manager
    current.approved_at = timezone.now()
    fields = [
        "approved_by",
        "approved_at",
        *_completion_fields(current, today=today or timezone.localdate()),
    ]
    return _write(current, version=version, fields=fields)


@transaction.atomic
def assessment_return(
    *, assessment: Assessment, version: int, manager: User, reason: str
) -> Assessment:
    """Send back to the assessor with a reason; it becomes editable again."""
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _check_manager(assessment=current, manager=manager)
    if current.status != AssessmentStatus.AWAITING_APPROVAL:
        raise NotEditable("This assessment is not waiting for approval.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for returning the assessment"})
    if current.version != version:
        raise EditConflict
    current.status = AssessmentStatus.IN_PROGRESS
    current.returned_reason = reason.strip()
    current.submitted_for_approval_at = None
    return _write(
        current, version=version, fields=["status", "returned_reason", "submitted_for_approval_at"]
    )


def _display(assessment: Assessment, name: str, value: Any) -> str:
    field = Assessment._meta.get_field(name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return value.strftime("%-d %B %Y")
    return str(value)


@transaction.atomic
def assessment_amend(
    *,
    assessment: Assessment,
    version: int,
    user: User,
    field_name: str,
    new_value: Any,
    reason: str,
) -> AssessmentAmendment:
    """Correct a completed assessment: the change and its reason are kept as history."""
    if field_name not in AMENDABLE_FIELDS:
        raise ValidationError({"field_name": "Select an answer that can be corrected"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the correction"})
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.status != AssessmentStatus.COMPLETED:
        raise NotEditable("Only a completed assessment is corrected by an amendment.")
    if current.version != version:
        raise EditConflict
    threshold = conf.approval_threshold()
    if (
        field_name == "agreed_budget"
        and user.role != Role.TEAM_MANAGER
        and rules.needs_approval(amount=new_value, threshold=threshold)
    ):
        raise ValidationError(
            {
                "new_value": f"Budgets above £{threshold} need a team manager: ask your "
                "team manager to make this correction"
            }
        )
    old_value = getattr(current, field_name)
    if old_value == new_value:
        raise ValidationError({"new_value": "Enter a value different from the current one"})
    setattr(current, field_name, new_value)
    _write(current, version=version, fields=[field_name])
    amendment = AssessmentAmendment(
        assessment=current,
        field_name=field_name,
        field_label=str(Assessment._meta.get_field(field_name).verbose_name).capitalize(),
        old_value=_display(current, field_name, old_value),
        new_value=_display(current, field_name, new_value),
        reason=reason.strip(),
        changed_by=user,
    )
    amendment.full_clean()
    amendment.save()
    return amendment


@transaction.atomic
def assessment_plan_started(*, assessment: Assessment, plan_started_on: datetime.date) -> None:
    """For support plans: schedule the light-touch review 6-8 weeks after the plan starts."""
    due = rules.review_due_after_plan_start(
        plan_started_on=plan_started_on, light_review_weeks=conf.light_review_weeks()
    )
    Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.COMPLETED).update(
        next_review_due=due,
        review_overdue=False,
        review_task_created=False,
        version=F("version") + 1,
    )


@transaction.atomic
def reviews_mark_overdue(*, today: datetime.date | None = None) -> int:
    """Flag completed assessments whose review date has passed, and put each on the team's
    worklist once. Safe to run any number of times: flags and tasks are set only once.
    """
    today = today or timezone.localdate()
    due = (
        Assessment.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("carer", "team", "assessor", "referral")
        .filter(
            status=AssessmentStatus.COMPLETED,
            next_review_due__lt=today,
            review_task_created=False,
        )
        .order_by("id")
    )
    marked = 0
    for assessment in due:
        if not rules.review_is_overdue(due_on=assessment.next_review_due, today=today):
            continue
        triage_services.task_create(
            kind="review_due",
            title=f"Review due for {assessment.carer.full_name}",
            team=assessment.team,
            carer=assessment.carer,
            referral=assessment.referral,
            assigned_to=assessment.assessor if assessment.assessor.is_active else None,
            due_on=assessment.next_review_due,
        )
        Assessment.objects.filter(pk=assessment.pk).update(
            review_overdue=True, review_task_created=True, version=F("version") + 1
        )
        carer_message_queue(
            carer=assessment.carer,
            kind=MessageKind.REVIEW_DUE,
            key=f"review_due:{assessment.pk}:{assessment.next_review_due.isoformat()}",
            personalisation={"due_on": assessment.next_review_due.strftime("%-d %B %Y")},
        )
        marked += 1
    return marked


@transaction.atomic
def review_requested(*, assessment: Assessment, note: str = "") -> None:
    """Care Act s27(1)(b): a review on any reasonable request goes on the team's worklist."""
    if assessment.status != AssessmentStatus.COMPLETED:
        raise NotEditable("Only a completed assessment can be reviewed.")
    title = f"{assessment.carer.full_name} asked for a review"
    triage_services.task_create(
        kind="review_requested",
        title=f"{title}: {note.strip()}" if note.strip() else title,
        team=assessment.team,
        carer=assessment.carer,
        referral=assessment.referral,
        due_on=timezone.localdate() + datetime.timedelta(days=28),
    )
