import datetime
from decimal import Decimal

import pytest

from reporting import rules


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (None, "unknown"),
        (0, "under_18"),
        (17, "under_18"),
        (18, "18_25"),
        (25, "18_25"),
        (26, "26_64"),
        (64, "26_64"),
        (65, "65_84"),
        (84, "65_84"),
        (85, "85_plus"),
        (104, "85_plus"),
    ],
)
def test_lts003_age_bands(age, band):
    assert rules.age_band(age) == band


@pytest.mark.parametrize(
    ("numerator", "denominator", "value"),
    [
        (3, 40, Decimal("7.5")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (0, 10, Decimal("0.0")),
        (5, None, None),
        (5, 0, None),
    ],
)
def test_ni135_is_100_n_over_d(numerator, denominator, value):
    result = rules.ni135_value(numerator=numerator, denominator=denominator)
    assert result.value == value
    assert result.reasons


@pytest.mark.parametrize(
    ("mechanisms", "advice", "expected"),
    [
        ({"direct_payment", "commissioned"}, False, "direct_payment"),
        ({"managed_personal_budget", "commissioned"}, True, "managed_personal_budget"),
        ({"commissioned"}, True, "commissioned"),
        ({"information_advice"}, False, "information_advice"),
        (set(), True, "information_advice"),
        (set(), False, "no_direct_support"),
    ],
)
def test_support_type_is_the_highest_ranked(mechanisms, advice, expected):
    assert rules.support_type(mechanisms, had_information_advice=advice) == expected


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (datetime.date(2026, 11, 23), datetime.date(2026, 4, 1), datetime.date(2027, 3, 31)),
        (datetime.date(2027, 3, 31), datetime.date(2026, 4, 1), datetime.date(2027, 3, 31)),
        (datetime.date(2027, 4, 1), datetime.date(2027, 4, 1), datetime.date(2028, 3, 31)),
    ],
)
def test_default_period_is_the_financial_year(today, start, end):
    assert rules.default_period(today) == rules.Period(start, end)


def test_counting_choice_defaults_count_separate_joint_and_reviews_not_declined():
    assert rules.counting_choices().counted_kinds() == ["separate", "joint", "review"]
    assert rules.counting_choices({"count_declined": True}).count_declined is True
    with pytest.raises(ValueError, match="Unknown NI135 counting choices"):
        rules.counting_choices({"count_everyone": True})


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (datetime.date(2026, 4, 1), None, 365),
        (datetime.date(2026, 10, 1), datetime.date(2027, 9, 30), 182),
        (datetime.date(2025, 1, 1), datetime.date(2026, 4, 30), 30),
        (datetime.date(2025, 1, 1), datetime.date(2026, 3, 31), 0),
    ],
)
def test_overlap_days_with_the_financial_year(start, end, days):
    assert rules.overlap_days(start, end, rules.financial_year(2026)) == days


def test_pro_rata_rounds_to_the_penny():
    year = rules.financial_year(2026)
    assert rules.pro_rata(Decimal("1000"), 30, year) == Decimal("82.19")


def test_over_allocation_is_refused_with_the_amount_over():
    check = rules.check_allocation(
        stream_name="Base budget",
        stream_amount=Decimal("360000"),
        allocated_total=Decimal("360001"),
    )
    assert not check.ok
    assert "£1.00 more than its £360,000.00" in check.reasons[0]


@pytest.mark.parametrize("text", ["2026-13", "26-10", "2026/10", "October", ""])
def test_bad_months_are_refused(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        rules.parse_month(text)


def test_month_parsing_gives_the_whole_month():
    assert rules.parse_month("2027-02") == rules.Period(
        datetime.date(2027, 2, 1), datetime.date(2027, 2, 28)
    )
