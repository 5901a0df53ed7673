"""A carer changes their phone number and an emergency contact from their own pages; a worker
finds both on the tray, compares and accepts; the carer sees the outcome. axe-core checks
each page on the way, errors included."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in
from tests.browser.test_error_summary_links import follow_every_link
from tests.emergency_cards.factories import plan_for
from triage.models import Carer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_carers_changes_reach_the_record_through_the_tray(page: Page, live_server, world):
    Carer.objects.filter(pk=world.carer_a.pk).update(phone="0113 496 0000")
    plan = plan_for(world.carer_a, registered_by=world.user("triage_worker"))
    base = live_server.url
    sign_in(page, base, world.user("carer").username)

    expect(page.get_by_test_id("home-who-to-contact")).to_contain_text("To talk to us, call")
    page.get_by_role("link", name="Your contact details").click()
    assert_accessible(page)
    page.get_by_role("link", name="Change phone number").click()
    page.get_by_label("What is your phone number?").fill("call me")
    page.get_by_role("button", name="Continue").click()
    assert follow_every_link(page) == ["id_phone"]
    assert_accessible(page)
    page.get_by_label("What is your phone number?").fill("07700 900 123")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("draft-changes")).to_contain_text("07700 900 123")
    assert_accessible(page)
    page.get_by_role("button", name="Send to your carers support team").click()
    expect(page.get_by_test_id("pending-notice")).to_contain_text("1 change waiting")
    assert_accessible(page)

    page.goto(f"{base}/emergency-cards/my/plans/{plan.pk}/")
    page.get_by_role("link", name="Change your emergency contacts").click()
    page.get_by_role("link", name="Change contact 2").click()
    page.get_by_label("Their phone number").fill("07700 900999")
    page.get_by_role("button", name="Continue").click()
    # Both agreements are asked again: the summary's links land on the boxes.
    assert follow_every_link(page) == ["id_consents_to_contact", "id_consents_to_share"]
    assert_accessible(page)
    page.get_by_label("They have agreed to be phoned in an emergency").check()
    page.get_by_label("They have agreed that we can give their details").check()
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send to your carers support team").click()
    expect(page.get_by_test_id("carer-change")).to_contain_text("Waiting to be checked")

    page.context.clear_cookies()
    sign_in(page, base, world.user("triage_worker").username)
    page.goto(f"{base}/triage/tray/")
    rows = page.locator("[data-testid=tray-row][data-kind$=_change]")
    expect(rows).to_have_count(2)
    page.get_by_test_id("task-next-check-change").first.click()
    expect(page.get_by_role("region", name="What the carer asked to change")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept and update the record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("now on Ann Ashby's record")

    page.goto(f"{base}/triage/tray/")
    page.get_by_test_id("task-next-check-change").first.click()
    page.get_by_role("button", name="Do not make the change").click()
    assert follow_every_link(page) == ["id_reason"]
    assert_accessible(page)
    page.get_by_label("If you are not accepting it, why not?").fill("Please ring us to check")
    page.get_by_role("button", name="Do not make the change").click()

    page.context.clear_cookies()
    sign_in(page, base, world.user("carer").username)
    page.goto(f"{base}/my/details/")
    expect(page.get_by_test_id("my-details")).to_contain_text("07700 900 123")
    page.goto(f"{base}/emergency-cards/my/plans/{plan.pk}/contacts/")
    changes = page.get_by_test_id("carer-change")
    expect(changes.first).to_contain_text("Not accepted")
    expect(changes.first).to_contain_text("Please ring us to check")
    assert_accessible(page)
