import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from triage.models import Referral, ReferralStatus

pytestmark = pytest.mark.django_db

ANSWERS = {
    "who": {"source": "self"},
    "carer": {
        "first_name": "Jo",
        "last_name": "Bloggs",
        "date_of_birth_0": "27",
        "date_of_birth_1": "3",
        "date_of_birth_2": "1970",
        "nhs_number": "485 777 3457",
    },
    "contact": {
        "address_line_1": "1 High Street",
        "town": "Leeds",
        "postcode": "ls6 2ab",
        "phone": "0113 496 0000",
        "preferred_contact": "phone",
    },
    "caring": {
        "caring_hours": "50_plus",
        "cared_for_first_name": "Sam",
        "cared_for_last_name": "Bloggs",
        "cared_for_relationship": "parent",
        "cared_for_support_reason": "dementia",
    },
    "reason": {"reason": "Mum is up all night.", "urgent_at_intake": "no", "consent": "on"},
}


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()
    yield
    cache.clear()


def step_url(step: str) -> str:
    return reverse("triage:referral-step", kwargs={"step": step})


def answer_all(client: Client, answers=ANSWERS) -> None:
    for step, data in answers.items():
        response = client.post(step_url(step), data)
        assert response.status_code == 302, (step, response.content.decode()[:2000])


def test_a_carer_refers_themselves_and_gets_a_reference(world):
    client = Client()
    assert client.get(reverse("triage:referral-start")).status_code == 200
    answer_all(client)
    check = client.get(reverse("triage:referral-check"))
    assert check.status_code == 200
    page = check.content.decode()
    assert "Check your answers" in page
    assert "27 March 1970" in page and "LS6 2AB" in page
    assert "Your details" not in page  # self-referrals skip the referrer page
    response = client.post(reverse("triage:referral-check"))
    assert response.status_code == 302
    confirmation = client.get(response["Location"]).content.decode()
    referral = Referral.objects.get()
    assert referral.reference in confirmation
    assert (referral.status, referral.source, referral.nhs_number) == (
        ReferralStatus.AWAITING_TRIAGE,
        "self",
        "4857773457",
    )
    # Answers are gone from the session once sent: a second send is not possible.
    assert client.get(reverse("triage:referral-check")).status_code == 302
    assert Referral.objects.count() == 1


def test_a_professional_is_asked_for_their_own_details(world):
    client = Client()
    response = client.post(step_url("who"), {"source": "gp_practice"})
    assert response["Location"] == step_url("referrer")
    response = client.post(step_url("referrer"), {"referrer_name": ""})
    page = response.content.decode()
    assert "Enter your full name" in page
    assert "Enter your phone number or email address" in page


def test_pages_cannot_be_skipped(world):
    client = Client()
    response = client.get(step_url("caring"))
    assert response["Location"] == step_url("who")


@pytest.mark.parametrize(
    ("step", "data", "message", "kept"),
    [
        (
            "carer",
            {**ANSWERS["carer"], "date_of_birth_2": "2999"},
            "the carer&#x27;s date of birth must be in the past",
            'value="2999"',
        ),
        (
            "carer",
            {**ANSWERS["carer"], "nhs_number": "485 777 3456"},
            "Enter a valid 10-digit NHS number",
            'value="485 777 3456"',
        ),
        (
            "carer",
            {**ANSWERS["carer"], "date_of_birth_0": "31", "date_of_birth_1": "2"},
            "must be a real date",
            'value="31"',
        ),
        (
            "contact",
            {**ANSWERS["contact"], "postcode": "XX1 1XX1"},
            "Enter a real postcode, like SW1A 1AA",
            'value="XX1 1XX1"',
        ),
        (
            "contact",
            {**ANSWERS["contact"], "phone": "", "preferred_contact": "text"},
            "Enter a phone number, or choose another way to be contacted",
            'value="1 High Street"',
        ),
        (
            "caring",
            {"cared_for_first_name": "Sam"},
            "Select about how many hours a week the carer spends caring",
            'value="Sam"',
        ),
        (
            "reason",
            {"reason": "Help please"},
            "Confirm that the carer agrees to this referral",
            "Help please",
        ),
    ],
)
def test_bad_answers_are_explained_and_what_was_typed_is_kept(world, step, data, message, kept):
    client = Client()
    earlier = list(ANSWERS)[: list(ANSWERS).index(step)]
    answer_all(client, {name: ANSWERS[name] for name in earlier})
    response = client.post(step_url(step), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message.lower() in page.lower()
    assert kept in page
    assert "<title>Error: " in page


def test_change_link_returns_to_check_answers(world):
    client = Client()
    answer_all(client)
    response = client.post(
        step_url("contact") + "?change=1", {**ANSWERS["contact"], "postcode": "LS1 4AP"}
    )
    assert response["Location"] == reverse("triage:referral-check")
    assert "LS1 4AP" in client.get(reverse("triage:referral-check")).content.decode()


def test_submissions_are_rate_limited_per_address(world, settings):
    settings.TRIAGE_PUBLIC_SUBMISSIONS_PER_HOUR = 1
    client = Client()
    answer_all(client)
    assert client.post(reverse("triage:referral-check")).status_code == 302
    answer_all(client)
    response = client.post(reverse("triage:referral-check"))
    assert response.status_code == 429
    assert "too many attempts" in response.content.decode()
    assert Referral.objects.count() == 1


def test_public_pages_need_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(step_url("who"), {"source": "self"})
    assert response.status_code == 403
