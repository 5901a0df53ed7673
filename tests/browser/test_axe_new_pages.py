"""axe-core on the start page, the privacy notice and the outbox (also in the full crawl)."""

import pytest
from playwright.sync_api import Page

from notifications.models import Message
from tests.browser.helpers import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_start_privacy_and_outbox_pages_have_no_axe_violations(page: Page, live_server, world):
    for path in ("/", "/privacy/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
    Message.objects.create(
        key="k",
        kind="plan_agreed",
        channel="email",
        recipient="ann@example.org",
        team_id=world.team_x.pk,
        body="Your support plan has been agreed.",
        status="sent",
    )
    sign_in(page, live_server.url, world.user("triage_worker").username)
    page.goto(f"{live_server.url}/notifications/outbox/")
    assert page.get_by_role("region", name="Messages").get_attribute("tabindex") == "0"
    assert_accessible(page)
