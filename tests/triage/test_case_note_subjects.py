"""A case note can be about one of the carer's assessments, plans or emergency cards: the form
offers only that carer's records, the note links to its record, and the record's page lists it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.emergency_cards.factories import plan_for
from tests.factories import CaredForPersonFactory, CaringRelationshipFactory
from tests.support_plans.factories import EligibleAssessmentFactory, SupportPlanFactory
from triage.case_notes import CaseNote, case_note_add

pytestmark = pytest.mark.django_db


def _note(**overrides) -> dict:
    data = {
        "kind": "visit",
        "occurred_on_0": "3",
        "occurred_on_1": "11",
        "occurred_on_2": "2026",
        "text": "Went through the assessment answers with Ann at home.",
        "about": "",
    }
    return data | overrides


def _add_url(world) -> str:
    return reverse("triage:case-note-add", kwargs={"pk": world.carer_a.pk})


def test_a_note_about_an_assessment_shows_on_the_assessment_and_the_carer_record(world, client_for):
    assessment = EligibleAssessmentFactory(carer=world.carer_a, assessor=world.user("assessor"))
    client = client_for(world.user("assessor"))
    form = client.get(_add_url(world) + f"?about=assessment:{assessment.pk}").content.decode()
    assert "Separate carer&#x27;s assessment, started 5 January 2026" in form
    assert f'value="assessment:{assessment.pk}" selected' in form

    response = client.post(_add_url(world), _note(about=f"assessment:{assessment.pk}"))
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert (note.about_kind, note.about_id) == ("assessment", assessment.pk)

    detail_url = reverse("assessments:detail", kwargs={"pk": assessment.pk})
    about = client.get(detail_url).content.decode()
    section = about[about.index('data-testid="case-notes-about"') :]
    assert "Visit, 3 Nov 2026" in section
    assert "Went through the assessment answers" in section

    record = client_for(world.user("triage_worker")).get(
        reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk})
    )
    body = record.content.decode()
    assert "Went through the assessment answers" in body
    assert f'href="{detail_url}" data-testid="case-note-subject"' in body


def test_the_plan_and_the_emergency_card_list_their_own_notes_only(world, client_for):
    plan = SupportPlanFactory(assessment__carer=world.carer_a)
    person = CaredForPersonFactory(first_name="Colin", last_name="Ashby")
    link = CaringRelationshipFactory(carer=world.carer_a, cared_for=person)
    card_plan = plan_for(world.carer_a, cared_for_link=link)
    worker = world.user("triage_worker")
    for about, text in (
        (f"support_plan:{plan.pk}", "Rang about the sitter"),
        (f"emergency_card:{card_plan.pk}", "Checked the key safe code is current"),
    ):
        case_note_add(
            carer=world.carer_a,
            author=worker,
            kind="phone_call",
            occurred_on=datetime.date(2026, 11, 2),
            text=text,
            about=about,
        )
    client = client_for(worker)
    plan_page = client.get(
        reverse("support_plans:plan-detail", kwargs={"plan_id": plan.pk})
    ).content.decode()
    assert "Rang about the sitter" in plan_page
    assert "Checked the key safe" not in plan_page
    card_page = client.get(
        reverse("emergency_cards:plan-detail", kwargs={"plan_id": card_plan.pk})
    ).content.decode()
    assert "Checked the key safe code is current" in card_page
    assert "Rang about the sitter" not in card_page
    note = CaseNote.objects.get(about_kind="emergency_card")
    assert note.about_label == "Emergency card plan for Colin Ashby, registered " + (
        f"{card_plan.issued_on:%-d %B %Y}"
    )


def test_a_note_cannot_be_about_another_carers_plan(world, client_for):
    own = SupportPlanFactory(assessment__carer=world.carer_a)
    other = SupportPlanFactory(assessment__carer=world.carer_b)
    client = client_for(world.user("triage_worker"))
    form = client.get(_add_url(world)).content.decode()
    assert f"support_plan:{own.pk}" in form
    assert f"support_plan:{other.pk}" not in form

    response = client.post(_add_url(world), _note(about=f"support_plan:{other.pk}"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'id="div_id_about" class="govuk-form-group govuk-form-group--error"' in body
    assert "Select one of this carer&#x27;s referrals, assessments, plans or cards" in body
    assert "Went through the assessment answers" in body  # what was typed is kept
    assert not CaseNote.objects.exists()

    with pytest.raises(ValidationError) as refused:
        case_note_add(
            carer=world.carer_a,
            author=world.user("triage_worker"),
            kind="visit",
            occurred_on=datetime.date(2026, 11, 2),
            text="About someone else's plan",
            about=f"support_plan:{other.pk}",
        )
    assert "about" in refused.value.message_dict


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_query_counts_stay_flat_as_records_and_notes_grow(world, client_for):
    worker = world.user("assessor")
    client = client_for(worker)
    first = EligibleAssessmentFactory(carer=world.carer_a, assessor=worker)
    record = reverse("triage:carer-detail", kwargs={"pk": world.carer_a.pk})
    detail = reverse("assessments:detail", kwargs={"pk": first.pk})

    def add(assessments: int, notes: int) -> None:
        for _ in range(assessments):
            assessment = EligibleAssessmentFactory(carer=world.carer_a, assessor=worker)
            SupportPlanFactory(assessment=assessment, status="closed")
        for n in range(notes):
            case_note_add(
                carer=world.carer_a,
                author=worker,
                kind="email",
                occurred_on=datetime.date(2026, 10, 1 + n),
                text=f"Email {n}",
                about=f"assessment:{first.pk}",
            )

    urls = (_add_url(world), record, detail)
    for url in urls:
        # In a test's one transaction, rows made after a page has been seen carry its user
        # in their history (as rows made by someone signed in do), so both counts see names.
        client.get(url)
    add(assessments=1, notes=1)
    few = {url: _count(client, url) for url in urls}
    add(assessments=6, notes=12)
    many = {url: _count(client, url) for url in urls}
    assert many == few
