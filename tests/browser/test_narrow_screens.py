"""On a 320 px screen, wide tables scroll inside a labelled region a keyboard can reach and
scroll; the page itself never scrolls sideways (WCAG 2.2 SC 1.4.10, 2.1.1)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in
from tests.triage.factories import ReferralFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = 320
QUEUE_CAPTION = "Referrals for your teams: most urgent first, then least time left"


def _page_width(page: Page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def _tab_to(page: Page, locator, *, limit: int = 150) -> int:
    """Press Tab until `locator` has focus; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError("the keyboard never reached it")


def test_the_triage_queue_scrolls_inside_its_region_by_keyboard(page: Page, live_server, world):
    for n in range(3):
        ReferralFactory(team=world.team_x, last_name=f"Wideload{n}", reason="x " * 40)
    page.set_viewport_size({"width": NARROW, "height": 800})
    sign_in(page, live_server.url, world.user("triage_worker").username)
    page.goto(f"{live_server.url}/triage/queue/")

    region = page.get_by_role("region", name=QUEUE_CAPTION)
    expect(region).to_be_visible()
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "the queue should need scrolling"
    assert _page_width(page) <= NARROW
    # Still a table to assistive technology, with its column headers.
    assert region.get_by_role("table").count() == 1
    assert region.get_by_role("columnheader", name="Referral").count() == 1

    _tab_to(page, region)
    outline = region.evaluate("r => getComputedStyle(r).outlineStyle")
    assert outline == "solid", "a focused region shows where focus is"
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    # Chromium animates keyboard scrolling: on a busy machine it has not moved yet on return.
    page.wait_for_function(
        "region => region.scrollLeft > 0", arg=region.element_handle(), timeout=5000
    )
    assert region.evaluate("r => r.scrollLeft") > 0, "the arrow keys scroll the table"
    assert _page_width(page) <= NARROW
    assert_accessible(page)


def test_the_carer_record_fits_a_phone_screen(page: Page, live_server, world):
    ReferralFactory(team=world.team_x, carer=world.carer_a)
    page.set_viewport_size({"width": NARROW, "height": 800})
    sign_in(page, live_server.url, world.user("triage_worker").username)
    page.goto(f"{live_server.url}/triage/carers/{world.carer_a.pk}/")

    regions = page.locator(".app-table-scroll")
    assert regions.count() >= 2
    for index in range(regions.count()):
        region = regions.nth(index)
        assert region.get_attribute("tabindex") == "0"
        label = region.get_attribute("aria-labelledby")
        assert page.locator(f"[id='{label}']").count() == 1, f"{label} names one caption"
    assert _page_width(page) <= NARROW
    assert_accessible(page)
