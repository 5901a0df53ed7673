"""The worklist: every task the service creates lands in a team's or a worker's list."""

import datetime

from django.db import transaction
from django.utils import timezone

from carers_portal.accounts.models import Team, User
from carers_portal.versioning import save_versioned, update_bumping_version
from triage.exceptions import TriageNotReady
from triage.models import Carer, Referral, Task, TaskKind, TaskStatus


@transaction.atomic
def task_create(
    *,
    kind: str,
    title: str,
    team: Team,
    carer: Carer | None = None,
    referral: Referral | None = None,
    assigned_to: User | None = None,
    due_on: datetime.date | None = None,
) -> Task:
    """Put an item on a team's worklist (or a worker's, when `assigned_to` is given)."""
    if kind not in TaskKind.values:
        raise ValueError(f"Unknown task kind {kind!r}")
    task = Task(
        kind=kind,
        title=title[:200],
        team=team,
        carer=carer,
        referral=referral,
        assigned_to=assigned_to,
        due_on=due_on,
    )
    task.full_clean()
    task.save()
    return task


def referral_tasks_complete(*, referral: Referral, kind: str) -> None:
    update_bumping_version(
        Task.objects.filter(referral=referral, kind=kind, status=TaskStatus.OPEN),
        status=TaskStatus.DONE,
        completed_at=timezone.now(),
    )


@transaction.atomic
def carer_tasks_complete(*, carer: Carer, kind: str) -> int:
    """Mark the carer's open tasks of `kind` done: the step they ask for has happened."""
    return update_bumping_version(
        Task.objects.filter(carer=carer, kind=kind, status=TaskStatus.OPEN),
        status=TaskStatus.DONE,
        completed_at=timezone.now(),
    )


@transaction.atomic
def task_complete(*, task_id: int) -> int:
    """Mark one open task done: another app's step it asked for has happened."""
    return update_bumping_version(
        Task.objects.filter(pk=task_id, status=TaskStatus.OPEN),
        status=TaskStatus.DONE,
        completed_at=timezone.now(),
    )


@transaction.atomic
def task_claim(*, task: Task, version: int, user: User) -> Task:
    """A member of the task's team takes it on."""
    return task_assign(task=task, version=version, assigned_to=user)


@transaction.atomic
def task_assign(*, task: Task, version: int, assigned_to: User | None) -> Task:
    """Give an open task to a member of its team, or put it back in the team's tray."""
    if task.status != TaskStatus.OPEN:
        raise TriageNotReady("This task is already done")
    if assigned_to is not None and not assigned_to.teams.filter(pk=task.team_id).exists():
        raise TriageNotReady(f"{assigned_to} is not a member of {task.team}")
    return save_versioned(task, version=version, changes={"assigned_to": assigned_to})
