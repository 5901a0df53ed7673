"""Money with its real frequency, and plain words for carers' pages.

A one-off £300 is "£300.00, paid once", never "£300.00 a year"; a weekly £20 is "£20.00 a
week (£1,040.00 a year)". Carers read "Paid to you as a direct payment", not the return's
"Council-managed personal budget" (the staff pages keep the CLD terms).
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.template.defaultfilters import floatformat

from support_plans.rules import TIMES_A_YEAR

register = template.Library()

PER = {"weekly": "a week", "fortnightly": "every 2 weeks", "monthly": "a month", "annual": "a year"}
CARER_WORDS = {
    "direct_payment": "Paid to you as a direct payment",
    "managed_personal_budget": "Arranged for you by the council from your personal budget",
    "commissioned": "Arranged by the council",
    "information_advice": "Information and advice",
}


def _pounds(amount) -> str:
    return f"£{floatformat(amount, '2g')}"


@register.filter
def money_every(amount, frequency: str) -> str:
    """An amount paid at `frequency`: "£20.00 a week", "£300.00, paid once"."""
    if amount is None:
        return "Not set"
    if frequency == "one_off":
        return f"{_pounds(amount)}, paid once"
    return f"{_pounds(amount)} {PER.get(frequency, 'each time')}"


@register.filter
def item_cost(item) -> str:
    """A plan item's cost each time and, when it recurs, over a year."""
    if item.frequency in ("one_off", "annual"):
        return money_every(item.cost, item.frequency)
    return f"{money_every(item.cost, item.frequency)} ({_pounds(item.annual_cost)} a year)"


@register.filter
def plan_budget(plan) -> str:
    """The personal budget as it is paid: the plan holds a yearly amount; the assessment
    says how often it is paid."""
    if plan.personal_budget is None:
        return "Not set"
    frequency = getattr(plan.assessment, "budget_frequency", "") or "annual"
    if frequency in ("one_off", "annual"):
        return money_every(plan.personal_budget, frequency)
    each = (Decimal(plan.personal_budget) / TIMES_A_YEAR[frequency]).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return f"{money_every(each, frequency)} ({_pounds(plan.personal_budget)} a year)"


@register.filter
def carer_words(delivery_mechanism: str) -> str:
    return CARER_WORDS.get(delivery_mechanism, "")


@register.filter
def paid_as_direct_payment(items) -> int:
    """How many of the plan's items are paid as a direct payment (the list is loaded)."""
    return sum(1 for item in items if item.delivery_mechanism == "direct_payment")
