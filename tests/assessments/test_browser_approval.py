from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from assessments import services
from tests.assessments.factories import ELIGIBLE_ANSWERS
from tests.browser.helpers import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_approves_and_assessor_corrects_an_answer(page: Page, live_server, world):
    assessor = world.user("assessor")
    assessment = services.assessment_start(carer=world.carer_a, kind="separate", assessor=assessor)
    assessment = services.assessment_update(
        assessment=assessment,
        version=assessment.version,
        user=assessor,
        changes={
            **ELIGIBLE_ANSWERS,
            "agreed_budget": Decimal("400"),
            "budget_override_reason": "Exceptional: carer at risk of breakdown",
        },
    )
    services.assessment_complete(assessment=assessment, version=assessment.version, user=assessor)
    base = live_server.url

    sign_in(page, base, world.user("team_manager").username)
    expect(page.get_by_test_id("home-approvals")).to_contain_text("£400.00")
    page.get_by_test_id("home-approvals").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve an assessment")
    page.get_by_label("No, return it to the assessor").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason for returning the assessment"
    )
    assert_accessible(page)
    page.get_by_label("Yes, approve it").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Assessment approved.")).to_be_visible()
    assert_accessible(page)  # the approvals list
    page.goto(f"{base}/assessments/reviews-due/")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, base, assessor.username)
    page.goto(f"{base}/assessments/mine/")
    assert_accessible(page)
    page.get_by_role("link", name=world.carer_a.full_name).click()
    expect(page.get_by_text("approved by")).to_be_visible()
    assert_accessible(page)  # the read-only summary
    page.get_by_role("link", name="Correct an answer").click()
    page.get_by_label("What outcomes does the carer want in day-to-day life?").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("New answer: What outcomes does the carer want in day-to-day life?").fill(
        "A break every month and to keep working"
    )
    page.get_by_role("button", name="Save correction").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the reason for the correction"
    )
    expect(
        page.get_by_label("New answer: What outcomes does the carer want in day-to-day life?")
    ).to_have_value("A break every month and to keep working")
    assert_accessible(page)
    page.get_by_label("Why is this being corrected?").fill("Wrong words typed at the visit")
    page.get_by_role("button", name="Save correction").click()
    expect(page.get_by_test_id("amendments")).to_contain_text("Wrong words typed at the visit")
    expect(page.get_by_test_id("amendments")).to_contain_text(assessor.get_full_name())
