import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import CaredForPersonFactory, CaringRelationshipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def radio(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def start(page: Page, base: str, carer_id: int, kind_label: str) -> None:
    page.goto(f"{base}/assessments/carer/{carer_id}/start/")
    page.get_by_label(kind_label).check()
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(kind_label)


def answer_the_assessment(page: Page, *, check_a11y: bool = False) -> None:
    """From the first section after "About", through to check answers, to an eligible outcome."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Caring role")
    if check_a11y:
        save_and_continue(page)  # nothing answered: the error state
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Select whether the carer is able to provide care"
        )
        expect(page).to_have_title(re.compile(r"^Error: "))
        assert_accessible(page)
    radio(page, "Is the carer able to provide care?", "Yes")
    radio(page, "Is the carer likely to continue to be able to provide care?", "Not sure")
    radio(page, "Is the carer willing to provide care?", "Yes")
    radio(page, "Is the carer likely to continue to be willing to provide care?", "Yes")
    radio(
        page,
        "Do the carer's needs arise because they provide necessary care to an adult?",
        "Yes",
    )
    save_and_continue(page)

    page.get_by_label("What impact does caring have on the carer's wellbeing?").fill(
        "Tired all the time; has stopped seeing friends."
    )
    page.get_by_label("What outcomes does the carer want in day-to-day life?").fill(
        "A regular break and to keep her job."
    )
    radio(page, "Could support help the carer achieve those outcomes?", "Yes")
    save_and_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Outcomes the carer can or cannot achieve"
    )
    # Four groups of two outcomes, each group a fieldset with its own legend.
    expect(page.get_by_role("group", name="Caring for other people")).to_be_visible()
    for outcome in page.locator(".govuk-radios").all():
        outcome.get_by_label("Can achieve this outcome").check()
    radio(page, "Engaging in recreational activities", "Unable: cannot achieve it without help")
    save_and_continue(page)

    radio(
        page,
        "Is the carer's physical or mental health deteriorating, or at risk of deteriorating?",
        "Yes",
    )
    radio(
        page,
        "As a consequence, is there, or is there likely to be, a significant impact on the "
        "carer's wellbeing?",
        "Yes",
    )
    page.get_by_label("Explain your judgement").fill("Sleep is broken most nights.")
    save_and_continue(page)

    expect(page.get_by_test_id("rules-outcome")).to_contain_text("Under the rules: eligible")
    radio(page, "What is your eligibility decision?", "Eligible")
    save_and_continue(page)

    expect(page.get_by_test_id("indicative-budget")).to_contain_text("£175.00")
    page.get_by_label("The carer received information and advice").check()
    save_and_continue(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your answers")


def test_separate_joint_and_declined_assessments_show_on_the_carer_record(
    page: Page, live_server, world
):
    person = CaredForPersonFactory(first_name="Colin", last_name="Ashby")
    CaringRelationshipFactory(carer=world.carer_a, cared_for=person)
    base = live_server.url
    sign_in(page, base, world.user("assessor").username)

    # Separate assessment, to an eligible outcome.
    start(page, base, world.carer_a.pk, "Separate carer's assessment")
    expect(page.locator(".govuk-task-list").first).to_be_visible()
    expect(page.get_by_test_id("check-task")).to_contain_text("Cannot start yet")
    assert_accessible(page)
    page.get_by_role("link", name="About this assessment").click()
    radio(page, "Who does the carer look after?", "Colin Ashby")
    assert_accessible(page)  # a question page
    save_and_continue(page)
    answer_the_assessment(page, check_a11y=True)
    assert_accessible(page)  # check answers
    page.get_by_role("button", name="Complete assessment").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Assessment completed")
    expect(page.get_by_text("Outcome: Eligible")).to_be_visible()

    # Joint assessment: both people agree (Care Act s12(5)).
    start(page, base, world.carer_a.pk, "Joint assessment with the cared-for person")
    page.get_by_role("link", name="About this assessment").click()
    radio(page, "Who does the carer look after?", "Colin Ashby")
    radio(page, "Did the carer agree to a joint assessment?", "Yes")
    radio(page, "Did the person being cared for agree to a joint assessment?", "Yes")
    save_and_continue(page)
    answer_the_assessment(page)
    page.get_by_role("button", name="Complete assessment").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Assessment completed")

    # Declined, with the date and reason (Care Act s11).
    start(page, base, world.carer_a.pk, "Assessment declined by the carer")
    page.get_by_role("link", name="About this assessment").click()
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("What reason did the carer give?").fill("Managing well for now")
    save_and_continue(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the refusal")
    page.get_by_role("button", name="Record the refusal").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Refusal recorded")

    page.goto(f"{base}/assessments/carer/{world.carer_a.pk}/")
    table = page.get_by_test_id("carer-assessments")
    expect(table).to_contain_text("Separate carer's assessment")
    expect(table).to_contain_text("Joint assessment with the cared-for person")
    expect(table).to_contain_text("Assessment declined by the carer")
    expect(table).to_contain_text("Managing well for now")
    expect(table.locator("tbody tr")).to_have_count(3)
    assert_accessible(page)
