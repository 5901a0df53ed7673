import datetime

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from triage.validators import validate_nhs_number, validate_postcode


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    TEXT = "text", _("Text message")
    POST = "post", _("Letter")


class Ethnicity(models.TextChoices):
    """ONS 2021 census high-level ethnic groups."""

    WHITE = "white", _("White")
    MIXED = "mixed", _("Mixed or multiple ethnic groups")
    ASIAN = "asian", _("Asian or Asian British")
    BLACK = "black", _("Black, Black British, Caribbean or African")
    OTHER = "other", _("Other ethnic group")
    NOT_STATED = "not_stated", _("Prefer not to say")


class EmploymentStatus(models.TextChoices):
    FULL_TIME = "full_time", _("Working full-time")
    PART_TIME = "part_time", _("Working part-time")
    STUDENT = "student", _("In education or training")
    NOT_WORKING = "not_working", _("Not in paid work")
    RETIRED = "retired", _("Retired")


class CaringHoursBand(models.TextChoices):
    """Hours caring per week, in the bands used by the census and the carers survey."""

    UP_TO_19 = "1_19", _("1 to 19 hours a week")
    FROM_20_TO_49 = "20_49", _("20 to 49 hours a week")
    FIFTY_PLUS = "50_plus", _("50 or more hours a week")


class PrimarySupportReason(models.TextChoices):
    PHYSICAL_DISABILITY = "physical", _("Physical disability")
    LEARNING_DISABILITY = "learning_disability", _("Learning disability")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    FRAILTY = "frailty", _("Frailty")
    SENSORY_IMPAIRMENT = "sensory", _("Sensory impairment")
    DEMENTIA = "dementia", _("Dementia")
    SUBSTANCE_MISUSE = "substance_misuse", _("Substance misuse")
    LONG_TERM_CONDITION = "long_term_condition", _("Long-term condition")
    OTHER = "other", _("Other")


class Relationship(models.TextChoices):
    SPOUSE_OR_PARTNER = "spouse_partner", _("Husband, wife or partner")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Son or daughter")
    SIBLING = "sibling", _("Brother or sister")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    FRIEND_OR_NEIGHBOUR = "friend_neighbour", _("Friend or neighbour")


YOUNG_CARER_AGE = 18


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )


@pghistory.track()
class Carer(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    address_line_1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_line_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    town = models.CharField(_("town or city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, validators=[validate_postcode])
    preferred_contact = models.CharField(
        _("preferred contact method"), max_length=10, choices=ContactMethod.choices
    )
    nhs_number = models.CharField(
        _("NHS number"), max_length=10, blank=True, validators=[validate_nhs_number]
    )
    ethnicity = models.CharField(
        _("ethnicity"), max_length=20, choices=Ethnicity.choices, blank=True
    )
    employment_status = models.CharField(
        _("work or study"), max_length=20, choices=EmploymentStatus.choices, blank=True
    )
    caring_hours = models.CharField(
        _("hours caring each week"), max_length=10, choices=CaringHoursBand.choices
    )
    consent_to_share = models.BooleanField(_("consents to share information"), default=False)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="carers", verbose_name=_("team")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carer_record",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: a save must name the version it read.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["team", "last_name", "first_name", "id"]),
            models.Index(fields=["last_name", "date_of_birth"]),
            models.Index(fields=["postcode"]),
            models.Index(fields=["nhs_number"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age(self, on: datetime.date | None = None) -> int:
        return age_on(self.date_of_birth, on or timezone.localdate())

    @property
    def is_young_carer(self) -> bool:
        return self.age() < YOUNG_CARER_AGE


@pghistory.track()
class CaredForPerson(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nhs_number = models.CharField(
        _("NHS number"), max_length=10, blank=True, validators=[validate_nhs_number]
    )
    primary_support_reason = models.CharField(
        _("primary support reason"), max_length=30, choices=PrimarySupportReason.choices
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("cared-for person")
        verbose_name_plural = _("cared-for people")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


@pghistory.track()
class CaringRelationship(models.Model):
    """A carer can care for several people, and several carers can care for one person."""

    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="relationships")
    cared_for = models.ForeignKey(
        CaredForPerson, on_delete=models.PROTECT, related_name="relationships"
    )
    relationship = models.CharField(
        _("relationship to the carer"), max_length=20, choices=Relationship.choices
    )
    lives_with_carer = models.BooleanField(_("lives with the carer"), default=False)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["carer", "cared_for"], name="unique_caring_relationship"
            )
        ]

    def __str__(self) -> str:
        return f"{self.carer} cares for {self.cared_for}"
