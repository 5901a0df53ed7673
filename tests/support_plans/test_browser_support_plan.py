import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from support_plans.models import SupportPlan
from tests.browser.helpers import assert_accessible, sign_in
from tests.support_plans.factories import EligibleAssessmentFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_service(page: Page, name: str) -> None:
    page.get_by_role("link", name="Add a service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a service for the plan")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(rf"^Add to plan\W+{name}$")).click()
    expect(page.get_by_test_id("chosen-service")).to_contain_text(name)
    page.get_by_label("Monthly", exact=True).check()
    page.get_by_label("Cost each time").fill("10")
    page.get_by_label("Care Act funding").check()
    page.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_text(f"{name} added to the plan")).to_be_visible()


def test_assessor_builds_a_plan_that_only_its_carer_can_see(page: Page, live_server, world):
    EligibleAssessmentFactory(carer=world.carer_a, assessor=world.user("assessor"))
    ServiceFactory(name="Sitting service", with_phone="01603 111222", areas=["NR1"])
    ServiceFactory(name="Carers wellbeing course", with_phone="01603 333444")
    ServiceFactory(name="Ipswich breaks", areas=["IP1"])
    ServiceFactory(name="Old café group", last_verified_on=datetime.date(2020, 1, 1))
    base = live_server.url

    sign_in(page, base, world.user("assessor").username)
    page.locator("main").get_by_role("link", name=re.compile("^Support plans")).click()
    assert_accessible(page)
    page.get_by_role("link", name="Create a support plan from an eligible assessment").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"Create support plan for {world.carer_a.full_name}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Create the support plan").click()
    expect(page.get_by_text("Draft support plan created")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change needs met, and how").click()
    page.get_by_label("Contingency arrangements").fill("")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the contingency arrangements"
    )
    assert_accessible(page)
    page.get_by_label("Which needs will be met, and how").fill("A weekly break from caring")
    page.get_by_label("Contingency arrangements").fill("Her brother will step in")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Support plan saved")).to_be_visible()

    page.get_by_role("link", name="Add a service").click()
    expect(page.get_by_test_id("service-results")).not_to_contain_text("Ipswich breaks")
    page.go_back()
    _add_service(page, "Sitting service")
    _add_service(page, "Carers wellbeing course")
    expect(page.get_by_test_id("budget")).to_contain_text("£240.00 a year")

    # Support outside the directory that would overspend is refused with a clear message.
    page.get_by_role("link", name="Add a service").click()
    expect(page.get_by_test_id("service-results")).to_contain_text("Details not checked recently")
    page.get_by_role("link", name="Add support that is not in the directory").click()
    page.get_by_label("What the support is").fill("Gym membership")
    page.get_by_label("Once a year").check()
    page.get_by_label("Cost each time").fill("75")
    page.get_by_label("Base budget").check()
    page.get_by_label("Direct payment", exact=True).check()
    page.get_by_role("button", name="Add to the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "£15.00 more than the personal budget of £300.00"
    )
    expect(page.get_by_label("What the support is")).to_have_value("Gym membership")
    assert_accessible(page)
    page.get_by_role("link", name="Back", exact=True).click()

    # Referral to a service, followed until the service accepts.
    page.get_by_role("link", name=re.compile(r"^Refer\W+to Sitting service$")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_test_id("referral-status")).to_have_text("Sent")
    page.get_by_label("Accepted").check()
    page.get_by_role("button", name="Update the referral").click()
    expect(page.get_by_test_id("referral-status")).to_have_text("Accepted")
    expect(page.get_by_test_id("referral-history")).to_contain_text("Sent")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the plan").click()

    page.get_by_role("link", name="Record the carer's agreement").click()
    page.get_by_label("In person").check()
    page.get_by_role("button", name="Record the carer's agreement").click()
    expect(page.get_by_test_id("agreement")).to_contain_text("in person")
    for action in ("Mark the plan as agreed with the carer", "Start the plan"):
        page.get_by_role("link", name="Change status").click()
        assert_accessible(page)
        page.get_by_label(action).check()
        page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_text("The plan is now active")).to_be_visible()
    assert_accessible(page)
    plan = SupportPlan.objects.get()

    # The carer sees exactly that plan, with the services' contact details, and its PDF.
    page.context.clear_cookies()
    sign_in(page, base, world.user("carer").username)
    page.get_by_role("link", name="Your support plan").click()
    assert_accessible(page)
    expect(page.get_by_test_id("my-plans").locator("tbody tr")).to_have_count(1)
    page.get_by_test_id("my-plans").get_by_role("link").click()
    items = page.get_by_test_id("plan-item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("01603 111222")
    expect(items.nth(1)).to_contain_text("01603 333444")
    expect(page.get_by_test_id("plan-budget")).to_contain_text("£300.00 a year")
    assert_accessible(page)
    own_url = page.url
    pdf = page.request.get(f"{base}/support-plans/my/{plan.pk}/pdf/")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    page.get_by_role("link", name="Ask for a review").click()
    page.get_by_role("button", name="Ask for a review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you would like a review"
    )
    assert_accessible(page)
    page.get_by_label("Why would you like a review?").fill("My mum now needs help at night")
    page.get_by_role("button", name="Ask for a review").click()
    expect(page.get_by_test_id("review-requested")).to_contain_text("Review requested on")
    assert_accessible(page)

    # Another carer gets 404 on the first carer's plan and its PDF.
    page.context.clear_cookies()
    sign_in(page, base, world.user("carer_b").username)
    response = page.goto(own_url)
    assert response.status == 404
    assert page.request.get(f"{base}/support-plans/my/{plan.pk}/pdf/").status == 404
    page.goto(f"{base}/support-plans/my/")
    expect(page.get_by_text("You do not have a support plan yet")).to_be_visible()
    assert_accessible(page)
