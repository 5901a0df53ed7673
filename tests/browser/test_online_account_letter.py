"""A carer with no email is invited by letter, sets up their account with the letter's code
and sees their own plan, not another carer's; and the pages for someone acting for a carer.
axe-core finds nothing on any of the new pages."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in
from tests.emergency_cards.factories import plan_for
from tests.factories import CarerFactory, CaringRelationshipFactory
from tests.online_accounts.factories import acting_for
from tests.online_accounts.helpers import PASSWORD, code_in, pdf_text
from tests.support_plans.factories import ActivePlanFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_carer_invited_by_letter_sets_a_password_and_sees_only_their_own_plan(
    page: Page, live_server, world
):
    base = live_server.url
    lil = CarerFactory(
        team=world.team_x,
        user=None,
        first_name="Lil",
        last_name="Lane",
        date_of_birth=datetime.date(1961, 5, 4),
        email="",
        phone="01603 222333",
        address_line_1="3 Mill Lane",
        town="Shireton",
        postcode="SH1 2AB",
        preferred_contact="post",
    )
    ActivePlanFactory(assessment__carer=lil)
    someone_elses = ActivePlanFactory(assessment__carer=world.carer_b)

    # The worker invites Lil from her record; a letter is the one way offered.
    sign_in(page, base, world.user("triage_worker").username)
    page.goto(f"{base}/triage/carers/{lil.pk}/")
    expect(page.get_by_test_id("portal-status")).to_have_text("Not invited")
    page.get_by_role("link", name="Invite to their online account").click()
    assert_accessible(page)
    page.get_by_label(
        "Letter to print and post to Lil Lane, 3 Mill Lane, Shireton, SH1 2AB"
    ).check()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("heading", name="Letter ready to print")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the letter (PDF)").click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    code = code_in(text)
    username = re.search(r"Your username is (\S+)\.", text).group(1)
    assert f"{base}/activate/" in text
    page.get_by_role("link", name="Back to the carer's record").click()
    expires = timezone.localdate() + datetime.timedelta(days=14)
    expect(page.get_by_test_id("portal-status")).to_have_text(
        f"Invited by letter on {timezone.localdate():%-d %B %Y}, expires {expires:%-d %B %Y}"
    )

    # Lil types the code from the letter and her date of birth, then chooses a password.
    page.context.clear_cookies()
    page.goto(f"{base}/activate/")
    assert_accessible(page)
    page.get_by_label("Code").fill(code)
    page.get_by_label("Day").fill("4")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1961")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Choose a password")).to_be_visible()
    expect(page.get_by_test_id("username")).to_contain_text(username)
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Set up my account").click()
    expect(page.get_by_role("heading", name="Your account is set up")).to_be_visible()
    assert_accessible(page)

    # Next time she signs in with the username from the letter; she sees her own plan.
    page.context.clear_cookies()
    sign_in(page, base, username, PASSWORD)
    page.goto(f"{base}/support-plans/my/")
    page.get_by_role("link", name=re.compile("^Plan from")).click()
    expect(page.locator(".govuk-caption-l")).to_have_text("Lil Lane")
    assert_accessible(page)
    answer = page.goto(f"{base}/support-plans/my/{someone_elses.pk}/")
    assert answer.status == 404

    # The same code does not work twice.
    page.context.clear_cookies()
    page.goto(f"{base}/activate/")
    page.get_by_label("Code").fill(code)
    page.get_by_label("Day").fill("4")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1961")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("already been used")
    assert_accessible(page)


def test_the_pages_for_people_acting_for_a_carer_are_accessible(page: Page, live_server, world):
    base = live_server.url
    plan = ActivePlanFactory(assessment__carer=world.carer_a)
    CaringRelationshipFactory(carer=world.carer_a)
    card = plan_for(world.carer_a, registered_by=world.user("triage_worker"))
    grant = acting_for(world)

    sign_in(page, base, world.user("carer").username)
    page.goto(f"{base}/my/acting-for/")
    expect(page.get_by_test_id("acting-for-list")).to_contain_text("Rita Reed (Daughter)")
    assert_accessible(page)
    page.get_by_role("link", name="Let someone see your plan and card").click()
    page.get_by_role("button", name="Give access and send the invitation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email", exact=True).check()
    expect(page.get_by_label("Their email address")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, base, grant.user.username)
    expect(page.get_by_test_id("acting-for-carer")).to_contain_text("Ann Ashby")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Ann's plan from")).click()
    expect(page.get_by_role("heading", name="Ann's support plan")).to_be_visible()
    assert f"/support-plans/acting-for/{plan.pk}/" in page.url
    assert_accessible(page)
    page.goto(f"{base}/emergency-cards/acting-for/plans/{card.pk}/")
    expect(page.get_by_test_id("card-number")).to_have_text(card.current_card.formatted_number)
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, base, world.user("triage_worker").username)
    page.goto(f"{base}/online-accounts/carers/{world.carer_a.pk}/acting-for/add/")
    page.get_by_label("Letter to print and post", exact=True).check()
    page.get_by_role("button", name="Give access and send the invitation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
