from celery import shared_task

from online_accounts.services import invitation_send

INVITATION_SEND_TASK = "online_accounts.tasks.invitation_send_task"


@shared_task(name=INVITATION_SEND_TASK, max_retries=3, default_retry_delay=30)
def invitation_send_task(invitation_id: int) -> str:
    """Gives a queued email or text invitation its code and queues the message; run twice,
    it sends once (the invitation is no longer queued the second time)."""
    return invitation_send(invitation_id=invitation_id).status
