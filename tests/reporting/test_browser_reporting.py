from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from reporting import rules, services
from reporting.models import BudgetStream
from reporting.services import events
from tests.browser.helpers import assert_accessible, sign_in
from tests.reporting.factories import AssessmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reporting_data(world):
    today = timezone.localdate()
    year = rules.financial_year_start(today)
    AssessmentFactory(
        carer=world.carer_a, completed_on=today.replace(day=1), received_specific_service=True
    )
    period = rules.financial_year(year)
    services.denominator_save(period_start=period.start, period_end=period.end, count=20, by=None)
    services.target_save(financial_year=year, target=Decimal("10.0"), by=None)
    # Transactional tests start from an empty database, so the seed budget may be gone.
    stream = BudgetStream.objects.filter(financial_year=year, key="base_budget").first()
    if stream is None:
        stream = services.budget_stream_create(
            financial_year=year,
            key="base_budget",
            name="Base budget",
            amount=Decimal("360000"),
            by=None,
        )
        services.budget_line_create(
            stream_id=stream.id,
            name="Single point of entry",
            allocated=Decimal("360000"),
            by=None,
        )
    # The figures count the carer events derived from the casework, as the nightly job does.
    events.events_refresh()
    services.figures_refresh(month=rules.month_period(today.year, today.month), today=today)
    return stream


def test_commissioner_dashboard_draws_charts_and_is_accessible(
    page: Page, live_server, world, reporting_data
):
    sign_in(page, live_server.url, world.user("commissioner").username)
    page.goto(f"{live_server.url}/reporting/")
    expect(page.get_by_test_id("tile-ni135")).to_have_text("5.0%")
    # The static script (no inline script under the CSP) turned each canvas into a chart.
    page.wait_for_function(
        "() => window.Chart && [...document.querySelectorAll('canvas[data-chart]')]"
        ".every((c) => window.Chart.getChart(c))"
    )
    # Each chart drew its "Year starts" line at April, between March and April's points.
    today = timezone.localdate()
    april = (today.month - 4) % 12  # months back from this month to April
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')].map((c) => {"
        " const chart = window.Chart.getChart(c); const x = chart.scales.x;"
        " return chart.$yearBoundaries.map((b) => ({index: b.index, label: b.label,"
        " between: b.index === 0 || (b.x > x.getPixelForValue(b.index - 1)"
        " && b.x < x.getPixelForValue(b.index))})); })"
    )
    year = rules.financial_year_start(today)
    expected = {
        "index": 11 - april,
        "label": f"Financial year {year} to {year + 1} starts",
        "between": True,
    }
    assert drawn == [[expected], [expected]]
    assert_accessible(page)
    line = reporting_data.lines.first()
    for path in (
        "/reporting/ni135/",
        "/reporting/budget/",
        "/reporting/returns/",
        "/reporting/board-pack/",
        f"/reporting/budget/lines/{line.id}/behind/",
        f"/reporting/budget/streams/{reporting_data.id}/not-on-a-line/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)


def test_a_refused_quarter_and_board_pack_month_are_accessible(
    page: Page, live_server, world, reporting_data
):
    sign_in(page, live_server.url, world.user("commissioner").username)
    page.goto(f"{live_server.url}/reporting/returns/")
    page.get_by_role("button", name="Produce the Client Level Data return").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the quarter")
    summary.get_by_role("link", name="Select the quarter").click()
    expect(page.get_by_label("Quarter")).to_be_focused()
    assert_accessible(page)
    page.goto(f"{live_server.url}/reporting/board-pack/")
    page.get_by_label("PDF").check()
    page.get_by_role("button", name="Download the board pack").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the month")
    expect(page.get_by_label("PDF")).to_be_checked()
    assert_accessible(page)


def test_over_allocation_message_is_accessible(page: Page, live_server, world, reporting_data):
    sign_in(page, live_server.url, world.user("commissioner").username)
    page.goto(f"{live_server.url}/reporting/budget/streams/{reporting_data.id}/lines/new/")
    page.get_by_label("What the money is for").fill("Carers' cafe")
    page.get_by_label("Amount allocated").fill("500")
    page.get_by_role("button", name="Save the allocation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("£500.00 more than its £360,000.00")
    expect(page.get_by_label("What the money is for")).to_have_value("Carers' cafe")
    assert_accessible(page)


def test_denominator_errors_are_accessible(page: Page, live_server, world):
    sign_in(page, live_server.url, world.user("commissioner").username)
    page.goto(f"{live_server.url}/reporting/denominators/")
    page.get_by_role("button", name="Save the count").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the number of people receiving community-based services"
    )
    assert_accessible(page)
