"""Where an assessment sits in the carer's journey: the referral it answers and what follows.

Starting an assessment stops its referral's clock (for one started from the carer's record
too: it answers the carer's referral still waiting for one); completing it, declined
included, moves the referral to its outcome; an eligible outcome puts "Write the support
plan" on the team's tray, due by the plan clock (triage/rules.py), which support plans
clear when the plan is made.
"""

from django.utils import timezone

from assessments.models import Assessment, AssessmentKind, AssessmentStatus, EligibilityOutcome
from triage import rules as triage_rules
from triage import selectors as triage_selectors
from triage import services as triage_services
from triage.models import Carer, Referral, TaskKind


def referral_to_answer(
    *, carer: Carer, kind: str, referral: Referral | None, started_on=None
) -> Referral | None:
    """The referral an assessment answers: the one it was started from, else the carer's
    oldest referral still waiting for an assessment (reviews answer none)."""
    if referral is not None or kind == AssessmentKind.REVIEW:
        return referral
    return triage_selectors.referral_awaiting_assessment_for(carer, started_on=started_on)


def outcome_of(assessment: Assessment) -> str:
    if assessment.kind == AssessmentKind.DECLINED:
        return "declined"
    if assessment.eligibility_outcome == EligibilityOutcome.ELIGIBLE:
        return "eligible"
    return "not_eligible"


def assessment_completed(assessment: Assessment) -> None:
    """Called once the assessment is completed (directly or on approval)."""
    if assessment.status != AssessmentStatus.COMPLETED or assessment.kind == AssessmentKind.REVIEW:
        return
    outcome = outcome_of(assessment)
    if assessment.referral_id:
        triage_services.referral_record_assessment_outcome(
            referral=assessment.referral, outcome=outcome
        )
    if outcome == "eligible":
        due = triage_rules.support_plan_due(
            assessed_on=assessment.completed_on or timezone.localdate(),
            config=triage_selectors.clock_settings(),
        )
        triage_services.task_create(
            kind=TaskKind.CREATE_SUPPORT_PLAN,
            title=f"Write the support plan with {assessment.carer.full_name}",
            team=assessment.team,
            carer=assessment.carer,
            referral=assessment.referral,
            assigned_to=assessment.assessor if assessment.assessor.is_active else None,
            due_on=due.on,
        )


def journey_steps(user, carer: Carer):
    """The carer's assessments on the record's journey (started, then the outcome)."""
    from django.urls import reverse  # noqa: PLC0415

    from assessments.panels import assessments_on_record  # noqa: PLC0415
    from triage.journey import JourneyStep  # noqa: PLC0415

    steps = []
    for assessment in assessments_on_record(carer):
        url = reverse("assessments:detail", kwargs={"pk": assessment.pk})
        steps.append(
            JourneyStep(
                assessment.started_on, f"{assessment.get_kind_display()} started", "", url, 2
            )
        )
        ended_on = assessment.completed_on or assessment.declined_on
        if assessment.status == AssessmentStatus.COMPLETED and ended_on:
            if assessment.kind == AssessmentKind.DECLINED:
                what, detail = "Refusal recorded", assessment.declined_reason
            else:
                what = "Assessment completed"
                detail = assessment.get_eligibility_outcome_display()
            steps.append(JourneyStep(ended_on, what, detail, url, 3))
    return steps
