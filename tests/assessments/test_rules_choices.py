"""rules.py is pure, so it spells the models' choice values itself: these pin the two together."""

from assessments import rules
from assessments.models import (
    OUTCOME_FIELDS,
    AssessmentKind,
    BudgetFrequency,
    EligibilityOutcome,
    OutcomeAchievement,
)
from triage.models import CaringHoursBand


def test_eligibility_outcomes_are_the_models():
    assert {rules.ELIGIBLE, rules.NOT_ELIGIBLE, rules.NOT_DETERMINED} == set(
        EligibilityOutcome.values
    )


def test_outcome_answers_and_points_cover_every_choice():
    assert set(OutcomeAchievement.values) == rules.OUTCOME_VALUES
    assert set(rules.OUTCOME_POINTS) == set(OutcomeAchievement.values)
    assert set(rules.UNABLE_MEANINGS) == set(OutcomeAchievement.values) - {
        rules.ACHIEVABLE,
        rules.NOT_APPLICABLE,
    }


def test_the_eight_outcomes_are_the_models_fields_in_order():
    assert list(rules.OUTCOMES) == [name for name, _label in OUTCOME_FIELDS]


def test_every_kind_of_assessment_has_a_rule_and_every_answer_a_message():
    assert set(rules.KIND_RULES) == set(AssessmentKind.values)
    for kind in AssessmentKind.values:
        assert all(name in rules.ANSWER_MESSAGES for name in rules.answers_needed(kind))


def test_caring_hours_points_cover_every_band():
    assert set(rules.CARING_HOURS_POINTS) == set(CaringHoursBand.values)


def test_budget_frequencies_are_known_to_the_plans_yearly_costs():
    from support_plans import rules as plan_rules

    assert set(BudgetFrequency.values) <= set(plan_rules.TIMES_A_YEAR)
