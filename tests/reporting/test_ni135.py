import datetime
from decimal import Decimal

import pytest

from reporting import rules, selectors, services
from reporting.services import events

D = datetime.date
YEAR_2026 = rules.financial_year(2026)


def _by_key(rows):
    return {row["key"]: (row["assessed"], row["numerator"]) for row in rows}


def test_ni135_matches_the_hand_calculation(ni135_world):
    report = selectors.ni135_report(period=YEAR_2026)
    # N: c1 (separate + service), c2 (joint + advice), c5 (review + service; counted once).
    # Not c3 (no support), c4 (declined), c6/c8 (other years), c7 (not completed).
    # D = 40 entered for the year, so NI135 = 100 x 3 / 40 = 7.5.
    assert report.result.numerator == 3
    assert report.result.denominator == 40
    assert report.result.value == Decimal("7.5")
    assert report.target == Decimal("10.0")
    # Assessed or reviewed (counted kinds): c1, c2, c3, c5 = 4 of the 8 carers on record = 50%.
    assert report.assessed == 4
    assert report.identified_carers == 8
    assert report.identified_assessed_percent == Decimal("50.0")


def test_breakdown_by_kind_matches_the_seed_table(ni135_world):
    by_kind = selectors.ni135_report(period=YEAR_2026).by_kind
    # Separately: c1, c3, c5; jointly: c2; declined: c4; total of those = 5; reviewed: c5.
    assert by_kind == {"separate": 3, "joint": 1, "declined": 1, "total": 5, "reviewed": 1}


def test_breakdowns_by_team_age_band_and_hours(ni135_world):
    report = selectors.ni135_report(period=YEAR_2026)
    # Team X: c1, c2, c5 assessed and supported; team Y: c3 assessed, not supported.
    assert [(r["label"], r["assessed"], r["numerator"]) for r in report.by_team] == [
        ("Reporting Team X", 3, 3),
        ("Reporting Team Y", 1, 0),
    ]
    # Age at the assessment date: c2 16 (1 Jun 2026), c5 21, c1 35, c3 76.
    assert _by_key(report.by_age_band) == {
        "under_18": (1, 1),
        "18_25": (1, 1),
        "26_64": (1, 1),
        "65_84": (1, 0),
        "85_plus": (0, 0),
        "unknown": (0, 0),
    }
    assert _by_key(report.by_hours) == {"1_19": (1, 1), "20_49": (1, 1), "50_plus": (2, 1)}


def test_age_is_taken_at_the_assessment_date(ni135_world):
    # c2 turns 18 on 1 Jan 2028; an assessment on 31 Dec 2027 is still "Under 18".
    from tests.reporting.factories import AssessmentFactory

    AssessmentFactory(
        carer=ni135_world.carers["c2"],
        completed_on=D(2027, 12, 31),
        received_specific_service=True,
    )
    AssessmentFactory(
        carer=ni135_world.carers["c1"],
        completed_on=D(2027, 12, 31),
        received_specific_service=True,
    )
    events.events_refresh()
    report = selectors.ni135_report(period=rules.financial_year(2027))
    bands = _by_key(report.by_age_band)
    assert bands["under_18"] == (1, 1)
    # c1 (37 on 31 Dec 2027) and c8 (47 on 2 Apr 2027).
    assert bands["26_64"] == (2, 2)


@pytest.mark.parametrize(
    ("overrides", "numerator"),
    [
        ({}, 3),
        # c4 declined and was given advice: a refusal is never in N (docs/reporting.md).
        ({"count_declined": True}, 3),
        ({"count_joint": False}, 2),  # drops c2
        # c5 was also assessed separately in the year, and the service recorded at the
        # review is still a service in the same year, so c5 stays in N.
        ({"count_reviews": False}, 3),
        ({"min_carer_age": 18}, 2),  # drops c2 (16)
        ({"max_carer_age": 30}, 2),  # c2 and c5 only
    ],
)
def test_counting_choices_are_settings(ni135_world, settings, overrides, numerator):
    settings.REPORTING_NI135 = overrides
    assert selectors.ni135_report(period=YEAR_2026).result.numerator == numerator


def test_declined_counts_adds_refusals_to_carers_assessed_only(ni135_world, settings):
    before = selectors.ni135_report(period=YEAR_2026)
    settings.REPORTING_NI135 = {"count_declined": True}
    after = selectors.ni135_report(period=YEAR_2026)
    assert after.assessed == before.assessed + 1  # c4
    assert after.result.numerator == before.result.numerator


def test_team_scope_counts_only_those_teams(ni135_world):
    report = selectors.ni135_report(period=YEAR_2026, team_ids={ni135_world.team_y.id})
    assert report.result.numerator == 0
    assert report.assessed == 1
    assert report.identified_carers == 3  # c3, c4, c7


def test_denominator_exact_period_first_then_the_narrowest_covering_one(ni135_world):
    services.denominator_save(
        period_start=D(2026, 4, 1), period_end=D(2026, 6, 30), count=10, by=None
    )
    quarter = rules.Period(D(2026, 4, 1), D(2026, 6, 30))
    may = rules.month_period(2026, 5)
    september = rules.month_period(2026, 9)
    # Q1: c1 (1 May) and c2 (1 Jun) -> 100 x 2 / 10 = 20.0
    assert selectors.ni135_report(period=quarter).result.value == Decimal("20.0")
    # May: c1 only, against the quarter's 10 (narrowest covering) -> 10.0
    assert selectors.ni135_report(period=may).result.value == Decimal("10.0")
    # September: nobody, against the year's 40 -> 0.0
    assert selectors.ni135_report(period=september).result.value == Decimal("0.0")


def test_no_denominator_gives_no_value_and_says_why(db):
    report = selectors.ni135_report(period=rules.financial_year(2030))
    assert report.result.value is None
    assert "No count of people receiving community-based services" in report.reasons[0]


def test_denominator_entered_again_for_a_period_replaces_it(ni135_world):
    services.denominator_save(
        period_start=D(2026, 4, 1), period_end=D(2027, 3, 31), count=60, by=None
    )
    # 100 x 3 / 60 = 5.0
    assert selectors.ni135_report(period=YEAR_2026).result.value == Decimal("5.0")


def test_support_types_count_each_carer_once_at_the_highest(support_world):
    counts = {row["key"]: row["carers"] for row in selectors.support_type_counts(period=YEAR_2026)}
    # c1 DP + commissioned -> DP; c2 managed PB -> MPB; c5 commissioned (its replacement-care
    # DP involves the cared-for person); c3 assessed, nothing -> none; c4's declined
    # assessment -> none (NHS England's LTS003, cld-carers.md section 4). c9's information
    # item runs on from an assessment in an earlier year: advice is an outcome of a request,
    # assessment or review, not a service, so c9 has no event in the year. c10 (draft plan)
    # and c11 (item ended) are out.
    assert counts == {
        "direct_payment": 1,
        "managed_personal_budget": 1,
        "commissioned": 1,
        "unknown_mechanism": 0,
        "information_advice": 0,
        "no_direct_support": 2,
    }


def test_ni135_counts_use_a_fixed_number_of_queries(ni135_world, django_assert_max_num_queries):
    # Every figure is an aggregate: more rows never means more queries.
    # (12: the events' "as at" and the identified population are one query each.)
    with django_assert_max_num_queries(12):
        selectors.ni135_report(period=YEAR_2026)
