"""Reporting forms: they check the shape of what was typed; reporting.services decides."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

from carers_portal.forms import GovUKFormMixin, NamedDateField
from reporting import cld_rules, rules
from reporting.models import PopulationSource

# The reporting forms' dates (one shared field: carers_portal.forms.NamedDateField).
GovDateField = NamedDateField


def _money(label: str, *, allow_negative: bool = False, help_text: str = "") -> forms.DecimalField:
    messages = {
        "required": f"Enter {label.lower()}",
        "invalid": f"{label} must be an amount of money, like 1500 or 12.50",
        "min_value": f"{label} must be 0 or more",
        "max_decimal_places": f"{label} must not have more than 2 decimal places",
        "max_digits": f"{label} must be less than £10,000,000,000",
    }
    return forms.DecimalField(
        label=label,
        min_value=None if allow_negative else 0,
        max_digits=12,
        decimal_places=2,
        help_text=help_text,
        error_messages=messages,
    )


class FinancialYearForm(forms.Form):
    """GET filter: which financial year to show."""

    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)


class DenominatorForm(GovUKFormMixin, forms.Form):
    submit_label = "Save the count"

    period_start = GovDateField(
        noun="the first day of the period",
        label="First day of the period",
        help_text="For example, 1 4 2026",
    )
    period_end = GovDateField(
        noun="the last day of the period",
        label="Last day of the period",
        help_text="For example, 31 3 2027",
    )
    count = forms.IntegerField(
        label="People receiving community-based services in the period",
        help_text="From the adult social care system. Leave out residential and nursing care.",
        min_value=0,
        error_messages={
            "required": "Enter the number of people receiving community-based services",
            "invalid": "Number of people must be a whole number, like 4200",
            "min_value": "Number of people must be 0 or more",
        },
    )
    notes = forms.CharField(
        label="Where the figure comes from (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end", "The last day of the period must be the same as or after the first"
            )
        return data


def financial_year_field() -> forms.IntegerField:
    """The year a financial year starts in, asked the same way on every commissioners' form."""
    return forms.IntegerField(
        label="Financial year starting in",
        help_text="For example, 2026 for 1 April 2026 to 31 March 2027",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year the financial year starts in",
            "invalid": "Year must be a number, like 2026",
            "min_value": "Year must be 2000 or later",
            "max_value": "Year must be 2100 or earlier",
        },
    )


class TargetForm(GovUKFormMixin, forms.Form):
    submit_label = "Save the target"

    financial_year = financial_year_field()
    target = forms.DecimalField(
        label="NI135 target (percent)",
        help_text="For example, 28.5",
        min_value=0,
        max_value=1000,
        max_digits=5,
        decimal_places=1,
        error_messages={
            "required": "Enter the target",
            "invalid": "Target must be a number, like 28.5",
            "min_value": "Target must be 0 or more",
            "max_value": "Target must be 1000 or less",
            "max_decimal_places": "Target must not have more than 1 decimal place",
        },
    )


class BudgetLineForm(GovUKFormMixin, forms.Form):
    """Changing a line: its code stays, as contracts and plan items carry it."""

    submit_label = "Save the allocation"

    name = forms.CharField(
        label="What the money is for",
        max_length=200,
        error_messages={"required": "Enter what the money is for"},
    )
    allocated = _money("Amount allocated")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class _CodeField(forms.CharField):
    def to_python(self, value) -> str:
        return super().to_python(value).upper()


class BudgetLineNewForm(BudgetLineForm):
    code = _CodeField(
        label="Code (optional)",
        help_text=(
            "Contracts and support plans name the line by this code, like SPOE-CA. Use the "
            "same code as last year's line for the same purpose. Leave it blank to make one "
            "from what the money is for"
        ),
        required=False,
        max_length=rules.BUDGET_LINE_CODE_LENGTH,
        validators=[
            RegexValidator(
                rules.BUDGET_LINE_CODE_PATTERN,
                message="Code must be capital letters, numbers and hyphens, like SPOE-CA",
            )
        ],
        error_messages={"max_length": "Code must be 20 characters or fewer"},
    )

    field_order = ["name", "code", "allocated", "version"]


class BudgetSpendForm(GovUKFormMixin, forms.Form):
    submit_label = "Record the spending"

    spent_on = GovDateField(noun="the date the money was spent", label="Date spent")
    amount = _money(
        "Amount spent",
        allow_negative=True,
        help_text="Enter a refund or correction as a negative amount, like -150",
    )
    description = forms.CharField(
        label="What it was spent on",
        max_length=300,
        error_messages={"required": "Enter what the money was spent on"},
    )


MONTHS_OFFERED = 36
QUARTERS_OFFERED = 8


def ended_months(today: datetime.date, count: int = MONTHS_OFFERED) -> list[rules.Period]:
    """The months that have ended before `today`, newest first."""
    months, month = [], rules.previous_month(today)
    for _index in range(count):
        months.append(month)
        month = rules.previous_month(month.start)
    return months


def month_choices(months: list[rules.Period]) -> list[tuple[str, str]]:
    return [("", "Choose a month")] + [(f"{m.start:%Y-%m}", f"{m.start:%B %Y}") for m in months]


def ended_quarters(today: datetime.date, count: int = QUARTERS_OFFERED) -> list[rules.Period]:
    """The quarters of the financial year that have ended before `today`, newest first."""
    quarters, quarter = [], cld_rules.last_ended_quarter(today)
    for _index in range(count):
        quarters.append(quarter)
        quarter = cld_rules.last_ended_quarter(quarter.start)
    return quarters


def quarter_text(quarter: rules.Period) -> str:
    """'Quarter 2 of 2026 to 2027: the 12 months to 30 September 2026'."""
    label = cld_rules.quarter_label(quarter)
    year, number = label.split("-Q")
    return (
        f"Quarter {number} of {rules.financial_year_label(int(year))}: "
        f"the 12 months to {quarter.end:%-d %B %Y}"
    )


class PeriodChoiceField(forms.ChoiceField):
    """A select of periods (months or quarters) the server offers; anything else is refused,
    and the answer given stays selected when the page comes back with an error."""

    def __init__(self, *, noun: str, **kwargs):
        super().__init__(
            error_messages={
                "required": f"Select the {noun}",
                "invalid_choice": f"Select a {noun} that is in the list",
            },
            **kwargs,
        )
        # Says why a value not on the list is refused, when there is more to say.
        self.why_not = lambda value: None

    def validate(self, value) -> None:
        if value and not self.valid_value(value) and (reason := self.why_not(value)):
            raise ValidationError(reason, code="invalid_choice")
        super().validate(value)


def _month_not_ended(value: str, today: datetime.date) -> str | None:
    try:
        period = rules.parse_month(value)
    except ValueError:
        return None
    if period.end < today:
        return None
    # A return for a month still running (or not yet started) would count only part of the
    # month, or nothing, and read as if it were the month's figures.
    latest = rules.previous_month(today).start
    return f"Month must have ended. The latest return you can produce is for {latest:%B %Y}"


class ReturnRequestForm(GovUKFormMixin, forms.Form):
    """The monthly return for a month that has ended, picked from a list."""

    submit_label = "Produce the monthly return"

    month = PeriodChoiceField(
        noun="month",
        label="Month",
        help_text="Months that have ended. A month still running would count only part of it",
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.periods = {f"{m.start:%Y-%m}": m for m in ended_months(today)}
        self.fields["month"].choices = month_choices(list(self.periods.values()))
        self.fields["month"].why_not = lambda value: _month_not_ended(value, today)

    def clean_month(self) -> rules.Period:
        return self.periods[self.cleaned_data["month"]]


class CLDRequestForm(GovUKFormMixin, forms.Form):
    """The quarterly Client Level Data return for a quarter that has ended."""

    submit_label = "Produce the Client Level Data return"

    quarter = PeriodChoiceField(
        noun="quarter",
        label="Quarter",
        help_text="Quarters of the financial year that have ended",
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {
            cld_rules.quarter_label(q): q for q in ended_quarters(today or timezone.localdate())
        }
        self.fields["quarter"].choices = [("", "Choose a quarter")] + [
            (key, quarter_text(quarter)) for key, quarter in self.periods.items()
        ]

    def clean_quarter(self) -> rules.Period:
        return self.periods[self.cleaned_data["quarter"]]


class BoardPackForm(GovUKFormMixin, forms.Form):
    """Which month's board pack, and as a workbook or a PDF. The months are those the
    nightly job has worked out."""

    submit_label = "Download the board pack"

    month = PeriodChoiceField(noun="month", label="Month")
    file_format = forms.ChoiceField(
        label="Format",
        choices=[("xlsx", "Spreadsheet (XLSX)"), ("pdf", "PDF")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the format",
            "invalid_choice": "Select a spreadsheet or a PDF",
        },
    )

    def __init__(self, *args, months: list[rules.Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {f"{m.start:%Y-%m}": m for m in months}
        self.fields["month"].choices = month_choices(months)

    def clean_month(self) -> rules.Period:
        return self.periods[self.cleaned_data["month"]]


class IdentifiedPopulationForm(GovUKFormMixin, forms.Form):
    submit_label = "Save the figure"

    financial_year = financial_year_field()
    count = forms.IntegerField(
        label="Number of carers thought to live in the area",
        min_value=1,
        error_messages={
            "required": "Enter the number of carers",
            "invalid": "Number of carers must be a whole number, like 72400",
            "min_value": "Number of carers must be 1 or more",
        },
    )
    source = forms.ChoiceField(
        label="Where the figure comes from",
        choices=PopulationSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the figure comes from"},
    )
    source_detail = forms.CharField(
        label="Details of the source (optional)",
        help_text="For example, Census 2021, or the seed strategy's estimate",
        required=False,
        max_length=300,
    )
