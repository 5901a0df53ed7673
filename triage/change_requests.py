"""Changes a carer asks for from their own pages, which a worker accepts or declines.

A carer can keep their contact details and emergency contacts up to date online, but nothing
they type goes straight onto the record: a responder phones the emergency contacts, and the
service writes to the address and number held. Each request is a row here with what the record
said when the carer asked (`before`) and what they asked for (`after`), only for what they
changed, and a task on their team's tray. The worker sees the record as it is now beside what
was asked for, and accepts (applied with the record's version check, so a change made
meanwhile is never overwritten unseen) or declines with a reason the carer reads.

What a change applies to can belong to a later app (emergency contacts are on the emergency
plan), so each subject is a `ChangeKind` registered from its app's AppConfig.ready(); triage
applies it without importing that app.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be checked")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Not accepted")


@pghistory.track()
class ChangeRequest(models.Model):
    edit_conflict_noun = "change"

    carer = models.ForeignKey(
        "triage.Carer", on_delete=models.PROTECT, related_name="change_requests"
    )
    # A registered ChangeKind's subject: "contact_details", "emergency_contacts".
    subject = models.CharField(max_length=30)
    # The record of a later app it is about (the emergency plan), with a label frozen now.
    about_id = models.BigIntegerField(null=True, blank=True)
    about_label = models.CharField(max_length=200, blank=True)
    # {key: value} for each thing the carer changed: as the record had it, and as asked for.
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    task = models.OneToOneField(
        "triage.Task", on_delete=models.PROTECT, related_name="change_request"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("why the change was not accepted"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(
                fields=["carer", "subject", "-requested_at", "-id"], name="change_carer_recent"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="change_declined_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Change to {self.carer}'s {change_kind(self.subject).noun}"

    @property
    def kind(self) -> "ChangeKind":
        return change_kind(self.subject)

    @property
    def is_pending(self) -> bool:
        return self.status == ChangeStatus.PENDING


# --- What a change can be about --------------------------------------------------------


@dataclass(frozen=True)
class ChangeKind:
    subject: str
    # In a sentence: "your contact details", "Check Ann Ashby's new contact details".
    noun: str
    task_kind: str
    # (carer, about_id) -> the record as it is now, as {key: value} in the shape `before` and
    # `after` use, and its version.
    current: Callable[[object, int | None], tuple[dict, int]]
    # One key's value in words: (label, lines).
    describe: Callable[[str, object], tuple[str, list[str]]]
    # (carer, about_id, after): refuses what could never be applied, as a ValidationError.
    check: Callable[[object, int | None, dict], None]
    # Apply the change's `after` to the record read at `version` (EditConflict when it moved
    # on, ValidationError when the values no longer fit it).
    apply: Callable[[ChangeRequest, int], None]
    # The order keys are shown in (the database keeps a JSON object's keys in its own order).
    sort_key: Callable[[str], object] = str


_kinds: dict[str, ChangeKind] = {}


def register_change_kind(kind: ChangeKind) -> None:
    _kinds[kind.subject] = kind


def change_kind(subject: str) -> ChangeKind:
    return _kinds[subject]


@dataclass(frozen=True)
class ChangeRow:
    key: str
    label: str
    before: list[str]
    now: list[str]
    after: list[str]

    @property
    def changed_since_asked(self) -> bool:
        return self.before != self.now


def change_rows(change: ChangeRequest, *, current: dict | None = None) -> list[ChangeRow]:
    """Each thing the carer changed: as it was when they asked, as it is now, and as asked for.

    `current` is the record now (from the kind), when the reader should compare with it.
    """
    rows = []
    for key in sorted(change.after, key=change.kind.sort_key):
        value = change.after[key]
        label, after = change.kind.describe(key, value)
        _, before = change.kind.describe(key, change.before.get(key))
        now = before if current is None else change.kind.describe(key, current.get(key))[1]
        rows.append(ChangeRow(key=key, label=label, before=before, now=now, after=after))
    return rows


# --- Reads -------------------------------------------------------------------------------

CARER_CHANGES_SHOWN = 10


def change_request_list_for_carer(
    *, carer, subject: str, about_id: int | None = None
) -> QuerySet[ChangeRequest]:
    """A carer's own recent requests about one thing, newest first (change_carer_recent)."""
    changes = ChangeRequest.objects.filter(carer=carer, subject=subject)
    if about_id is not None:
        changes = changes.filter(about_id=about_id)
    return changes.select_related("task")


def carer_change_history(*, carer, subject: str, about_id: int | None = None) -> dict:
    """For the carer's own page: their recent requests about one thing with what each changes
    ("changes") and those still waiting ("pending")."""
    changes = list(
        change_request_list_for_carer(carer=carer, subject=subject, about_id=about_id)[
            :CARER_CHANGES_SHOWN
        ]
    )
    return {
        "changes": [{"change": change, "rows": change_rows(change)} for change in changes],
        "pending": [change for change in changes if change.is_pending],
    }


def change_request_for_task(*, task) -> ChangeRequest | None:
    return ChangeRequest.objects.filter(task=task).select_related("carer", "decided_by").first()


def change_requests_pending_for(*, carer) -> QuerySet[ChangeRequest]:
    """What the carer asked for that no one has decided yet, for the carer's record page."""
    return ChangeRequest.objects.filter(carer=carer, status=ChangeStatus.PENDING).select_related(
        "task"
    )
