"""The nightly annual-review check: due and overdue plans, each lapse on the team's worklist once."""

import datetime

from django.db import transaction
from django.utils import timezone

from emergency_cards import rules
from emergency_cards.models import EmergencyPlan, PlanStatus, ReviewStatus
from triage.models import TaskKind
from triage.services import task_create


def _team_worklist_task(plan: EmergencyPlan) -> None:
    """Put an overdue plan on the carer's team's worklist."""
    task_create(
        kind=TaskKind.EMERGENCY_PLAN_REVIEW,
        title=f"Emergency plan review overdue: {plan.carer.full_name}",
        team=plan.carer.team,
        carer=plan.carer,
        due_on=plan.review_due,
    )


@transaction.atomic
def plans_mark_due_for_review(*, today: datetime.date | None = None) -> dict[str, int]:
    """Nightly: set each active plan's review status; flag newly overdue plans once.

    Idempotent: running it twice on the same day changes nothing the second time.
    """
    today = today or timezone.localdate()
    notice_from = today + datetime.timedelta(days=rules.REVIEW_NOTICE_DAYS)
    active = EmergencyPlan.objects.filter(status=PlanStatus.ACTIVE)
    counts = {
        "due": active.filter(review_due__gt=today, review_due__lte=notice_from)
        .exclude(review_status=ReviewStatus.DUE)
        .update(review_status=ReviewStatus.DUE),
        "expired": active.filter(review_due__lte=today)
        .exclude(review_status=ReviewStatus.EXPIRED)
        .update(review_status=ReviewStatus.EXPIRED),
        "current": active.filter(review_due__gt=notice_from)
        .exclude(review_status=ReviewStatus.CURRENT)
        .update(review_status=ReviewStatus.CURRENT),
        "flagged": 0,
    }
    to_flag = (
        active.filter(review_status=ReviewStatus.EXPIRED, expiry_flagged_on__isnull=True)
        .select_related("carer", "carer__team")
        .select_for_update(of=("self",))
    )
    for plan in to_flag:
        _team_worklist_task(plan)
        # Marked one by one, inside the same transaction as its worklist task.
        EmergencyPlan.objects.filter(pk=plan.pk).update(expiry_flagged_on=today)
        counts["flagged"] += 1
    return counts
