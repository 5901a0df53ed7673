"""axe-core on the challenge pages in their empty, error and decided states, and the error
summary's links landing on the questions (the full crawl sees each page in one state)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import Page, expect

from governance import services
from tests.browser.helpers import assert_accessible, sign_in
from triage import services as triage_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_logging_and_deciding_a_challenge_has_no_axe_violations(page: Page, live_server, world):
    base = live_server.url
    carer = world.carer_a
    sign_in(page, base, world.user("triage_worker").username)
    page.goto(f"{base}/triage/carers/{carer.pk}/")
    page.get_by_role("link", name="Log a challenge to this record").click()
    assert_accessible(page)
    page.get_by_role("button", name="Log the challenge").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    summary.get_by_role("link", name="Select what the carer is asking for").click()
    expect(
        page.get_by_label("Rectification: the carer says something in it is wrong")
    ).to_be_focused()
    page.get_by_label("Rectification: the carer says something in it is wrong").check()
    page.get_by_label("The carer's details (name, date of birth, address, contact details)").check()
    page.get_by_label("What does the carer say?").fill("My phone number is wrong")
    received = timezone.localdate() - datetime.timedelta(days=2)
    page.get_by_label("Day").fill(str(received.day))
    page.get_by_label("Month").fill(str(received.month))
    page.get_by_label("Year").fill(str(received.year))
    page.get_by_role("button", name="Log the challenge").click()
    expect(page.get_by_text("Challenge logged")).to_be_visible()
    assert_accessible(page)  # the carer's challenges, one open

    triage_services.carer_update(carer=carer, version=carer.version, phone="07700 900123")
    page.context.clear_cookies()
    sign_in(page, base, world.user("team_manager").username)
    page.goto(f"{base}/triage/tray/")
    page.get_by_test_id("task-next-decide-challenge").click()
    page.get_by_role("link", name="Rectification: the carer says something in it is wrong").click()
    assert_accessible(page)  # the decision form with a correction to name
    page.get_by_label("Upheld", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Reasons for the decision").fill("The number was out of date")
    page.get_by_label("The carer's details changed on", exact=False).check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("decision")).to_have_text("Upheld")
    assert_accessible(page)  # decided, with the link to the correction


def test_the_leads_list_and_the_cared_for_request_have_no_axe_violations(
    page: Page, live_server, world
):
    services.challenge_log(
        carer=world.carer_a,
        kind="objection",
        record_ref="other",
        carer_says="I object",
        received_on=timezone.localdate() - datetime.timedelta(days=40),
        by=world.user("triage_worker"),
    )
    lead = world.user("administrator")
    lead.user_permissions.add(Permission.objects.get(codename="lead_information_governance"))
    sign_in(page, live_server.url, lead.username)
    page.goto(f"{live_server.url}/governance/challenges/")
    expect(page.get_by_text("Overdue")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/governance/subject-access/cared-for/")
    assert_accessible(page)
    page.get_by_role("button", name="Log the request").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)
