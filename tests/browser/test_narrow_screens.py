"""On a phone, wide tables scroll inside themselves; the page itself never scrolls sideways."""

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import sign_in
from tests.triage.factories import ReferralFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_triage_queue_fits_a_phone_screen(page: Page, live_server, world):
    for n in range(3):
        ReferralFactory(team=world.team_x, last_name=f"Wideload{n}", reason="x " * 40)
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, world.user("triage_worker").username)
    page.goto(f"{live_server.url}/triage/queue/")

    table = page.locator("main table").first
    assert table.evaluate("t => t.scrollWidth > t.clientWidth"), "the queue should need scrolling"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    # Still a table to assistive technology, with its column headers.
    assert page.get_by_role("table").count() >= 1
    assert page.get_by_role("columnheader", name="Referral").count() == 1
