"""Inviting a carer to their online account: by letter (a code in a PDF to post), by text
message or email through Notify; expiring, single use, throttled, replaced, revoked."""

import datetime

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from carers_portal.accounts.models import User
from notifications.models import Message
from online_accounts.models import Invitation, InvitationStatus
from tests.factories import CarerFactory
from tests.online_accounts.helpers import (
    PASSWORD,
    choose_password,
    code_in,
    enter_code,
    letter_pdf,
    pdf_text,
)
from triage.case_notes import CaseNote

pytestmark = pytest.mark.django_db

BORN = datetime.date(1961, 5, 4)


@pytest.fixture
def lil(world):
    """A carer with no email and no mobile: a letter is the only way to reach her."""
    return CarerFactory(
        team=world.team_x,
        user=None,
        first_name="Lil",
        last_name="Lane",
        date_of_birth=BORN,
        email="",
        phone="01603 222333",
        address_line_1="3 Mill Lane",
        town="Shireton",
        postcode="SH1 2AB",
        preferred_contact="post",
    )


def invite_url(carer) -> str:
    return reverse("online_accounts:invite", kwargs={"pk": carer.pk})


def record(client, carer) -> str:
    return client.get(reverse("triage:carer-detail", kwargs={"pk": carer.pk})).content.decode()


def invite_by_letter(client, carer, replaces: int = 0) -> str:
    """The worker's "Send the invitation" by letter; the code read from the PDF's text."""
    response = client.post(invite_url(carer), {"channel": "letter", "replaces": replaces})
    assert response.status_code == 200, response.content.decode()[:500]
    return code_in(pdf_text(letter_pdf(response.content.decode())))


def test_the_record_offers_only_the_ways_we_hold_details_for(world, client_for, lil):
    page = client_for(world.user("triage_worker")).get(invite_url(lil)).content.decode()
    assert "Letter to print and post to Lil Lane, 3 Mill Lane, Shireton, SH1 2AB" in page
    assert "Email to" not in page and "Text message to" not in page


def test_a_letter_has_the_code_address_expiry_and_username_and_the_code_is_kept_nowhere(
    world, client_for, lil
):
    worker = client_for(world.user("triage_worker"))
    response = worker.post(invite_url(lil), {"channel": "letter", "replaces": 0})
    text = pdf_text(letter_pdf(response.content.decode()))
    code = code_in(text)
    invitation = Invitation.objects.get()
    expires = timezone.localdate() + datetime.timedelta(days=14)

    assert "http://testserver/activate/" in text
    assert f"until {expires:%-d %B %Y}" in text
    assert f"Your username is {invitation.user.username}" in text
    assert "Lil Lane" in text and "SH1 2AB" in text
    # Only a password-style hash is stored; the code is in no column of any table we write.
    assert invitation.secret_hash.startswith(("md5$", "pbkdf2_sha256$"))
    plain = code.replace("-", "")
    assert plain not in invitation.secret_hash and plain[5:] not in invitation.secret_hash
    assert not Message.objects.exists()
    note = CaseNote.objects.get(carer=lil)
    assert note.kind == "letter" and plain not in note.text and code not in note.text
    assert f"works until {expires:%-d %B %Y}" in note.text
    assert f"Invited by letter on {timezone.localdate():%-d %B %Y}" in record(worker, lil)
    assert f"expires {expires:%-d %B %Y}" in record(worker, lil)


def test_the_carer_uses_the_code_once_with_their_date_of_birth(world, client_for, lil):
    code = invite_by_letter(client_for(world.user("triage_worker")), lil)
    carer = Client()

    response = enter_code(carer, code.lower().replace("-", " "), BORN)
    assert response.status_code == 302
    assert response["Location"] == reverse("online_accounts:activate-password")
    page = carer.get(response["Location"]).content.decode()
    lil.refresh_from_db()
    assert lil.user.username in page
    assert choose_password(carer)["Location"] == reverse("online_accounts:activate-done")
    assert carer.get(reverse("online_accounts:activate-done")).status_code == 200
    signed_in = Client().post(
        reverse("accounts:sign-in"), {"username": lil.user.username, "password": PASSWORD}
    )
    assert signed_in.status_code == 302 and "/accounts/sign-in/" not in signed_in["Location"]

    again = enter_code(Client(), code, BORN).content.decode()
    assert "This code has already been used" in again
    worker = client_for(world.user("triage_worker"))
    assert "Active: they can sign in" in record(worker, lil)


def test_a_wrong_date_of_birth_says_only_that_something_is_wrong(world, client_for, lil):
    code = invite_by_letter(client_for(world.user("triage_worker")), lil)
    page = enter_code(Client(), code, BORN + datetime.timedelta(days=1)).content.decode()
    assert "The code or date of birth is not right" in page
    assert Invitation.objects.get().wrong_tries == 1


def test_an_expired_code_does_not_work(world, client_for, lil):
    code = invite_by_letter(client_for(world.user("triage_worker")), lil)
    last_day = timezone.localdate() + datetime.timedelta(days=14)
    with freeze_time(f"{last_day.isoformat()} 22:00:00", tz_offset=0):
        assert enter_code(Client(), code, BORN).status_code == 302
    with freeze_time(f"{(last_day + datetime.timedelta(days=1)).isoformat()} 09:00:00"):
        page = enter_code(Client(), code, BORN).content.decode()
        assert "This code has expired" in page
        worker = client_for(world.user("triage_worker"))
        assert "the invitation expired on" in record(worker, lil)


@override_settings(ONLINE_ACCOUNT_WRONG_TRIES_PER_INVITATION=3)
def test_an_invitation_stops_after_too_many_wrong_tries(world, client_for, lil):
    code = invite_by_letter(client_for(world.user("triage_worker")), lil)
    for _ in range(3):
        enter_code(Client(REMOTE_ADDR="10.0.0.9"), code, datetime.date(1970, 1, 1))
    assert Invitation.objects.get().status == InvitationStatus.LOCKED
    page = enter_code(Client(), code, BORN).content.decode()
    assert "This code no longer works" in page
    worker = client_for(world.user("triage_worker"))
    assert "stopped after too many wrong tries" in record(worker, lil)


@override_settings(ONLINE_ACCOUNT_WRONG_TRIES_PER_ADDRESS_PER_HOUR=4)
def test_one_address_can_only_guess_so_many_codes(world, client_for, lil):
    code = invite_by_letter(client_for(world.user("triage_worker")), lil)
    guesser = Client(REMOTE_ADDR="203.0.113.5")
    for guess in ("AAAA-BBBB-CCCC", "AAAA-BBBB-CCCD", "AAAA-BBBB-CCCE", "AAAA-BBBB-CCCF"):
        assert enter_code(guesser, guess, BORN).status_code == 200
    # The fifth try is refused before the code is even looked at, right or not.
    refused = enter_code(guesser, code, BORN)
    assert refused.status_code == 429
    assert "too many tries" in refused.content.decode()
    # Another address is not held up, and the invitation itself had no wrong tries.
    assert enter_code(Client(REMOTE_ADDR="198.51.100.7"), code, BORN).status_code == 302


def test_a_right_answer_gives_its_try_back(world, client_for, lil, settings):
    settings.ONLINE_ACCOUNT_WRONG_TRIES_PER_ADDRESS_PER_HOUR = 1
    code = invite_by_letter(client_for(world.user("triage_worker")), lil)
    same = Client(REMOTE_ADDR="203.0.113.9")
    assert enter_code(same, code, BORN).status_code == 302
    assert enter_code(same, code, BORN).status_code == 302


def test_a_new_letter_stops_the_old_code(world, client_for, lil):
    worker = client_for(world.user("triage_worker"))
    first = invite_by_letter(worker, lil)
    first_id = Invitation.objects.get().pk
    page = worker.get(invite_url(lil)).content.decode()
    assert "The invitation sent before will stop working" in page
    second = invite_by_letter(worker, lil, replaces=first_id)

    assert first != second
    assert "This code no longer works" in enter_code(Client(), first, BORN).content.decode()
    assert enter_code(Client(), second, BORN).status_code == 302
    assert Invitation.objects.get(pk=first_id).status == InvitationStatus.REPLACED
    notes = [n.text for n in CaseNote.objects.filter(carer=lil)]
    assert any("replaces the earlier invitation" in text for text in notes)


def test_sending_again_from_a_page_opened_before_the_last_send_changes_nothing(
    world, client_for, lil
):
    worker = client_for(world.user("triage_worker"))
    code = invite_by_letter(worker, lil)
    # A second click (or a colleague's page) still names no open invitation.
    response = worker.post(invite_url(lil), {"channel": "letter", "replaces": 0})
    assert "The invitation changed while you had this page open" in response.content.decode()
    assert Invitation.objects.count() == 1
    assert enter_code(Client(), code, BORN).status_code == 302


def test_revoking_an_invitation_stops_its_code(world, client_for, lil):
    worker = client_for(world.user("triage_worker"))
    code = invite_by_letter(worker, lil)
    response = worker.post(reverse("online_accounts:revoke", kwargs={"pk": lil.pk}), {})
    assert response.status_code == 302
    assert "This code no longer works" in enter_code(Client(), code, BORN).content.decode()
    assert f"Revoked on {timezone.localdate():%-d %B %Y}" in record(worker, lil)


def test_revoking_an_active_account_signs_the_carer_out_at_once(world, client_for):
    carer_client = client_for(world.user("carer"))
    assert carer_client.get(reverse("support_plans:my-plans")).status_code == 200
    worker = client_for(world.user("triage_worker"))
    worker.post(reverse("online_accounts:revoke", kwargs={"pk": world.carer_a.pk}), {})

    after = carer_client.get(reverse("support_plans:my-plans"))
    assert after.status_code == 302 and "/accounts/sign-in/" in after["Location"]
    user = User.objects.get(pk=world.user("carer").pk)
    assert not user.is_active and not user.has_usable_password()
    assert "Revoked on" in record(worker, world.carer_a)
    # A new invitation can follow; the old username stays theirs.
    assert "Send a new invitation" in record(worker, world.carer_a)


def test_a_carer_with_an_account_is_not_invited_again(world, client_for):
    worker = client_for(world.user("triage_worker"))
    response = worker.get(invite_url(world.carer_a))
    assert response.status_code == 302
    assert not Invitation.objects.exists()


def test_staff_of_another_team_cannot_invite(world, client_for, lil):
    other = client_for(world.user("triage_worker_y"))
    assert other.post(invite_url(lil), {"channel": "letter", "replaces": 0}).status_code == 404
    assert not Invitation.objects.exists()


def test_a_subject_access_pack_has_the_invitation_but_not_its_hash(world, client_for, lil):
    from governance.export import subject_tables

    invite_by_letter(client_for(world.user("triage_worker")), lil)
    tables = {t.label: t for t in subject_tables(lil)}
    (row,) = tables["online_accounts.invitation"].rows
    assert row["channel"] == "letter" and row["status"] == "sent"
    assert "secret_hash" not in row and "lookup" not in row
