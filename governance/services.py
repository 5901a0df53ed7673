"""Writes for information governance: subject access requests and record challenges.

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
from governance import export
from governance.models import (
    ChallengeKind,
    Decision,
    RecordChallenge,
    SarStatus,
    SubjectAccessRequest,
)


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
def challenge_log(*, carer, kind: str, record_described: str, carer_says: str, by, received_on):
    challenge = RecordChallenge(
        carer=carer,
        kind=kind,
        record_described=record_described,
        carer_says=carer_says,
        received_on=received_on,
        logged_by=by,
    )
    challenge.full_clean()
    challenge.save()
    return challenge


@transaction.atomic
def challenge_decide(*, challenge: RecordChallenge, decision: str, reasons: str, by):
    """The decision is recorded, never the correction itself: a correction is made as an
    amendment on the record (with its own history), so nothing is silently edited."""
    if decision == Decision.PENDING or not reasons.strip():
        raise ValidationError({"decision_reasons": "Enter the decision and the reasons for it"})
    if challenge.kind == ChallengeKind.OBJECTION and decision == Decision.CORRECTED:
        raise ValidationError({"decision": "An objection is decided, not corrected"})
    challenge.decision = decision
    challenge.decision_reasons = reasons.strip()
    challenge.decided_by = by
    challenge.decided_at = timezone.now()
    challenge.full_clean()
    challenge.save()
    return challenge
