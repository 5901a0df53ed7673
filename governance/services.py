"""Writes for information governance: subject access requests and challenges to a record.

Retention (listing, approval, purge) is in governance/retention.py.
"""

import calendar
import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from carers_portal.accounts.models import AccessEvent
from carers_portal.versioning import save_versioned
from governance import export
from governance.models import (
    UPHOLDING,
    ChallengeKind,
    Decision,
    RecordChallenge,
    SarStatus,
    SubjectAccessRequest,
)
from governance.selectors import amendment_choices, challenge_record_choices
from triage.models import TaskKind
from triage.services import task_complete, task_create


def sar_download_hours() -> int:
    return int(getattr(settings, "GOVERNANCE_SAR_DOWNLOAD_HOURS", 72))


def one_month_after(day: datetime.date) -> datetime.date:
    """The ICO's "calendar month": the same date next month, or that month's last day."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@transaction.atomic
def sar_request(*, carer=None, cared_for=None, requested_by, received_on: datetime.date):
    """Log the request (due one calendar month after receipt, UK GDPR Art. 12(3)) and queue
    the pack."""
    sar = SubjectAccessRequest(
        carer=carer,
        cared_for=cared_for,
        requested_by=requested_by,
        received_on=received_on,
        due_on=one_month_after(received_on),
    )
    sar.full_clean()
    sar.save()
    from governance.tasks import sar_build_task

    transaction.on_commit(lambda: sar_build_task.delay(sar.pk))
    return sar


def sar_build(*, sar_id: int) -> bool:
    """Build the ZIP once. Returns False when it was already built (the task is idempotent)."""
    with transaction.atomic():
        sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar_id)
        if sar.status != SarStatus.QUEUED:
            return False
        data = export.build_sar_zip(sar.subject, request_id=sar.pk)
        sar.export = data
        sar.export_sha256 = export.sha256(data)
        sar.built_at = timezone.now()
        sar.status = SarStatus.READY
        sar.save()
    return True


@transaction.atomic
def sar_issue_link(*, sar: SubjectAccessRequest, user) -> str:
    """A fresh one-time token for the requester; only its hash is stored."""
    if sar.requested_by_id != user.pk or sar.status != SarStatus.READY:
        raise ValidationError("This pack cannot be downloaded.")
    token = secrets.token_urlsafe(32)
    sar.token_hash = export.sha256(token.encode())
    sar.token_expires_at = timezone.now() + datetime.timedelta(hours=sar_download_hours())
    sar.save(update_fields=["token_hash", "token_expires_at"])
    return token


@transaction.atomic
def sar_download(*, sar_id: int, token: str, user, path: str) -> bytes:
    """Hand the ZIP over once, to the requester, before the link expires; then drop it."""
    sar = SubjectAccessRequest.objects.select_for_update().filter(pk=sar_id).first()
    if (
        sar is None
        or sar.requested_by_id != user.pk
        or sar.status != SarStatus.READY
        or not sar.token_hash
        or not secrets.compare_digest(sar.token_hash, export.sha256(token.encode()))
        or sar.token_expires_at < timezone.now()
    ):
        raise ValidationError("This link has expired or has already been used.")
    data = bytes(sar.export)
    AccessEvent.objects.create(
        user=user,
        role=user.role,
        action=AccessEvent.Action.DOWNLOAD,
        object_type="SubjectAccessRequest",
        object_id=str(sar.pk),
        carer_id=sar.carer_id,
        reason="Subject access request pack",
        path=path[:255],
    )
    sar.status = SarStatus.DOWNLOADED
    sar.downloaded_at = timezone.now()
    sar.export = None
    sar.token_hash = ""
    sar.save()
    return data


@transaction.atomic
def challenge_log(
    *, carer, kind: str, record_ref: str, carer_says: str, received_on: datetime.date, by
) -> RecordChallenge:
    """Log a carer's challenge to their record, due one calendar month after receipt (UK GDPR
    Art. 12(3)), with a task in the carer's team tray until it is decided."""

    errors = {}
    if received_on > timezone.localdate():
        errors["received_on"] = "The date received must be today or in the past"
    records = dict(challenge_record_choices(user=by, carer=carer))
    if record_ref not in records:
        errors["record_ref"] = "Select which record the carer is challenging"
    if not carer_says.strip():
        errors["carer_says"] = "Enter what the carer says"
    if errors:
        raise ValidationError(errors)
    challenge = RecordChallenge(
        carer=carer,
        kind=kind,
        record_ref=record_ref,
        record_described=str(records[record_ref])[:200],
        carer_says=carer_says.strip(),
        received_on=received_on,
        due_on=one_month_after(received_on),
        logged_by=by,
    )
    challenge.full_clean(exclude=["task"])
    # The tray's title names the kind and the record, never what the carer said.
    challenge.task = task_create(
        kind=TaskKind.RECORD_CHALLENGE,
        title=f"{challenge.get_kind_display().split(':')[0]} challenge: {challenge.record_described}",
        team=carer.team,
        carer=carer,
        due_on=challenge.due_on,
    )
    challenge.save()
    return challenge


@transaction.atomic
def challenge_decide(
    *,
    challenge: RecordChallenge,
    version: int,
    decision: str,
    reasons: str,
    amendment: str = "",
    by,
) -> RecordChallenge:
    """Record the decision and its reasons, never the correction itself: an upheld
    rectification names the amendment that made it (a change to the carer's details, a
    correcting case note, an assessment amendment), each with its own history, so nothing in
    the record is edited silently. The tray's task is then done."""

    if not challenge.is_open:
        raise ValidationError("This challenge has already been decided.")
    errors = {}
    if decision not in UPHOLDING | {Decision.NOT_UPHELD}:
        errors["decision"] = "Select the decision"
    if not reasons.strip():
        errors["decision_reasons"] = "Enter the reasons for the decision"
    kind, amendment_id, label = "", None, ""
    if challenge.kind == ChallengeKind.RECTIFICATION and decision in UPHOLDING:
        choices = dict(amendment_choices(challenge=challenge, user=by))
        if not choices:
            errors["amendment"] = (
                "Make the correction on the record first: nothing has been corrected since "
                "the challenge was received"
            )
        elif amendment not in choices:
            errors["amendment"] = "Select the amendment that corrected the record"
        else:
            kind, raw_id = amendment.split(":", 1)
            amendment_id, label = int(raw_id), str(choices[amendment])[:200]
    if errors:
        raise ValidationError(errors)
    challenge = save_versioned(
        challenge,
        version=version,
        changes={
            "decision": decision,
            "decision_reasons": reasons.strip(),
            "decided_by": by,
            "decided_at": timezone.now(),
            "amendment_kind": kind,
            "amendment_id": amendment_id,
            "amendment_label": label,
        },
    )
    if challenge.task_id:
        task_complete(task_id=challenge.task_id)
    return challenge
