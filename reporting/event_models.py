"""Reporting's carer event record and the commissioners' inputs the CLD figures need.

The events are derived from the casework by set-based SQL (reporting/services/events.py), never typed
twice: reporting reads the other apps' tables and writes only these. Imported by
reporting/models.py so Django registers them with the app.
"""

import pghistory
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """CLD Event Type (../shared/reference/cld-carers.md section 2)."""

    REQUEST = "request", _("Request")
    ASSESSMENT = "assessment", _("Assessment")
    SERVICE = "service", _("Service")
    REVIEW = "review", _("Review")


# History kept: every change to a derived event (a late correction, an end date, a withdrawal)
# is recorded by a trigger; the first derivation is the row itself.
@pghistory.track(pghistory.UpdateEvent())
class CarerEvent(models.Model):
    """One thing that happened to a carer, in the CLD's terms, with this system's codes.

    `key` names the casework row it came from (e.g. "assessment:42", "service:item:7"), so
    re-deriving updates the same event. Code fields hold this system's codes; reporting/cld.py
    turns them into the spec values of the release in force.
    """

    key = models.CharField(max_length=40, unique=True)
    carer = models.ForeignKey(
        "triage.Carer", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    team_id = models.BigIntegerField(null=True)
    event_type = models.CharField(max_length=12, choices=EventType.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True)
    outcome = models.CharField(max_length=40, blank=True)
    # Request: how it arrived (the referral source) and the GP practice that referred, if any.
    route_of_access = models.CharField(max_length=30, blank=True)
    gp_practice_id = models.BigIntegerField(null=True)
    # Assessment: separate, joint or declined; long or short term (eligibility decided or not).
    assessment_kind = models.CharField(max_length=12, blank=True)
    assessment_type = models.CharField(max_length=12, blank=True)
    # Review.
    review_reason = models.CharField(max_length=20, blank=True)
    method_of_review = models.CharField(max_length=40, blank=True)
    # Service: direct to the carer, or involving the cared-for person (replacement care).
    service_type = models.CharField(max_length=20, blank=True)
    delivery_mechanism = models.CharField(max_length=30, blank=True)
    service_component = models.CharField(max_length=30, blank=True)
    unit_cost = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    cost_frequency = models.CharField(max_length=12, blank=True)
    planned_units_per_week = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    funding_stream = models.CharField(max_length=30, blank=True)
    # The plan item's or plan's support was (also) information and advice.
    information_advice = models.BooleanField(default=False)
    # The assessor recorded a specific carer's service on the assessment or review (kept for
    # support given outside a plan; a live plan item counts without it).
    specific_service = models.BooleanField(default=False)
    derived_at = models.DateTimeField()
    # Set when the casework no longer gives this event (a cancelled referral, a plan item
    # removed): kept, never deleted, and left out of figures and returns.
    withdrawn_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["event_type", "end_date"], name="carer_event_type_end"),
            models.Index(fields=["carer", "event_type"], name="carer_event_carer_type"),
            # A team manager's figures (their teams' year) read their teams' events only:
            # without it, NI135 for two teams of 40 walked the county's million (1 s of 2.6 s).
            models.Index(
                fields=["team_id", "event_type", "end_date"], name="carer_event_team_type_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} {self.key} from {self.start_date:%d/%m/%Y}"


class PopulationSource(models.TextChoices):
    CENSUS = "census", _("Census")
    GP_REGISTERS = "gp_registers", _("GP practice registers")
    ESTIMATE = "estimate", _("Estimate")
    OTHER = "other", _("Other source")


class IdentifiedCarerPopulation(models.Model):
    """The number of carers thought to live in the area in a financial year, entered by a
    commissioner with where it comes from. The percentage assessed uses it."""

    financial_year = models.PositiveSmallIntegerField(
        _("financial year starting in"), unique=True, validators=[MinValueValidator(2000)]
    )
    count = models.PositiveIntegerField(_("number of carers"), validators=[MinValueValidator(1)])
    source = models.CharField(
        _("where the figure comes from"), max_length=20, choices=PopulationSource.choices
    )
    source_detail = models.CharField(_("details of the source"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-financial_year"]

    def __str__(self) -> str:
        return f"{self.count:,} carers ({self.get_source_display()})"


class ValidationIssue(models.Model):
    """One failure the pre-submission check found in a produced return's file.

    Rows are numbered as in the file (the header is row 1). Per rule, only the first
    `reporting.validation.MAX_STORED_PER_RULE` failures are kept with their row; the count
    per rule is on the return (`figures["validation"]`).
    """

    class Severity(models.TextChoices):
        ERROR = "error", _("Error")
        WARNING = "warning", _("Warning")

    run = models.ForeignKey("reporting.ReturnRun", on_delete=models.CASCADE, related_name="issues")
    rule = models.CharField(max_length=10)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    row_number = models.PositiveIntegerField(null=True)
    field = models.CharField(max_length=60, blank=True)
    value = models.CharField(max_length=200, blank=True)
    problem = models.CharField(max_length=300)
    fix = models.CharField(max_length=300)

    class Meta:
        ordering = ["run", "row_number", "id"]
        indexes = [models.Index(fields=["run", "severity", "row_number"])]

    def __str__(self) -> str:
        return f"Row {self.row_number} {self.field}: {self.problem}"


class EventRefresh(models.Model):
    """Each time the event record was brought up to date: the "as at" of every figure."""

    finished_at = models.DateTimeField(db_index=True)
    derived = models.PositiveIntegerField()
    written = models.PositiveIntegerField()
    withdrawn = models.PositiveIntegerField()

    class Meta:
        ordering = ["-finished_at"]
        get_latest_by = "finished_at"

    def __str__(self) -> str:
        return f"Events as at {self.finished_at:%d/%m/%Y %H:%M}"


class StoredEventRows(models.Model):
    """A figure's result rows, worked out from the events as they stood after one refresh.

    The nightly job stores the financial years' NI135, LTS003 and ASCOF 3D here, so the pages,
    the API and the returns read the same rows the dashboard's figures came from instead of
    aggregating a county's events again on every request. Keyed by the query and its
    parameters (period, team scope, counting choices): any other question is worked out live.
    """

    key = models.CharField(max_length=64)
    refresh = models.ForeignKey(EventRefresh, on_delete=models.CASCADE, related_name="+")
    rows = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "refresh"], name="stored_event_rows_once")
        ]

    def __str__(self) -> str:
        return f"{self.key[:12]} after refresh {self.refresh_id}"
