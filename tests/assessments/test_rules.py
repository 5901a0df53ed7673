"""The reg. 3 eligibility test and the allocation, approval and review rules, as tables."""

import datetime
from decimal import Decimal

import pytest

from assessments import rules
from assessments.rules import (
    ELIGIBLE,
    NOT_DETERMINED,
    NOT_ELIGIBLE,
    Band,
    EligibilityAnswers,
    ImpactAnswers,
)

ALL_ACHIEVABLE = dict.fromkeys(rules.OUTCOMES, "achievable")


def outcomes(**unable: str) -> dict[str, str]:
    return {**ALL_ACHIEVABLE, **{f"outcome_{k}": v for k, v in unable.items()}}


def answers(
    *,
    caring=True,
    health=False,
    outs=None,
    impact=True,
    young=False,
    transition=False,
) -> EligibilityAnswers:
    return EligibilityAnswers(
        needs_arise_from_caring=caring,
        health_deteriorating=health,
        outcomes=ALL_ACHIEVABLE if outs is None else outs,
        significant_impact=impact,
        is_young_carer=young,
        is_transition=transition,
    )


# (case id, answers, expected outcome, a phrase the reasons must contain)
ELIGIBILITY_TABLE = [
    ("all three met via health", answers(health=True), ELIGIBLE, "reg. 3(2)(a)"),
    (
        "all three met via one outcome needing help",
        answers(outs=outcomes(nutrition="needs_help")),
        ELIGIBLE,
        "unable to achieve managing and maintaining nutrition",
    ),
    (
        "outcome with significant distress counts as unable",
        answers(outs=outcomes(home="significant_distress")),
        ELIGIBLE,
        "significant pain, distress or anxiety",
    ),
    (
        "outcome that endangers counts as unable",
        answers(outs=outcomes(caring_for_others="endangers")),
        ELIGIBLE,
        "endangers",
    ),
    (
        "one outcome is enough for a carer (adults need two)",
        answers(outs=outcomes(recreation="needs_help")),
        ELIGIBLE,
        "engaging in recreational activities",
    ),
    (
        "several outcomes unable and health at risk",
        answers(health=True, outs=outcomes(work_education="needs_help", community="endangers")),
        ELIGIBLE,
        "engaging in work, training, education or volunteering",
    ),
    (
        "child care outcome unable",
        answers(outs=outcomes(child_care="needs_help")),
        ELIGIBLE,
        "caring responsibilities for a child",
    ),
    (
        "relationships outcome unable",
        answers(outs=outcomes(relationships="significant_distress")),
        ELIGIBLE,
        "personal relationships",
    ),
    (
        "health at risk with all outcomes achievable: condition 2 met by health alone",
        answers(health=True, outs=ALL_ACHIEVABLE),
        ELIGIBLE,
        "at risk of, deteriorating",
    ),
    (
        "health at risk, all outcomes achievable, but no significant impact",
        answers(health=True, impact=False),
        NOT_ELIGIBLE,
        "reg. 3(1)(c) not met",
    ),
    (
        "one outcome unachievable without significant impact",
        answers(outs=outcomes(nutrition="needs_help"), impact=False),
        NOT_ELIGIBLE,
        "reg. 3(1)(c) not met",
    ),
    (
        "no health risk and every outcome achievable",
        answers(health=False, impact=True),
        NOT_ELIGIBLE,
        "reg. 3(1)(b) not met",
    ),
    (
        "outcomes that do not apply are not unachievable",
        answers(outs={**ALL_ACHIEVABLE, "outcome_child_care": "not_applicable"}),
        NOT_ELIGIBLE,
        "reg. 3(1)(b) not met",
    ),
    (
        "needs do not arise from providing necessary care",
        answers(caring=False, health=True),
        NOT_ELIGIBLE,
        "reg. 3(1)(a) not met",
    ),
    (
        "no condition met",
        answers(caring=False, health=False, impact=False),
        NOT_ELIGIBLE,
        "reg. 3(1)(a) not met",
    ),
    (
        "condition 1 fails even with outcomes unable and significant impact",
        answers(caring=False, outs=outcomes(home="endangers")),
        NOT_ELIGIBLE,
        "reg. 3(1)(a) not met",
    ),
    (
        "young carer under 18: no reg. 3 decision",
        answers(health=True, young=True),
        NOT_DETERMINED,
        "s17ZA",
    ),
    (
        "young carer who would not meet reg. 3 either: still no decision",
        answers(caring=False, young=True),
        NOT_DETERMINED,
        "s17ZA",
    ),
    (
        "transition assessment gives an indication only (likely eligible)",
        answers(health=True, young=True, transition=True),
        NOT_DETERMINED,
        "likely to be eligible after 18",
    ),
    (
        "transition assessment indication: not likely eligible",
        answers(impact=False, transition=True),
        NOT_DETERMINED,
        "not likely to be eligible",
    ),
    (
        "health answer missing",
        answers(health=None, outs=outcomes(home="needs_help")),
        NOT_DETERMINED,
        "Not yet answered",
    ),
    (
        "an outcome left unanswered",
        answers(outs={**ALL_ACHIEVABLE, "outcome_recreation": ""}),
        NOT_DETERMINED,
        "engaging in recreational activities",
    ),
    (
        "significant impact not yet judged",
        answers(health=True, impact=None),
        NOT_DETERMINED,
        "significant impact",
    ),
    (
        "needs-arise question not answered",
        answers(caring=None, health=True),
        NOT_DETERMINED,
        "necessary care",
    ),
]


@pytest.mark.parametrize(
    ("case", "given", "expected", "phrase"),
    ELIGIBILITY_TABLE,
    ids=[row[0] for row in ELIGIBILITY_TABLE],
)
def test_reg_3_eligibility(case, given, expected, phrase):
    result = rules.eligibility_decide(given)
    assert result.outcome == expected
    assert any(phrase in reason for reason in result.reasons), result.reasons


def test_the_table_has_at_least_twenty_cases_and_covers_every_outcome():
    assert len(ELIGIBILITY_TABLE) >= 20
    assert {row[2] for row in ELIGIBILITY_TABLE} == {ELIGIBLE, NOT_ELIGIBLE, NOT_DETERMINED}


def test_eligible_result_lists_each_unable_outcome():
    result = rules.eligibility_decide(
        answers(outs=outcomes(home="needs_help", nutrition="endangers"))
    )
    assert result.unable_outcomes == ("outcome_home", "outcome_nutrition")


@pytest.mark.parametrize(
    ("outcome", "reason", "allowed"),
    [
        (ELIGIBLE, "Carer is at imminent risk of breakdown", True),
        (NOT_ELIGIBLE, "Needs are met by the cared-for person's plan", True),
        (ELIGIBLE, "", False),
        (ELIGIBLE, "   ", False),
        (NOT_DETERMINED, "a reason", False),
    ],
)
def test_override_needs_a_reason_and_a_decision(outcome, reason, allowed):
    assert rules.eligibility_override_allowed(override_outcome=outcome, reason=reason) is allowed


DERBYSHIRE = [
    Band("Band 1", 0, 7, Decimal("100"), "one_off"),
    Band("Band 2", 8, 15, Decimal("175"), "one_off"),
    Band("Band 3", 16, None, Decimal("300"), "one_off"),
]


@pytest.mark.parametrize(
    ("score", "amount"),
    [(0, "100"), (7, "100"), (8, "175"), (15, "175"), (16, "300"), (40, "300")],
)
def test_band_for_score_uses_the_table_given(score, amount):
    assert rules.band_for_score(score, DERBYSHIRE).amount == Decimal(amount)


def test_band_for_score_with_a_gap_in_the_table_gives_no_band():
    assert rules.band_for_score(9, [Band("Low", 0, 5, Decimal("50"), "one_off")]) is None


@pytest.mark.parametrize(
    ("outs", "health", "hours", "able", "willing", "score"),
    [
        (ALL_ACHIEVABLE, False, "1_19", "yes", "yes", 0),
        (outcomes(home="needs_help"), False, "1_19", "yes", "yes", 2),
        (outcomes(home="significant_distress"), True, "20_49", "yes", "yes", 9),
        (outcomes(home="endangers", nutrition="endangers"), True, "50_plus", "no", "no", 20),
    ],
)
def test_impact_score(outs, health, hours, able, willing, score):
    given = ImpactAnswers(
        outcomes=outs,
        health_deteriorating=health,
        caring_hours=hours,
        likely_to_remain_able=able,
        likely_to_remain_willing=willing,
    )
    assert rules.impact_score(given) == score


@pytest.mark.parametrize(
    ("amount", "needed"),
    [(None, False), (Decimal("100"), False), (Decimal("300"), False), (Decimal("300.01"), True)],
)
def test_approval_needed_only_above_the_threshold(amount, needed):
    assert (
        rules.needs_approval(amount=amount, frequency="one_off", threshold=Decimal("300")) is needed
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 11, 15), 12, datetime.date(2026, 11, 15)),
        (datetime.date(2025, 12, 1), 1, datetime.date(2026, 1, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert rules.add_months(day, months) == expected


def test_light_review_is_weeks_after_the_plan_starts():
    due = rules.review_due_after_plan_start(
        plan_started_on=datetime.date(2026, 1, 1), light_review_weeks=8
    )
    assert due == datetime.date(2026, 2, 26)


@pytest.mark.parametrize(
    ("due", "overdue"),
    [(None, False), (datetime.date(2026, 3, 1), False), (datetime.date(2026, 2, 28), True)],
)
def test_review_overdue(due, overdue):
    assert rules.review_is_overdue(due_on=due, today=datetime.date(2026, 3, 1)) is overdue


def test_declined_needs_only_date_and_reason():
    problems = rules.completion_problems(kind="declined", answers={})
    assert problems == {
        "declined_on": "Enter the date the carer declined the assessment",
        "declined_reason": "Enter the reason the carer gave",
    }


def test_joint_needs_both_agreements():
    problems = rules.completion_problems(
        kind="joint", answers={"carer_agreed_to_joint": True, "cared_for_agreed_to_joint": False}
    )
    assert "cared_for_agreed_to_joint" in problems
    assert "carer_agreed_to_joint" not in problems


def test_review_needs_link_type_and_reason():
    problems = rules.completion_problems(kind="review", answers={})
    assert {"review_of", "review_type", "review_reason"} <= set(problems)
