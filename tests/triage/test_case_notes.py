"""Case notes and the contact log on the carer's record: written once, corrected by amendment."""

import datetime

import pytest
from django.db import InternalError, transaction
from django.urls import reverse

from carers_portal.accounts.models import AccessEvent
from tests.triage.factories import ReferralFactory
from triage import services
from triage.case_notes import CaseNote, case_note_add

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "kind": "phone_call",
        "occurred_on_0": "3",
        "occurred_on_1": "11",
        "occurred_on_2": "2026",
        "text": "Rang Ann: night-time care is wearing her down.",
        "about": "",
    }
    data.update(overrides)
    return data


def test_a_worker_adds_a_phone_call_and_the_team_sees_it_on_the_record(world, client_for):
    referral = ReferralFactory(team=world.team_x, carer=world.carer_a)
    client = client_for(world.user("triage_worker"))
    url = reverse("triage:case-note-add", kwargs={"pk": world.carer_a.pk})
    response = client.post(url, _form(about=f"referral:{referral.pk}"))
    assert response.status_code == 302

    record = client_for(world.user("assessor")).get(
        reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk})
    )
    body = record.content.decode()
    assert "Phone call, 3 Nov 2026" in body
    assert "night-time care is wearing her down" in body
    assert "about referral" in body and referral.reference in body
    assert AccessEvent.objects.filter(
        carer_id=world.carer_a.pk, user=world.user("assessor")
    ).exists()


def test_missing_answers_are_explained_and_what_was_typed_is_kept(world, client_for):
    client = client_for(world.user("triage_worker"))
    response = client.post(
        reverse("triage:case-note-add", kwargs={"pk": world.carer_a.pk}),
        _form(kind="", occurred_on_0="31", occurred_on_1="2"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Select the kind of contact" in body
    assert "The date must be a real date" in body
    assert "night-time care is wearing her down" in body
    assert not CaseNote.objects.exists()


def test_a_note_cannot_be_dated_in_the_future(world):
    with pytest.raises(Exception, match="today or in the past"):
        case_note_add(
            carer=world.carer_a,
            author=world.user("triage_worker"),
            kind="visit",
            occurred_on=datetime.date.today() + datetime.timedelta(days=1),
            text="Will visit",
        )


def test_notes_are_never_edited_or_deleted_a_correction_amends(world, client_for):
    note = case_note_add(
        carer=world.carer_a,
        author=world.user("triage_worker"),
        kind="visit",
        occurred_on=datetime.date(2026, 11, 2),
        text="Visited on Monday",
    )
    with pytest.raises(InternalError), transaction.atomic():
        CaseNote.objects.filter(pk=note.pk).update(text="changed")
    with pytest.raises(InternalError), transaction.atomic():
        CaseNote.objects.filter(pk=note.pk).delete()

    client = client_for(world.user("triage_worker"))
    url = reverse("triage:case-note-add", kwargs={"pk": world.carer_a.pk}) + f"?amends={note.pk}"
    assert "Visited on Monday" in client.get(url).content.decode()
    client.post(url, _form(kind="visit", text="The visit was on Tuesday, not Monday"))
    correction = CaseNote.objects.exclude(pk=note.pk).get()
    assert correction.amends == note
    body = client.get(reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk})).content
    assert b"Visited on Monday" in body and b"Corrects the note of 2 Nov 2026" in body


def test_another_teams_carer_or_note_is_not_found(world, client_for):
    note = case_note_add(
        carer=world.carer_b,
        author=world.user("triage_worker_y"),
        kind="email",
        occurred_on=datetime.date(2026, 11, 2),
        text="Emailed Bea",
    )
    client = client_for(world.user("triage_worker"))
    url = reverse("triage:case-note-add", kwargs={"pk": world.carer_b.pk})
    assert client.get(url).status_code == 404
    own = reverse("triage:case-note-add", kwargs={"pk": world.carer_a.pk})
    assert client.get(f"{own}?amends={note.pk}").status_code == 404


def test_triage_notes_show_on_the_referral_and_join_the_carers_notes(world, client_for):
    referral = ReferralFactory(team=world.team_x, carer=world.carer_a)
    referral, _ = services.referral_triage_record(
        referral=referral,
        version=referral.version,
        caring_hours="20_49",
        health_impact="some",
        breakdown_risk="low",
        carer_hospital_admission=False,
        urgency="routine",
        notes="Prefers calls after 6pm",
    )
    client = client_for(world.user("triage_worker"))
    detail = reverse("triage:referral-detail", kwargs={"reference": referral.reference})
    assert "Prefers calls after 6pm" in client.get(detail).content.decode()
    services.referral_triage_complete(
        referral=referral,
        version=referral.version,
        priority="standard",
        pathway="carers_assessment",
        override_reason="",
        by=world.user("triage_worker"),
    )
    note = CaseNote.objects.get(referral=referral)
    assert (note.kind, note.text, note.carer) == (
        "triage",
        "Prefers calls after 6pm",
        world.carer_a,
    )
