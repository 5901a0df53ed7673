"""Someone acting for a carer: given by the carer (from their online account) or by a worker
who records the carer's consent; read-only access to the plan and card until a date;
revocable at any time. Each change is on the carer's contact log."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from carers_portal.accounts.models import User
from carers_portal.accounts.roles import Role
from carers_portal.accounts.services import user_create
from online_accounts import rules
from online_accounts.models import ActingFor, ConsentSource
from online_accounts.services.invitations import (
    Issued,
    account_close,
    account_is_active,
    channel_recipient,
    contact_for,
    invitation_start,
    invitations_withdraw,
    username_for,
)
from triage.case_notes import CaseNoteKind, case_note_add
from triage.models import Carer

# The field a channel's details are typed in, for the error to sit beside.
CHANNEL_FIELDS = {"email": "email", "sms": "phone", "letter": "address_line_1"}
CHANNEL_MISSING = {
    "email": "Enter their email address",
    "sms": "Enter a UK mobile number, like 07700 900 982",
    "letter": "Enter their address, with the first line, town and postcode",
}


def _who(by: User, carer: Carer) -> str:
    return "The carer" if by.pk == carer.user_id else str(by)


def _note(*, carer: Carer, by: User, text: str) -> None:
    case_note_add(
        carer=carer,
        author=by,
        kind=CaseNoteKind.OTHER,
        occurred_on=timezone.localdate(),
        text=text,
    )


@transaction.atomic
def acting_for_give(
    *,
    carer: Carer,
    by: User,
    first_name: str,
    last_name: str,
    relationship: str,
    expires_on: datetime.date,
    consent: str,
    channel: str,
    site_url: str,
    consent_note: str = "",
    email: str = "",
    phone: str = "",
    address_line_1: str = "",
    address_line_2: str = "",
    town: str = "",
    postcode: str = "",
) -> Issued:
    """Record the access, make the person's sign-in, and invite them (see invitation_start)."""
    grant = ActingFor(
        carer=carer,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        relationship=relationship.strip(),
        email=email.strip(),
        phone=phone.strip(),
        address_line_1=address_line_1.strip(),
        address_line_2=address_line_2.strip(),
        town=town.strip(),
        postcode=postcode.strip(),
        expires_on=expires_on,
        consent=consent,
        consent_note=consent_note.strip(),
        created_by=by,
    )
    errors: dict[str, list[str]] = {}
    reasons = rules.acting_for_expiry_reasons(expires_on=expires_on, today=timezone.localdate())
    if reasons:
        errors["expires_on"] = reasons
    if consent == ConsentSource.CARER_TO_WORKER and not grant.consent_note:
        errors["consent_note"] = ["Enter how and when the carer agreed"]
    if channel in CHANNEL_FIELDS and not channel_recipient(
        contact_for(carer=carer, acting_for=grant), channel
    ):
        errors[CHANNEL_FIELDS[channel]] = [CHANNEL_MISSING[channel]]
    if errors:
        raise ValidationError(errors)
    grant.full_clean()
    grant.save()
    grant.user = user_create(
        username=username_for(email=grant.email, first_name=grant.first_name),
        password=None,
        role=Role.REPRESENTATIVE,
        first_name=grant.first_name,
        last_name=grant.last_name,
        email=grant.email,
    )
    grant.save(update_fields=["user"])
    consent_words = (
        "They gave it in their online account."
        if consent == ConsentSource.CARER_ONLINE
        else f"The carer agreed: {grant.consent_note}."
    )
    _note(
        carer=carer,
        by=by,
        text=(
            f"{_who(by, carer)} gave {grant.full_name} ({grant.relationship}) read-only access "
            f"to the support plan and emergency card until {expires_on:%-d %B %Y}. "
            f"{consent_words}"
        ),
    )
    return invitation_start(
        carer=carer,
        acting_for=grant,
        user=grant.user,
        channel=channel,
        by=by,
        site_url=site_url,
        replaces=None,
    )


@transaction.atomic
def acting_for_invite_again(
    *, grant: ActingFor, by: User, channel: str, site_url: str, replaces: int | None
) -> Issued:
    grant = (
        ActingFor.objects.select_for_update(of=("self",))
        .select_related("carer", "user")
        .get(pk=grant.pk)
    )
    if not grant.is_live():
        raise ValidationError("This access has ended. Give it again if the carer wants to")
    if account_is_active(grant.user):
        raise ValidationError(f"{grant.full_name} has already set up their sign-in")
    return invitation_start(
        carer=grant.carer,
        acting_for=grant,
        user=grant.user,
        channel=channel,
        by=by,
        site_url=site_url,
        replaces=replaces,
    )


@transaction.atomic
def acting_for_revoke(*, grant: ActingFor, by: User) -> ActingFor:
    """Ends the access now: any invitation stops and their sign-in is closed. Revoking an
    access already revoked changes nothing."""
    grant = (
        ActingFor.objects.select_for_update(of=("self",))
        .select_related("carer", "user")
        .get(pk=grant.pk)
    )
    if grant.revoked_at is not None:
        return grant
    grant.revoked_at = timezone.now()
    grant.revoked_by = by
    grant.save(update_fields=["revoked_at", "revoked_by"])
    if grant.user is not None:
        invitations_withdraw(user=grant.user)
        if account_is_active(grant.user):
            account_close(user=grant.user, by=by)
    _note(
        carer=grant.carer,
        by=by,
        text=(
            f"{_who(by, grant.carer)} ended {grant.full_name}'s access to the support plan "
            "and emergency card."
        ),
    )
    return grant
