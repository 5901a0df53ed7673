import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from carers_portal.accounts.models import AccessEvent
from tests.factories import CarerFactory
from tests.triage.factories import ReferralFactory
from triage.models import Referral

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


REFERRAL = {
    "first_name": "Jo",
    "last_name": "Bloggs",
    "date_of_birth": "1970-03-27",
    "postcode": "ls6 2ab",
    "preferred_contact": "email",
    "email": "jo@example.org",
    "caring_hours": "20_49",
    "cared_for_first_name": "Sam",
    "cared_for_last_name": "Bloggs",
    "cared_for_relationship": "parent",
    "cared_for_support_reason": "dementia",
    "reason": "Needs a break",
    "consent": True,
    "source": "gp_practice",
    "referrer_name": "Dr Patel",
}


def test_create_and_retrieve_a_referral(world):
    client = api_for(world.user("triage_worker"))
    response = client.post(reverse("api:referral-list"), REFERRAL, format="json")
    assert response.status_code == 201
    reference = response.json()["reference"]
    assert response.json()["postcode"] == "LS6 2AB"
    detail = client.get(reverse("api:referral-detail", kwargs={"reference": reference}))
    assert detail.status_code == 200
    assert AccessEvent.objects.filter(action="api_read", object_type="Referral").exists()


def test_bad_input_is_400_with_field_messages(world):
    response = api_for(world.user("triage_worker")).post(
        reverse("api:referral-list"),
        {**REFERRAL, "date_of_birth": "2999-01-01", "nhs_number": "4857773456", "postcode": "X"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["date_of_birth"] == ["Date of birth must be in the past"]
    assert "Enter a valid 10-digit NHS number" in errors["nhs_number"][0]
    assert "Enter a real postcode" in errors["postcode"][0]
    assert Referral.objects.count() == 0


def test_update_with_a_stale_version_is_409(world):
    referral = ReferralFactory(team=world.team_x)
    client = api_for(world.user("triage_worker"))
    url = reverse("api:referral-detail", kwargs={"reference": referral.reference})
    first = client.patch(url, {"version": referral.version, "phone": "0111"}, format="json")
    assert first.status_code == 200 and first.json()["version"] == referral.version + 1
    second = client.patch(url, {"version": referral.version, "phone": "0222"}, format="json")
    assert second.status_code == 409
    assert second.json()["version"] == referral.version + 1
    referral.refresh_from_db()
    assert referral.phone == "0111"


def test_update_without_a_version_is_400(world):
    referral = ReferralFactory(team=world.team_x)
    response = api_for(world.user("triage_worker")).patch(
        reverse("api:referral-detail", kwargs={"reference": referral.reference}),
        {"phone": "0111"},
        format="json",
    )
    assert response.status_code == 400
    assert "version" in response.json()


def test_scope_is_the_same_as_the_pages(world):
    theirs = ReferralFactory(team=world.team_y)
    client = api_for(world.user("triage_worker"))
    url = reverse("api:referral-detail", kwargs={"reference": theirs.reference})
    assert client.get(url).status_code == 404
    assert client.get(reverse("api:carer-detail", kwargs={"pk": world.carer_b.pk})).status_code == (
        404
    )
    listed = client.get(reverse("api:carer-list")).json()["results"]
    assert [c["id"] for c in listed] == [world.carer_a.pk]
    assert api_for(world.user("carer")).get(reverse("api:carer-list")).status_code == 404


def test_carer_create_update_and_conflict(world):
    client = api_for(world.user("assessor"))
    response = client.post(
        reverse("api:carer-list"),
        {
            "first_name": "Kim",
            "last_name": "Lee",
            "date_of_birth": "1980-01-01",
            "postcode": "NR1 3QU",
            "preferred_contact": "phone",
            "phone": "01603 000000",
            "caring_hours": "1_19",
        },
        format="json",
    )
    assert response.status_code == 201
    carer = response.json()
    assert carer["team"] == world.team_x.pk
    url = reverse("api:carer-detail", kwargs={"pk": carer["id"]})
    assert client.patch(url, {"version": 1, "town": "Norwich"}, format="json").status_code == 200
    assert client.patch(url, {"version": 1, "town": "Diss"}, format="json").status_code == 409
    bad = client.patch(url, {"version": 2, "nhs_number": "123"}, format="json")
    assert bad.status_code == 400 and "nhs_number" in bad.json()


def test_carer_cannot_be_created_in_another_team(world):
    response = api_for(world.user("assessor")).post(
        reverse("api:carer-list"),
        {
            "first_name": "Kim",
            "last_name": "Lee",
            "date_of_birth": "1980-01-01",
            "postcode": "NR1 3QU",
            "preferred_contact": "phone",
            "caring_hours": "1_19",
            "team": world.team_y.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"team": ["Choose one of your teams"]}


def test_list_query_counts_do_not_grow(world):
    client = api_for(world.user("triage_worker"))
    client.get(reverse("api:carer-list"))  # the user's teams are then cached on the user

    def count(url) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    ReferralFactory.create_batch(3, team=world.team_x, carer=world.carer_a)
    CarerFactory.create_batch(3, team=world.team_x)
    referrals, carers = count(reverse("api:referral-list")), count(reverse("api:carer-list"))
    ReferralFactory.create_batch(30, team=world.team_x, carer=world.carer_a)
    CarerFactory.create_batch(30, team=world.team_x)
    assert count(reverse("api:referral-list")) == referrals
    assert count(reverse("api:carer-list")) == carers


def test_a_professional_referral_needs_the_referrer(world):
    response = api_for(world.user("triage_worker")).post(
        reverse("api:referral-list"), {**REFERRAL, "referrer_name": ""}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"referrer_name": ["Enter the referrer's name"]}


# Found by the API fuzz test (tests/test_api_fuzz.py): each was a 500.


def test_a_nul_character_in_the_carer_search_is_400(world):
    response = api_for(world.user("triage_worker")).get(reverse("api:carer-list") + "?q=Ann%00")
    assert response.status_code == 400
    assert "q" in response.json()


def test_a_nul_character_in_a_referral_reference_is_400(world):
    response = api_for(world.user("triage_worker")).get("/api/v1/referrals/CSS-%00/")
    assert response.status_code == 400
    assert "not allowed" in response.json()["detail"]


def test_an_unknown_queue_filter_is_400_not_an_empty_queue(world):
    ReferralFactory(team=world.team_x)
    client = api_for(world.user("triage_worker"))
    assert client.get(reverse("api:referral-list") + "?status=awaiting").status_code == 400
    listed = client.get(reverse("api:referral-list") + "?status=awaiting_triage&overdue=")
    assert listed.status_code == 200
    assert listed.json()["count"] == 1
