"""Invitations to an online account: made from the carer's record, sent by a Celery task
(email, text message) or printed there and then (a letter), checked, and used once.

The account is made, without a password, with the first invitation (as a member of staff's
is: carers_portal/accounts/staff.py), so its username can go in the invitation. Only a hash
of each code or link is kept; a letter's code exists only in the PDF handed to the worker,
an email's or a text's only until Notify has it (notifications/rules.py SECRET_FIELDS).
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carers_portal.accounts import mfa
from carers_portal.accounts.models import AccountEvent, User
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import user_create
from notifications import rules as message_rules
from notifications.models import Channel, MessageKind
from notifications.services import message_queue
from online_accounts import codes, rules
from online_accounts.models import (
    OPEN_INVITATION_STATUSES,
    ActingFor,
    Invitation,
    InvitationStatus,
)
from triage.case_notes import CaseNoteKind, case_note_add
from triage.messages import carer_contact
from triage.models import Carer

CHANGED_MESSAGE = (
    "The invitation changed while you had this page open. Check the record before sending another"
)
NOTE_KINDS = {
    Channel.EMAIL: CaseNoteKind.EMAIL,
    Channel.SMS: CaseNoteKind.TEXT,
    Channel.LETTER: CaseNoteKind.LETTER,
}


class InvitationRefused(Exception):
    def __init__(self, refusal: str):
        super().__init__(rules.REFUSAL_MESSAGES[refusal])
        self.refusal = refusal
        self.message = rules.REFUSAL_MESSAGES[refusal]


@dataclass(frozen=True)
class Issued:
    invitation: Invitation
    # A letter's code, to print now; never stored. Empty for email and text messages.
    code: str = ""


# --- Who it goes to -------------------------------------------------------------------


def contact_for(*, carer: Carer, acting_for: ActingFor | None) -> message_rules.Contact:
    if acting_for is None:
        return carer_contact(carer)
    return message_rules.Contact(
        preferred="email",
        consent=True,
        email=acting_for.email,
        phone=acting_for.phone,
        address_lines=(
            acting_for.full_name,
            acting_for.address_line_1,
            acting_for.address_line_2,
            acting_for.town,
        ),
        postcode=acting_for.postcode,
    )


def channel_recipient(contact: message_rules.Contact, channel: str) -> str:
    """Where an invitation by `channel` would go, or "" if we hold no usable details."""
    if channel == Channel.EMAIL:
        return contact.email.strip()
    if channel == Channel.SMS:
        return contact.phone.strip() if message_rules.is_uk_mobile(contact.phone) else ""
    return "\n".join(message_rules.letter_address(contact))


def channels_available(contact: message_rules.Contact) -> dict[str, str]:
    """Channel -> recipient, for each channel we hold details for (email, text, letter)."""
    found = {channel: channel_recipient(contact, channel) for channel in Channel.values}
    return {channel: recipient for channel, recipient in found.items() if recipient}


# --- Accounts -------------------------------------------------------------------------


def _username_free(name: str) -> bool:
    return not User.objects.filter(username__iexact=name).exists()


def username_for(*, email: str, first_name: str) -> str:
    """Their email address if they have one (and nobody signs in with it), else a short name
    and four digits, printed on the letter."""
    email = email.strip().lower()
    if email and len(email) <= 150 and _username_free(email):
        return email
    base = rules.username_base(first_name)
    while True:
        candidate = f"{base}{secrets.randbelow(9000) + 1000}"
        if _username_free(candidate):
            return candidate


def carer_account(carer: Carer) -> User:
    """The carer's sign-in, made without a password the first time they are invited."""
    if carer.user_id is not None:
        return carer.user
    user = user_create(
        username=username_for(email=carer.email, first_name=carer.first_name),
        password=None,
        role=Role.CARER,
        first_name=carer.first_name,
        last_name=carer.last_name,
        email=carer.email,
    )
    # Not a change to the details a worker edits, so no version bump (history records it).
    Carer.objects.filter(pk=carer.pk, user__isnull=True).update(user=user)
    carer.user = user
    return user


def account_is_active(user: User | None) -> bool:
    return bool(user and user.is_active and user.has_usable_password())


def account_close(*, user: User, by: User) -> None:
    """Their password stops working (which ends every session) and their second factor goes,
    so a later invitation starts afresh."""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    removed = mfa.devices_reset(user=user)
    AccountEvent.objects.create(
        actor=by,
        subject=user,
        action=AccountEvent.Action.DEACTIVATED,
        details={"online_account": True, "devices_removed": removed},
    )


# --- Making and sending an invitation -------------------------------------------------


def _expires_at(now: datetime.datetime) -> datetime.datetime:
    """The end of the last day it works, in local time: "works until 24 June" means all day."""
    last_day = timezone.localtime(now).date() + datetime.timedelta(
        days=settings.ONLINE_ACCOUNT_INVITATION_VALID_DAYS
    )
    return timezone.make_aware(datetime.datetime.combine(last_day, datetime.time.max))


def _issue(invitation: Invitation, *, link: bool) -> str:
    """Gives the invitation its code (or link token) and returns it; only the hash stays."""
    lookup = codes.new_lookup()
    while Invitation.objects.filter(lookup=lookup).exists():
        lookup = codes.new_lookup()
    secret = codes.new_link_secret() if link else codes.new_code_secret()
    now = timezone.now()
    invitation.lookup = lookup
    invitation.secret_hash = codes.secret_hash(secret)
    invitation.status = InvitationStatus.SENT
    invitation.sent_at = now
    invitation.expires_at = _expires_at(now)
    invitation.save(
        update_fields=["lookup", "secret_hash", "status", "sent_at", "expires_at", "recipient"]
    )
    return f"{lookup}{rules.LINK_SEPARATOR}{secret}" if link else f"{lookup}{secret}"


def expires_on_words(invitation: Invitation) -> str:
    return f"{timezone.localtime(invitation.expires_at):%-d %B %Y}"


def _note(invitation: Invitation) -> None:
    """The invitation on the carer's contact log, without its code."""
    how = {
        Channel.EMAIL: f"sent by email to {invitation.recipient}",
        Channel.SMS: f"sent by text message to {invitation.recipient}",
        Channel.LETTER: "printed to post to " + ", ".join(invitation.recipient.splitlines()),
    }[invitation.channel]
    grant = invitation.acting_for
    what = (
        f"Invitation for {grant.full_name} ({grant.relationship}) to see the support plan and "
        "emergency card"
        if grant
        else "Invitation to their online account"
    )
    earlier = (
        " It replaces the earlier invitation, which no longer works."
        if invitation.replaces_id
        else ""
    )
    case_note_add(
        carer=invitation.carer,
        author=invitation.invited_by,
        kind=NOTE_KINDS[invitation.channel],
        occurred_on=timezone.localdate(),
        text=(
            f"{what} {how}. It works until {expires_on_words(invitation)}, once. "
            f"Username: {invitation.user.username}.{earlier}"
        ),
    )


def invitation_start(
    *,
    carer: Carer,
    acting_for: ActingFor | None,
    user: User,
    channel: str,
    by: User,
    site_url: str,
    replaces: int | None,
) -> Issued:
    """A new invitation for `user`; the open one (which the page showed as `replaces`) stops
    working. Email and text go by a task after commit; a letter's code is returned to print."""
    recipient = channel_recipient(contact_for(carer=carer, acting_for=acting_for), channel)
    if not recipient:
        raise ValidationError({"channel": "Select a way we hold details for"})
    now = timezone.now()
    current = (
        Invitation.objects.select_for_update(of=("self",))
        .filter(user=user, status__in=OPEN_INVITATION_STATUSES)
        .first()
    )
    if (current.pk if current else 0) != (replaces or 0):
        raise ValidationError(CHANGED_MESSAGE)
    if current is not None:
        current.status = InvitationStatus.REPLACED
        current.ended_at = now
        current.save(update_fields=["status", "ended_at"])
    invitation = Invitation.objects.create(
        carer=carer,
        acting_for=acting_for,
        user=user,
        channel=channel,
        recipient=recipient,
        site_url=site_url.rstrip("/"),
        invited_by=by,
        replaces=current,
    )
    AccountEvent.objects.create(
        actor=by,
        subject=user,
        action=AccountEvent.Action.INVITED,
        details={"channel": channel, "carer_id": carer.pk, "invitation_id": invitation.pk},
    )
    if channel == Channel.LETTER:
        code = _issue(invitation, link=False)
        _note(invitation)
        return Issued(invitation, code)
    from online_accounts.tasks import invitation_send_task  # noqa: PLC0415 - tasks import us

    transaction.on_commit(lambda: invitation_send_task.delay(invitation.pk))
    return Issued(invitation)


@transaction.atomic
def carer_invite(
    *, carer: Carer, by: User, channel: str, site_url: str, replaces: int | None
) -> Issued:
    """Invite a carer to their online account (again, if an earlier invitation was lost)."""
    carer = Carer.objects.select_for_update(of=("self",)).select_related("user").get(pk=carer.pk)
    if account_is_active(carer.user):
        raise ValidationError("They already have an online account they can sign in to")
    user = carer_account(carer)
    return invitation_start(
        carer=carer,
        acting_for=None,
        user=user,
        channel=channel,
        by=by,
        site_url=site_url,
        replaces=replaces,
    )


def invitation_words(invitation: Invitation, secret: str) -> str:
    """The sentence in the message that says what to do with the code or link."""
    site = invitation.site_url
    username = invitation.user.username
    if invitation.channel == Channel.EMAIL:
        link = site + reverse("online_accounts:activate-link", kwargs={"token": secret})
        whose = "your" if invitation.acting_for is None else f"{invitation.carer.first_name}'s"
        return (
            f"Set up your account at {link} . You will need {whose} date of birth. "
            f"Your username is {username}."
        )
    whose = "your" if invitation.acting_for is None else f"{invitation.carer.first_name}'s"
    return (
        f"Go to {site}{reverse('online_accounts:activate')} and enter the code "
        f"{rules.code_display(secret)} with {whose} date of birth. Your username is {username}."
    )


@transaction.atomic
def invitation_send(*, invitation_id: int) -> Invitation:
    """Send a queued email or text invitation, once: an invitation already sent, replaced or
    withdrawn is left alone, so a task delivered twice sends one message."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("carer", "carer__team", "acting_for", "user")
        .get(pk=invitation_id)
    )
    if invitation.status != InvitationStatus.QUEUED:
        return invitation
    contact = contact_for(carer=invitation.carer, acting_for=invitation.acting_for)
    recipient = channel_recipient(contact, invitation.channel)
    if not recipient:
        invitation.status = InvitationStatus.NOT_SENT
        invitation.ended_at = timezone.now()
        invitation.save(update_fields=["status", "ended_at"])
        return invitation
    invitation.recipient = recipient
    secret = _issue(invitation, link=invitation.channel == Channel.EMAIL)
    carer = invitation.carer
    kind = (
        MessageKind.PORTAL_INVITATION
        if invitation.acting_for is None
        else MessageKind.ACTING_FOR_INVITATION
    )
    message_queue(
        key=f"{kind}:{invitation.pk}",
        kind=kind,
        contact=contact,
        personalisation={
            "carer_name": carer.first_name if invitation.acting_for is None else carer.full_name,
            "invitation": invitation_words(invitation, secret),
            "expires_on": expires_on_words(invitation),
        },
        carer_id=carer.pk,
        team_id=carer.team_id,
        allowed_channels=frozenset({invitation.channel}),
    )
    _note(invitation)
    return invitation


# --- Using an invitation --------------------------------------------------------------


def invitation_check(
    *, date_of_birth: datetime.date, code: str = "", link_token: str = ""
) -> Invitation:
    """The invitation a typed code (or an emailed link) and date of birth open, or
    InvitationRefused. A wrong answer counts against the invitation it names, which stops
    after ONLINE_ACCOUNT_WRONG_TRIES_PER_INVITATION; the caller counts the client address."""
    split = rules.link_split(link_token) if link_token else rules.code_split(code)
    if split is None:
        codes.secret_matches("", None)
        raise InvitationRefused(rules.Refusal.WRONG)
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("carer", "user", "acting_for")
            .filter(lookup=split.lookup)
            .first()
        )
        matches = codes.secret_matches(split.secret, invitation.secret_hash if invitation else "")
        if invitation is None:
            raise InvitationRefused(rules.Refusal.WRONG)
        refusal = rules.redeem_check(
            secret_matches=matches,
            date_of_birth_matches=invitation.carer.date_of_birth == date_of_birth,
            status=invitation.status,
            expires_at=invitation.expires_at,
            now=timezone.now(),
        )
        if refusal == rules.Refusal.WRONG and invitation.status == InvitationStatus.SENT:
            invitation.wrong_tries += 1
            if rules.stops_after_wrong_try(
                wrong_tries=invitation.wrong_tries,
                allowed=settings.ONLINE_ACCOUNT_WRONG_TRIES_PER_INVITATION,
            ):
                invitation.status = InvitationStatus.LOCKED
                invitation.ended_at = timezone.now()
            invitation.save(update_fields=["wrong_tries", "status", "ended_at"])
    if refusal is not None:
        raise InvitationRefused(refusal)
    if invitation.acting_for is not None and not invitation.acting_for.is_live():
        raise InvitationRefused(rules.Refusal.STOPPED)
    return invitation


def invitation_open_for_password(invitation_id: int) -> Invitation | None:
    """The checked invitation, if it can still be used (it may have been replaced since)."""
    invitation = (
        Invitation.objects.select_related("carer", "user", "acting_for")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open() or invitation.status != "sent":
        return None
    if invitation.acting_for is not None and not invitation.acting_for.is_live():
        return None
    return invitation


@transaction.atomic
def invitation_redeem(*, invitation_id: int, password: str) -> User:
    """Sets the account's password and uses the invitation up. The password has been through
    the password validators (the form)."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("user", "acting_for")
        .get(pk=invitation_id)
    )
    refusal = rules.redeem_check(
        secret_matches=True,
        date_of_birth_matches=True,
        status=invitation.status,
        expires_at=invitation.expires_at,
        now=timezone.now(),
    )
    if refusal is None and invitation.acting_for and not invitation.acting_for.is_live():
        refusal = rules.Refusal.STOPPED
    if refusal is not None:
        raise InvitationRefused(refusal)
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.status = InvitationStatus.USED
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["status", "used_at"])
    return user


# --- Revoking ---------------------------------------------------------------------------


def invitations_withdraw(*, user: User) -> int:
    return Invitation.objects.filter(user=user, status__in=OPEN_INVITATION_STATUSES).update(
        status=InvitationStatus.WITHDRAWN, ended_at=timezone.now()
    )


@transaction.atomic
def carer_account_revoke(*, carer: Carer, by: User) -> None:
    """Stops the open invitation and closes the account: they are signed out at once."""
    carer = Carer.objects.select_for_update(of=("self",)).select_related("user").get(pk=carer.pk)
    user = carer.user
    withdrawn = invitations_withdraw(user=user) if user else 0
    active = account_is_active(user)
    if not withdrawn and not active:
        raise ValidationError("There is no invitation or online account to revoke")
    if active:
        account_close(user=user, by=by)
    what = "Online account closed" if active else "Invitation to their online account withdrawn"
    case_note_add(
        carer=carer,
        author=by,
        kind=CaseNoteKind.OTHER,
        occurred_on=timezone.localdate(),
        text=f"{what}. Any code or link sent to them no longer works.",
    )
