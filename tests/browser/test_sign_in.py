import pytest
from playwright.sync_api import Page, expect

from carers_portal.accounts.roles import Role
from tests.browser.helpers import assert_accessible, assert_govuk_frontend_running, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_PATHS = {
    Role.TRIAGE_WORKER: "/home/triage-worker/",
    Role.ASSESSOR: "/home/assessor/",
    Role.TEAM_MANAGER: "/home/team-manager/",
    Role.COMMISSIONER: "/home/commissioner/",
    Role.ADMINISTRATOR: "/home/administrator/",
    Role.RESPONDER: "/home/responder/",
    Role.CARER: "/my/",
    Role.REPRESENTATIVE: "/acting-for/",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_lands_on_its_accessible_home_page(
    page: Page, live_server, world, role
):
    user = world.user(role.value)
    sign_in(page, live_server.url, user.username)
    expect(page).to_have_url(f"{live_server.url}{HOME_PATHS[role]}")
    expect(page.get_by_text(f"Signed in as {user.get_full_name()}")).to_be_visible()
    assert_govuk_frontend_running(page)
    assert_accessible(page)


def test_sign_in_page_and_its_errors_are_accessible(page: Page, live_server, world):
    page.goto(f"{live_server.url}/accounts/sign-in/")
    assert_accessible(page)
    page.get_by_label("Username").fill("nobody")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(
        "Error: Sign in - Carers Support Service - Shireborough County Council"
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter your password")
    expect(page.get_by_label("Username")).to_have_value("nobody")
    assert_accessible(page)


def test_accessibility_statement_is_public_and_accessible(page: Page, live_server):
    page.goto(f"{live_server.url}/accessibility/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility statement")
    assert_accessible(page)
