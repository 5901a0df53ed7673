from celery import shared_task
from django.conf import settings

from notifications.backends import RetryableSendError
from notifications.services import message_give_up, message_send

MESSAGE_SEND_TASK = "notifications.tasks.message_send_task"


def retry_countdown(retries: int) -> int:
    """Exponential backoff (base, 2x base, 4x base ...) capped, for Notify's 5xx and 429."""
    base = settings.NOTIFY_RETRY_BASE_SECONDS
    return min(base * 2**retries, settings.NOTIFY_RETRY_MAX_SECONDS)


@shared_task(bind=True, name=MESSAGE_SEND_TASK, max_retries=8)
def message_send_task(self, message_id: int) -> str:
    try:
        return message_send(message_id=message_id).status
    except RetryableSendError as error:
        if self.request.retries >= self.max_retries:
            return message_give_up(message_id=message_id, error=str(error)).status
        raise self.retry(exc=error, countdown=retry_countdown(self.request.retries)) from error
