"""Reporting's own tables: indicator inputs, budget, pre-computed figures and returns.

Reporting only reads the other apps' tables; everything it writes lives here.
"""

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from reporting import rules


class StreamKey(models.TextChoices):
    """The same keys as services_directory.FundingStream, so contracts map onto streams."""

    BASE_BUDGET = "base_budget", _("Base budget")
    CARE_ACT = "care_act", _("Care Act funding")
    TRANSITIONAL_FUND = "transitional_fund", _("Transitional fund")
    THINK_CARER_RESERVE = "think_carer_reserve", _("Think Carer reserve")


class CommunityServicesDenominator(models.Model):
    """NI135's D: people receiving community-based services, from the adult social care system."""

    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    count = models.PositiveIntegerField(_("people receiving community-based services"))
    notes = models.TextField(_("source of the figure"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end"], name="reporting_denominator_unique_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="reporting_denominator_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} people, {self.period_start:%-d %b %Y} to {self.period_end:%-d %b %Y}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("Period end must be the same as or after period start")}
            )


class IndicatorTarget(models.Model):
    """The council's target for an indicator in a financial year."""

    class Indicator(models.TextChoices):
        NI135 = "ni135", _("NI135: carers assessed or reviewed who received support")

    indicator = models.CharField(max_length=20, choices=Indicator.choices, default="ni135")
    financial_year = models.PositiveSmallIntegerField(
        _("financial year starting in"), validators=[MinValueValidator(2000)]
    )
    target = models.DecimalField(
        _("target (percent)"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-financial_year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "financial_year"], name="reporting_target_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.year_label}: {self.target}%"

    @property
    def year_label(self) -> str:
        return rules.financial_year_label(self.financial_year)


class BudgetStream(models.Model):
    """A funding stream's amount for one financial year.

    A reserve can be carved out of another stream (`funded_from`): its amount then counts as
    allocated from that stream, so the money is never counted twice.
    """

    financial_year = models.PositiveSmallIntegerField(_("financial year starting in"))
    key = models.CharField(max_length=30, choices=StreamKey.choices)
    name = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    funded_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reserves"
    )
    version = models.PositiveIntegerField(default=1)

    edit_conflict_noun = "budget"

    class Meta:
        ordering = ["financial_year", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "key"], name="reporting_stream_unique_year_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {rules.financial_year_label(self.financial_year)}"

    @property
    def period(self) -> rules.Period:
        return rules.financial_year(self.financial_year)


class BudgetLine(models.Model):
    """Money allocated from a stream to one purpose.

    Contracts and plan items name a line by its `code` (they sit below reporting, so they
    cannot point at this table): the same code in each financial year is the same purpose, so
    a contract running over several years is on each year's line of that code.
    """

    stream = models.ForeignKey(BudgetStream, on_delete=models.PROTECT, related_name="lines")
    name = models.CharField(_("what the money is for"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=20,
        validators=[
            RegexValidator(
                rules.BUDGET_LINE_CODE_PATTERN,
                message=_(
                    "Code must be capital letters, numbers and hyphens, up to 20 characters, "
                    "like SPOE-CA"
                ),
            )
        ],
    )
    allocated = models.DecimalField(
        _("amount allocated"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    version = models.PositiveIntegerField(default=1)

    edit_conflict_noun = "budget"

    class Meta:
        ordering = ["stream", "name"]
        constraints = [
            models.UniqueConstraint(fields=["stream", "name"], name="reporting_line_unique_name"),
            models.UniqueConstraint(fields=["stream", "code"], name="reporting_line_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class BudgetSpend(models.Model):
    """Money actually spent against a line (not already counted as a contract or plan)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="spends")
    spent_on = models.DateField(_("date spent"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    description = models.CharField(_("what it was spent on"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-spent_on", "-id"]
        indexes = [models.Index(fields=["line", "spent_on"])]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.spent_on:%-d %b %Y}"


class BudgetChange(models.Model):
    """Every change to the budget, who made it and the values before and after. Append-only."""

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    financial_year = models.PositiveSmallIntegerField(db_index=True)
    object_type = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=30)
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        triggers = [
            pgtrigger.Protect(name="protect_deletes", operation=pgtrigger.Delete),
            pgtrigger.Protect(name="protect_updates", operation=pgtrigger.Update),
        ]

    def __str__(self) -> str:
        return self.summary


class MonthlyFigure(models.Model):
    """One pre-computed figure for a month, written by the nightly job; dashboards read these.

    `dimension` names a breakdown ("kind:joint", "age:18_25"); "" is the headline figure.
    `team` is set for the per-team rows team managers see.
    """

    month = models.DateField(help_text="First day of the month.")
    key = models.CharField(max_length=60)
    dimension = models.CharField(max_length=60, blank=True, default="")
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["month", "key", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "key", "dimension", "team"],
                name="reporting_monthly_figure_unique",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["key", "month"])]

    def __str__(self) -> str:
        return f"{self.key} {self.dimension} {self.month:%b %Y}: {self.value}"


class ReturnRun(models.Model):
    """A produced return for one period: files built in memory and stored in one transaction."""

    class ReturnKind(models.TextChoices):
        MONTHLY = "monthly_carers", _("Monthly carers' return")
        CLD = "cld", _("Client Level Data (quarterly, rolling 12 months)")

    kind = models.CharField(max_length=30, choices=ReturnKind.choices, default="monthly_carers")
    period_start = models.DateField()
    period_end = models.DateField()
    csv_content = models.BinaryField()
    csv_sha256 = models.CharField(max_length=64)
    xlsx_content = models.BinaryField()
    xlsx_sha256 = models.CharField(max_length=64)
    figures = models.JSONField(default=dict)
    first_produced_at = models.DateTimeField()
    last_produced_at = models.DateTimeField()
    # Each production counts, whether or not the files changed, so re-runs are visible.
    times_produced = models.PositiveIntegerField(default=1)
    # Bumped only when a re-run gives different files (late-recorded data).
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start"], name="reporting_return_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%B %Y}"

    @property
    def file_stem(self) -> str:
        if self.kind == self.ReturnKind.CLD:
            return f"{self.kind}_{self.period_start:%Y-%m}_to_{self.period_end:%Y-%m}"
        return f"{self.kind}_{self.period_start:%Y-%m}"

    @property
    def validation_status(self) -> str:
        """ "errors", "clean" or "" (not checked: the monthly return has no spec to check)."""
        return (self.figures or {}).get("validation", {}).get("status", "")


from reporting.event_models import (  # noqa: E402  (registers the event tables with the app)
    CarerEvent,
    EventRefresh,
    EventType,
    IdentifiedCarerPopulation,
    PopulationSource,
    StoredEventRows,
    ValidationIssue,
)

__all__ = [
    "StoredEventRows",
    "BudgetChange",
    "BudgetLine",
    "BudgetSpend",
    "BudgetStream",
    "CarerEvent",
    "CommunityServicesDenominator",
    "EventRefresh",
    "EventType",
    "IdentifiedCarerPopulation",
    "IndicatorTarget",
    "MonthlyFigure",
    "PopulationSource",
    "ReturnRun",
    "StreamKey",
    "ValidationIssue",
]
