"""WCAG 2.2.1: a warning before the idle sign-out, and staying signed in keeps what was typed."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, enter_security_code, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEARCH = "/triage/carers/"


@pytest.fixture
def short_timeout(settings):
    # Signed out after 10 s idle, warned 4 s before: the same code path as 30 and 2 minutes.
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 10
    settings.IDLE_TIMEOUT_WARNING_SECONDS = 4


def test_the_warning_appears_and_staying_signed_in_keeps_what_was_typed(
    page: Page, live_server, world, short_timeout
):
    sign_in(page, live_server.url, world.user("triage_worker").username)
    page.goto(f"{live_server.url}{SEARCH}")
    page.get_by_label("Name, postcode or NHS number").fill("Ashby")

    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_visible(timeout=8000)
    expect(page.get_by_role("heading", name="You will be signed out soon")).to_be_focused()
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_label("Name, postcode or NHS number")).to_have_value("Ashby")

    # Past the original sign-out time: still signed in because of the keep-alive.
    page.wait_for_timeout(4500)
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/triage/carers/\?q=Ashby"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Carers register")


def test_ignoring_the_warning_signs_out_and_returns_to_the_page_after_signing_in(
    page: Page, live_server, world, short_timeout
):
    sign_in(page, live_server.url, world.user("triage_worker").username)
    page.goto(f"{live_server.url}{SEARCH}")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?timed_out=1"), timeout=15000)
    expect(page.get_by_text("You were signed out because")).to_be_visible()
    page.get_by_label("Username").fill(world.user("triage_worker").username)
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Sign in").click()
    if "/accounts/two-factor/verify/" in page.url:
        enter_security_code(page, world.user("triage_worker"))
    expect(page).to_have_url(re.compile(r"/triage/carers/$"))
