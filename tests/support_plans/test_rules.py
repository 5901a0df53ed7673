import datetime
from decimal import Decimal

import pytest

from support_plans import rules
from support_plans.rules import ItemCost


@pytest.mark.parametrize(
    ("cost", "frequency", "expected"),
    [
        ("20.00", "weekly", "1040.00"),
        ("20.00", "fortnightly", "520.00"),
        ("45.50", "monthly", "546.00"),
        ("300.00", "one_off", "300.00"),
        ("250.00", "annual", "250.00"),
        ("0.00", "weekly", "0.00"),
        ("3.333", "weekly", "173.32"),
    ],
)
def test_annual_cost_counts_each_payment_in_a_year(cost, frequency, expected):
    assert rules.annual_cost(cost=Decimal(cost), frequency=frequency) == Decimal(expected)


def test_annual_cost_rejects_an_unknown_frequency():
    with pytest.raises(ValueError, match="Unknown frequency"):
        rules.annual_cost(cost=Decimal("1"), frequency="hourly")


@pytest.mark.parametrize(
    ("source", "target", "facts", "allowed", "reason_fragment"),
    [
        ("draft", "agreed", {"carer_agreed": True, "has_items": True}, True, "s25(4)"),
        ("draft", "agreed", {"carer_agreed": False, "has_items": True}, False, "carer agreed"),
        ("draft", "agreed", {"carer_agreed": True, "has_items": False}, False, "at least one"),
        ("agreed", "active", {"carer_agreed": True}, True, "s25"),
        ("active", "under_review", {}, True, "s27"),
        ("under_review", "active", {"carer_agreed": True, "has_items": True}, True, "s27"),
        ("under_review", "closed", {}, True, "s27(4)"),
        ("active", "closed", {}, True, "s27"),
        ("draft", "closed", {}, True, "did not agree"),
        ("draft", "active", {"carer_agreed": True, "has_items": True}, False, "cannot become"),
        ("closed", "active", {"carer_agreed": True, "has_items": True}, False, "cannot become"),
        ("active", "draft", {}, False, "cannot become"),
    ],
)
def test_transition_table(source, target, facts, allowed, reason_fragment):
    result = rules.transition_check(source=source, target=target, facts=facts)
    assert result.allowed is allowed
    assert any(reason_fragment in reason for reason in result.reasons)


def test_a_closed_plan_has_nowhere_to_go():
    assert rules.transitions_from("closed") == []


def _item(amount: str, *, replacement: bool = False) -> ItemCost:
    return ItemCost(Decimal(amount), replacement, "commissioned")


@pytest.mark.parametrize(
    ("budget", "items", "within", "carer_total", "replacement_total"),
    [
        ("300.00", [_item("100.00"), _item("200.00")], True, "300.00", "0.00"),
        ("300.00", [_item("100.00"), _item("200.01")], False, "300.01", "0.00"),
        # Care Act 2014 s20: replacement care is never charged to the carer's budget.
        (
            "300.00",
            [_item("300.00"), _item("5000.00", replacement=True)],
            True,
            "300.00",
            "5000.00",
        ),
        (None, [_item("5000.00", replacement=True)], True, "0.00", "5000.00"),
        (None, [_item("10.00")], False, "10.00", "0.00"),
        ("0.00", [], True, "0.00", "0.00"),
    ],
)
def test_budget_check(budget, items, within, carer_total, replacement_total):
    result = rules.budget_check(personal_budget=Decimal(budget) if budget else None, items=items)
    assert result.within_budget is within
    assert result.carer_total == Decimal(carer_total)
    assert result.replacement_care_total == Decimal(replacement_total)
    assert result.reasons


def test_budget_overspend_message_says_by_how_much():
    result = rules.budget_check(personal_budget=Decimal("175.00"), items=[_item("200.00")])
    assert "£25.00 more than the personal budget of £175.00" in result.reasons[-1]


def test_direct_payment_above_the_budget_is_refused():
    result = rules.budget_check(
        personal_budget=Decimal("300.00"), items=[], direct_payment_annual=Decimal("520.00")
    )
    assert result.within_budget is False
    assert "direct payment of £520.00" in result.reasons[-1]


def test_first_review_is_eight_weeks_after_the_start():
    assert rules.first_review_due(starts_on=datetime.date(2026, 1, 5)) == datetime.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("status", "nexts"),
    [
        ("sent", ("accepted", "declined")),
        ("accepted", ("started", "declined")),
        ("started", ("ended",)),
        ("declined", ()),
        ("ended", ()),
    ],
)
def test_referral_loop(status, nexts):
    assert rules.referral_next_statuses(status) == nexts
