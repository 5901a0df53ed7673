"""Messages go through the real Notify client to a Notify look-alike on loopback."""

import json

import pytest

from notifications import rules
from notifications.models import Channel, Message, MessageKind, MessageStatus
from notifications.services import message_queue
from notifications.tasks import message_send_task, retry_countdown

pytestmark = pytest.mark.django_db

EMAIL = rules.Contact(preferred="email", consent=True, email="ann@example.org")
TEXT = rules.Contact(preferred="text", consent=True, phone="07700 900123")
LETTER = rules.Contact(
    preferred="post",
    consent=True,
    address_lines=("Ann Ashby", "1 High Street", "Shireton"),
    postcode="SH1 1AA",
)


def _queue(run_on_commit, *, key="k1", contact=EMAIL, kind=MessageKind.PLAN_AGREED, values=None):
    with run_on_commit():
        message = message_queue(
            key=key, kind=kind, contact=contact, personalisation=values or {"carer_name": "Ann"}
        )
    message.refresh_from_db()
    return message


@pytest.mark.parametrize(
    ("contact", "endpoint", "field", "expected"),
    [
        (EMAIL, "email", "email_address", "ann@example.org"),
        (TEXT, "sms", "phone_number", "07700 900123"),
        (LETTER, "letter", None, None),
    ],
)
def test_each_channel_goes_once_through_the_real_client(
    notify, run_on_commit, contact, endpoint, field, expected
):
    message = _queue(run_on_commit, contact=contact)

    sends = notify.sends()
    assert len(sends) == 1
    assert sends[0].path == f"/v2/notifications/{endpoint}"
    assert sends[0].issuer == "26785a09-ab16-4eb0-8407-a37497a57506"
    assert sends[0].body["template_id"] == f"plan_agreed-{message.channel}-template"
    assert sends[0].body["reference"] == "k1"
    if field:
        assert sends[0].body[field] == expected
    else:
        assert sends[0].body["personalisation"]["address_line_3"] == "Shireton"
        assert sends[0].body["personalisation"]["address_line_4"] == "SH1 1AA"
    assert message.status == MessageStatus.SENT
    assert message.notify_id in notify.sent


def test_queueing_the_same_message_twice_sends_it_once(notify, run_on_commit):
    _queue(run_on_commit)
    _queue(run_on_commit)
    assert len(notify.sends()) == 1
    assert Message.objects.count() == 1


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_server_error_or_rate_limit_is_retried_and_then_succeeds(notify, run_on_commit, status):
    notify.errors = [status, status]

    message = _queue(run_on_commit)

    assert len(notify.sends()) == 3
    assert message.status == MessageStatus.SENT
    assert message.attempts == 3
    # A retry first asks Notify whether the earlier attempt went after all.
    assert [r.method for r in notify.requests] == ["POST", "GET", "POST", "GET", "POST"]


def test_a_refusal_is_not_retried_and_shows_as_not_delivered(notify, run_on_commit):
    notify.errors = [400]

    message = _queue(run_on_commit)

    assert len(notify.sends()) == 1
    assert message.status == MessageStatus.FAILED
    assert "400" in message.last_error


def test_a_task_run_again_after_success_does_not_send_again(notify, run_on_commit):
    message = _queue(run_on_commit)

    message_send_task.apply(args=[message.pk])
    message_send_task.apply(args=[message.pk])

    assert len(notify.sends()) == 1


def test_a_send_lost_after_notify_accepted_is_found_by_reference_not_resent(notify, run_on_commit):
    """A worker that died after Notify said yes left the message queued; the retry asks first."""
    message = _queue(run_on_commit)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.QUEUED, notify_id="")

    message_send_task.apply(args=[message.pk])

    message.refresh_from_db()
    assert len(notify.sends()) == 1
    assert message.status == MessageStatus.SENT
    assert message.notify_id in notify.sent


def test_backoff_doubles_and_is_capped(settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 30
    settings.NOTIFY_RETRY_MAX_SECONDS = 200
    assert [retry_countdown(n) for n in range(4)] == [30, 60, 120, 200]


def test_giving_up_after_the_last_retry_marks_the_message_not_delivered(notify, run_on_commit):
    notify.errors = [500] * 20
    message = _queue(run_on_commit)
    assert message.status == MessageStatus.FAILED
    assert len(notify.sends()) == message_send_task.max_retries + 1


def test_a_card_number_never_goes_in_a_text_message(notify, run_on_commit):
    values = {"card_number": "1234 5678 9012", "emergency_number": "0300 123 4567"}
    message = _queue(run_on_commit, contact=TEXT, kind=MessageKind.CARD_ISSUED, values=values)

    body = json.dumps(notify.sends()[0].body)
    assert "1234 5678 9012" not in body
    assert "1234 5678 9012" not in message.body
    assert "0300 123 4567" in body


def test_a_card_number_goes_by_email(notify, run_on_commit):
    values = {"card_number": "1234 5678 9012", "emergency_number": "0300 123 4567"}
    _queue(run_on_commit, contact=EMAIL, kind=MessageKind.CARD_ISSUED, values=values)
    assert notify.sends()[0].body["personalisation"]["card_number"] == "1234 5678 9012"


def test_no_consent_means_no_message(notify, run_on_commit):
    contact = rules.Contact(preferred="email", consent=False, email="ann@example.org")
    with run_on_commit():
        assert (
            message_queue(key="k", kind="plan_agreed", contact=contact, personalisation={}) is None
        )
    assert notify.requests == []


def _receipt(client, token, payload):
    return client.post(
        "/notifications/delivery-receipts/",
        data=json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_a_delivery_receipt_updates_the_message(notify, run_on_commit, client):
    message = _queue(run_on_commit)
    payload = {
        "id": message.notify_id,
        "reference": message.key,
        "to": "ann@example.org",
        "status": "delivered",
        "created_at": "2026-05-01T10:00:00.000000Z",
        "completed_at": "2026-05-01T10:00:05.000000Z",
        "sent_at": "2026-05-01T10:00:01.000000Z",
        "notification_type": "email",
    }

    response = _receipt(client, "receipt-token-for-tests-0123456789", payload)

    assert response.status_code == 204
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.completed_at.isoformat().startswith("2026-05-01T10:00:05")


def test_a_failure_receipt_shows_the_message_not_delivered(notify, run_on_commit, client):
    message = _queue(run_on_commit)
    payload = {"id": message.notify_id, "status": "permanent-failure"}
    assert _receipt(client, "receipt-token-for-tests-0123456789", payload).status_code == 204
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.notify_status == "permanent-failure"


def test_a_receipt_without_the_right_token_is_refused(notify, run_on_commit, client):
    message = _queue(run_on_commit)
    payload = {"id": message.notify_id, "status": "delivered"}
    assert _receipt(client, "wrong-token", payload).status_code == 401
    bare = client.post(
        "/notifications/delivery-receipts/",
        data=json.dumps(payload),
        content_type="application/json",
    )
    assert bare.status_code == 401
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_a_malformed_receipt_is_a_400(notify, client):
    response = _receipt(client, "receipt-token-for-tests-0123456789", {"status": "delivered"})
    assert response.status_code == 400


def test_the_outbox_backend_sends_nothing_and_keeps_the_text(settings, run_on_commit):
    settings.NOTIFY_BACKEND = "outbox"
    message = _queue(run_on_commit, values={"carer_name": "Ann"})
    assert message.status == MessageStatus.SENT
    assert message.channel == Channel.EMAIL
    assert "support plan has been agreed" in message.body
