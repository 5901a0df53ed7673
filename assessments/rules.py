"""Statutory and local rules for carer's assessments, as pure functions over plain data.

Sources (see ../shared/reference/domain-rules.md sections 2 and 4):
- Care Act 2014 s10 (what a carer's assessment covers), s11(5)-(7) (refusal),
  s12(5) (joint assessment), s27 (review), s63-64 (transition assessment).
- Care and Support (Eligibility Criteria) Regulations 2015 (SI 2015/313) reg. 3
  (the carer's eligibility test).
- Children Act 1989 s17ZA (young carer's needs assessment, under 18).
- Resource allocation: local policy (Derbyshire carer bands £100 / £175 / £300).

No ORM here: callers pass answers in and get a result with reasons back.
"""

import calendar
import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
NOT_DETERMINED = "not_determined"

ACHIEVABLE = "achievable"
NOT_APPLICABLE = "not_applicable"
# SI 2015/313 reg. 3(3): "unable to achieve" covers each of these.
UNABLE_MEANINGS: dict[str, str] = {
    "needs_help": "cannot achieve it without assistance",
    "significant_distress": "can achieve it only with significant pain, distress or anxiety",
    "endangers": "achieving it endangers, or is likely to endanger, the health or safety "
    "of the carer or others",
}
OUTCOME_VALUES = {ACHIEVABLE, NOT_APPLICABLE, *UNABLE_MEANINGS}

# SI 2015/313 reg. 3(2)(b)(i)-(viii). No ranking between them; one is enough for a carer
# (adults need two, reg. 2).
OUTCOMES: dict[str, str] = {
    "outcome_child_care": "carrying out caring responsibilities for a child",
    "outcome_caring_for_others": "providing care to other persons",
    "outcome_home": "maintaining a habitable home environment",
    "outcome_nutrition": "managing and maintaining nutrition",
    "outcome_relationships": "developing and maintaining family or other personal relationships",
    "outcome_work_education": "engaging in work, training, education or volunteering",
    "outcome_community": "making use of necessary facilities or services in the community",
    "outcome_recreation": "engaging in recreational activities",
}
CARER_OUTCOMES_NEEDED = 1


@dataclass(frozen=True)
class EligibilityAnswers:
    needs_arise_from_caring: bool | None
    health_deteriorating: bool | None
    outcomes: Mapping[str, str]
    significant_impact: bool | None
    is_young_carer: bool = False
    is_transition: bool = False


@dataclass(frozen=True)
class EligibilityResult:
    outcome: str
    # For the record and the API: each reason cites its regulation.
    reasons: tuple[str, ...]
    # Transition assessments (Care Act s63-64) give an indication, never a decision.
    indication: str = ""
    unable_outcomes: tuple[str, ...] = field(default_factory=tuple)
    # For the pages: the same reasons in plain words; a page cites ELIGIBILITY_SOURCE once.
    explanation: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_eligible(self) -> bool:
        return self.outcome == ELIGIBLE


ELIGIBILITY_SOURCE = "regulation 3 of the Care and Support (Eligibility Criteria) Regulations 2015"
# SI 2015/313 reg. 3(1)(a)-(c) in plain words: (met, not met) for each condition.
PLAIN_CONDITIONS: dict[str, tuple[str, str]] = {
    "caring": (
        "Their needs come from caring for an adult who needs care.",
        "Their needs do not come from caring for an adult who needs care.",
    ),
    "health": (
        "Their physical or mental health is getting worse, or is at risk of getting worse.",
        "Their health is not at risk, and they can achieve every one of the 8 outcomes.",
    ),
    "wellbeing": (
        "Caring has, or is likely to have, a significant effect on their wellbeing.",
        "Caring does not have a significant effect on their wellbeing.",
    ),
}
# SI 2015/313 reg. 3(3): what "unable to achieve" means, in plain words.
PLAIN_UNABLE: dict[str, str] = {
    "needs_help": "they cannot do it without help",
    "significant_distress": "they can, but only with significant pain, distress or anxiety",
    "endangers": "doing it puts their own or someone else's health or safety at risk",
}
PLAIN_VERDICT: dict[str, str] = {
    ELIGIBLE: "All 3 conditions are met, so they are eligible for support.",
    NOT_ELIGIBLE: "Not all 3 conditions are met, so they are not eligible.",
}


def eligibility_missing_answers(answers: EligibilityAnswers) -> list[str]:
    missing = []
    if answers.needs_arise_from_caring is None:
        missing.append("whether the needs arise from providing necessary care")
    if answers.health_deteriorating is None:
        missing.append("whether the carer's health is, or is at risk of, deteriorating")
    for name, label in OUTCOMES.items():
        if answers.outcomes.get(name) not in OUTCOME_VALUES:
            missing.append(f"whether the carer can achieve: {label}")
    if answers.significant_impact is None:
        missing.append("whether there is a significant impact on the carer's wellbeing")
    return missing


def _plain(condition: str, met: bool) -> str:
    return PLAIN_CONDITIONS[condition][0 if met else 1]


def _reg3_test(answers: EligibilityAnswers) -> EligibilityResult:
    unable = tuple(name for name in OUTCOMES if answers.outcomes.get(name) in UNABLE_MEANINGS)
    reasons: list[str] = []
    plain: list[str] = []

    condition_1 = bool(answers.needs_arise_from_caring)
    reasons.append(
        "SI 2015/313 reg. 3(1)(a): the needs arise because the carer provides necessary care"
        if condition_1
        else "SI 2015/313 reg. 3(1)(a) not met: the needs do not arise from providing "
        "necessary care to an adult"
    )
    plain.append(_plain("caring", condition_1))

    health = bool(answers.health_deteriorating)
    if health:
        reasons.append(
            "SI 2015/313 reg. 3(2)(a): the carer's physical or mental health is, or is at "
            "risk of, deteriorating"
        )
        plain.append(_plain("health", True))
    for name in unable:
        meaning = UNABLE_MEANINGS[answers.outcomes[name]]
        reasons.append(
            f"SI 2015/313 reg. 3(2)(b): unable to achieve {OUTCOMES[name]} (the carer {meaning})"
        )
        plain.append(
            f"They are unable to achieve {OUTCOMES[name]}: {PLAIN_UNABLE[answers.outcomes[name]]}."
        )
    condition_2 = health or len(unable) >= CARER_OUTCOMES_NEEDED
    if not condition_2:
        reasons.append(
            "SI 2015/313 reg. 3(1)(b) not met: health is not deteriorating or at risk, and "
            "every outcome in reg. 3(2)(b) can be achieved"
        )
        plain.append(_plain("health", False))

    condition_3 = bool(answers.significant_impact)
    reasons.append(
        "SI 2015/313 reg. 3(1)(c): as a consequence there is, or is likely to be, a "
        "significant impact on the carer's wellbeing"
        if condition_3
        else "SI 2015/313 reg. 3(1)(c) not met: no significant impact on the carer's wellbeing"
    )
    plain.append(_plain("wellbeing", condition_3))
    outcome = ELIGIBLE if condition_1 and condition_2 and condition_3 else NOT_ELIGIBLE
    plain.append(PLAIN_VERDICT[outcome])
    return EligibilityResult(
        outcome=outcome,
        reasons=tuple(reasons),
        unable_outcomes=unable,
        explanation=tuple(plain),
    )


def eligibility_decide(answers: EligibilityAnswers) -> EligibilityResult:
    """SI 2015/313 reg. 3: a carer is eligible only if all three conditions are met."""
    if answers.is_young_carer and not answers.is_transition:
        return EligibilityResult(
            outcome=NOT_DETERMINED,
            reasons=(
                "Children Act 1989 s17ZA: a young carer's needs assessment (under 18) makes no "
                "decision under SI 2015/313 reg. 3, which applies to adult carers "
                "(Care Act 2014 s10(3))",
            ),
            explanation=(
                "A young carer's needs assessment does not decide eligibility: the test is for "
                "carers aged 18 or over.",
            ),
        )
    missing = eligibility_missing_answers(answers)
    if missing:
        return EligibilityResult(
            outcome=NOT_DETERMINED,
            reasons=tuple(f"Not yet answered: {item}" for item in missing),
            explanation=(
                "Eligibility is worked out once the earlier sections are answered.",
                *(f"Still to answer: {item}." for item in missing),
            ),
        )
    result = _reg3_test(answers)
    if answers.is_transition:
        indication = (
            "likely to be eligible after 18" if result.is_eligible else "not likely to be eligible"
        )
        return EligibilityResult(
            outcome=NOT_DETERMINED,
            reasons=(
                "Care Act 2014 s63-64: a transition assessment indicates likely eligibility "
                f"but makes no decision; indication: {indication}",
                *result.reasons,
            ),
            indication=indication,
            unable_outcomes=result.unable_outcomes,
            explanation=(
                "A transition assessment gives an indication, not a decision: they are "
                f"{indication}.",
                *result.explanation[:-1],
            ),
        )
    return result


def eligibility_override_allowed(*, override_outcome: str, reason: str) -> bool:
    """A professional override of the rules' answer is recorded only with a reason."""
    return override_outcome in {ELIGIBLE, NOT_ELIGIBLE} and bool(reason.strip())


# ---------------------------------------------------------------------------------------
# Resource allocation (domain-rules.md section 4). Points are local policy, not statute:
# they rank the impact of caring so the assessor's band choice is transparent.
OUTCOME_POINTS: dict[str, int] = {
    ACHIEVABLE: 0,
    NOT_APPLICABLE: 0,
    "needs_help": 2,
    "significant_distress": 3,
    "endangers": 4,
}
HEALTH_DETERIORATING_POINTS = 4
CARING_HOURS_POINTS: dict[str, int] = {"1_19": 0, "20_49": 2, "50_plus": 4}
NOT_LIKELY_TO_CONTINUE_POINTS = 2  # Care Act s10(5)(a)-(b): caring may break down.


@dataclass(frozen=True)
class ImpactAnswers:
    outcomes: Mapping[str, str]
    health_deteriorating: bool | None
    caring_hours: str
    likely_to_remain_able: str = ""
    likely_to_remain_willing: str = ""


def impact_score(answers: ImpactAnswers) -> int:
    score = sum(OUTCOME_POINTS.get(answers.outcomes.get(name, ""), 0) for name in OUTCOMES)
    if answers.health_deteriorating:
        score += HEALTH_DETERIORATING_POINTS
    score += CARING_HOURS_POINTS.get(answers.caring_hours, 0)
    if answers.likely_to_remain_able == "no":
        score += NOT_LIKELY_TO_CONTINUE_POINTS
    if answers.likely_to_remain_willing == "no":
        score += NOT_LIKELY_TO_CONTINUE_POINTS
    return score


@dataclass(frozen=True)
class Band:
    name: str
    min_score: int
    max_score: int | None
    amount: Decimal
    frequency: str


def band_for_score(score: int, bands: Sequence[Band]) -> Band | None:
    """The band whose score range holds `score`; the highest matching band if they overlap."""
    matches = [
        band
        for band in bands
        if band.min_score <= score and (band.max_score is None or score <= band.max_score)
    ]
    return max(matches, key=lambda band: band.amount) if matches else None


# Payments a year for each way a budget is paid (the model's BudgetFrequency choices). Approval
# judges what the council commits to in a year, so "£300 a week" is £15,600, not £300 (local
# scheme of delegation; a personal budget is the cost of meeting needs, Care Act 2014 s26).
PAYMENTS_A_YEAR: Mapping[str, int] = {"one_off": 1, "weekly": 52, "monthly": 12, "annual": 1}
# Changing either of these changes the yearly amount, so either can need approval again.
BUDGET_FIELDS = frozenset({"agreed_budget", "budget_frequency"})


def yearly_budget(*, amount: Decimal | None, frequency: str) -> Decimal | None:
    """The budget over a year: a one-off payment counts once."""
    if amount is None:
        return None
    return amount * PAYMENTS_A_YEAR[frequency or "one_off"]


@dataclass(frozen=True)
class AgreedBudget:
    amount: Decimal | None
    # True when the indicative budget is the agreed one: no other amount was entered, or the
    # amount entered is the same.
    is_indicative: bool


def budget_agreed(*, agreed: Decimal | None, indicative: Decimal | None) -> AgreedBudget:
    """The personal budget agreed with the carer (Care Act 2014 s26). Leaving the amount empty
    accepts the indicative budget, so that is the agreed budget, not a missing answer."""
    if agreed is None:
        return AgreedBudget(amount=indicative, is_indicative=indicative is not None)
    return AgreedBudget(amount=agreed, is_indicative=agreed == indicative)


def needs_approval(*, amount: Decimal | None, frequency: str, threshold: Decimal) -> bool:
    """A budget whose yearly amount is above the threshold needs a team manager's approval
    (local scheme of delegation)."""
    yearly = yearly_budget(amount=amount, frequency=frequency)
    return yearly is not None and yearly > threshold


# ---------------------------------------------------------------------------------------
# Reviews (Care Act 2014 s27). Statutory guidance: a light-touch review 6-8 weeks after the
# support plan starts (the default is the latest of those; ASSESSMENT_LIGHT_REVIEW_WEEKS may
# say sooner), then at least every 12 months (ASSESSMENT_REVIEW_INTERVAL_MONTHS). Support
# plans take both dates from here.
LIGHT_REVIEW_WEEKS = 8
REVIEW_INTERVAL_MONTHS = 12


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due_after_completion(
    *, completed_on: datetime.date, interval_months: int = REVIEW_INTERVAL_MONTHS
) -> datetime.date:
    return add_months(completed_on, interval_months)


def review_due_after_plan_start(
    *, plan_started_on: datetime.date, light_review_weeks: int = LIGHT_REVIEW_WEEKS
) -> datetime.date:
    return plan_started_on + datetime.timedelta(weeks=light_review_weeks)


def review_is_overdue(*, due_on: datetime.date | None, today: datetime.date) -> bool:
    return due_on is not None and due_on < today


# ---------------------------------------------------------------------------------------
# What each kind of assessment asks and must record before it can be completed. The question
# pages (forms.sections_for), the completion check and the services all read this table.
SEPARATE = "separate"
JOINT = "joint"
DECLINED = "declined"
REVIEW = "review"


@dataclass(frozen=True)
class KindRule:
    source: str
    # Asked on the "About this assessment" page, in this order.
    about: tuple[str, ...]
    # Of those (and the assessment's own links), what must be recorded to complete it.
    required: tuple[str, ...]
    # Whether the s10 questions and the reg. 3 eligibility test follow.
    assesses_needs: bool = True


KIND_RULES: dict[str, KindRule] = {
    SEPARATE: KindRule("Care Act 2014 s10", about=(), required=()),
    # Care Act s12(5): a combined assessment needs both people's agreement.
    JOINT: KindRule(
        "Care Act 2014 s12(5)",
        about=("cared_for", "carer_agreed_to_joint", "cared_for_agreed_to_joint"),
        required=("cared_for", "carer_agreed_to_joint", "cared_for_agreed_to_joint"),
    ),
    # Care Act s11(5): record when and why the carer refused; nothing else is assessed.
    DECLINED: KindRule(
        "Care Act 2014 s11(5)-(7)",
        about=("declined_on", "declined_reason"),
        required=("declined_on", "declined_reason"),
        assesses_needs=False,
    ),
    REVIEW: KindRule(
        "Care Act 2014 s27",
        about=("review_type", "review_reason"),
        required=("review_of", "review_type", "review_reason"),
    ),
}

S10_FIELDS = [
    "able_to_care",
    "likely_to_remain_able",
    "willing_to_care",
    "likely_to_remain_willing",
    "impact_on_wellbeing",
    "outcomes_wanted",
    "support_would_help",
]
# Every assessment that assesses needs must answer these: Care Act s10(5)-(6), then
# SI 2015/313 reg. 3(1)(a), 3(2)(b), 3(2)(a) and 3(1)(c).
NEEDS_ANSWERS: tuple[str, ...] = (
    *S10_FIELDS,
    "needs_arise_from_caring",
    *OUTCOMES,
    "health_deteriorating",
    "significant_impact",
)
# Recorded agreement, not just an answer: Care Act s12(5).
MUST_BE_YES = frozenset({"carer_agreed_to_joint", "cared_for_agreed_to_joint"})
# Care Act s12(5) when someone has said no: what the assessor can do instead. Without both
# people's agreement the carer still has a separate assessment (s10), never none.
NOT_AGREED_MESSAGES: dict[str, str] = {
    "carer_agreed_to_joint": (
        "A joint assessment needs the carer to agree. Record their agreement if they agree "
        "later, or carry out a separate assessment instead"
    ),
    "cared_for_agreed_to_joint": (
        "A joint assessment needs the person being cared for to agree. Record their agreement "
        "if they agree later, or carry out a separate assessment instead"
    ),
}
ANSWER_MESSAGES: dict[str, str] = {
    "declined_on": "Enter the date the carer declined the assessment",
    "declined_reason": "Enter the reason the carer gave",
    "cared_for": "Select the person being cared for",
    "carer_agreed_to_joint": "Select whether the carer agreed to a joint assessment",
    "cared_for_agreed_to_joint": (
        "Select whether the person being cared for agreed to a joint assessment"
    ),
    "review_of": "Select the assessment being reviewed",
    "review_type": "Select whether the review is planned or unplanned",
    "review_reason": "Enter the reason for the review",
    "able_to_care": "Select whether the carer is able to provide care",
    "likely_to_remain_able": "Select whether the carer is likely to continue to be able",
    "willing_to_care": "Select whether the carer is willing to provide care",
    "likely_to_remain_willing": "Select whether the carer is likely to continue to be willing",
    "impact_on_wellbeing": "Enter the impact of caring on the carer's wellbeing",
    "outcomes_wanted": "Enter the outcomes the carer wants",
    "support_would_help": "Select whether support would help the carer",
    "needs_arise_from_caring": "Select whether the needs arise from providing necessary care",
    **{name: f"Select whether the carer can achieve: {label}" for name, label in OUTCOMES.items()},
    "health_deteriorating": (
        "Select whether the carer's health is, or is at risk of, deteriorating"
    ),
    "significant_impact": "Select whether there is a significant impact on the carer's wellbeing",
}


def answers_needed(kind: str) -> tuple[str, ...]:
    """Everything an assessment of this kind must record before it is completed, in order."""
    rule = KIND_RULES[kind]
    return (*rule.required, *(NEEDS_ANSWERS if rule.assesses_needs else ()))


def decides_eligibility(*, kind: str, is_young_carer: bool, is_transition: bool) -> bool:
    """Whether the assessor records a reg. 3 decision: not for a refusal (s11(5)), a young
    carer's needs assessment (Children Act 1989 s17ZA) or a transition assessment (s63-64)."""
    return KIND_RULES[kind].assesses_needs and not (is_young_carer or is_transition)


def _unanswered(name: str, value: object) -> bool:
    if name in OUTCOMES:
        return value not in OUTCOME_VALUES
    if name in MUST_BE_YES:
        return value is not True
    return value is None or value == ""


def _message(name: str, value: object) -> str:
    if name in MUST_BE_YES and value is False:
        return NOT_AGREED_MESSAGES[name]
    return ANSWER_MESSAGES[name]


def completion_problems(*, kind: str, answers: Mapping[str, object]) -> dict[str, str]:
    """Field -> GOV.UK style message for every answer missing before completion; a refused
    agreement to a joint assessment says what to do instead."""
    return {
        name: _message(name, answers.get(name))
        for name in answers_needed(kind)
        if _unanswered(name, answers.get(name))
    }


def joint_agreement_refused(answers: Mapping[str, object]) -> bool:
    """Care Act s12(5): someone has said no to a joint assessment, so it cannot go ahead."""
    return any(answers.get(name) is False for name in MUST_BE_YES)


def refusal_result() -> EligibilityResult:
    """Care Act 2014 s11(5): a refused assessment is recorded, and decides nothing."""
    return EligibilityResult(
        outcome=NOT_DETERMINED,
        reasons=(
            "Care Act 2014 s11(5): the carer refused the assessment, so no eligibility "
            "decision is made",
        ),
        explanation=("The carer refused the assessment, so no eligibility decision is made.",),
    )
