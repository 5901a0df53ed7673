"""The services directory: who provides which carer support, where, when, for whom, and on
what contract.

Shaped on Open Referral UK v3.0 (organization, service, location, service_at_location,
contact, phone, schedule, cost_option, taxonomy, taxonomy_term) so the ORUK feed is a plain
projection of these tables. Ids are UUIDs because ORUK ids are public, stable strings.
"""

import datetime
import uuid

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from carers_portal.budget_lines import budget_line_problem

# Outward code only ("NR1", "IP14", "SW1A"): services are listed by district, not full postcode.
validate_postcode_district = RegexValidator(
    r"^[A-Z]{1,2}[0-9][A-Z0-9]?$",
    _("Enter a postcode district, like NR1 or IP14"),
)


class ServiceStatus(models.TextChoices):
    """ORUK v3 service.status vocabulary."""

    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class CarerType(models.TextChoices):
    ADULT = "adult", _("Adult carers")
    YOUNG = "young", _("Young carers (under 18)")
    YOUNG_ADULT = "young_adult", _("Young adult carers (18 to 25)")
    PARENT = "parent", _("Parent carers")
    OLDER = "older", _("Older carers (65 and over)")
    WORKING = "working", _("Working carers")
    FORMER = "former", _("Former carers")


class FundingStream(models.TextChoices):
    BASE_BUDGET = "base_budget", _("Base budget")
    CARE_ACT = "care_act", _("Care Act funding")
    TRANSITIONAL_FUND = "transitional_fund", _("Transitional fund")
    THINK_CARER_RESERVE = "think_carer_reserve", _("Think Carer reserve")


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


class ScheduleFrequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")


class AttendingType(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("By phone")


def govuk_time(value: datetime.time) -> str:
    if value == datetime.time(12, 0):
        return "midday"
    if value == datetime.time(0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    # A stable code so the seeded terms can be found by name in code and fixtures.
    code = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    term_uri = models.URLField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class Organisation(models.Model):
    """A provider of services (ORUK `organization`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    charity_number = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=200)
    description = models.TextField()
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    fees_description = models.TextField(blank=True)
    alert = models.CharField(max_length=500, blank=True)
    # Eligibility. Ages are inclusive; blank means no limit.
    minimum_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    eligibility_description = models.TextField(blank=True)
    carer_types = ArrayField(
        models.CharField(max_length=20, choices=CarerType.choices),
        default=list,
        blank=True,
        help_text="Leave empty if the service is open to every kind of carer.",
    )
    areas = ArrayField(
        models.CharField(max_length=4, validators=[validate_postcode_district]),
        default=list,
        blank=True,
        help_text=(
            "Postcode districts served, separated by commas, like NR1,NR2. "
            "Leave empty if the service covers the whole council area."
        ),
    )
    taxonomy_terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    # Commissioning: how many people it can support at once and how many it supports now.
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Places available. Leave empty if not limited."
    )
    uptake = models.PositiveIntegerField(default=0, help_text="Places currently taken.")
    last_verified_on = models.DateField(
        null=True,
        blank=True,
        help_text="When someone last checked these details with the provider.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    edit_conflict_noun = "service"

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="directory_service_age_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.minimum_age > self.maximum_age
        ):
            raise ValidationError(
                {"maximum_age": _("Maximum age must be the same as or more than minimum age")}
            )

    def clean_fields(self, exclude=None) -> None:
        # People type "nr1, NR2 "; store one spelling so the area filter matches.
        self.areas = sorted({area.strip().upper() for area in self.areas if area.strip()})
        super().clean_fields(exclude=exclude)

    @property
    def carer_type_labels(self) -> list[str]:
        labels = dict(CarerType.choices)
        return [str(labels.get(value, value)) for value in self.carer_types]


class Location(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="locations", null=True, blank=True
    )
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    address_1 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    country = models.CharField(max_length=2, default="GB")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def postcode_district(self) -> str:
        return self.postal_code.split(" ")[0].upper() if self.postal_code else ""


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )

    class Meta:
        verbose_name = "service at location"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="directory_service_location_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.title or "Contact"


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=30)
    description = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """When a service runs, in the ORUK (iCalendar RRULE-like) shape."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="schedules", null=True, blank=True
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        related_name="schedules",
        null=True,
        blank=True,
    )
    freq = models.CharField(max_length=10, choices=ScheduleFrequency.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    # Comma-separated iCalendar days: "MO,WE" or "1TU" (first Tuesday).
    byday = models.CharField(max_length=50, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    attending_type = models.CharField(max_length=20, choices=AttendingType.choices, blank=True)
    description = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.description or f"{self.freq} {self.byday}".strip()

    @property
    def hours_label(self) -> str:
        """GOV.UK style times: "9am to 5:30pm", "midday"."""
        if self.opens_at is None:
            return ""
        label = govuk_time(self.opens_at)
        return f"{label} to {govuk_time(self.closes_at)}" if self.closes_at else f"from {label}"

    def clean(self) -> None:
        if self.service_id is None and self.service_at_location_id is None:
            raise ValidationError(_("Choose the service or the service at a location"))


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=200)
    amount = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    amount_description = models.CharField(max_length=200, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.option


@pghistory.track()
class Contract(models.Model):
    """The council's commissioning contract for a service. The provider is the service's
    organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="contracts")
    reference = models.CharField(max_length=50, unique=True)
    value_per_year = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    funding_stream = models.CharField(max_length=30, choices=FundingStream.choices)
    # The budget line that pays for it, by the line's code (see carers_portal/budget_lines.py).
    budget_line_code = models.CharField(_("budget line"), max_length=20, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["reference"]
        indexes = [
            models.Index(
                fields=["funding_stream", "budget_line_code", "reference"],
                name="directory_contract_line",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="directory_contract_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def provider(self) -> Organisation:
        return self.service.organisation

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("End date must be the same as or after start date")}
            )
        problem = budget_line_problem(
            funding_stream=self.funding_stream, code=self.budget_line_code
        )
        if problem:
            raise ValidationError({"budget_line_code": problem})
