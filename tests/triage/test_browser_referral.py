import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import CarerFactory
from triage import rules
from triage.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def self_refer(page: Page, base_url: str) -> str:
    page.goto(f"{base_url}/accounts/sign-in/")
    page.get_by_role("link", name=re.compile("refer yourself or someone else")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a carer for support")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    page.get_by_label("I am the carer").check()
    page.get_by_role("button", name="Continue").click()

    # A mistake first: the page explains it and keeps what was typed.
    page.get_by_label("Carer's first name").fill("Jo")
    page.get_by_label("Carer's last name").fill("Bloggs")
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2999")
    page.get_by_label("Carer's NHS number (optional)").fill("485 777 3456")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The carer's date of birth must be in the past")
    expect(summary).to_contain_text("Enter a valid 10-digit NHS number")
    expect(page.get_by_label("Carer's first name")).to_have_value("Jo")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.get_by_label("Year").fill("1970")
    page.get_by_label("Carer's NHS number (optional)").fill("")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Address line 1").fill("1 High Street")
    page.get_by_label("Town or city").fill("Norwich")
    page.get_by_label("Postcode").fill("nr1 3qu")
    page.get_by_label("Phone number (optional)").fill("01603 000000")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("50 or more hours a week").check()
    page.get_by_label("First name of the person they care for").fill("Sam")
    page.get_by_label("Last name of the person they care for").fill("Bloggs")
    page.get_by_label("Parent", exact=True).check()
    page.get_by_label("Dementia").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("What help does the carer need?").fill("Mum is up every night.")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("The carer agrees to this referral").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending the referral"
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text(["27 March 1970"])
    assert_accessible(page)
    page.get_by_role("button", name="Accept and send").click()

    panel = page.locator(".govuk-panel--confirmation")
    expect(panel).to_contain_text("Referral sent")
    assert_accessible(page)
    return page.get_by_test_id("reference").inner_text().strip()


def test_self_referral_is_found_deduplicated_and_triaged(page: Page, live_server, world):
    existing = CarerFactory(
        team=world.team_x,
        first_name="Joanne",
        last_name="Bloggs",
        date_of_birth=datetime.date(1970, 3, 27),
    )
    reference = self_refer(page, live_server.url)
    referral = Referral.objects.get(reference=reference)
    assert referral.team == world.team_x

    page.context.clear_cookies()
    sign_in(page, live_server.url, world.user("triage_worker").username)
    page.get_by_role("link", name="Triage queue").click()
    page.get_by_label("Name, reference or postcode").fill(reference)
    page.get_by_role("button", name="Apply filters").click()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()

    expect(page.get_by_test_id("possible-duplicates")).to_contain_text("1 possible existing record")
    expect(page.get_by_text("Same surname and date of birth")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Compare and link to Joanne Bloggs").click()
    expect(page.get_by_test_id("comparison")).to_contain_text("Joanne Bloggs")
    assert_accessible(page)
    page.get_by_role("button", name="Link the referral to this record").click()
    expect(page.get_by_test_id("linked-carer")).to_contain_text("Joanne Bloggs")

    page.get_by_role("link", name="Triage this referral").click()
    expect(page.get_by_label("50 or more hours a week")).to_be_checked()
    page.get_by_label("No noticeable effect").check()
    page.get_by_label("Caring is sustainable for now").check()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Help can wait a few weeks").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save answers and see the proposal").click()

    expected = rules.triage_proposal(
        rules.TriageAnswers(
            caring_hours="50_plus",
            health_impact="none",
            breakdown_risk="low",
            carer_hospital_admission=False,
            urgency="routine",
        )
    )
    expect(page.get_by_test_id("proposed-priority")).to_have_text(
        str(dict(Referral._meta.get_field("priority").choices)[expected.priority])
    )
    expect(page.get_by_test_id("proposed-pathway")).to_have_text(
        str(dict(Referral._meta.get_field("pathway").choices)[expected.pathway])
    )
    assert_accessible(page)
    page.get_by_role("button", name="Complete triage").click()
    expect(page.get_by_test_id("triage-outcome")).to_contain_text("Carer's assessment")

    referral.refresh_from_db()
    assert referral.carer == existing
    assert (referral.priority, referral.pathway) == (expected.priority, expected.pathway)
    assert referral.status == "triaged"

    # Another team's triage worker, and a carer, cannot see it.
    for username in (world.user("triage_worker_y").username, world.user("carer").username):
        page.context.clear_cookies()
        sign_in(page, live_server.url, username)
        response = page.goto(f"{live_server.url}/triage/referrals/{reference}/")
        assert response.status == 404
