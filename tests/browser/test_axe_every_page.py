"""Every page in the role x URL matrix passes axe-core, as one role allowed to see it."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Error, Page

from reporting import services as reporting_services
from reporting.models import BudgetStream
from tests.browser.helpers import axe_violations, sign_in
from tests.routes import ANONYMOUS
from tests.test_access_matrix import collect_routes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Sign in as the role that best represents each page's everyday user; others are fallbacks.
ROLE_PREFERENCE = [
    ANONYMOUS,
    "triage_worker",
    "assessor",
    "team_manager",
    "commissioner",
    "carer",
    "representative",
    "responder",
    "administrator",
]


# Pages drawn by a third party's own styles, with the reason.
NOT_CRAWLED = {
    "api-docs": "Swagger UI (drf-spectacular) for developers; its colours are Swagger's own",
}


def _pages_by_role(world) -> dict[str, list[str]]:
    by_role: dict[str, list[str]] = {}
    for route in collect_routes(world):
        if route.api or route.ok_status != 200 or route.name in NOT_CRAWLED:
            continue
        role = next(r for r in ROLE_PREFERENCE if r in route.allowed)
        url = reverse(route.name, kwargs=route.kwargs) + (f"?{route.query}" if route.query else "")
        by_role.setdefault(role, []).append(url)
    return by_role


@pytest.fixture
def seeded_budget(world):
    """tests/reporting/routes.py needs the budget the migration seeds; transactional tests
    run earlier in the suite empty the tables, so put it back when it has gone."""
    if not BudgetStream.objects.filter(financial_year=2026, key="base_budget").exists():
        stream = reporting_services.budget_stream_create(
            financial_year=2026,
            key="base_budget",
            name="Base budget",
            amount=Decimal("360000"),
            by=None,
        )
        reporting_services.budget_line_create(
            stream_id=stream.id, name="Single point of entry", allocated=Decimal("360000"), by=None
        )


def test_every_page_has_no_axe_violations(page: Page, live_server, world, seeded_budget):
    failures = []
    visited = 0
    for role, urls in _pages_by_role(world).items():
        page.context.clear_cookies()
        if role != ANONYMOUS:
            sign_in(page, live_server.url, world.user(role).username)
        for url in urls:
            try:
                response = page.goto(f"{live_server.url}{url}")
            except Error as error:
                # PDFs and spreadsheets download rather than render; axe has nothing to check.
                if "Download is starting" in error.message:
                    continue
                raise
            visited += 1
            if response is None or response.status != 200:
                failures.append(f"{url} as {role}: HTTP {response and response.status}")
                continue
            violations = axe_violations(page)
            if violations:
                failures.append(f"{url} as {role}: {violations}")
    assert visited > 50, "the matrix should offer far more pages than this"
    assert failures == [], "\n".join(failures)
