"""One figure everywhere: the dashboard, the NI135 page, the API and the monthly return give
the same NI135 for the same records, each labelled "as at"; a commissioner can recompute now.
The casework is conftest's ni135_world (NI135 2026 to 2027 = 100 x 3 / 40 = 7.5)."""

import datetime
from decimal import Decimal

from django.urls import reverse

from reporting import rules, selectors, services
from reporting.models import EventRefresh, ReturnRun
from reporting.services.cld import cld_return_produce
from reporting.services.events import events_refresh
from tests.reporting.factories import AssessmentFactory

D = datetime.date


def test_dashboard_page_api_and_return_agree(ni135_world, world, client_for):
    commissioner = client_for(world.user("commissioner"))
    response = commissioner.post(reverse("reporting:recompute"), {"return_to": "dashboard"})
    assert response.status_code == 302 and response["Location"] == reverse("reporting:dashboard")
    dashboard = commissioner.get(reverse("reporting:dashboard"))
    page = commissioner.get(reverse("reporting:ni135"), {"year": 2026})
    api = commissioner.get(
        reverse("api:reporting-ni135"), {"from": "2026-04-01", "to": "2027-03-31"}
    ).json()
    tiles = dashboard.context["tiles"]
    report = page.context["report"]
    # The financial year as a whole (page, API) and the year to date (the dashboard's stored
    # figure): no record in the fixture falls after today, so they are the same number.
    assert tiles["ni135"] == 7.5
    assert report.result.value == Decimal("7.5")
    assert api["value"] == 7.5
    assert tiles["identified_percent"] == float(report.identified_assessed_percent)
    assert api["breakdown"]["identified_assessed_percent"] == tiles["identified_percent"]
    # Last month's return and the API for exactly its period (the year to its last day).
    month = rules.previous_month(selectors.today())
    run = services.return_produce(period=month)
    year_start = rules.financial_year(rules.financial_year_start(month.start)).start
    same_period = commissioner.get(
        reverse("api:reporting-ni135"), {"from": year_start, "to": month.end}
    ).json()
    assert run.figures["ni135_year_to_date.numerator"] == str(same_period["numerator"]) == "3"
    assert run.figures["ni135_year_to_date.value_percent"] == "7.5"
    assert run.figures["ni135_year_to_date.identified_carers"] == str(
        same_period["breakdown"]["identified_carers"]
    )
    # Each says when.
    assert "As at" in page.content.decode() and "As at" in dashboard.content.decode()
    assert api["as_at"] is not None


def test_new_casework_shows_after_recompute_and_not_before(ni135_world, world, client_for):
    commissioner = client_for(world.user("commissioner"))
    AssessmentFactory(
        carer=ni135_world.carers["c3"], completed_on=D(2026, 9, 1), received_specific_service=True
    )
    before = selectors.ni135_report(period=rules.financial_year(2026))
    assert before.result.numerator == 3  # still as at the last count
    refreshes = EventRefresh.objects.count()
    commissioner.post(reverse("reporting:recompute"), {"return_to": "ni135"})
    assert EventRefresh.objects.count() == refreshes + 1
    page = commissioner.get(reverse("reporting:ni135"), {"year": 2026})
    assert page.context["report"].result.numerator == 4


def test_recompute_is_for_commissioners_and_post_only(ni135_world, world, client_for):
    url = reverse("reporting:recompute")
    assert client_for(world.user("commissioner")).get(url).status_code == 405
    assert client_for(world.user("team_manager")).post(url).status_code in (403, 404)
    assert client_for(world.user("assessor")).post(url).status_code in (403, 404)


def test_identified_population_entered_with_its_source_is_used(ni135_world, world, client_for):
    commissioner = client_for(world.user("commissioner"))
    bad = commissioner.post(reverse("reporting:population"), {"financial_year": "2026"})
    assert bad.status_code == 200 and "Enter the number of carers" in bad.content.decode()
    response = commissioner.post(
        reverse("reporting:population"),
        {
            "financial_year": "2026",
            "count": "72400",
            "source": "estimate",
            "source_detail": "Seed strategy",
        },
    )
    assert response.status_code == 302
    report = selectors.ni135_report(period=rules.financial_year(2026))
    assert report.identified_carers == 72400
    assert report.identified_source == "Estimate: 72,400 carers (Seed strategy)"
    # 4 carers assessed of 72,400
    assert report.identified_assessed_percent == Decimal("0.0")
    page = commissioner.get(reverse("reporting:ni135"), {"year": 2026}).content.decode()
    assert "Estimate: 72,400 carers" in page


def test_validation_report_page_and_csv_for_a_return_with_errors(ni135_world, world, client_for):
    carer = ni135_world.carers["c1"]
    carer.nhs_number = "1234567890"
    carer.save(update_fields=["nhs_number"])
    events_refresh()
    run = cld_return_produce(quarter=rules.Period(D(2026, 7, 1), D(2026, 9, 30)))
    commissioner = client_for(world.user("commissioner"))
    returns = commissioner.get(reverse("reporting:returns")).content.decode()
    assert 'data-testid="return-has-errors"' in returns
    page = commissioner.get(reverse("reporting:cld-validation", args=[run.id])).content.decode()
    assert "Fix them before you submit it" in page
    assert "This is not a valid NHS number" in page
    csv_text = commissioner.get(reverse("reporting:cld-validation-csv", args=[run.id]))
    lines = csv_text.content.decode().splitlines()
    assert lines[0] == "row,field,value,problem,how to fix it,rule,severity"
    assert any("NHS Number,1234567890,This is not a valid NHS number" in line for line in lines)
    download = commissioner.get(reverse("reporting:return-download", args=[run.id, "csv"]))
    assert download["Content-Type"] == "application/gzip"
    assert download["Content-Disposition"].endswith('.csv.gz"')
    assert ReturnRun.objects.get(id=run.id).validation_status == "errors"
