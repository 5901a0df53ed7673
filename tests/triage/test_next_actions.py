"""Triage offers its public referral form on the directory and sign-in pages through the
next-actions registry, so those pages never name triage's URLs."""

import pytest
from django.urls import reverse

from carers_portal import next_actions

pytestmark = pytest.mark.django_db


def test_triage_registers_the_self_referral_on_both_public_pages():
    assert "refer-yourself" in next_actions.registered_keys("directory-search")
    assert "refer-yourself" in next_actions.registered_keys("sign-in")


@pytest.mark.parametrize(
    "url_name, text",
    [
        ("services_directory:search", "ask the carers support service for help"),
        ("accounts:sign-in", "refer yourself or someone else to the carers support service"),
    ],
)
def test_a_signed_out_visitor_is_shown_the_link_to_the_referral_form(client, url_name, text):
    page = client.get(reverse(url_name)).content.decode()
    link = f'<a class="govuk-link" href="{reverse("triage:referral-start")}">{text}</a>'
    assert link in page
    assert 'data-testid="refer-yourself"' in page


def test_without_the_registration_the_pages_offer_no_referral_link(client, monkeypatch):
    # The link comes from the registry alone: nothing in the templates names the form.
    monkeypatch.setitem(next_actions._registry, "directory-search", {})
    monkeypatch.setitem(next_actions._registry, "sign-in", {})
    for url_name in ("services_directory:search", "accounts:sign-in"):
        page = client.get(reverse(url_name)).content.decode()
        assert 'data-testid="refer-yourself"' not in page, url_name
        assert f'href="{reverse("triage:referral-start")}">' not in page.split("<main")[-1]
