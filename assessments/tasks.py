from celery import shared_task

from assessments import services


@shared_task
def reviews_mark_overdue() -> int:
    """Nightly (02:45 Europe/London, see migration 0003). Idempotent: safe to re-run."""
    return services.reviews_mark_overdue()
