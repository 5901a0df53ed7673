from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")
    LETTER = "letter", _("Letter")


class MessageKind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("Referral received")
    PORTAL_INVITATION = "portal_invitation", _("Invitation to the carer's online account")
    ACTING_FOR_INVITATION = (
        "acting_for_invitation",
        _("Invitation to see a carer's plan and card for them"),
    )
    REVIEW_DUE = "review_due", _("Review due")
    REVIEW_BOOKED = "review_booked", _("Review booked")
    CARD_ISSUED = "card_issued", _("Emergency card issued")
    CARD_REISSUED = "card_reissued", _("Emergency card reissued")
    PLAN_AGREED = "plan_agreed", _("Support plan agreed")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to send")
    # Accepted by Notify (or written to the development outbox); the receipt says the rest.
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Not delivered")


class Message(models.Model):
    """One message to one person. `key` names what it is about, so it is sent at most once.

    Carer and team are ids, not foreign keys: this app sits below the domain apps and knows
    nothing of their tables.
    """

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=MessageKind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # Email address, phone number, or the postal address lines joined by newlines.
    recipient = models.TextField()
    personalisation = models.JSONField(default=dict)
    template_id = models.CharField(max_length=64, blank=True)
    carer_id = models.BigIntegerField(null=True, blank=True)
    # A referral's receipt goes out before the referral is linked to a carer's record; the
    # carer's contact log finds it through the referral.
    referral_id = models.BigIntegerField(null=True, blank=True)
    team_id = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    # Notify's id for the notification and its delivery status word (e.g. "permanent-failure").
    notify_id = models.CharField(max_length=64, blank=True)
    notify_status = models.CharField(max_length=40, blank=True)
    body = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["carer_id", "-created_at", "-id"], name="message_carer_recent"),
            models.Index(fields=["team_id", "-created_at", "-id"], name="message_team_recent"),
            models.Index(
                fields=["referral_id"],
                condition=Q(referral_id__isnull=False),
                name="message_referral",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["notify_id"], condition=~Q(notify_id=""), name="message_unique_notify_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.get_channel_display()}"
