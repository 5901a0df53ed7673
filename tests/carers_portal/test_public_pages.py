import pytest
from django.test import Client
from django.urls import reverse

from tests.triage.test_public_referral import ANSWERS, answer_all, step_url

pytestmark = pytest.mark.django_db


def test_visitors_get_a_start_page_not_the_sign_in_form(world):
    page = Client().get("/").content.decode()
    assert "Get support as an unpaid carer" in page
    assert reverse("triage:referral-start") in page
    assert 'name="password"' not in page
    assert "0300 123 4567" in page


def test_signed_in_people_go_on_to_their_home(world, client_for):
    response = client_for(world.user("assessor")).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("home-assessor")


def test_the_privacy_notice_gives_the_lawful_basis_sharing_retention_rights_and_dpo(
    world, settings
):
    settings.DATA_PROTECTION_OFFICER_EMAIL = "dpo@shireborough.example.gov.uk"
    page = Client().get(reverse("privacy-notice")).content.decode()
    for text in (
        "Public task",
        "Article 9(2)(h)",
        "Who we share it with",
        "GOV.UK Notify",
        "6 years",
        "Your rights",
        "dpo@shireborough.example.gov.uk",
    ):
        assert text in page


def test_every_page_links_to_the_privacy_notice_in_the_footer(world):
    page = Client().get(reverse("accessibility-statement")).content.decode()
    footer = page[page.index('<footer class="govuk-footer">') :]
    assert reverse("privacy-notice") in footer


def test_the_consent_question_links_to_the_privacy_notice_and_help_today_gives_the_number(world):
    client = Client()
    answer_all(client, {k: v for k, v in ANSWERS.items() if k != "reason"})
    page = client.get(step_url("reason")).content.decode()
    consent = page[page.index('name="consent"') - 2000 : page.index('name="consent"') + 2000]
    assert f'href="{reverse("privacy-notice")}"' in consent
    assert "If anyone needs help today, call us on 0300 123 4567" in page


def test_the_confirmation_gives_the_emergency_number(world):
    client = Client()
    answer_all(client)
    response = client.post(reverse("triage:referral-check"))
    page = client.get(response["Location"]).content.decode()
    assert "If anyone needs help today, call us on" in page
    assert "0300 123 4567" in page
