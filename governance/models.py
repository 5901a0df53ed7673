"""Information governance records: subject access requests, legal holds, retention runs and
their tombstones, and carers' challenges to their records (rectification and objection).

None of these hold a copy of a carer's record except the SAR's ZIP, which expires.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SarStatus(models.TextChoices):
    QUEUED = "queued", _("Being prepared")
    READY = "ready", _("Ready to download")
    DOWNLOADED = "downloaded", _("Downloaded")
    FAILED = "failed", _("Could not be prepared")


class SubjectAccessRequest(models.Model):
    """UK GDPR Art. 15: one request, about a carer or a cared-for person."""

    carer = models.ForeignKey(
        "triage.Carer", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    cared_for = models.ForeignKey(
        "triage.CaredForPerson", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField(_("date the request was received"))
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=SarStatus.choices, default=SarStatus.QUEUED)
    export = models.BinaryField(null=True, editable=False)
    export_sha256 = models.CharField(max_length=64, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    # Only the token's hash is kept: the link is shown once, to the requester.
    token_hash = models.CharField(max_length=64, blank=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(carer__isnull=False, cared_for__isnull=True)
                | Q(carer__isnull=True, cared_for__isnull=False),
                name="sar_one_subject",
            )
        ]
        permissions = [
            ("lead_information_governance", "Is the information governance lead"),
        ]

    def __str__(self) -> str:
        return f"Subject access request {self.pk}"

    @property
    def subject(self):
        return self.carer or self.cared_for


class LegalHold(models.Model):
    """Stops retention purging a carer's records, or a whole team's (e.g. a public inquiry)."""

    carer = models.ForeignKey(
        "triage.Carer", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    review_on = models.DateField(_("review date"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(carer__isnull=False) | Q(team__isnull=False), name="hold_has_scope"
            )
        ]

    def __str__(self) -> str:
        # A record number, never a name: this string is shown and kept by the Django admin.
        if self.carer_id:
            return f"Legal hold on carer record {self.carer_id}"
        return f"Legal hold on {self.team}"


class RunStatus(models.TextChoices):
    DRY_RUN = "dry_run", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    PURGED = "purged", _("Purged")
    SUPERSEDED = "superseded", _("Superseded by a later run")


class RetentionRun(models.Model):
    """One nightly listing of what has fallen due; a purge needs its approval."""

    listed_at = models.DateTimeField(auto_now_add=True)
    as_of = models.DateField()
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.DRY_RUN)
    # {record class: [ids]}: ids only, never data, and gone from the tables after the purge.
    due = models.JSONField(default=dict)
    held = models.JSONField(default=dict)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-listed_at", "-id"]

    def __str__(self) -> str:
        return f"Retention run {self.as_of}"


class Tombstone(models.Model):
    """What a purge removed: the class and how many, when and by whom. Never the data."""

    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="tombstones")
    record_class = models.CharField(max_length=40)
    table = models.CharField(max_length=100)
    count = models.PositiveIntegerField()
    removed_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-removed_at", "record_class", "table"]

    def __str__(self) -> str:
        return f"{self.count} {self.table} ({self.record_class})"


class ChallengeKind(models.TextChoices):
    RECTIFICATION = "rectification", _("Rectification: the carer says something in it is wrong")
    OBJECTION = "objection", _("Objection: the carer objects to how it is used")


class Decision(models.TextChoices):
    PENDING = "pending", _("Not decided yet")
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")


UPHOLDING = frozenset({Decision.UPHELD, Decision.PARTLY_UPHELD})


class AmendmentKind(models.TextChoices):
    """The corrections a service makes with history, which an upheld rectification names."""

    CARER_DETAILS = "carer_details", _("A change to the carer's details")
    CASE_NOTE = "case_note", _("A case note correcting an earlier one")
    ASSESSMENT = "assessment_amendment", _("An amendment to a completed assessment")


@pghistory.track()
class RecordChallenge(models.Model):
    """UK GDPR Arts. 16 and 21: the carer's words and the decision, both kept.

    A correction is never made here: an upheld rectification names the amendment that made
    it (a change to the carer's details, a correcting case note, an assessment amendment),
    each of which keeps its own history.
    """

    edit_conflict_noun = "challenge"

    carer = models.ForeignKey("triage.Carer", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind of challenge"), max_length=14, choices=ChallengeKind.choices)
    # "details", "case_notes", "other", or a case-note subject ("assessment:12")
    record_ref = models.CharField(max_length=40, blank=True)
    record_described = models.CharField(_("which record"), max_length=200)
    carer_says = models.TextField(_("what the carer says"))
    received_on = models.DateField(_("date received"))
    # One calendar month after receipt (UK GDPR Art. 12(3)).
    due_on = models.DateField(_("decision due"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)
    # The team tray's item for the decision; done when the challenge is decided.
    task = models.ForeignKey(
        "triage.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(max_length=14, choices=Decision.choices, default=Decision.PENDING)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    amendment_kind = models.CharField(max_length=30, choices=AmendmentKind.choices, blank=True)
    amendment_id = models.BigIntegerField(null=True, blank=True)
    amendment_label = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            # The governance lead's list: open challenges, soonest due first.
            models.Index(
                fields=["due_on", "id"],
                condition=Q(decision="pending"),
                name="challenge_open_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="pending")
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="challenge_decision_says_who_and_when",
            ),
            models.CheckConstraint(
                condition=Q(amendment_kind="") | Q(amendment_id__isnull=False),
                name="challenge_amendment_has_id",
            ),
        ]

    def __str__(self) -> str:
        # A record number, never a name: history and the Django admin keep this string.
        return f"{self.get_kind_display().split(':')[0]} challenge on carer record {self.carer_id}"

    @property
    def is_open(self) -> bool:
        return self.decision == Decision.PENDING

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())
