"""An assessment's answers: which may change, what the rules derive from them, and what is
still missing before it can be completed. Used by the writes in lifecycle.py."""

from typing import Any

from django.core.exceptions import ValidationError

from assessments import rules
from assessments.models import (
    OUTCOME_FIELDS,
    Assessment,
    AssessmentStatus,
    EligibilityOutcome,
)
from assessments.selectors import allocation_band_table

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
REVIEW_CARRIED_FIELDS = ["cared_for", *rules.NEEDS_ANSWERS]


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


def derive_from_answers(assessment: Assessment, *, override_requested: bool) -> None:
    """Recompute the rules' answers from the assessor's answers (never trusted from input)."""
    if not rules.KIND_RULES[assessment.kind].assesses_needs:
        refusal = rules.refusal_result()
        assessment.rules_outcome = refusal.outcome
        assessment.eligibility_reasons = list(refusal.reasons)
        assessment.eligibility_outcome = refusal.outcome
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
    band = rules.band_for_score(score, allocation_band_table(on=assessment.started_on))
    assessment.impact_score = score
    assessment.indicative_band = band.name if band else ""
    eligible = assessment.eligibility_outcome == EligibilityOutcome.ELIGIBLE
    assessment.indicative_budget = band.amount if band and eligible else None
    if eligible and band and not assessment.budget_frequency:
        assessment.budget_frequency = band.frequency


def budget_problems(assessment: Assessment) -> dict[str, str]:
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


def completion_answers(assessment: Assessment) -> dict[str, Any]:
    """The answers rules.completion_problems checks, read from an assessment."""
    links = {"cared_for", "review_of"}
    return {
        name: getattr(assessment, f"{name}_id" if name in links else name)
        for name in rules.answers_needed(assessment.kind)
    }


def completion_problems(assessment: Assessment) -> dict[str, str]:
    """Everything still missing before this assessment can be completed."""
    problems = rules.completion_problems(
        kind=assessment.kind, answers=completion_answers(assessment)
    )
    decides = rules.decides_eligibility(
        kind=assessment.kind,
        is_young_carer=assessment.is_young_carer,
        is_transition=assessment.is_transition,
    )
    if (
        decides
        and not problems
        and assessment.eligibility_outcome == EligibilityOutcome.NOT_DETERMINED
    ):
        problems["eligibility_outcome"] = "Record the eligibility decision"
    problems.update(budget_problems(assessment))
    return problems


def not_editable_message(assessment: Assessment) -> str:
    if assessment.status == AssessmentStatus.AWAITING_APPROVAL:
        return "This assessment is waiting for a team manager's approval and cannot be changed."
    if assessment.is_refusal:
        return "This refusal has already been recorded. To correct it, record an amendment."
    return "This assessment has already been completed. To correct it, record an amendment."
