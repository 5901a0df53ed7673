"""Where messages go: GOV.UK Notify, or (development) the local outbox page.

Chosen by settings.NOTIFY_BACKEND: "notify" sends with the official client; "outbox" keeps
messages in the database only, for staff to read at /notifications/outbox/.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from notifications.models import Channel, Message


class RetryableSendError(Exception):
    """Notify is down or rate-limiting us (5xx, 429, no answer): try again later."""


class PermanentSendError(Exception):
    """Notify refused the message itself (400, 403): sending it again cannot help."""


@dataclass(frozen=True)
class Accepted:
    notify_id: str
    body: str


def _classify(error: HTTPError) -> Exception:
    if error.status_code >= 500 or error.status_code == 429:
        return RetryableSendError(str(error))
    return PermanentSendError(str(error))


class OutboxBackend:
    def send(self, message: Message, *, body: str) -> Accepted:
        return Accepted(notify_id=f"outbox-{uuid.uuid4()}", body=body)

    def find_by_reference(self, reference: str) -> Accepted | None:
        return None


def _letter_personalisation(message: Message) -> dict[str, str]:
    lines = message.recipient.split("\n")
    return {f"address_line_{n}": line for n, line in enumerate(lines, start=1)}


class NotifyBackend:
    def __init__(self) -> None:
        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY,
            base_url=settings.NOTIFY_BASE_URL,
            timeout=settings.NOTIFY_TIMEOUT_SECONDS,
        )

    def send(self, message: Message, *, body: str) -> Accepted:
        # Our key goes as Notify's reference, so a retry can ask whether it already went.
        values = dict(message.personalisation)
        try:
            if message.channel == Channel.EMAIL:
                answer = self.client.send_email_notification(
                    email_address=message.recipient,
                    template_id=message.template_id,
                    personalisation=values,
                    reference=message.key,
                )
            elif message.channel == Channel.SMS:
                answer = self.client.send_sms_notification(
                    phone_number=message.recipient,
                    template_id=message.template_id,
                    personalisation=values,
                    reference=message.key,
                )
            else:
                answer = self.client.send_letter_notification(
                    template_id=message.template_id,
                    personalisation=values | _letter_personalisation(message),
                    reference=message.key,
                )
        except HTTPError as error:
            raise _classify(error) from error
        content = answer.get("content") or {}
        return Accepted(notify_id=answer["id"], body=content.get("body") or body)

    def find_by_reference(self, reference: str) -> Accepted | None:
        try:
            answer = self.client.get_all_notifications(reference=reference)
        except HTTPError as error:
            raise _classify(error) from error
        found = answer.get("notifications") or []
        if not found:
            return None
        return Accepted(notify_id=found[0]["id"], body=found[0].get("body") or "")


def backend() -> OutboxBackend | NotifyBackend:
    if settings.NOTIFY_BACKEND == "notify":
        return NotifyBackend()
    return OutboxBackend()
