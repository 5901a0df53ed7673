"""A carer changes or adds an emergency contact online: the contact agrees again, the change
waits on the team's tray, and only an accepted change reaches the plan a responder reads."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from emergency_cards import services
from emergency_cards.models import EmergencyContact, EmergencyPlan
from tests.emergency_cards.factories import plan_for
from triage.change_requests import ChangeRequest, ChangeStatus
from triage.models import Task, TaskKind, TaskStatus
from triage.services import change_request_accept

pytestmark = pytest.mark.django_db

NEW_NUMBER = {
    "name": "Eli Evans",
    "relationship": "Son",
    "phone": "07700 900999",
    "availability": "evenings_weekends",
    "availability_notes": "",
}
AGREED = {"consents_to_contact": "on", "consents_to_share": "on"}


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def plan(world) -> EmergencyPlan:
    plan = plan_for(world.carer_a, registered_by=world.user("triage_worker"))
    # Consent first recorded a while ago, so a new recording shows.
    EmergencyContact.objects.filter(plan=plan).update(consent_recorded_on=datetime.date(2025, 1, 1))
    return plan


def _url(name, plan, **kwargs):
    return reverse(f"emergency_cards:{name}", kwargs={"plan_id": plan.pk, **kwargs})


def test_a_changed_contact_must_agree_again_before_it_can_be_sent(world, client_for, plan):
    client = client_for(world.user("carer"))
    page = client.get(_url("my-contact", plan, slot=2)).content.decode()
    assert 'value="Eli Evans"' in page
    assert "checked" not in page.split("Have they agreed?")[1]  # both boxes start unticked

    refused = client.post(_url("my-contact", plan, slot=2), NEW_NUMBER)

    assert refused.status_code == 200
    text = _text(refused)
    assert "Confirm that they have agreed to be phoned in an emergency" in text
    assert "Confirm that they have agreed that we can give their details" in text
    assert 'value="07700 900999"' in refused.content.decode()  # what was typed is kept


def test_a_changed_contact_reaches_the_plan_only_when_a_worker_accepts(world, client_for, plan):
    client = client_for(world.user("carer"))
    sent = client.post(_url("my-contact", plan, slot=2), {**NEW_NUMBER, **AGREED})
    assert sent["Location"] == _url("my-contacts-check", plan)
    check = _text(client.get(_url("my-contacts-check", plan)))
    assert "Emergency contact 2 Eli Evans (Son) 07700 900999" in check
    assert "We have: Eli Evans (Daughter), 07700 900456" in check
    assert client.post(_url("my-contacts-check", plan))["Location"] == _url("my-contacts", plan)

    # Until a worker accepts, the responder would still ring the old number.
    assert plan.contacts.get(order=2).phone == "07700 900456"
    change = ChangeRequest.objects.get()
    task = Task.objects.get(pk=change.task_id)
    assert (task.kind, task.team, task.status) == (
        TaskKind.EMERGENCY_CONTACTS_CHANGE,
        world.team_x,
        TaskStatus.OPEN,
    )
    mine = _text(client.get(_url("my-contacts", plan)))
    assert "1 change waiting to be checked" in mine and "Waiting to be checked" in mine

    worker = client_for(world.user("triage_worker"))
    review = reverse("triage:task-change", kwargs={"pk": task.pk})
    page = _text(worker.get(review))
    assert "Emergency contact 2 Eli Evans (Daughter) 07700 900456" in page
    assert "Eli Evans (Son) 07700 900999 Can be called: Evenings and weekends" in page
    plan.refresh_from_db()
    response = worker.post(
        review, {"decision": "accept", "version": change.version, "record_version": plan.version}
    )

    assert response.status_code == 302
    contact = plan.contacts.get(order=2)
    assert (contact.phone, contact.relationship, contact.availability) == (
        "07700 900999",
        "Son",
        "evenings_weekends",
    )
    assert contact.consent_recorded_on == timezone.localdate()
    assert plan.contacts.get(order=1).consent_recorded_on == datetime.date(2025, 1, 1)
    assert ChangeRequest.objects.get().status == ChangeStatus.ACCEPTED
    assert "now on your record" in _text(client.get(_url("my-contacts", plan)))


def test_a_third_contact_can_be_added_and_no_more(world, client_for, plan):
    client = client_for(world.user("carer"))
    assert client.get(_url("my-contact", plan, slot=4)).status_code == 404
    new = {**NEW_NUMBER, "name": "Pat Neighbour", "relationship": "Neighbour", **AGREED}
    assert client.post(_url("my-contact", plan, slot=3), new).status_code == 302
    client.post(_url("my-contacts-check", plan))
    change = ChangeRequest.objects.get()
    assert set(change.after) == {"contact_3"} and change.before == {"contact_3": None}

    plan.refresh_from_db()
    change_request_accept(
        change=change,
        version=change.version,
        record_version=plan.version,
        by=world.user("assessor"),
    )
    assert list(plan.contacts.values_list("name", flat=True)) == [
        "Dee Davies",
        "Eli Evans",
        "Pat Neighbour",
    ]


def test_a_plan_edited_by_staff_meanwhile_is_not_overwritten(world, client_for, plan):
    client = client_for(world.user("carer"))
    client.post(_url("my-contact", plan, slot=2), {**NEW_NUMBER, **AGREED})
    client.post(_url("my-contacts-check", plan))
    change = ChangeRequest.objects.get()
    worker = client_for(world.user("triage_worker"))
    review = reverse("triage:task-change", kwargs={"pk": change.task_id})
    read_version = EmergencyPlan.objects.get(pk=plan.pk).version
    plan.refresh_from_db()
    services.plan_confirm(plan=plan, version=plan.version)  # someone else saves the plan

    response = worker.post(
        review, {"decision": "accept", "version": change.version, "record_version": read_version}
    )

    assert response.status_code == 409
    assert plan.contacts.get(order=2).phone == "07700 900456"
    assert ChangeRequest.objects.get().status == ChangeStatus.PENDING


def test_a_closed_plan_has_no_contact_pages(world, client_for, plan):
    services.plan_close(plan=plan, version=plan.version, reason="care_home")
    client = client_for(world.user("carer"))
    assert client.get(_url("my-contacts", plan)).status_code == 404
    assert client.get(_url("my-contact", plan, slot=1)).status_code == 404
    assert "Change your emergency contacts" not in _text(client.get(_url("my-plan", plan)))


def test_another_carers_plan_is_not_found(world, client_for, plan):
    other = client_for(world.user("carer_b"))
    assert other.get(_url("my-contacts", plan)).status_code == 404
    assert other.post(_url("my-contact", plan, slot=2), {**NEW_NUMBER, **AGREED}).status_code == 404
