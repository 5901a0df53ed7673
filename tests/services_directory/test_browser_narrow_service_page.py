import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.services_directory.factories import ContactFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_EMAIL = "carers.wellbeing.enquiries@shireboroughcitizensadvice.example.org"


def test_a_long_email_address_wraps_on_a_small_phone(page: Page, live_server):
    """At 320px (WCAG 1.4.10) the contact's email address pushed the page sideways."""
    service = ServiceFactory(name="Benefits advice")
    ContactFactory(service=service, email=LONG_EMAIL)
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{live_server.url}{reverse('services_directory:service-detail', args=[service.id])}")
    assert page.get_by_role("link", name=LONG_EMAIL).is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
