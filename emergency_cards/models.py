import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from emergency_cards.rules import format_card_number


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    CARED_FOR_DIED = "cared_for_died", _("The cared-for person has died")
    CARE_HOME = "care_home", _("The cared-for person has moved to a care home")
    NO_LONGER_CARING = "no_longer_caring", _("The carer is no longer caring")
    MOVED_AWAY = "moved_away", _("The carer has moved out of the area")
    CARER_REQUEST = "carer_request", _("The carer asked to leave the scheme")
    OTHER = "other", _("Another reason")


class ReviewStatus(models.TextChoices):
    CURRENT = "current", _("Up to date")
    DUE = "due", _("Due for review")
    EXPIRED = "expired", _("Review overdue")


# Key access (key safe location and code) is kept out of the change history on purpose:
# only a responder looking the card up may see it, and history tables are read more widely.
@pghistory.track(exclude=["key_access"])
class EmergencyPlan(models.Model):
    """A carer's registration on the emergency card scheme: the contingency plan."""

    edit_conflict_noun = "plan"

    carer = models.ForeignKey(
        "triage.Carer", on_delete=models.PROTECT, related_name="emergency_plans"
    )
    cared_for = models.ForeignKey(
        "triage.CaredForPerson",
        on_delete=models.PROTECT,
        related_name="emergency_plans",
        verbose_name=_("cared-for person"),
    )
    needs = models.TextField(_("needs"))
    routine = models.TextField(_("daily routine"), blank=True)
    likes_and_dislikes = models.TextField(_("likes and dislikes"), blank=True)
    medication = models.TextField(_("medication"), blank=True)
    medication_location = models.CharField(
        _("where the medication is kept"), max_length=255, blank=True
    )
    mobility_aids = models.TextField(_("mobility aids and equipment"), blank=True)
    gp_details = models.TextField(_("GP"), blank=True)
    professionals = models.TextField(_("other professionals"), blank=True)
    other_care = models.TextField(_("other care coming in"), blank=True)
    alternative_arrangements = models.TextField(_("alternative arrangements"), blank=True)
    key_access = models.TextField(_("key access"), blank=True)
    status = models.CharField(
        max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE, db_index=True
    )
    status_reason = models.CharField(
        _("reason"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    status_notes = models.TextField(_("notes about the status"), blank=True)
    issued_on = models.DateField()
    confirmed_on = models.DateField()
    review_due = models.DateField(db_index=True)
    review_status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.CURRENT
    )
    # Set once when an overdue plan is put on the team's worklist, so the nightly job
    # never flags the same lapse twice.
    expiry_flagged_on = models.DateField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["status", "review_status", "review_due"])]

    def __str__(self) -> str:
        return f"Emergency plan {self.pk} for {self.carer}"

    @property
    def key_access_recorded(self) -> bool:
        return bool(self.key_access.strip())

    @property
    def current_card(self) -> "EmergencyCard | None":
        cards = [c for c in self.cards.all() if c.status == EmergencyCard.Status.ACTIVE]
        return cards[0] if cards else None


@pghistory.track()
class EmergencyCard(models.Model):
    """A card number. A plan has one active card; a lost card is replaced, never reused."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In use")
        REPLACED = "replaced", _("Replaced")

    plan = models.ForeignKey(EmergencyPlan, on_delete=models.PROTECT, related_name="cards")
    card_number = models.CharField(max_length=12, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    issued_on = models.DateField()
    replaced_on = models.DateField(null=True, blank=True)
    replacement_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status="active"),
                name="one_active_card_per_plan",
            )
        ]

    def __str__(self) -> str:
        return self.formatted_number

    @property
    def formatted_number(self) -> str:
        return format_card_number(self.card_number)


class Availability(models.TextChoices):
    ANY_TIME = "any_time", _("Any time, day or night")
    DAYTIME = "daytime", _("Daytime only")
    EVENINGS_WEEKENDS = "evenings_weekends", _("Evenings and weekends")
    WEEKDAYS = "weekdays", _("Weekdays only")
    LIMITED = "limited", _("Limited: see notes")


@pghistory.track()
class EmergencyContact(models.Model):
    plan = models.ForeignKey(EmergencyPlan, on_delete=models.CASCADE, related_name="contacts")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=100, blank=True)
    phone = models.CharField(_("phone number"), max_length=30)
    availability = models.CharField(_("availability"), max_length=20, choices=Availability.choices)
    availability_notes = models.CharField(_("availability notes"), max_length=255, blank=True)
    consents_to_contact = models.BooleanField(_("agreed to be contacted"), default=False)
    consents_to_share = models.BooleanField(_("agreed to have their details shared"), default=False)
    consent_recorded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="unique_contact_order"),
            models.CheckConstraint(
                condition=models.Q(order__gte=1, order__lte=3), name="contact_order_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CallerType(models.TextChoices):
    CARER = "carer", _("The carer")
    EMERGENCY_SERVICES = "emergency_services", _("Emergency services")
    HOSPITAL = "hospital", _("Hospital staff")
    FAMILY_FRIEND = "family_friend", _("Family member, friend or neighbour")
    MEMBER_OF_PUBLIC = "public", _("Member of the public")
    OTHER = "other", _("Someone else")


class WhatHappened(models.TextChoices):
    HOSPITAL_ADMISSION = "hospital_admission", _("Carer admitted to hospital")
    ILL_AT_HOME = "ill_at_home", _("Carer ill or injured at home")
    ACCIDENT = "accident", _("Carer in an accident away from home")
    DELAYED = "delayed", _("Carer delayed or unable to get home")
    DIED = "died", _("Carer has died")
    OTHER = "other", _("Something else")


@pghistory.track()
class Activation(models.Model):
    """One emergency: the card was used and the plan put into action."""

    plan = models.ForeignKey(EmergencyPlan, on_delete=models.PROTECT, related_name="activations")
    occurred_at = models.DateTimeField(_("date and time of the call"), db_index=True)
    caller_name = models.CharField(_("who called"), max_length=200)
    caller_type = models.CharField(_("caller"), max_length=20, choices=CallerType.choices)
    what_happened = models.CharField(
        _("what happened to the carer"), max_length=20, choices=WhatHappened.choices
    )
    details = models.TextField(_("details"), blank=True)
    replacement_care_arranged = models.BooleanField(default=False)
    replacement_care_provider = models.CharField(max_length=200, blank=True)
    replacement_care_hours = models.DecimalField(max_digits=6, decimal_places=1, default=0)
    needs_practitioner_review = models.BooleanField(default=False)
    outcome = models.TextField(_("outcome"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"Activation {self.pk} of plan {self.plan_id}"


class ContactAnswer(models.TextChoices):
    AGREED = "agreed", _("Agreed to help")
    COULD_NOT_HELP = "could_not_help", _("Could not help")
    NO_ANSWER = "no_answer", _("No answer")


@pghistory.track()
class ContactAttempt(models.Model):
    """Contacts are phoned in order; each call and its answer is kept."""

    activation = models.ForeignKey(Activation, on_delete=models.CASCADE, related_name="attempts")
    order = models.PositiveSmallIntegerField()
    contact = models.ForeignKey(
        EmergencyContact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_name = models.CharField(max_length=200)
    answer = models.CharField(max_length=20, choices=ContactAnswer.choices)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.contact_name}: {self.get_answer_display()}"


class FailedLookup(models.Model):
    """A look-up that found no card in use. Counted per user to stop number guessing.

    Kept in the database rather than the cache because the cache is per process.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    attempted_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["user", "attempted_at"])]

    def __str__(self) -> str:
        return f"Failed look-up by {self.user_id} at {self.attempted_at}"
