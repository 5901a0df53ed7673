"""One carer's journey, end to end, as each person would see it.

Online self-referral saying help is needed today -> on the first page of the queue, first ->
compared with the existing record and linked, taking the new phone number -> triaged ->
assessment started from the referral (task done, clock stopped) -> eligible -> the plan
written from the tray's task, agreed and started in one step -> the carer asks for a review -> the
request is in the team's tray with a due date.
"""

import datetime
import importlib
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.assessments.test_browser_assessment import answer_the_assessment, radio
from tests.browser.helpers import assert_accessible, sign_in
from tests.support_plans.factories import ServiceFactory
from tests.support_plans.test_browser_support_plan import _add_service
from triage import services as triage_services
from triage.models import Referral, Task, TaskKind, TaskStatus
from triage.rules import add_working_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BANDS = importlib.import_module("assessments.migrations.0002_seed_allocation_bands").BANDS


@pytest.fixture
def county(world):
    """Carer A is known already (old phone); the team's queue has 30 older referrals."""
    from assessments.models import ResourceAllocationBand

    for name, low, high, amount in BANDS:
        ResourceAllocationBand.objects.get_or_create(
            name=name, defaults={"min_score": low, "max_score": high, "amount": amount}
        )
    carer = world.carer_a
    carer.first_name, carer.last_name = "Joanne", "Bloggs"
    carer.date_of_birth = datetime.date(1970, 3, 27)
    carer.postcode, carer.phone = "NR1 3QU", "01603 111111"
    carer.save()
    world.team_x.phone = "01632 960101"
    world.team_x.save()
    for n in range(30):
        triage_services.referral_create(
            first_name="Older",
            last_name=f"Referral{n:02d}",
            date_of_birth=datetime.date(1950, 1, 1),
            postcode="NR2 4SE",
            preferred_contact="phone",
            caring_hours="1_19",
            cared_for_first_name="Pat",
            cared_for_last_name="Older",
            cared_for_relationship="parent",
            cared_for_support_reason="frailty",
            reason="Would like some information",
            consent=True,
            source="gp_practice",
            team=world.team_x,
            received_at=timezone.now() - datetime.timedelta(days=10 + n),
        )
    ServiceFactory(name="Sitting service", with_phone="01603 111222", areas=["NR1"])
    return world


def refer_online_help_today(page: Page, base: str) -> str:
    page.goto(f"{base}/triage/refer/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("I am the carer").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Carer's first name").fill("Jo")
    page.get_by_label("Carer's last name").fill("Bloggs")
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("1970")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Address line 1").fill("1 High Street")
    page.get_by_label("Town or city").fill("Norwich")
    page.get_by_label("Postcode").fill("nr1 3qu")
    page.get_by_label("Phone number (optional)").fill("07700 900123")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("50 or more hours a week").check()
    page.get_by_label("First name of the person they care for").fill("Sam")
    page.get_by_label("Last name of the person they care for").fill("Bloggs")
    page.get_by_label("Parent", exact=True).check()
    page.get_by_label("Dementia").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What help does the carer need?").fill("Mum wanders at night; I fell.")
    page.get_by_label("Yes", exact=True).check()  # someone needs help today
    page.get_by_label("The carer agrees to this referral").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Accept and send").click()
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text("Referral sent")
    promise = page.get_by_test_id("same-day-promise")
    expect(promise).to_contain_text("will phone the carer today")
    expect(promise).to_contain_text("24-hour line")
    assert_accessible(page)
    return page.get_by_test_id("reference").inner_text().strip()


def test_one_carers_journey_from_self_referral_to_a_review_request(page: Page, live_server, county):
    world, base = county, live_server.url
    reference = refer_online_help_today(page, base)
    referral = Referral.objects.get(reference=reference)

    # The triage worker: the urgent referral is first on the first page, flagged.
    page.context.clear_cookies()
    sign_in(page, base, world.user("triage_worker").username)
    page.goto(f"{base}/triage/queue/")
    first = page.get_by_test_id("referral-row").first
    expect(first).to_have_attribute("data-reference", reference)
    expect(first).to_contain_text("Help needed today")
    expect(first).to_contain_text("Urgent")
    expect(page.get_by_test_id("status-counts")).to_contain_text("31 awaiting triage")
    assert_accessible(page)
    first.get_by_role("link", name=reference).click()

    # Duplicate compared side by side, linked, taking the new phone and adding Sam.
    page.get_by_role("link", name="Compare and link to Joanne Bloggs").click()
    comparison = page.get_by_test_id("comparison")
    expect(comparison).to_contain_text("07700 900123")
    expect(comparison).to_contain_text("01603 111111")
    assert_accessible(page)
    page.get_by_label("Phone: 07700 900123").check()
    page.get_by_label("Add Sam Bloggs as someone new they care for").check()
    page.get_by_role("button", name="Link the referral to this record").click()
    expect(page.get_by_text("Taken from the referral: Phone: 07700 900123")).to_be_visible()
    expect(page.get_by_test_id("linked-carer")).to_contain_text("Joanne Bloggs")

    # Triage.
    page.get_by_role("link", name="Triage this referral").click()
    page.get_by_label("A significant effect on physical or mental health").check()
    page.get_by_label("Some risk: the carer is struggling").check()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Help is needed this week").check()
    page.get_by_label("Triage notes (optional)").fill("Prefers calls after 6pm")
    page.get_by_role("button", name="Save answers and see the proposal").click()
    page.get_by_role("button", name="Complete triage").click()
    expect(page.get_by_test_id("triage-outcome")).to_contain_text("Carer's assessment")
    expect(page.get_by_test_id("triage-notes")).to_contain_text("Prefers calls after 6pm")
    expect(page.get_by_test_id("referral-clock")).to_contain_text("Start the assessment by")

    # The assessor starts the assessment from the referral: task done, clock stopped.
    page.context.clear_cookies()
    sign_in(page, base, world.user("assessor").username)
    page.goto(f"{base}/triage/referrals/{reference}/")
    page.get_by_test_id("next-start-assessment").click()
    expect(page.get_by_text(f"From referral {reference}.")).to_be_visible()
    page.get_by_label("Separate carer's assessment").check()
    page.get_by_role("button", name="Start assessment").click()
    referral.refresh_from_db()
    assert referral.status == "assessment_started" and referral.clock_due_on is None
    assert not Task.objects.filter(
        referral=referral, kind=TaskKind.START_ASSESSMENT, status=TaskStatus.OPEN
    ).exists()
    page.get_by_role("link", name="About this assessment").click()
    radio(page, "Who does the carer look after?", "Sam Bloggs")
    page.get_by_role("button", name="Save and continue").click()
    answer_the_assessment(page)
    # Leaving the amount empty agreed the indicative budget, and the page says so.
    expect(page.get_by_test_id("agreed-budget")).to_contain_text("the indicative budget, agreed")
    page.get_by_role("button", name="Complete assessment").click()
    expect(page.get_by_text("Outcome: Eligible")).to_be_visible()
    page.goto(f"{base}/triage/referrals/{reference}/")
    expect(page.locator("main")).to_contain_text("Assessed: eligible")
    expect(page.get_by_test_id("referral-clock")).to_contain_text("the clock has stopped")

    # The plan, from the task the outcome put on the tray.
    page.goto(f"{base}/triage/tray/")
    page.get_by_label("Show").select_option(label="Mine")
    page.get_by_role("button", name="Apply filters").click()
    plan_row = page.get_by_test_id("tray-row").filter(has_text="Write the support plan")
    expect(plan_row).to_have_count(1)
    assert_accessible(page)
    plan_row.get_by_test_id("task-next-write-support-plan").click()
    page.get_by_role("link", name="Create support plan for Joanne Bloggs").click()
    page.get_by_role("button", name="Create the support plan").click()
    expect(page.get_by_test_id("from-assessment")).to_contain_text(f"From referral {reference}")
    expect(page.get_by_test_id("budget")).to_contain_text("paid once")
    page.get_by_role("link", name="Change needs met, and how").click()
    page.get_by_label("Which needs will be met, and how").fill("A weekly sitter")
    page.get_by_label("Contingency arrangements").fill("Her brother will step in")
    page.get_by_role("button", name="Save the plan").click()
    _add_service(page, "Sitting service")
    # The carer has agreed: one step records it and starts the plan.
    page.get_by_test_id("agree-and-start").click()
    page.get_by_label("In person").check()
    assert_accessible(page)
    page.get_by_role("button", name="Agree and start the plan").click()
    expect(page.get_by_text("the plan is now active")).to_be_visible()
    expect(page.get_by_test_id("agreement")).to_contain_text("in person")
    expect(page.get_by_test_id("plan-summary")).to_contain_text("Active")

    # The carer's record shows the thread in order.
    page.goto(f"{base}/triage/carers/{world.carer_a.pk}/")
    steps = page.get_by_test_id("journey-step")
    texts = [t.split(":", 1)[1].strip().splitlines()[0] for t in steps.all_inner_texts()]
    assert texts[:6] == [
        f"Referral {reference} received",
        "Triaged",
        "Separate carer's assessment started",
        "Assessment completed",
        "Support plan made",
        "The carer agreed the plan",
    ], texts
    assert_accessible(page)

    # The carer asks for a review and is told who will call, and by when.
    page.context.clear_cookies()
    sign_in(page, base, world.user("carer").username)
    page.goto(f"{base}/support-plans/my/")
    page.get_by_role("link", name=re.compile("^Plan from")).click()
    expect(page.get_by_test_id("who-to-contact")).to_contain_text("Your worker is")
    page.get_by_role("link", name="Ask for a review").click()
    page.get_by_label("Why would you like a review?").fill("Mum is worse at night")
    page.get_by_role("button", name="Ask for a review").click()
    due = add_working_days(timezone.localdate(), 10)
    expect(page.locator(".govuk-notification-banner, main").first).to_contain_text(
        f"will contact you by {due:%A} {due.day} {due:%B %Y}"
    )
    expect(page.get_by_test_id("who-to-contact")).to_contain_text("01632 960101")
    assert_accessible(page)

    # ... and it is in the team's tray with that due date.
    page.context.clear_cookies()
    sign_in(page, base, world.user("triage_worker").username)
    page.goto(f"{base}/triage/tray/?kind=review_requested")
    row = page.get_by_test_id("tray-row").filter(has_text="asked for a review")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"{due.day} {due:%b %Y}")
    assert_accessible(page)
