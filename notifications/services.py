"""Every write to messages. Other apps call `message_queue` inside their own transaction."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from notifications import rules
from notifications.backends import PermanentSendError, backend
from notifications.models import Message, MessageStatus

# Notify's delivery receipt words, and what they mean for the message.
RECEIPT_STATUS = {
    "delivered": MessageStatus.DELIVERED,
    "received": MessageStatus.DELIVERED,  # letters: received by the printer's post room
    "permanent-failure": MessageStatus.FAILED,
    "temporary-failure": MessageStatus.FAILED,
    "technical-failure": MessageStatus.FAILED,
    "validation-failed": MessageStatus.FAILED,
}


def template_id_for(kind: str, channel: str) -> str:
    return settings.NOTIFY_TEMPLATES.get(f"{kind}_{channel}", "")


@transaction.atomic
def message_queue(
    *,
    key: str,
    kind: str,
    contact: rules.Contact,
    personalisation: dict[str, str],
    carer_id: int | None = None,
    referral_id: int | None = None,
    team_id: int | None = None,
    allowed_channels: frozenset[str] | None = None,
) -> Message | None:
    """Queue one message, once per key; None when the person cannot or may not be reached.

    Sending happens after the caller's transaction commits, so nothing goes out about a
    change that was rolled back.
    """
    choice = rules.channel_choose(contact, allowed=allowed_channels)
    if choice.channel is None:
        return None
    values = rules.personalisation_for(choice.channel, personalisation)
    message, created = Message.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "channel": choice.channel,
            "recipient": choice.recipient,
            "personalisation": values,
            "template_id": template_id_for(kind, choice.channel),
            "carer_id": carer_id,
            "referral_id": referral_id,
            "team_id": team_id,
            "body": rules.preview(kind, choice.channel, values),
        },
    )
    if created:
        from notifications.tasks import message_send_task

        transaction.on_commit(lambda: message_send_task.delay(message.pk))
    return message


def _forget_secrets(message: Message) -> None:
    """Once Notify has the message (or refused it), its one-time code leaves our copy."""
    if settings.NOTIFY_BACKEND == "outbox":
        return
    message.personalisation, message.body = rules.without_secrets(
        message.personalisation, message.body
    )


def _accept(message: Message, *, notify_id: str, body: str) -> None:
    message.notify_id = notify_id
    message.body = body or message.body
    message.status = MessageStatus.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    _forget_secrets(message)
    message.save(
        update_fields=["notify_id", "body", "personalisation", "status", "sent_at", "last_error"]
    )


def message_send(*, message_id: int) -> Message:
    """Send a queued message; a message already sent (or refused) is left alone.

    The row stays locked while Notify answers, so two deliveries of the same task cannot both
    send. If a worker died after Notify accepted but before we saved, the next attempt finds
    the notification by its reference instead of sending it again. RetryableSendError
    propagates (nothing saved) for the task to retry.
    """
    Message.objects.filter(pk=message_id, status=MessageStatus.QUEUED).update(
        attempts=F("attempts") + 1
    )
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.status != MessageStatus.QUEUED:
            return message
        sender = backend()
        if settings.NOTIFY_BACKEND == "notify" and not message.template_id:
            return _fail(message, f"No Notify template set for {message.kind} by {message.channel}")
        if message.attempts > 1:
            earlier = sender.find_by_reference(message.key)
            if earlier is not None:
                _accept(message, notify_id=earlier.notify_id, body=earlier.body)
                return message
        try:
            accepted = sender.send(message, body=message.body)
        except PermanentSendError as error:
            return _fail(message, str(error))
        _accept(message, notify_id=accepted.notify_id, body=accepted.body)
        return message


def _fail(message: Message, error: str) -> Message:
    message.status = MessageStatus.FAILED
    message.last_error = error[:2000]
    message.completed_at = timezone.now()
    _forget_secrets(message)
    message.save(update_fields=["status", "last_error", "completed_at", "body", "personalisation"])
    return message


@transaction.atomic
def message_give_up(*, message_id: int, error: str) -> Message:
    """After the last retry: the message shows as not delivered, with Notify's last answer."""
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.status != MessageStatus.QUEUED:
        return message
    return _fail(message, error)


@transaction.atomic
def receipt_record(*, notify_id: str, status: str, completed_at: str | None) -> Message | None:
    """Apply Notify's delivery receipt; unknown ids are ignored (Notify does not retry on 2xx)."""
    message = Message.objects.select_for_update().filter(notify_id=notify_id).first()
    if message is None:
        return None
    message.notify_status = status[:40]
    new_status = RECEIPT_STATUS.get(status)
    if new_status is not None:
        message.status = new_status
        when = parse_datetime(completed_at) if completed_at else None
        if when is not None and timezone.is_naive(when):
            when = timezone.make_aware(when, datetime.UTC)
        message.completed_at = when or timezone.now()
    message.save(update_fields=["notify_status", "status", "completed_at"])
    return message
