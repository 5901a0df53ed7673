import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, assert_govuk_frontend_running, sign_in
from tests.services_directory.factories import ServiceFactory, full_service, term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_of_the_public_finds_a_service_and_opens_it(page: Page, live_server):
    breaks = term("short-breaks")
    full_service(
        name="Replacement care sitting service",
        description="A care worker sits with the person you care for.",
    )
    ServiceFactory(name="Carers short breaks grant", terms=[breaks])
    ServiceFactory(name="Yarmouth breaks club", terms=[breaks], areas=["NR30"])
    ServiceFactory.create_batch(26, name="Carers drop-in", description="Weekly drop-in")

    page.goto(f"{live_server.url}{reverse('services_directory:search')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find support services for carers")
    assert_govuk_frontend_running(page)
    assert_accessible(page)
    # 29 services: the first page shows 25 and the pagination is accessible too.
    expect(page.get_by_test_id("result-count")).to_have_text("29 services found")
    expect(page.get_by_role("navigation", name="Pagination")).to_be_visible()

    page.get_by_label("Type of support").select_option(label="Short breaks")
    page.get_by_label("Postcode or area").fill("nr1 3qu")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("result-count")).to_have_text("1 service found")
    assert_accessible(page)

    page.get_by_label("Type of support").select_option(label="All types of support")
    page.get_by_label("Search").fill("sitting")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Replacement care sitting service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Replacement care sitting service")
    expect(page.get_by_role("link", name="01603 123456")).to_be_visible()
    assert_accessible(page)


def test_a_postcode_mistake_is_explained_accessibly(page: Page, live_server):
    term("helpline")
    page.goto(f"{live_server.url}{reverse('services_directory:search')}?postcode=Norwich")
    expect(page).to_have_title(
        "Error: Find support services for carers - Carers Support Service - Shireborough County Council"
    )
    page.get_by_role(
        "link", name="Enter a real postcode or postcode area, like NR1 3QU or NR1"
    ).click()
    expect(page.get_by_label("Postcode or area")).to_be_focused()
    assert_accessible(page)


def test_a_commissioner_reviews_directory_freshness(page: Page, live_server, world):
    ServiceFactory(name="Never checked service", last_verified_on=None)
    ServiceFactory(name="Full service", capacity=4, uptake=4)
    sign_in(page, live_server.url, world.user("commissioner").username)
    page.locator("main").get_by_role("link", name="Directory freshness").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Directory freshness")
    table = page.get_by_test_id("freshness-table")
    expect(table).to_contain_text("Never checked service")
    expect(table).to_contain_text("At capacity")
    assert_accessible(page)
