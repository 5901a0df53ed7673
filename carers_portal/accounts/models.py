import pgtrigger
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carers_portal.accounts.roles import CASEWORK_ROLES, STAFF_ROLES, Role


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    area = models.CharField(_("area"), max_length=120, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    teams = models.ManyToManyField(Team, related_name="members", blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_carer(self) -> bool:
        return self.role == Role.CARER

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def does_casework(self) -> bool:
        return self.role in CASEWORK_ROLES

    def get_home_url(self) -> str:
        return reverse("home")


class AccessEvent(models.Model):
    """Who looked at whose record. Append-only: a trigger refuses updates and deletes."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")
        API_READ = "api_read", _("Read through the API")
        LIST = "list", _("Shown in a list")
        EDIT = "edit", _("Opened to change")
        LOOKUP = "lookup", _("Emergency look-up")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_events")
    role = models.CharField(max_length=20, choices=Role.choices)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    carer_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    reason = models.CharField(max_length=255, blank=True)
    path = models.CharField(max_length=255, blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        triggers = [
            pgtrigger.Protect(
                name="access_event_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.object_type} {self.object_id}"


class AccountEvent(models.Model):
    """Who changed whose account, and how. Append-only: a trigger refuses updates and deletes."""

    class Action(models.TextChoices):
        INVITED = "invited", _("Added and invited")
        ROLE_CHANGED = "role_changed", _("Role changed")
        TEAMS_CHANGED = "teams_changed", _("Teams changed")
        DEACTIVATED = "deactivated", _("Deactivated")
        SECOND_FACTOR_RESET = "second_factor_reset", _("Two-step sign-in reset")

    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="account_events_made", null=True
    )
    subject = models.ForeignKey(User, on_delete=models.PROTECT, related_name="account_events")
    action = models.CharField(max_length=30, choices=Action.choices)
    details = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        triggers = [
            pgtrigger.Protect(
                name="account_event_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.subject}"
