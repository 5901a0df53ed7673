import datetime

import pytest

from services_directory import rules
from services_directory.rules import EligibilityFacts

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 11, 23), 12, D(2025, 11, 23)),
        (D(2026, 3, 31), 1, D(2026, 2, 28)),
        (D(2024, 2, 29), 12, D(2023, 2, 28)),
        (D(2026, 1, 15), 13, D(2024, 12, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert rules.months_before(day, months) == expected


TODAY = D(2026, 11, 23)


@pytest.mark.parametrize(
    ("last_verified_on", "months", "stale", "reason"),
    [
        (None, 12, True, "never been verified"),
        (D(2025, 11, 22), 12, True, "more than 12 months ago"),
        (D(2025, 11, 23), 12, False, "Verified on 23 November 2025"),
        (D(2026, 6, 1), 6, False, "Verified on"),
        (D(2026, 5, 22), 6, True, "more than 6 months ago"),
    ],
)
def test_service_is_stale(last_verified_on, months, stale, reason):
    result = rules.service_is_stale(
        last_verified_on=last_verified_on, today=TODAY, stale_after_months=months
    )
    assert result.ok is stale
    assert reason in result.reasons[0]


@pytest.mark.parametrize(
    ("capacity", "uptake", "full", "reason"),
    [
        (None, 500, False, "no limit"),
        (10, 9, False, "1 of 10 places free"),
        (10, 10, True, "All 10 places are taken"),
        (10, 12, True, "12 in use"),
        (0, 0, True, "All 0 places"),
    ],
)
def test_service_is_at_capacity(capacity, uptake, full, reason):
    result = rules.service_is_at_capacity(capacity=capacity, uptake=uptake)
    assert result.ok is full
    assert reason in result.reasons[0]


@pytest.mark.parametrize(
    ("typed", "district"),
    [
        ("NR1 3QU", "NR1"),
        ("nr1 3qu", "NR1"),
        ("  NR13QU ", "NR1"),
        ("NR1", "NR1"),
        ("IP14 1AA", "IP14"),
        ("SW1A 1AA", "SW1A"),
        ("Norwich", None),
        ("", None),
        ("12345", None),
    ],
)
def test_postcode_district(typed, district):
    assert rules.postcode_district(typed) == district


YOUNG_CARERS_IN_NR1 = EligibilityFacts(
    minimum_age=5, maximum_age=17, areas=("NR1",), carer_types=("young",)
)


@pytest.mark.parametrize(
    ("kwargs", "eligible", "reason"),
    [
        ({"age": 12, "district": "NR1", "carer_type": "young"}, True, "Meets"),
        ({"age": 4}, False, "aged 5 or over"),
        ({"age": 18}, False, "aged 17 or under"),
        ({"district": "NR2"}, False, "does not cover NR2"),
        ({"carer_type": "adult"}, False, "not for this kind of carer"),
        ({}, True, "Meets"),
    ],
)
def test_carer_is_eligible(kwargs, eligible, reason):
    result = rules.carer_is_eligible(YOUNG_CARERS_IN_NR1, **kwargs)
    assert result.ok is eligible
    assert any(reason in r for r in result.reasons)
