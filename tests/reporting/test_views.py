import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carers_portal.accounts.roles import Role
from reporting import rules, services
from reporting.models import CommunityServicesDenominator, IndicatorTarget
from tests.factories import UserFactory

D = datetime.date
TODAY = D(2026, 11, 23)


@pytest.fixture
def figures(ni135_world, monkeypatch):
    monkeypatch.setattr("reporting.selectors.today", lambda: TODAY)
    for month in (8, 9, 10, 11):
        services.figures_refresh(month=rules.month_period(2026, month), today=TODAY)
    return ni135_world


def test_dashboard_reads_the_overnight_figures(figures, world, client_for):
    response = client_for(world.user("commissioner")).get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    content = response.content.decode()
    tile = re.search(r'data-testid="tile-ni135">([^<]+)<', content).group(1)
    assert tile == "7.5%"
    assert "Reporting Team X" in content and "Reporting Team Y" in content
    # Chart data comes as JSON for the static script; the same figures are in a table.
    data = json.loads(
        re.search(
            r'<script id="chart-ni135" type="application/json">(.*?)</script>', content
        ).group(1)
    )
    assert data["labels"][-1] == "Nov 2026"
    assert data["datasets"][0]["data"][-1] == 7.5
    assert data["datasets"][1]["data"][-1] == 10.0
    assert 'data-testid="trend-table"' in content
    assert "reporting/charts.js" in content
    assert 'data-testid="budget-table"' in content


def test_team_managers_see_only_their_teams_and_no_budget(figures, client_for):
    manager = UserFactory(
        username="reporting-manager", role=Role.TEAM_MANAGER, teams=[figures.team_y]
    )
    content = client_for(manager).get(reverse("reporting:dashboard")).content.decode()
    assert "Reporting Team Y" in content
    assert "Reporting Team X" not in content
    assert 'data-testid="budget-table"' not in content
    detail = client_for(manager).get(reverse("reporting:ni135"), {"year": 2026})
    assert "Reporting Team X" not in detail.content.decode()
    api = client_for(manager).get(reverse("api:reporting-ni135")).json()
    assert api["numerator"] == 0
    assert [row["label"] for row in api["breakdown"]["by_team"]] == ["Reporting Team Y"]


def test_dashboard_reads_only_pre_computed_figures(figures, world, client_for):
    client = client_for(world.user("commissioner"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("reporting:dashboard"))
    touched = " ".join(q["sql"] for q in queries.captured_queries)
    assert "assessments_assessment" not in touched
    assert "triage_carer" not in touched
    # Budget commitments too: the nightly job sums the plan items, not the page.
    assert "support_plans_planitem" not in touched
    assert "services_directory_contract" not in touched


def test_ni135_page_shows_the_breakdowns(figures, world, client_for):
    content = (
        client_for(world.user("commissioner"))
        .get(reverse("reporting:ni135"), {"year": 2026})
        .content.decode()
    )
    assert 'data-testid="ni135-value">7.5%' in content
    assert "Assessed jointly" in content
    assert "Declined assessments count" in content


def test_ni135_api_matches_the_hand_calculation(ni135_world, world, client_for):
    response = client_for(world.user("commissioner")).get(
        reverse("api:reporting-ni135"), {"from": "2026-04-01", "to": "2027-03-31"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["numerator"], body["denominator"], body["value"]) == (3, 40, 7.5)
    assert body["breakdown"]["by_kind"] == {
        "separate": 3,
        "joint": 1,
        "declined": 1,
        "total": 5,
        "reviewed": 1,
    }
    # 4 of the 8 carers on the register when the events were last brought up to date (the
    # world's 2 carers were added after it): the same figure the stored dashboard shows.
    assert body["breakdown"]["identified_assessed_percent"] == 50.0
    bands = {row["key"]: row["numerator"] for row in body["breakdown"]["by_age_band"]}
    assert bands["under_18"] == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2026-13-01", "to": "2027-03-31"}, "from"),
        ({"from": "2026-04-01", "to": "31/03/2027"}, "to"),
        ({"from": "2027-04-01", "to": "2026-04-01"}, "to"),
        ({"from": "2026-04-01"}, "to"),
    ],
)
def test_ni135_api_refuses_bad_dates(world, client_for, query, field):
    response = client_for(world.user("commissioner")).get(reverse("api:reporting-ni135"), query)
    assert response.status_code == 400
    assert field in response.json()


def test_denominator_form(world, client_for):
    client = client_for(world.user("commissioner"))
    response = client.post(
        reverse("reporting:denominators"),
        {
            "period_start_0": "1",
            "period_start_1": "4",
            "period_start_2": "2026",
            "period_end_0": "31",
            "period_end_1": "3",
            "period_end_2": "2026",
            "count": "",
        },
    )
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter the number of people receiving community-based services" in content
    assert "The last day of the period must be the same as or after the first" in content
    response = client.post(
        reverse("reporting:denominators"),
        {
            "period_start_0": "1",
            "period_start_1": "4",
            "period_start_2": "2026",
            "period_end_0": "31",
            "period_end_1": "3",
            "period_end_2": "2027",
            "count": "4180",
            "notes": "ASC system, March snapshot",
        },
    )
    assert response.status_code == 302
    saved = CommunityServicesDenominator.objects.get()
    assert (saved.count, saved.entered_by) == (4180, world.user("commissioner"))


def test_target_form(world, client_for):
    client = client_for(world.user("administrator"))
    response = client.post(reverse("reporting:targets"), {"financial_year": "2026", "target": "x"})
    assert "Target must be a number, like 28.5" in response.content.decode()
    client.post(reverse("reporting:targets"), {"financial_year": "2026", "target": "28.5"})
    assert IndicatorTarget.objects.get(financial_year=2026).target == Decimal("28.5")


@pytest.mark.parametrize("name", ["reporting:denominators", "reporting:targets"])
def test_lists_do_not_grow_queries_with_rows(world, client_for, name):
    client = client_for(world.user("commissioner"))
    counts = []
    for first, count in ((0, 3), (3, 27)):
        for offset in range(first, first + count):
            services.denominator_save(
                period_start=D(2000 + offset, 4, 1),
                period_end=D(2001 + offset, 3, 31),
                count=offset,
                by=world.user("commissioner"),
            )
            services.target_save(
                financial_year=2000 + offset, target=Decimal("20"), by=world.user("commissioner")
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_ni135_api_reads_blank_dates_as_not_given(world, client_for):
    # As every other query parameter in the API does (the schema says so: allowEmptyValue).
    client = client_for(world.user("commissioner"))
    blank = client.get(reverse("api:reporting-ni135"), {"from": "", "to": ""})
    assert blank.status_code == 200
    default = client.get(reverse("api:reporting-ni135")).json()
    assert (blank.json()["from"], blank.json()["to"]) == (default["from"], default["to"])


def test_dashboard_budget_commitments_are_the_nightly_figures_of_the_live_budget(
    support_world, monkeypatch
):
    from reporting import selectors
    from reporting.models import BudgetStream

    BudgetStream.objects.get_or_create(
        financial_year=2026,
        key="care_act",
        defaults={"name": "Care Act funding", "amount": Decimal("100000.00")},
    )
    monkeypatch.setattr("reporting.selectors.today", lambda: TODAY)
    services.figures_refresh(month=rules.month_period(2026, 11), today=TODAY)
    live = selectors.budget_summary(financial_year=2026)
    assert live["total_committed"] > 0
    shown = selectors.dashboard_figures(today=TODAY, team_ids=None, with_budget=True)["budget"]
    assert shown["total_committed"] == live["total_committed"]
    assert [s["committed_plans"] for s in shown["streams"]] == [
        s["committed_plans"] for s in live["streams"]
    ]


def test_charts_and_their_table_mark_where_the_financial_year_starts(figures, world, client_for):
    content = client_for(world.user("commissioner")).get(reverse("reporting:dashboard"))
    content = content.content.decode()
    for chart in ("chart-ni135", "chart-assessments"):
        data = json.loads(
            re.search(
                rf'<script id="{chart}" type="application/json">(.*?)</script>', content
            ).group(1)
        )
        # December 2025 to November 2026: April 2026 is the fifth month.
        assert data["labels"][4] == "Apr 2026"
        assert data["year_starts"] == [
            {
                "index": 4,
                "month": "April 2026",
                "year": "2026 to 2027",
                "label": "Financial year 2026 to 2027 starts",
            }
        ]
    note = re.search(r'data-testid="year-start-note">([^<]+)<', content).group(1)
    assert "marks April 2026, where the financial year 2026 to 2027 starts" in note
    assert "A dashed line marks April 2026: financial year 2026 to 2027 starts." in content
    row = re.search(r"<th scope=\"row\" class=\"govuk-table__header\">Apr 2026(.*?)</th>", content)
    assert "Financial year 2026 to 2027 starts" in row.group(1)
    assert content.count('data-testid="year-start-row"') == 1
