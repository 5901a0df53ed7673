from collections.abc import Sequence

from django.db.models import Q, QuerySet

from carers_portal.accounts.roles import Role
from carers_portal.contact_log import CONTACT_LOG_LIMIT, ContactLogEntry
from notifications.models import Channel, Message, MessageStatus


def messages_for_carer(
    *, carer_id: int, referral_ids: Sequence[int] = (), limit: int = CONTACT_LOG_LIMIT
) -> list[Message]:
    """The carer's most recent messages, newest first, with their referrals' receipts.

    Served by the message_carer_recent and message_referral indexes (a bitmap OR).
    """
    about = Q(carer_id=carer_id)
    if referral_ids:
        about |= Q(referral_id__in=list(referral_ids))
    return list(Message.objects.filter(about).order_by("-created_at", "-id")[:limit])


STATUS_COLOURS = {
    MessageStatus.QUEUED: "grey",
    MessageStatus.SENT: "blue",
    MessageStatus.DELIVERED: "green",
    MessageStatus.FAILED: "red",
}


def _recipient_words(message: Message) -> str:
    if message.channel != Channel.LETTER:
        return message.recipient
    # A letter's address is its lines; the first (the name) and the postcode say enough.
    lines = [line for line in message.recipient.splitlines() if line.strip()]
    return ", ".join(lines[:2] + lines[-1:]) if len(lines) > 2 else ", ".join(lines)


def contact_log_entries(
    carer_id: int, referral_ids: Sequence[int], limit: int
) -> list[ContactLogEntry]:
    """The messages sent about a carer, as contact log entries (registered in apps.py)."""
    return [
        ContactLogEntry(
            key=f"message:{message.pk}",
            kind=message.get_channel_display(),
            occurred_at=message.sent_at or message.created_at,
            about=message.get_kind_display(),
            text=message.body,
            recipient=_recipient_words(message),
            status=message.get_status_display(),
            status_colour=STATUS_COLOURS.get(message.status, "grey"),
        )
        for message in messages_for_carer(carer_id=carer_id, referral_ids=referral_ids, limit=limit)
    ]


def outbox_visible_to(user) -> QuerySet[Message]:
    """Administrators see every message; casework staff see their teams' messages."""
    messages = Message.objects.order_by("-created_at", "-id")
    if user.role == Role.ADMINISTRATOR:
        return messages
    return messages.filter(team_id__in=list(user.teams.values_list("pk", flat=True)))
