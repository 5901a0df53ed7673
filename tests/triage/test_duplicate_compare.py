"""Duplicates with care: compare side by side, choose what to take, match or add the cared-for."""

import pytest
from django.urls import reverse

from tests.factories import CaringRelationshipFactory
from tests.triage.factories import ReferralFactory
from triage.models import CaringRelationship

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(world):
    carer = world.carer_a
    return ReferralFactory(
        team=world.team_x,
        first_name=carer.first_name,
        last_name=carer.last_name,
        date_of_birth=carer.date_of_birth,
        phone="07700 900999",
        email="ann.new@example.org",
        cared_for_first_name="Dora",
        cared_for_last_name="Ashby",
    )


def _url(referral, carer):
    return reverse(
        "triage:referral-compare", kwargs={"reference": referral.reference, "carer_pk": carer.pk}
    )


def test_the_comparison_shows_both_side_by_side_and_marks_what_differs(world, client_for, referral):
    body = client_for(world.user("triage_worker")).get(_url(referral, world.carer_a)).content
    body = body.decode()
    assert "On the referral" in body and "On the record" in body
    assert "07700 900999" in body and world.carer_a.phone in body
    assert "Phone: 07700 900999" in body  # offered to take
    assert "Add Dora Ashby as someone new they care for" in body


def test_linking_takes_only_the_ticked_details_and_adds_the_cared_for_person(
    world, client_for, referral
):
    carer = world.carer_a
    old_email = carer.email
    client = client_for(world.user("triage_worker"))
    response = client.post(
        _url(referral, carer),
        {
            "version": referral.version,
            "carer_version": carer.version,
            "take": ["phone"],
            "cared_for": "new",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    carer.refresh_from_db()
    assert referral.carer == carer
    assert carer.phone == "07700 900999"
    assert carer.email == old_email  # not ticked, not changed
    assert CaringRelationship.objects.filter(carer=carer, cared_for__first_name="Dora").exists()
    history = client.get(reverse("triage:carer-detail", kwargs={"pk": carer.pk})).content
    assert b"07700 900999" in history  # the change is in the record's history


def test_matching_an_existing_cared_for_person_adds_no_one(world, client_for, referral):
    existing = CaringRelationshipFactory(carer=world.carer_a)
    client = client_for(world.user("triage_worker"))
    client.post(
        _url(referral, world.carer_a),
        {
            "version": referral.version,
            "carer_version": world.carer_a.version,
            "cared_for": str(existing.cared_for_id),
        },
    )
    assert CaringRelationship.objects.filter(carer=world.carer_a).count() == 1


def test_choosing_nothing_for_the_cared_for_person_is_explained(world, client_for, referral):
    response = client_for(world.user("triage_worker")).post(
        _url(referral, world.carer_a),
        {"version": referral.version, "carer_version": world.carer_a.version, "take": ["email"]},
    )
    body = response.content.decode()
    assert "There is a problem" in body and "Select who the person they care for is" in body
    referral.refresh_from_db()
    assert referral.carer is None


def test_a_record_changed_meanwhile_is_not_overwritten(world, client_for, referral):
    from triage import services

    carer = world.carer_a
    stale = carer.version
    services.carer_update(carer=carer, version=carer.version, phone="01603 000000")
    response = client_for(world.user("triage_worker")).post(
        _url(referral, carer),
        {
            "version": referral.version,
            "carer_version": stale,
            "take": ["phone"],
            "cared_for": "new",
        },
    )
    assert response.status_code == 409
    carer.refresh_from_db()
    referral.refresh_from_db()
    assert carer.phone == "01603 000000"
    assert referral.carer is None  # nothing half-done
    assert "Someone else changed this record" in response.content.decode()


def test_another_teams_record_cannot_be_compared(world, client_for, referral):
    client = client_for(world.user("triage_worker"))
    assert client.get(_url(referral, world.carer_b)).status_code == 404
