from celery import shared_task

from emergency_cards.services import plans_mark_due_for_review

MARK_PLANS_DUE_TASK = "emergency_cards.tasks.mark_plans_due_for_review_task"


@shared_task(name=MARK_PLANS_DUE_TASK)
def mark_plans_due_for_review_task() -> dict[str, int]:
    """Nightly at 02:30 Europe/London (after the 01:00-02:00 clock-change hour)."""
    return plans_mark_due_for_review()
