"""Changes a carer asks for online: each goes to their team's tray, and a worker decides."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from carers_portal.accounts.models import User
from carers_portal.versioning import EditConflict, save_versioned, update_bumping_version
from triage import rules
from triage.change_requests import ChangeRequest, ChangeStatus, change_kind
from triage.exceptions import TriageNotReady
from triage.models import Carer, Task, TaskStatus
from triage.selectors import clock_settings
from triage.services.tasks import task_create


@transaction.atomic
def change_request_create(
    *,
    carer: Carer,
    subject: str,
    after: dict,
    requested_by: User,
    about_id: int | None = None,
    about_label: str = "",
) -> ChangeRequest:
    """The carer's request, keeping only what differs from the record now, and its task.

    Nothing on the record changes until a worker accepts it.
    """
    kind = change_kind(subject)
    now, _version = kind.current(carer, about_id)
    changed = {key: value for key, value in after.items() if value != now.get(key)}
    if not changed:
        raise ValidationError("You have not changed anything")
    kind.check(carer, about_id, changed)
    due = rules.change_request_due(requested_on=timezone.localdate(), config=clock_settings())
    task = task_create(
        kind=kind.task_kind,
        title=f"Check {carer.full_name}'s new {kind.noun}"
        + (f" ({about_label})" if about_label else ""),
        team=carer.team,
        carer=carer,
        due_on=due.on,
    )
    change = ChangeRequest(
        carer=carer,
        subject=subject,
        about_id=about_id,
        about_label=about_label[:200],
        before={key: now.get(key) for key in changed},
        after=changed,
        task=task,
        requested_by=requested_by,
    )
    change.full_clean(exclude=["task", "carer", "requested_by"])
    change.save()
    return change


def _pending(change: ChangeRequest, version: int) -> ChangeRequest:
    """The change, locked, still waiting for a decision at the version the worker read."""
    locked = ChangeRequest.objects.select_for_update().select_related("carer").get(pk=change.pk)
    if not locked.is_pending:
        raise TriageNotReady(f"This change has already been {locked.get_status_display().lower()}")
    if locked.version != version:
        raise EditConflict(ChangeRequest.edit_conflict_noun, current_version=locked.version)
    return locked


def _decide(change: ChangeRequest, *, by: User, **changes) -> ChangeRequest:
    change = save_versioned(
        change,
        version=change.version,
        changes={"decided_by": by, "decided_at": timezone.now(), **changes},
        clean_exclude=["task", "carer", "requested_by", "decided_by"],
    )
    update_bumping_version(
        Task.objects.filter(pk=change.task_id, status=TaskStatus.OPEN),
        status=TaskStatus.DONE,
        completed_at=timezone.now(),
    )
    return change


@transaction.atomic
def change_request_accept(
    *, change: ChangeRequest, version: int, record_version: int, by: User
) -> ChangeRequest:
    """Put the change on the record, as the worker saw the record (`record_version`).

    If the record was saved by someone else since, EditConflict: nothing is written and the
    worker compares again.
    """
    change = _pending(change, version)
    change.kind.apply(change, record_version)
    return _decide(change, by=by, status=ChangeStatus.ACCEPTED)


@transaction.atomic
def change_request_decline(
    *, change: ChangeRequest, version: int, reason: str, by: User
) -> ChangeRequest:
    """Leave the record as it is; the carer reads the reason on their page."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you are not accepting the change"})
    change = _pending(change, version)
    return _decide(change, by=by, status=ChangeStatus.DECLINED, decline_reason=reason)
