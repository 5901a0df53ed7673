"""Keeping a referral's place in the queue and its pathway's tasks in step with its clock."""

from django.utils import timezone

from triage import rules
from triage.models import Referral, Task, TaskKind, TaskStatus
from triage.selectors import clock_settings
from triage.services.tasks import task_create


def requeue(referral: Referral) -> None:
    """Keep the queue's order columns in step with the referral's priority and clock.

    Derived from fields the caller has just saved, so written without a version check.
    """
    position = rules.queue_position(
        status=referral.status,
        urgent_at_intake=referral.urgent_at_intake,
        priority=referral.priority,
        proposed_priority=referral.proposed_priority,
        pathway=referral.pathway,
        received_on=timezone.localdate(referral.received_at),
        assessment_started=referral.assessment_started_at is not None,
        config=clock_settings(),
    )
    Referral.objects.filter(pk=referral.pk).update(
        queue_rank=position.rank, clock_due_on=position.due_on
    )
    referral.queue_rank, referral.clock_due_on = position.rank, position.due_on


def triage_task_create(referral: Referral) -> None:
    """The first contact on the team's tray: the same working day when help is needed today."""
    due = rules.triage_task_due(
        received_on=timezone.localdate(referral.received_at),
        urgent_at_intake=referral.urgent_at_intake,
        config=clock_settings(),
    )
    task_create(
        kind=TaskKind.TRIAGE_REFERRAL,
        title=(
            f"Urgent: call today about referral {referral.reference}"
            if referral.urgent_at_intake
            else f"Triage referral {referral.reference}"
        ),
        team=referral.team,
        referral=referral,
        due_on=due.on,
    )


def pathway_tasks_create(*, referral: Referral) -> None:
    """The pathway's next steps on the team's tray, due by the priority's clock.

    Idempotent: a second decision on the same referral does not queue the same step twice.
    """
    config = clock_settings()
    open_kinds = set(
        Task.objects.filter(referral=referral, status=TaskStatus.OPEN).values_list(
            "kind", flat=True
        )
    )
    steps = []
    if referral.pathway in rules.ASSESSMENT_PATHWAYS and referral.assessment_started_at is None:
        due = rules.start_assessment_due(
            received_on=timezone.localdate(referral.received_at),
            priority=referral.priority,
            config=config,
        )
        steps.append(
            (TaskKind.START_ASSESSMENT, f"Start carer's assessment for {referral.carer}", due)
        )
    if referral.pathway == rules.EMERGENCY:
        due = rules.emergency_plan_due(triaged_on=timezone.localdate(), config=config)
        steps.append(
            (TaskKind.EMERGENCY_PLAN, f"Make an emergency plan with {referral.carer}", due)
        )
    for kind, title, due in steps:
        if kind in open_kinds:
            continue
        task_create(
            kind=kind,
            title=title,
            team=referral.team,
            carer=referral.carer,
            referral=referral,
            assigned_to=referral.assigned_to,
            due_on=due.on,
        )
