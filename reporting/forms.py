"""Reporting forms: they check the shape of what was typed; reporting.services decides."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from carers_portal.forms import GovUKFormMixin, NamedDateField
from reporting import rules
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
    submit_label = "Save the allocation"

    name = forms.CharField(
        label="What the money is for",
        max_length=200,
        error_messages={"required": "Enter what the money is for"},
    )
    allocated = _money("Amount allocated")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


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


class ReturnRequestForm(GovUKFormMixin, forms.Form):
    submit_label = "Produce the return"

    month = forms.CharField(
        label="Month",
        help_text="For example, 2026-10 for October 2026",
        max_length=7,
        error_messages={"required": "Enter the month, like 2026-10"},
    )

    def clean_month(self) -> rules.Period:
        try:
            period = rules.parse_month(self.cleaned_data["month"].strip())
        except ValueError as error:
            raise ValidationError(str(error)) from error
        today = timezone.localdate()
        if period.end >= today:
            # A return for a month still running (or not yet started) would count only part
            # of the month, or nothing, and read as if it were the month's figures.
            latest = rules.previous_month(today).start
            raise ValidationError(
                f"Month must have ended. The latest return you can produce is for "
                f"{latest:%B %Y} ({latest:%Y-%m})"
            )
        return period


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
