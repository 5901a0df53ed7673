"""Invitations by text message and email go through the notifications app to Notify (the
real client, on loopback), once, and our copy of the message keeps no code."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Message, MessageKind
from online_accounts import tasks
from online_accounts.models import Invitation, InvitationStatus
from tests.factories import CarerFactory
from tests.online_accounts.helpers import choose_password, code_in, date_fields, enter_code
from triage.case_notes import CaseNote

pytestmark = pytest.mark.django_db

BORN = datetime.date(1958, 11, 30)


@pytest.fixture
def tom(world):
    return CarerFactory(
        team=world.team_x,
        user=None,
        first_name="Tom",
        last_name="Tate",
        date_of_birth=BORN,
        email="tom@example.org",
        phone="07700 900123",
        preferred_contact="text",
    )


def invite(client, carer, channel: str):
    return client.post(
        reverse("online_accounts:invite", kwargs={"pk": carer.pk}),
        {"channel": channel, "replaces": 0},
    )


def test_a_text_message_carries_the_code_once_and_our_copy_forgets_it(
    world, client_for, tom, notify, run_on_commit
):
    worker = client_for(world.user("triage_worker"))
    with run_on_commit():
        response = invite(worker, tom, "sms")
    assert response.status_code == 302

    (send,) = notify.sends("sms")
    assert send.body["phone_number"] == "07700 900123"
    words = send.body["personalisation"]["invitation"]
    code = code_in(words)
    assert "/activate/" in words
    message = Message.objects.get(kind=MessageKind.PORTAL_INVITATION)
    plain = code.replace("-", "")
    assert code not in message.body and code not in str(message.personalisation)
    assert plain not in message.body
    note = CaseNote.objects.get(carer=tom)
    assert note.kind == "text" and "07700 900123" in note.text and code not in note.text

    # The task delivered again sends nothing more.
    invitation = Invitation.objects.get()
    with run_on_commit():
        tasks.invitation_send_task.apply(args=(invitation.pk,))
    assert len(notify.sends("sms")) == 1
    assert CaseNote.objects.filter(carer=tom).count() == 1

    carer = Client()
    assert enter_code(carer, code, BORN).status_code == 302
    assert choose_password(carer).status_code == 302
    tom.refresh_from_db()
    # Invited by email or not, a carer with an email address signs in with it.
    assert tom.user.username == "tom@example.org"


def test_an_emailed_link_and_the_date_of_birth_set_up_the_account(
    world, client_for, tom, notify, run_on_commit
):
    worker = client_for(world.user("triage_worker"))
    with run_on_commit():
        invite(worker, tom, "email")
    (send,) = notify.sends("email")
    assert send.body["email_address"] == "tom@example.org"
    link = re.search(
        r"http://testserver(/activate/\S+/)", send.body["personalisation"]["invitation"]
    )
    assert link, send.body

    carer = Client()
    landing = carer.get(link.group(1))
    # The token leaves the address bar before the page asks anything.
    assert landing["Location"] == reverse("online_accounts:activate-link-check")
    check = reverse("online_accounts:activate-link-check")
    wrong = carer.post(check, date_fields("date_of_birth", datetime.date(1990, 1, 1)))
    assert "The date of birth is not right" in wrong.content.decode()
    right = carer.post(check, date_fields("date_of_birth", BORN))
    assert right["Location"] == reverse("online_accounts:activate-password")
    assert choose_password(carer)["Location"] == reverse("online_accounts:activate-done")
    assert Invitation.objects.get().status == InvitationStatus.USED
    # The link is spent.
    again = Client()
    again.get(link.group(1))
    used = again.post(check, date_fields("date_of_birth", BORN)).content.decode()
    assert "already been used" in used


def test_a_text_to_a_number_that_is_not_a_mobile_is_not_offered(world, client_for):
    carer = CarerFactory(team=world.team_x, user=None, email="", phone="01603 111222")
    page = client_for(world.user("triage_worker")).get(
        reverse("online_accounts:invite", kwargs={"pk": carer.pk})
    )
    assert "Text message to" not in page.content.decode()
    assert "We hold no email address, UK mobile number or full postal address" in (
        page.content.decode()
    )
