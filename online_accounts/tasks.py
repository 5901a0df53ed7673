from celery import shared_task

from online_accounts.services import invitation_send

INVITATION_SEND_TASK = "online_accounts.tasks.invitation_send_task"


@shared_task(name=INVITATION_SEND_TASK)
def invitation_send_task(invitation_id: int) -> str:
    """Gives a queued email or text invitation its code and queues the message (which
    notifications.tasks.message_send_task sends, with its own retries). Delivered twice, it
    sends once: the second time the invitation is no longer queued."""
    return invitation_send(invitation_id=invitation_id).status
