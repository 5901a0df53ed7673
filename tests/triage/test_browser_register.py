import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import CaringRelationshipFactory
from tests.triage.factories import ReferralFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_carers_register_pages_and_their_errors_are_accessible(page: Page, live_server, world):
    CaringRelationshipFactory(carer=world.carer_a)
    ReferralFactory(team=world.team_x, carer=world.carer_a)
    sign_in(page, live_server.url, world.user("team_manager").username)
    page.get_by_role("link", name="Carers register").click()
    page.get_by_label("Name, postcode or NHS number").fill("Ashby")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ashby, Ann").click()
    expect(page.get_by_test_id("who-viewed")).to_contain_text(str(world.user("team_manager")))
    assert_accessible(page)

    page.get_by_role("link", name="Change the carer's details").click()
    page.get_by_label("Postcode").fill("NOWHERE")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real postcode")
    expect(page.get_by_label("Postcode")).to_have_value("NOWHERE")
    assert_accessible(page)
    page.get_by_label("Postcode").fill("NR2 4SE")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_test_id("history")).to_contain_text("NR1 3QU to NR2 4SE")

    page.get_by_role("link", name="Add a person they care for").click()
    page.get_by_role("button", name="Add cared-for person").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the first name")
    assert_accessible(page)


def test_queue_caseload_and_staff_intake_form_are_accessible(page: Page, live_server, world):
    ReferralFactory.create_batch(3, team=world.team_x, assigned_to=world.user("triage_worker"))
    sign_in(page, live_server.url, world.user("triage_worker").username)
    page.get_by_role("link", name="Triage queue").click()
    expect(page.get_by_test_id("referral-table")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="My caseload").first.click()
    expect(page.get_by_test_id("referral-table")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/triage/referrals/new/")
    page.get_by_role("button", name="Add referral to the queue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the referral source")
    assert_accessible(page)
