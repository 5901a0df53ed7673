"""Inputs that collect the user's own details name their purpose (WCAG 2.2 SC 1.3.5) with the
HTML autocomplete tokens, so browsers can fill them and assistive technology can label them;
inputs about someone else are not offered the user's own details.
"""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from carers_portal.accounts.roles import Role
from tests.factories import UserFactory
from tests.triage.test_public_referral import ANSWERS, step_url

pytestmark = pytest.mark.django_db


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.by_name: dict[str, dict] = {}
        self.autofocus: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "autofocus" in values:
            self.autofocus.append(tag)
        if tag in ("input", "textarea", "select") and values.get("name"):
            self.by_name[values["name"]] = values


def _inputs(response) -> _Inputs:
    assert response.status_code == 200, response.status_code
    parser = _Inputs()
    parser.feed(response.content.decode())
    return parser


def _tokens(response, names) -> dict[str, str | None]:
    inputs = _inputs(response).by_name
    return {name: inputs[name].get("autocomplete") for name in names}


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()
    yield
    cache.clear()


def test_sign_in_names_the_username_and_current_password_and_takes_no_focus(client):
    page = client.get(reverse("accounts:sign-in"))
    assert _tokens(page, ["username", "password"]) == {
        "username": "username",
        "password": "current-password",
    }
    # Focus starts at the top, so the skip link is the first thing a keyboard reaches.
    assert _inputs(page).autofocus == []


def test_the_password_reset_request_names_the_email_address(client):
    page = client.get(reverse("accounts:reset-request"))
    assert _tokens(page, ["email"]) == {"email": "email"}


def test_setting_a_password_names_both_boxes_as_a_new_password(client):
    user = UserFactory(username="sam", email="sam@example.org", role=Role.ASSESSOR)
    link = reverse(
        "accounts:reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    page = client.get(link, follow=True)
    assert _tokens(page, ["new_password1", "new_password2"]) == {
        "new_password1": "new-password",
        "new_password2": "new-password",
    }


def test_a_carer_referring_themselves_is_offered_their_own_details():
    client = Client()
    client.post(step_url("who"), {"source": "self"})
    assert _tokens(
        client.get(step_url("carer")),
        ["first_name", "last_name", "date_of_birth_0", "date_of_birth_1", "date_of_birth_2"],
    ) == {
        "first_name": "given-name",
        "last_name": "family-name",
        "date_of_birth_0": "bday-day",
        "date_of_birth_1": "bday-month",
        "date_of_birth_2": "bday-year",
    }
    client.post(step_url("carer"), ANSWERS["carer"])
    assert _tokens(
        client.get(step_url("contact")),
        ["address_line_1", "address_line_2", "town", "postcode", "phone", "email"],
    ) == {
        "address_line_1": "address-line1",
        "address_line_2": "address-line2",
        "town": "address-level2",
        "postcode": "postal-code",
        "phone": "tel",
        "email": "email",
    }


def test_a_professional_is_offered_their_own_details_but_not_for_the_carer():
    client = Client()
    client.post(step_url("who"), {"source": "gp_practice"})
    assert _tokens(
        client.get(step_url("referrer")), ["referrer_name", "referrer_organisation"]
    ) == {
        "referrer_name": "name",
        "referrer_organisation": "organization",
    }
    client.post(
        step_url("referrer"),
        {"referrer_name": "Dr Patel", "referrer_contact": "surgery@example.nhs.uk"},
    )
    carer = _tokens(client.get(step_url("carer")), ["first_name", "date_of_birth_0"])
    assert carer == {"first_name": None, "date_of_birth_0": None}


def test_staff_taking_a_referral_are_not_offered_their_own_details(world, client_for):
    page = client_for(world.user("triage_worker")).get(reverse("triage:referral-create"))
    tokens = _tokens(page, ["referrer_name", "first_name", "postcode", "email"])
    assert set(tokens.values()) == {None}


def test_a_carers_own_contact_details_pages_name_each_input(world, client_for):
    client = client_for(world.user("carer"))

    def question(slug, names):
        return _tokens(client.get(reverse("my_details:question", kwargs={"slug": slug})), names)

    assert question("phone", ["phone"]) == {"phone": "tel"}
    assert question("email", ["email"]) == {"email": "email"}
    assert question("address", ["address_line_1", "address_line_2", "town", "postcode"]) == {
        "address_line_1": "address-line1",
        "address_line_2": "address-line2",
        "town": "address-level2",
        "postcode": "postal-code",
    }


def test_an_emergency_contacts_details_are_not_filled_with_the_carers_own(world, client_for):
    from tests.emergency_cards.factories import plan_for

    plan = plan_for(world.carer_a, registered_by=world.user("triage_worker"))
    page = client_for(world.user("carer")).get(
        reverse("emergency_cards:my-contact", kwargs={"plan_id": plan.pk, "slot": 1})
    )
    assert _tokens(page, ["name", "phone"]) == {"name": "off", "phone": "off"}
