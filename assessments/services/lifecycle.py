"""The life of an assessment: start, answer, complete (or send for approval), approve or
return, and correct once completed. Keyword-only, atomic and version-checked."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from assessments import conf, journey, rules
from assessments.exceptions import NotEditable
from assessments.models import (
    Assessment,
    AssessmentAmendment,
    AssessmentKind,
    AssessmentStatus,
    BudgetFrequency,
    EligibilityOutcome,
)
from assessments.services.answers import (
    AMENDABLE_FIELDS,
    ANSWER_FIELDS,
    DERIVED_FIELDS,
    REVIEW_CARRIED_FIELDS,
    budget_problems,
    completion_problems,
    derive_from_answers,
    not_editable_message,
)
from carers_portal.accounts.models import User
from carers_portal.versioning import EditConflict, save_versioned, update_bumping_version
from notifications.models import MessageKind
from triage import services as triage_services
from triage.messages import carer_message_queue
from triage.models import CaredForPerson, Carer, Referral


def _require_version(current: Assessment, version: int) -> None:
    """Refuse early, before any checks on answers someone else may have changed."""
    if current.version != version:
        raise EditConflict(Assessment.edit_conflict_noun, current_version=current.version)


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
    referral = journey.referral_to_answer(
        carer=carer, kind=kind, referral=referral, started_on=started_on
    )

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
    derive_from_answers(assessment, override_requested=False)
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
        triage_services.referral_mark_assessment_started(referral=referral)
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
    _require_version(current, version)
    new_cared_for = changes.get("cared_for")
    if (
        new_cared_for is not None
        and not current.carer.relationships.filter(cared_for=new_cared_for).exists()
    ):
        raise ValidationError({"cared_for": "Select a person this carer looks after"})
    for name, value in changes.items():
        setattr(current, name, value)
    derive_from_answers(current, override_requested="eligibility_outcome" in changes)
    problems = budget_problems(current)
    if problems:
        raise ValidationError(problems)
    return save_versioned(
        current, version=version, fields=[*changes, *DERIVED_FIELDS, "budget_frequency"]
    )


@transaction.atomic
def assessment_make_separate(*, assessment: Assessment, version: int, user: User) -> Assessment:
    """Care Act 2014 s12(5): a joint assessment needs both people to agree. Without that, the
    carer has a separate assessment (s10) instead: this one carries on as separate, keeping
    every answer so far and the referral it answers."""
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not current.is_editable:
        raise NotEditable(not_editable_message(current))
    _require_version(current, version)
    if current.kind != AssessmentKind.JOINT:
        raise ValidationError({"kind": "Only a joint assessment can become a separate one"})
    current.kind = AssessmentKind.SEPARATE
    current.carer_agreed_to_joint = None
    current.cared_for_agreed_to_joint = None
    # A separate assessment's "About" section asks only who they look after.
    done = [slug for slug in current.sections_completed if slug != "about"]
    current.sections_completed = [*done, "about"] if current.cared_for_id else done
    derive_from_answers(current, override_requested=False)
    return save_versioned(
        current,
        version=version,
        fields=[
            "kind",
            "carer_agreed_to_joint",
            "cared_for_agreed_to_joint",
            "sections_completed",
            *DERIVED_FIELDS,
            "budget_frequency",
        ],
    )


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
        update_bumping_version(
            Assessment.objects.filter(pk=assessment.review_of_id),
            next_review_due=None,
            review_overdue=False,
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
    _require_version(current, version)
    derive_from_answers(current, override_requested=False)
    if current.eligibility_outcome == EligibilityOutcome.ELIGIBLE:
        # Agreeing the indicative budget is the default; a different amount needs a reason.
        current.agreed_budget = current.budget_as_agreed.amount
        if not current.budget_frequency:
            current.budget_frequency = BudgetFrequency.ONE_OFF
    problems = completion_problems(current)
    if current.declined_on and current.declined_on > today:
        problems["declined_on"] = "The date the carer declined must be today or in the past"
    if problems:
        raise ValidationError(problems)

    fields = [*DERIVED_FIELDS, "agreed_budget", "budget_frequency"]
    if rules.needs_approval(
        amount=current.agreed_budget,
        frequency=current.budget_frequency,
        threshold=conf.approval_threshold(),
    ):
        current.status = AssessmentStatus.AWAITING_APPROVAL
        current.submitted_for_approval_at = timezone.now()
        current.returned_reason = ""
        fields += ["status", "submitted_for_approval_at", "returned_reason"]
    else:
        fields += _completion_fields(current, today=today)
    completed = save_versioned(current, version=version, fields=fields)
    journey.assessment_completed(completed)
    return completed


def _check_manager(*, assessment: Assessment, manager: User) -> None:
    if not manager.has_perm("assessments.approve_assessment", assessment):
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
    _require_version(current, version)
    current.approved_by = manager
    current.approved_at = timezone.now()
    fields = [
        "approved_by",
        "approved_at",
        *_completion_fields(current, today=today or timezone.localdate()),
    ]
    approved = save_versioned(current, version=version, fields=fields)
    journey.assessment_completed(approved)
    return approved


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
    _require_version(current, version)
    current.status = AssessmentStatus.IN_PROGRESS
    current.returned_reason = reason.strip()
    current.submitted_for_approval_at = None
    return save_versioned(
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
    _require_version(current, version)
    threshold = conf.approval_threshold()
    changes_budget = field_name in rules.BUDGET_FIELDS
    amended = {
        "amount": new_value if field_name == "agreed_budget" else current.agreed_budget,
        "frequency": new_value if field_name == "budget_frequency" else current.budget_frequency,
    }
    approving = changes_budget and rules.needs_approval(**amended, threshold=threshold)
    if approving and not user.has_perm("assessments.approve_assessment", current):
        # An approval was for an amount and how often it is paid: a change to either is a
        # new decision for the team manager, not a correction.
        raise ValidationError(
            {
                "new_value": f"Budgets above £{threshold} a year need a team manager: ask your "
                "team manager to make this correction"
            }
        )
    old_value = getattr(current, field_name)
    if old_value == new_value:
        raise ValidationError({"new_value": "Enter a value different from the current one"})
    setattr(current, field_name, new_value)
    fields = [field_name]
    if approving:
        # The team manager making the change approves the new amount.
        current.approved_by, current.approved_at = user, timezone.now()
        fields += ["approved_by", "approved_at"]
    save_versioned(current, version=version, fields=fields)
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
