"""Care Act 2014 s27 reviews: scheduled from completion and from the plan's start, flagged
when overdue, and requested by the carer; each lands on the team's worklist."""

import datetime

from django.db import transaction
from django.utils import timezone

from assessments import conf, rules
from assessments.exceptions import NotEditable
from assessments.models import Assessment, AssessmentStatus
from carers_portal.versioning import update_bumping_version
from notifications.models import MessageKind
from triage import services as triage_services
from triage.messages import carer_message_queue


@transaction.atomic
def assessment_plan_started(*, assessment: Assessment, plan_started_on: datetime.date) -> None:
    """For support plans: schedule the light-touch review 6-8 weeks after the plan starts."""
    due = rules.review_due_after_plan_start(
        plan_started_on=plan_started_on, light_review_weeks=conf.light_review_weeks()
    )
    update_bumping_version(
        Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.COMPLETED),
        next_review_due=due,
        review_overdue=False,
        review_task_created=False,
    )


@transaction.atomic
def reviews_mark_overdue(*, today: datetime.date | None = None) -> int:
    """Flag completed assessments whose review date has passed, and put each on the team's
    worklist once. Safe to run any number of times: flags and tasks are set only once.
    """
    today = today or timezone.localdate()
    due = (
        Assessment.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("carer", "team", "assessor", "referral")
        .filter(
            status=AssessmentStatus.COMPLETED,
            next_review_due__lt=today,
            review_task_created=False,
        )
        .order_by("id")
    )
    marked = 0
    for assessment in due:
        if not rules.review_is_overdue(due_on=assessment.next_review_due, today=today):
            continue
        triage_services.task_create(
            kind="review_due",
            title=f"Review due for {assessment.carer.full_name}",
            team=assessment.team,
            carer=assessment.carer,
            referral=assessment.referral,
            assigned_to=assessment.assessor if assessment.assessor.is_active else None,
            due_on=assessment.next_review_due,
        )
        update_bumping_version(
            Assessment.objects.filter(pk=assessment.pk),
            review_overdue=True,
            review_task_created=True,
        )
        carer_message_queue(
            carer=assessment.carer,
            kind=MessageKind.REVIEW_DUE,
            key=f"review_due:{assessment.pk}:{assessment.next_review_due.isoformat()}",
            personalisation={"due_on": assessment.next_review_due.strftime("%-d %B %Y")},
        )
        marked += 1
    return marked


@transaction.atomic
def review_requested(*, assessment: Assessment, note: str = "") -> None:
    """Care Act s27(1)(b): a review on any reasonable request goes on the team's worklist."""
    if assessment.status != AssessmentStatus.COMPLETED:
        raise NotEditable("Only a completed assessment can be reviewed.")
    title = f"{assessment.carer.full_name} asked for a review"
    triage_services.task_create(
        kind="review_requested",
        title=f"{title}: {note.strip()}" if note.strip() else title,
        team=assessment.team,
        carer=assessment.carer,
        referral=assessment.referral,
        due_on=timezone.localdate() + datetime.timedelta(days=28),
    )
