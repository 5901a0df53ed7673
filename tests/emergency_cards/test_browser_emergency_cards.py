import re

import pytest
from playwright.sync_api import Page, expect

from emergency_cards.models import EmergencyPlan
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import CaringRelationshipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_contact(page: Page, slot: int, name: str, phone: str) -> None:
    page.locator(f"#id_contact_{slot}_name").fill(name)
    page.locator(f"#id_contact_{slot}_relationship").fill("Neighbour")
    page.locator(f"#id_contact_{slot}_phone").fill(phone)
    page.locator(f"#id_contact_{slot}_availability").select_option("any_time")
    page.locator(f"#id_contact_{slot}_consents_to_contact").check()
    page.locator(f"#id_contact_{slot}_consents_to_share").check()


def test_register_download_look_up_and_record_an_emergency(page: Page, live_server, world):
    link = CaringRelationshipFactory(carer=world.carer_a)
    base = live_server.url

    # A worker registers the carer with two consenting contacts.
    sign_in(page, base, world.user("triage_worker").username)
    page.get_by_role("link", name=re.compile("Emergency cards")).click()
    assert_accessible(page)
    page.get_by_label("Carer's name").fill("Ashby")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Ann Ashby").click()
    assert_accessible(page)
    page.get_by_role("link", name="Register for an emergency card").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select who the plan is for")
    assert_accessible(page)
    page.get_by_label(str(link.cared_for)).check()
    page.get_by_label("Their needs").fill("Needs help with meals and tablets")
    page.get_by_label("Medication", exact=True).fill("Donepezil 10mg at night")
    page.get_by_label("Where the medication is kept").fill("Kitchen cupboard")
    page.get_by_label("How to get in: key safe location and code").fill("Key safe by door, 2468")
    fill_contact(page, 1, "Dee Davies", "07700 900123")
    fill_contact(page, 2, "Eli Evans", "07700 900456")
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emergency plan")
    card_number = EmergencyPlan.objects.get().current_card.formatted_number
    expect(page.get_by_test_id("card-number")).to_have_text(card_number)
    expect(page.get_by_test_id("key-access")).to_contain_text("Recorded")
    expect(page.get_by_test_id("key-access")).not_to_contain_text("2468")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the wallet card (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "carers-emergency-card.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # The 24-hour responder looks the card up and records the emergency.
    page.context.clear_cookies()
    sign_in(page, base, world.user("responder").username)
    page.get_by_role("link", name="Look up an emergency card").click()
    assert_accessible(page)
    wrong = card_number[:-1] + str((int(card_number[-1]) + 1) % 10)
    page.get_by_label("Card number").fill(wrong)
    page.get_by_label("Why are you looking up this card?").fill("Paramedic called from A&E")
    page.get_by_role("button", name="Look up card").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Check the card number: it is not a valid card number"
    )
    assert_accessible(page)
    page.get_by_label("Card number").fill(card_number)
    page.get_by_role("button", name="Look up card").click()
    expect(page.get_by_test_id("key-access")).to_contain_text("Key safe by door, 2468")
    assert_accessible(page)
    page.get_by_role("link", name="Record an emergency").click()
    assert_accessible(page)
    page.get_by_label("Who called?").fill("Paramedic Jones")
    page.get_by_label("Emergency services").check()
    page.get_by_label("Carer admitted to hospital").check()
    page.get_by_label(re.compile("Contact 1: Dee Davies")).select_option("no_answer")
    page.get_by_label(re.compile("Contact 2: Eli Evans")).select_option("agreed")
    page.get_by_label("Replacement care was arranged").check()
    page.get_by_label("Hours of replacement care covered").fill("60")
    page.get_by_label("Outcome").fill("Eli is staying until the carer is home")
    page.get_by_role("button", name="Save emergency record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The emergency has been recorded"
    )
    assert_accessible(page)

    # The carer's record shows the card and the emergency.
    page.context.clear_cookies()
    sign_in(page, base, world.user("assessor").username)
    page.goto(f"{base}/emergency-cards/carer/{world.carer_a.pk}/")
    expect(page.get_by_test_id("carer-plans")).to_contain_text(card_number)
    activations = page.get_by_test_id("activations")
    expect(activations).to_contain_text("Carer admitted to hospital")
    expect(activations).to_contain_text("2. Eli Evans: agreed to help")
    expect(activations).to_contain_text("Needs practitioner review / financial assessment")
    assert_accessible(page)


def test_carer_sees_their_own_card_pages(page: Page, live_server, world):
    from tests.emergency_cards.factories import plan_for

    plan = plan_for(world.carer_a)
    sign_in(page, live_server.url, world.user("carer").username)
    page.get_by_role("link", name="Your emergency card").click()
    expect(page.get_by_test_id("my-plans")).to_contain_text(plan.current_card.formatted_number)
    assert_accessible(page)
    page.get_by_role("link", name=str(plan.cared_for)).click()
    expect(page.get_by_test_id("key-access")).to_contain_text("Recorded")
    assert_accessible(page)
    page.goto(f"{live_server.url}/emergency-cards/plans/{plan.pk}/confirm/")
    page.get_by_role("button", name="Confirm the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Confirm that you have checked the plan"
    )
    assert_accessible(page)
    page.get_by_label("I have checked the plan and the contacts, and they are right").check()
    page.get_by_role("button", name="Confirm the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("confirmed")
