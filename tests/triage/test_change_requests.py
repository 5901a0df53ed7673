"""A carer changes their contact details online; the change waits on the team's tray until a
worker accepts it (version-checked, kept in history) or declines it with a reason."""

import re

import pytest
from django.urls import reverse

from triage.change_requests import ChangeRequest, ChangeStatus
from triage.models import Carer, Task, TaskKind, TaskStatus
from triage.selectors import carer_history
from triage.services import carer_update

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _send_phone_and_address(client) -> None:
    question = reverse("my_details:question", kwargs={"slug": "phone"})
    assert client.post(question, {"phone": "07700 900 123"}).status_code == 302
    address = reverse("my_details:question", kwargs={"slug": "address"})
    response = client.post(
        address,
        {"address_line_1": "9 New Street", "town": "Leeds", "postcode": "ls6 9zz"},
    )
    assert response["Location"] == reverse("my_details:check")
    check = _text(client.get(reverse("my_details:check")))
    assert "07700 900 123" in check and "9 New Street" in check and "LS6 9ZZ" in check
    response = client.post(reverse("my_details:check"))
    assert response["Location"] == reverse("my_details:overview")


@pytest.fixture
def carer(world):
    Carer.objects.filter(pk=world.carer_a.pk).update(
        phone="0113 496 0000", address_line_1="1 Old Road", town="Leeds", postcode="LS6 1AA"
    )
    world.carer_a.refresh_from_db()
    return world.carer_a


def _sent(world, client_for, carer):
    _send_phone_and_address(client_for(world.user("carer")))
    return ChangeRequest.objects.get(carer=carer)


def test_a_sent_change_waits_on_the_tray_and_leaves_the_record_alone(world, client_for, carer):
    client = client_for(world.user("carer"))
    _send_phone_and_address(client)

    carer.refresh_from_db()
    assert (carer.phone, carer.address_line_1) == ("0113 496 0000", "1 Old Road")
    task = Task.objects.get(kind=TaskKind.CONTACT_DETAILS_CHANGE)
    assert (task.team, task.carer, task.status) == (world.team_x, carer, TaskStatus.OPEN)
    assert task.due_on is not None

    tray = client_for(world.user("triage_worker")).get(reverse("triage:tray")).content.decode()
    assert "Check Ann Ashby&#x27;s new contact details" in tray
    assert reverse("triage:task-change", kwargs={"pk": task.pk}) in tray
    record = _text(
        client_for(world.user("triage_worker")).get(
            reverse("triage:carer-detail", kwargs={"pk": carer.pk})
        )
    )
    assert "Ann Ashby asked on" in record and "to change their contact details" in record

    page = _text(client.get(reverse("my_details:overview")))
    assert "You have 1 change waiting to be checked" in page
    assert "Waiting to be checked" in page
    assert "Before: 0113 496 0000" in page
    assert f"check this by {task.due_on:%A %-d %B %Y}" in page


def test_the_worker_sees_the_record_beside_the_change_and_accepts_it(world, client_for, carer):
    change = _sent(world, client_for, carer)
    worker = client_for(world.user("triage_worker"))
    url = reverse("triage:task-change", kwargs={"pk": change.task_id})

    page = worker.get(url).content.decode()
    rows = re.findall(r'data-testid="change-row">(.*?)</tr>', page, flags=re.S)
    cells = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]
    assert cells == [
        "Phone number 0113 496 0000 07700 900 123",
        "Address 1 Old Road Leeds LS6 1AA 9 New Street Leeds LS6 9ZZ",
    ]

    response = worker.post(
        url, {"decision": "accept", "version": change.version, "record_version": carer.version}
    )
    assert response.status_code == 302
    carer.refresh_from_db()
    assert (carer.phone, carer.address_line_1, carer.address_line_2, carer.postcode) == (
        "07700 900 123",
        "9 New Street",
        "",
        "LS6 9ZZ",
    )
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (
        ChangeStatus.ACCEPTED,
        world.user("triage_worker"),
    )
    assert Task.objects.get(pk=change.task_id).status == TaskStatus.DONE
    (applied,) = [
        entry
        for entry in carer_history(carer)
        if entry.what == "Carer record changed" and "07700 900 123" in str(entry.changes)
    ]
    assert applied.who == str(world.user("triage_worker"))

    mine = _text(client_for(world.user("carer")).get(reverse("my_details:overview")))
    assert "Accepted" in mine and "now on your record" in mine
    assert "07700 900 123" in mine.split("Changes you have asked for")[0]


def test_declining_needs_a_reason_the_carer_then_reads(world, client_for, carer):
    change = _sent(world, client_for, carer)
    worker = client_for(world.user("triage_worker"))
    url = reverse("triage:task-change", kwargs={"pk": change.task_id})
    versions = {"version": change.version, "record_version": carer.version}

    refused = worker.post(url, {"decision": "decline", **versions})
    assert refused.status_code == 400
    assert "Enter why you are not accepting the change" in refused.content.decode()

    reason = "That postcode is not in our area: please ring us"
    assert (
        worker.post(url, {"decision": "decline", "reason": reason, **versions}).status_code == 302
    )
    carer.refresh_from_db()
    assert carer.phone == "0113 496 0000"
    assert Task.objects.get(pk=change.task_id).status == TaskStatus.DONE
    mine = _text(client_for(world.user("carer")).get(reverse("my_details:overview")))
    assert "Not accepted" in mine
    assert "We have not made this change because: That postcode is not in our area" in mine

    again = worker.post(url, {"decision": "accept", **versions})
    assert again.status_code == 400
    assert "already been not accepted" in again.content.decode()


def test_a_record_saved_meanwhile_is_never_overwritten_unseen(world, client_for, carer):
    change = _sent(world, client_for, carer)
    worker = client_for(world.user("triage_worker"))
    url = reverse("triage:task-change", kwargs={"pk": change.task_id})
    read_version = carer.version
    # Someone else corrects the record after the worker opened the change.
    carer_update(carer=carer, version=carer.version, phone="0113 496 1111")

    response = worker.post(
        url, {"decision": "accept", "version": change.version, "record_version": read_version}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this record" in page
    assert "Changed since they asked" in page and "0113 496 1111" in page
    carer.refresh_from_db()
    assert carer.phone == "0113 496 1111"
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.PENDING
    # Accepting again, now knowing, applies it.
    current = re.search(r'name="record_version" value="(\d+)"', page).group(1)
    again = worker.post(
        url, {"decision": "accept", "version": change.version, "record_version": current}
    )
    assert again.status_code == 302
    carer.refresh_from_db()
    assert carer.phone == "07700 900 123"


def test_a_contact_method_with_no_details_to_match_is_refused_at_check_answers(
    world, client_for, carer
):
    client = client_for(world.user("carer"))
    Carer.objects.filter(pk=carer.pk).update(email="")
    question = reverse("my_details:question", kwargs={"slug": "contact-method"})
    assert client.post(question, {"preferred_contact": "email"}).status_code == 302

    response = client.post(reverse("my_details:check"))

    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#change-preferred_contact"' in page
    assert "Give an email address, or choose another way to be contacted" in page
    assert 'id="change-preferred_contact"' in page
    assert not ChangeRequest.objects.exists() and not Task.objects.exists()


def test_answering_what_the_record_already_says_is_no_change(world, client_for, carer):
    client = client_for(world.user("carer"))
    question = reverse("my_details:question", kwargs={"slug": "phone"})
    client.post(question, {"phone": "0113 496 0000"})
    page = _text(client.get(reverse("my_details:check")))
    assert "You have not changed anything yet" in page
    client.post(reverse("my_details:check"))
    assert not ChangeRequest.objects.exists()


def test_question_pages_keep_what_was_typed_when_it_is_wrong(world, client_for, carer):
    client = client_for(world.user("carer"))
    question = reverse("my_details:question", kwargs={"slug": "phone"})
    response = client.post(question, {"phone": "call me"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_phone"' in page and 'value="call me"' in page
    assert "Enter a phone number, like 01632 960 001" in page


def test_staff_of_another_team_cannot_open_or_decide_the_change(world, client_for, carer):
    change = _sent(world, client_for, carer)
    other = client_for(world.user("triage_worker_y"))
    url = reverse("triage:task-change", kwargs={"pk": change.task_id})
    assert other.get(url).status_code == 404
    assert (
        other.post(url, {"decision": "accept", "version": 1, "record_version": 1}).status_code
        == 404
    )
    assert ChangeRequest.objects.get(pk=change.pk).status == ChangeStatus.PENDING
