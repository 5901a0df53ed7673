"""Invitations to an online account, and the people a carer lets see their plan and card.

An invitation holds only a hash of its one-time code or link (Django's password hasher), the
short public part that finds it, and how many wrong tries it has had. Nothing here is ever
deleted: a new invitation replaces the open one, and a withdrawn access keeps its dates.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel


class InvitationStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to send")
    SENT = "sent", _("Sent")
    USED = "used", _("Used")
    REPLACED = "replaced", _("Replaced by a newer invitation")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LOCKED = "locked", _("Stopped after too many wrong tries")
    NOT_SENT = "not_sent", _("Could not be sent")


OPEN_INVITATION_STATUSES = (InvitationStatus.QUEUED, InvitationStatus.SENT)


class ConsentSource(models.TextChoices):
    CARER_ONLINE = "carer_online", _("Given by the carer in their online account")
    CARER_TO_WORKER = "carer_to_worker", _("The carer told a worker")


@pghistory.track()
class ActingFor(models.Model):
    """Someone the carer lets see their support plan and emergency card, read-only, until a
    date. Withdrawn by setting `revoked_at`; never deleted."""

    carer = models.ForeignKey(
        "triage.Carer", on_delete=models.PROTECT, related_name="people_acting_for"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    relationship = models.CharField(_("how they know the carer"), max_length=100)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=30, blank=True)
    address_line_1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_line_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    town = models.CharField(_("town or city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    expires_on = models.DateField(_("access ends on"))
    consent = models.CharField(max_length=20, choices=ConsentSource.choices)
    consent_note = models.CharField(_("how the carer agreed"), max_length=200, blank=True)
    # Their own sign-in (role "representative"), made with the first invitation.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acting_for",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="acting_for_given"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acting_for_revoked",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("person acting for a carer")
        verbose_name_plural = _("people acting for carers")
        indexes = [
            models.Index(fields=["carer", "-created_at"], name="acting_for_carer_recent"),
            # The scope of a person acting for a carer: their live grants.
            models.Index(
                fields=["user", "expires_on"],
                condition=Q(revoked_at__isnull=True),
                name="acting_for_live_by_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} for carer {self.carer_id}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def is_live(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and self.expires_on >= today


class Invitation(models.Model):
    """One invitation to set up a sign-in: the carer's own, or (with `acting_for`) that of
    someone acting for them. `carer` is whose records it opens either way."""

    carer = models.ForeignKey(
        "triage.Carer", on_delete=models.PROTECT, related_name="online_invitations"
    )
    acting_for = models.ForeignKey(
        ActingFor, on_delete=models.PROTECT, null=True, blank=True, related_name="invitations"
    )
    # The account it sets a password for, made (without one) when the first invitation is.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="online_invitations"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # Where it went: an email address, a mobile number, or the postal address's lines.
    recipient = models.TextField()
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.QUEUED
    )
    # The code's (or link's) first characters find the invitation; the rest is checked
    # against `secret_hash` only. Both are empty until it is sent.
    lookup = models.CharField(max_length=10, blank=True)
    secret_hash = models.CharField(max_length=200, blank=True)
    wrong_tries = models.PositiveSmallIntegerField(default=0)
    # The address the person is told to visit.
    site_url = models.CharField(max_length=200)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    # The open invitation this one stopped (a resend).
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    # When it was replaced, withdrawn or stopped.
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["carer", "-created_at"], name="invitation_carer_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["lookup"], condition=~Q(lookup=""), name="invitation_unique_lookup"
            ),
            # A new invitation replaces the open one, so only one code works at a time.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["queued", "sent"]),
                name="invitation_one_open_per_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} invitation {self.pk} ({self.get_status_display()})"

    def is_open(self, now=None) -> bool:
        if self.status == InvitationStatus.QUEUED:
            return True
        now = now or timezone.now()
        return self.status == InvitationStatus.SENT and (
            self.expires_at is None or self.expires_at > now
        )
