"""Rules for carers' support plans, as pure functions over plain data. No ORM here.

Sources (see ../shared/reference/domain-rules.md section 2):
- Care Act 2014 s20: replacement care meets the carer's needs by caring for the adult; any
  charge falls on the adult, and it is not part of the carer's personal budget.
- Care Act 2014 s25(1): what a support plan must say; s25(2): direct payments, which needs
  they meet, their amount and frequency; s25(4)-(5): the carer is involved and agrees.
- Care Act 2014 s26: the personal budget is the cost of meeting the carer's needs.
- Care Act 2014 s27: plans are kept under review and reviewed on any reasonable request;
  statutory guidance expects a light-touch review 6-8 weeks after the plan starts, then at
  least every 12 months.
- Care Act 2014 s31-33: direct payments, one-off or regular.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from assessments import rules as assessment_rules

DRAFT = "draft"
AGREED = "agreed"
ACTIVE = "active"
UNDER_REVIEW = "under_review"
CLOSED = "closed"

PENNY = Decimal("0.01")

# How many times a year a cost recurs. A one-off cost counts once in the year it is paid.
TIMES_A_YEAR: dict[str, int] = {
    "one_off": 1,
    "weekly": 52,
    "fortnightly": 26,
    "monthly": 12,
    "annual": 1,
}


def annual_cost(*, cost: Decimal, frequency: str) -> Decimal:
    """The cost of an item (or payment) over a year, to the penny."""
    if frequency not in TIMES_A_YEAR:
        raise ValueError(f"Unknown frequency {frequency!r}")
    return (Decimal(cost) * TIMES_A_YEAR[frequency]).quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    citation: str
    # What must be true of the plan first, as keys of PlanFacts.
    needs: tuple[str, ...] = ()


# Care Act 2014 s25-27: the life of a plan.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        DRAFT,
        AGREED,
        "Mark the plan as agreed with the carer",
        "Care Act 2014 s25(4)-(5): the plan is agreed with the carer",
        needs=("carer_agreed", "has_items"),
    ),
    Transition(
        AGREED,
        ACTIVE,
        "Start the plan",
        "Care Act 2014 s25: the support in the agreed plan starts",
        needs=("carer_agreed",),
    ),
    Transition(
        AGREED,
        DRAFT,
        "Return the plan to draft",
        "Care Act 2014 s25(4): changes before it starts need the carer's agreement again",
    ),
    Transition(
        ACTIVE,
        UNDER_REVIEW,
        "Start a review",
        "Care Act 2014 s27(1)-(4): keep the plan under review; review on reasonable request",
    ),
    Transition(
        UNDER_REVIEW,
        ACTIVE,
        "Finish the review and continue the plan",
        "Care Act 2014 s27: after review the revised plan continues",
        needs=("carer_agreed", "has_items"),
    ),
    Transition(
        UNDER_REVIEW,
        CLOSED,
        "Close the plan",
        "Care Act 2014 s27(4): the review concludes the plan is no longer needed",
    ),
    Transition(
        ACTIVE,
        CLOSED,
        "Close the plan",
        "Care Act 2014 s27: the plan ends (needs met, caring ended or the carer moved away)",
    ),
    Transition(
        DRAFT,
        CLOSED,
        "Close the plan without agreeing it",
        "Care Act 2014 s25(4): the carer did not agree to a plan",
    ),
)

NEED_MESSAGES: dict[str, str] = {
    "carer_agreed": "Record the date the carer agreed the plan, and how",
    "has_items": "Add at least one item of support to the plan",
    "within_budget": "The support for the carer must not cost more than the personal budget",
}


@dataclass(frozen=True)
class TransitionResult:
    allowed: bool
    reasons: list[str] = field(default_factory=list)


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == status]


def transition_check(*, source: str, target: str, facts: dict[str, bool]) -> TransitionResult:
    """Whether a plan may move from `source` to `target`, and why (or why not)."""
    for transition in TRANSITIONS:
        if transition.source == source and transition.target == target:
            missing = [NEED_MESSAGES[need] for need in transition.needs if not facts.get(need)]
            if missing:
                return TransitionResult(False, missing)
            return TransitionResult(True, [transition.citation])
    return TransitionResult(False, [f"A plan that is {source} cannot become {target}"])


@dataclass(frozen=True)
class ItemCost:
    annual_cost: Decimal
    for_cared_for_person: bool
    delivery_mechanism: str


@dataclass(frozen=True)
class BudgetResult:
    within_budget: bool
    carer_total: Decimal
    replacement_care_total: Decimal
    remaining: Decimal | None
    reasons: list[str]


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def budget_check(
    *,
    personal_budget: Decimal | None,
    items: Iterable[ItemCost],
    direct_payment_annual: Decimal | None = None,
) -> BudgetResult:
    """Whether the support for the carer fits the personal budget (Care Act 2014 s26).

    Replacement care (Care Act 2014 s20) is for the cared-for person, so it is counted
    separately and never against the carer's budget.
    """
    carer_total = Decimal("0.00")
    replacement_total = Decimal("0.00")
    for item in items:
        if item.for_cared_for_person:
            replacement_total += item.annual_cost
        else:
            carer_total += item.annual_cost
    reasons: list[str] = []
    if replacement_total:
        reasons.append(
            f"Replacement care of {_money(replacement_total)} a year is for the cared-for "
            "person and is not part of the carer's personal budget (Care Act 2014 s20)"
        )
    if personal_budget is None:
        if carer_total:
            reasons.append(
                f"Support for the carer costs {_money(carer_total)} a year but no personal "
                "budget is set (Care Act 2014 s26)"
            )
            return BudgetResult(False, carer_total, replacement_total, None, reasons)
        return BudgetResult(True, carer_total, replacement_total, None, reasons)
    remaining = personal_budget - carer_total
    within = remaining >= 0
    if within:
        reasons.append(
            f"Support for the carer costs {_money(carer_total)} a year, within the personal "
            f"budget of {_money(personal_budget)} (Care Act 2014 s26)"
        )
    else:
        reasons.append(
            f"Support for the carer costs {_money(carer_total)} a year, which is "
            f"{_money(-remaining)} more than the personal budget of {_money(personal_budget)} "
            "(Care Act 2014 s26)"
        )
    if direct_payment_annual is not None and direct_payment_annual > personal_budget:
        within = False
        reasons.append(
            f"The direct payment of {_money(direct_payment_annual)} a year is more than the "
            f"personal budget of {_money(personal_budget)} (Care Act 2014 s25(2) and s26)"
        )
    return BudgetResult(within, carer_total, replacement_total, remaining, reasons)


def overspend_on_adding(*, result: BudgetResult, personal_budget: Decimal | None) -> str | None:
    """What the worker adding support reads on its cost when the carer's support would then
    cost more than the personal budget (Care Act 2014 s26): by how much, and what they can
    do. None when it fits."""
    if personal_budget is None:
        if result.within_budget:
            return None
        return (
            f"This support would cost {_money(result.carer_total)} a year, but the plan has no "
            "personal budget yet. Set the plan's personal budget first, or enter 0 if the "
            "support is free"
        )
    if result.remaining is None or result.remaining >= 0:
        return None
    return (
        f"This would bring the support for the carer to {_money(result.carer_total)} a year, "
        f"{_money(-result.remaining)} more than the personal budget of "
        f"{_money(personal_budget)} a year. To fit the budget, lower the cost or how often it "
        "is provided, or remove other support from the plan. A bigger budget needs your team "
        "manager"
    )


# Care Act 2014 s27 review dates are the assessments' rules, so a plan and its assessment
# can never disagree about when the carer is next seen.
def first_review_due(
    *, starts_on: datetime.date, light_review_weeks: int = assessment_rules.LIGHT_REVIEW_WEEKS
) -> datetime.date:
    """Statutory guidance on s27: a light-touch review 6-8 weeks after the plan starts."""
    return assessment_rules.review_due_after_plan_start(
        plan_started_on=starts_on, light_review_weeks=light_review_weeks
    )


def next_review_due_after_review(
    *,
    reviewed_on: datetime.date,
    interval_months: int = assessment_rules.REVIEW_INTERVAL_MONTHS,
) -> datetime.date:
    """Statutory guidance on s27: after a review, the next one within 12 months."""
    return assessment_rules.review_due_after_completion(
        completed_on=reviewed_on, interval_months=interval_months
    )


# Closing the referral loop: a service accepts or declines, then starts and ends.
REFERRAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "sent": ("accepted", "declined"),
    "accepted": ("started", "declined"),
    "started": ("ended",),
    "declined": (),
    "ended": (),
}


def referral_next_statuses(status: str) -> tuple[str, ...]:
    return REFERRAL_TRANSITIONS.get(status, ())
