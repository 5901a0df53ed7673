import datetime
from decimal import Decimal

import pytest

from emergency_cards import rules
from emergency_cards.services import card_number_generate

# Known-good Luhn numbers (ISO/IEC 7812-1 Annex B worked examples and generated ones).
VALID_NUMBERS = ["79927398713", "123456789015", "400000000002", "999999999991"]


@pytest.mark.parametrize("payload, digit", [("7992739871", "3"), ("12345678901", "5"), ("0", "0")])
def test_luhn_check_digit_matches_the_standard_examples(payload, digit):
    assert rules.luhn_check_digit(payload) == digit


def _numbers_to_test() -> list[str]:
    return [n for n in VALID_NUMBERS if len(n) == rules.CARD_NUMBER_LENGTH] + [
        card_number_generate() for _ in range(5)
    ]


@pytest.mark.parametrize("number", _numbers_to_test())
def test_every_single_digit_substitution_is_rejected(number):
    assert rules.card_number_check(number).ok
    for position in range(len(number)):
        for digit in "0123456789":
            if digit == number[position]:
                continue
            changed = number[:position] + digit + number[position + 1 :]
            result = rules.card_number_check(changed)
            assert not result.ok, changed
            assert result.reasons == [rules.INVALID_CARD_NUMBER_MESSAGE]


@pytest.mark.parametrize(
    "typed, ok, reason",
    [
        ("", False, "Enter the card number"),
        ("1234 5678 9015", True, None),
        ("1234-5678-9015", True, None),
        ("1234 5678 901", False, rules.INVALID_CARD_NUMBER_MESSAGE),
        ("1234 5678 901X", False, rules.INVALID_CARD_NUMBER_MESSAGE),
        ("1234 5678 9016", False, rules.INVALID_CARD_NUMBER_MESSAGE),
    ],
)
def test_card_number_check(typed, ok, reason):
    result = rules.card_number_check(typed)
    assert result.ok is ok
    if reason:
        assert result.reasons[0].startswith(reason)


def test_generated_numbers_are_twelve_digits_valid_and_different():
    numbers = {card_number_generate() for _ in range(200)}
    assert len(numbers) == 200
    for number in numbers:
        assert len(number) == rules.CARD_NUMBER_LENGTH and number.isdigit()
        assert rules.card_number_check(number).ok


def test_card_numbers_are_printed_in_groups_of_four():
    assert rules.format_card_number("123456789015") == "1234 5678 9015"


def _contact(name="A", contact=True, share=True):
    return rules.ContactFacts(name=name, consents_to_contact=contact, consents_to_share=share)


@pytest.mark.parametrize(
    "contacts, active, ok, reason",
    [
        ([_contact()], True, False, "Add at least 2 emergency contacts"),
        ([_contact(), _contact()], True, True, None),
        ([_contact(), _contact(), _contact()], True, True, None),
        ([_contact()] * 4, True, False, "Add no more than 3 emergency contacts"),
        ([_contact(), _contact("Bo", contact=False)], True, False, "Bo has not agreed to be contacted"),
        ([_contact(), _contact("Bo", share=False)], True, False, "Bo has not agreed to have their details shared"),
        ([_contact(), _contact("Bo", share=False)], False, True, None),
    ],
)  # fmt: skip
def test_contacts_check(contacts, active, ok, reason):
    result = rules.contacts_check(contacts, plan_active=active)
    assert result.ok is ok
    if reason:
        assert reason in result.reasons


@pytest.mark.parametrize(
    "hours, free, ok",
    [(Decimal("0"), 48, True), (Decimal("48"), 48, True), (Decimal("48.5"), 48, False), (Decimal("30"), 24, False)],
)  # fmt: skip
def test_replacement_care_beyond_the_free_hours_needs_review(hours, free, ok):
    result = rules.replacement_care_review(hours=hours, free_hours=free)
    assert result.ok is ok
    if not ok:
        assert "financial assessment" in result.reasons[0]


@pytest.mark.parametrize(
    "confirmed, due",
    [
        (datetime.date(2026, 3, 15), datetime.date(2027, 3, 15)),
        (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
        (datetime.date(2026, 12, 31), datetime.date(2027, 12, 31)),
    ],
)
def test_review_is_due_twelve_months_after_confirmation(confirmed, due):
    assert rules.review_due_on(confirmed) == due


@pytest.mark.parametrize(
    "today, state",
    [
        (datetime.date(2027, 1, 1), rules.ReviewState.CURRENT),
        (datetime.date(2027, 2, 15), rules.ReviewState.DUE),
        (datetime.date(2027, 3, 15), rules.ReviewState.EXPIRED),
        (datetime.date(2027, 6, 1), rules.ReviewState.EXPIRED),
    ],
)
def test_review_state(today, state):
    assert rules.review_state(review_due=datetime.date(2027, 3, 15), today=today)[0] == state


@pytest.mark.parametrize("failures, ok", [(0, True), (9, True), (10, False), (25, False)])
def test_lookups_are_throttled_after_ten_failures(failures, ok):
    result = rules.lookup_throttled(recent_failures=failures)
    assert result.ok is ok
    if not ok:
        assert result.reasons[0].startswith("Too many attempts")
