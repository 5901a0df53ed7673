"""The Django admin names carers by record number: it is outside the scoped, logged service."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from governance.models import LegalHold, RecordChallenge
from tests.factories import UserFactory
from triage.models import CaredForPerson, Carer
from triage.restrictions import CarerRestriction, carer_restrict

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for):
    return client_for(
        UserFactory(username="ig-admin", role="administrator", is_staff=True, is_superuser=True)
    )


def _hold(world, **kwargs):
    return LegalHold.objects.create(
        carer=world.carer_a,
        reason="Public inquiry",
        review_on=datetime.date(2027, 6, 1),
        placed_by=world.user("administrator"),
        **kwargs,
    )


def test_legal_hold_pages_show_the_record_number_not_the_name(world, admin_client):
    hold = _hold(world)
    changelist = admin_client.get(reverse("admin:governance_legalhold_changelist"))
    change = admin_client.get(reverse("admin:governance_legalhold_change", args=[hold.pk]))
    for page in (changelist, change):
        assert page.status_code == 200
        html = page.content.decode()
        assert "Ashby" not in html and "Ann" not in html
    assert f"Carer record {world.carer_a.pk}" in change.content.decode()  # beside the raw id
    assert f"carer record {world.carer_a.pk}" in changelist.content.decode()


def test_placing_a_hold_in_the_admin_keeps_no_name_in_its_change_log(world, admin_client):
    response = admin_client.post(
        reverse("admin:governance_legalhold_add"),
        {
            "carer": world.carer_a.pk,
            "reason": "Complaint to the Ombudsman",
            "review_on": "2027-01-31",
        },
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.placed_by.username == "ig-admin"
    entry = LogEntry.objects.get(object_id=str(hold.pk))
    assert entry.object_repr == f"Legal hold on carer record {world.carer_a.pk}"
    # The "added" message on the next page uses the same string.
    page = admin_client.get(response["Location"]).content.decode()
    assert "Ashby" not in page


def test_restrictions_and_challenges_name_the_record_number(world):
    restriction = carer_restrict(
        carer=world.carer_a, reason="other", details="", named_staff=[], by=world.user("assessor")
    )
    challenge = RecordChallenge.objects.create(
        carer=world.carer_a,
        kind="rectification",
        record_described="Date of birth",
        carer_says="My date of birth is wrong",
        received_on=datetime.date(2026, 11, 2),
        due_on=datetime.date(2026, 12, 2),
        logged_by=world.user("assessor"),
    )
    for obj in (restriction, challenge, _hold(world)):
        assert str(world.carer_a.pk) in str(obj) and "Ashby" not in str(obj)


def test_no_admin_page_shows_a_carer_by_name():
    """Any model admin with a carer (or cared-for person) field shows them by record number:
    restrictions and challenges are kept out of the admin; a new admin must use the widget."""
    people = (Carer, CaredForPerson)
    for model, model_admin in admin.site._registry.items():
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model not in people:
                continue
            assert field.name in model_admin.raw_id_fields, (model, field.name)
            assert "__str__" not in model_admin.list_display, model
    assert CarerRestriction not in admin.site._registry
    assert RecordChallenge not in admin.site._registry
