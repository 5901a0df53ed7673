"""Browser test helpers: sign in through the real form and check pages with axe-core."""

from pathlib import Path

from playwright.sync_api import Page, expect

from carers_portal.accounts.models import User
from tests.factories import TEST_PASSWORD, totp_code

AXE_SOURCE = (
    Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
).read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def sign_in(page: Page, base_url: str, username: str, password: str = TEST_PASSWORD) -> None:
    """Signs in through the real form; staff then type the code their app would show."""
    page.goto(f"{base_url}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if "/accounts/two-factor/verify/" in page.url:
        enter_security_code(page, User.objects.get(username=username))


def enter_security_code(page: Page, user) -> None:
    page.get_by_label("Security code").fill(totp_code(user))
    page.get_by_role("button", name="Continue").click()


def axe_violations(page: Page) -> list[dict]:
    # evaluate() runs outside the page's CSP, so the service's own policy stays strict.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]],
        }
        for v in result["violations"]
    ]


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe found WCAG 2.2 AA violations on {page.url}: {violations}"


def assert_govuk_frontend_running(page: Page) -> None:
    """The CSP nonce must let GOV.UK Frontend's bootstrap script run."""
    expect(page.locator("body")).to_have_class(__import__("re").compile("govuk-frontend-supported"))
