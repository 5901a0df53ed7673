"""Every error-summary link puts focus on a field: the first radio, the date's Day box."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import CarerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def follow_every_link(page: Page) -> list[str]:
    """Click each link in the summary; return the id of the element that got focus."""
    links = page.locator(".govuk-error-summary__list a")
    focused = []
    for index in range(links.count()):
        links.nth(index).click()
        focused.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return ['INPUT','SELECT','TEXTAREA'].includes(e.tagName) ? e.id : 'not a field: ' + e.tagName }"
            )
        )
    return focused


def test_public_referral_links_reach_the_radios_and_the_date(page: Page, live_server):
    base = live_server.url
    page.goto(f"{base}/triage/refer/who/")
    page.get_by_role("button", name="Continue").click()
    assert follow_every_link(page) == ["id_source_1"]

    page.get_by_label("I am the carer").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # nothing typed: a whole-date error
    expect(page.locator(".govuk-error-summary")).to_contain_text("date of birth")
    focused = follow_every_link(page)
    assert "id_date_of_birth_0" in focused
    assert all(not f.startswith("not a field") for f in focused), focused
    assert_accessible(page)


def test_assessment_start_link_reaches_the_first_radio(page: Page, live_server, world):
    carer = CarerFactory(team=world.team_x)
    sign_in(page, live_server.url, world.user("assessor").username)
    page.goto(f"{live_server.url}/assessments/carer/{carer.pk}/start/")
    page.get_by_role("button", name="Start assessment").click()
    assert follow_every_link(page) == ["id_kind_1"]
