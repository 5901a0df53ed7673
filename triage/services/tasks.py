"""The worklist: every task the service creates lands in a team's or a worker's list."""

import datetime

from django.db import transaction
from django.utils import timezone

from carers_portal.accounts.models import Team, User
from carers_portal.versioning import update_bumping_version
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
