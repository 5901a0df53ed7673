"""Forms for support plans. They check shape only; support_plans.services decides."""

from django import forms

from carers_portal.budget_lines import budget_line_choices
from carers_portal.forms import GovUKFormMixin, NamedDateField
from services_directory.models import FundingStream
from support_plans.models import (
    AgreementMethod,
    DeliveryMechanism,
    ItemFrequency,
    PaymentFrequency,
    PlanStatus,
    ReferralStatus,
)

# The plan's dates (one shared field: carers_portal.forms.NamedDateField).
PlanDateField = NamedDateField


def _money(label: str, *, required_message: str | None = None, help_text: str = ""):
    return forms.DecimalField(
        label=label,
        required=required_message is not None,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text=help_text,
        error_messages={
            "required": required_message or "",
            "invalid": f"{label} must be an amount of money, like 150 or 12.50",
            "min_value": f"{label} must be 0 or more",
            "max_decimal_places": f"{label} must not have more than 2 decimal places",
            "max_digits": f"{label} must be less than £10,000,000",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )


def _text(label: str, *, rows: int = 4, help_text: str = "", required_message: str | None = None):
    return forms.CharField(
        label=label,
        required=required_message is not None,
        help_text=help_text,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message} if required_message else {},
    )


class VersionedForm(GovUKFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlanCreateForm(GovUKFormMixin, forms.Form):
    submit_label = "Create the support plan"

    starts_on = PlanDateField(
        noun="the date the plan starts",
        label="When does the plan start?",
        help_text="For example, 27 3 2026",
    )


class PlanForm(VersionedForm):
    submit_label = "Save the plan"

    needs_identified = _text(
        "Needs identified", help_text="The carer's needs found in the assessment"
    )
    needs_to_be_met = _text(
        "Which needs will be met, and how",
        required_message="Enter which needs the plan will meet, and how",
    )
    outcomes_wanted = _text(
        "Outcomes the carer wants", required_message="Enter the outcomes the carer wants"
    )
    advice_and_information = _text(
        "Advice and information (optional)",
        help_text="How the carer can reduce or prevent needs, and where to find help",
    )
    contingency_arrangements = _text(
        "Contingency arrangements",
        help_text="What happens if the carer or the support is not available",
        required_message="Enter the contingency arrangements",
    )
    starts_on = PlanDateField(noun="the date the plan starts", label="Plan starts")
    ends_on = PlanDateField(
        noun="the date the plan ends", label="Plan ends (optional)", required=False
    )
    personal_budget = _money(
        "Personal budget a year",
        help_text="In pounds. Replacement care for the cared-for person is not part of it.",
    )
    direct_payment_amount = _money("Direct payment amount (optional)", help_text="In pounds")
    direct_payment_frequency = forms.ChoiceField(
        label="How often the direct payment is paid",
        required=False,
        choices=[("", "No direct payment"), *PaymentFrequency.choices],
    )
    direct_payment_needs = _text("Needs the direct payment meets (optional)", rows=3)
    next_review_due = PlanDateField(
        noun="the date of the next review", label="Next review due", required=False
    )


class ItemForm(VersionedForm):
    submit_label = "Add to the plan"

    description = forms.CharField(
        label="What the support is",
        max_length=300,
        error_messages={"required": "Enter what the support is"},
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=ItemFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how often"},
    )
    cost = _money(
        "Cost each time",
        required_message="Enter the cost each time, or 0 if it is free",
        help_text="In pounds",
    )
    funding_stream = forms.ChoiceField(
        label="Funding stream",
        choices=FundingStream.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the funding stream"},
    )
    budget_line_code = forms.ChoiceField(
        label="Budget line (optional)",
        help_text="The line of the funding stream that pays for it, if you know it",
        choices=budget_line_choices,
        required=False,
        error_messages={"invalid_choice": "Select a budget line that is in the list"},
    )
    delivery_mechanism = forms.ChoiceField(
        label="How it is provided",
        choices=DeliveryMechanism.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it is provided"},
    )
    for_cared_for_person = forms.BooleanField(
        label="This is replacement care for the cared-for person",
        required=False,
        help_text="Replacement care is not charged to the carer's personal budget",
    )
    starts_on = PlanDateField(noun="the date the support starts", label="Support starts")
    ends_on = PlanDateField(
        noun="the date the support ends", label="Support ends (optional)", required=False
    )


class RemoveItemForm(VersionedForm):
    submit_label = "Remove from the plan"


class AgreementForm(VersionedForm):
    submit_label = "Record the carer's agreement"

    agreed_on = PlanDateField(noun="the date the carer agreed", label="When did the carer agree?")
    method = forms.ChoiceField(
        label="How did the carer agree?",
        choices=AgreementMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the carer agreed"},
    )


class AgreeAndStartForm(AgreementForm):
    """The carer has agreed the plan: record it and start the support, in one step."""

    submit_label = "Agree and start the plan"


class AgreeAndContinueForm(AgreementForm):
    """After a review, the carer has agreed the revised plan: record it, and it carries on."""

    submit_label = "Agree and continue the plan"


class StatusForm(VersionedForm):
    submit_label = "Change the status"

    target = forms.ChoiceField(
        label="What do you want to do?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you want to do"},
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = choices


class PlanFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All statuses"), *PlanStatus.choices]
    )


class ServiceSearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    category = forms.UUIDField(label="Type of support", required=False)


class ReviewRequestForm(GovUKFormMixin, forms.Form):
    submit_label = "Ask for a review"

    reason = _text(
        "Why would you like a review?",
        rows=5,
        help_text="For example, your caring role has changed or the support is not working",
        required_message="Enter why you would like a review",
    )


class ReferralSendForm(GovUKFormMixin, forms.Form):
    submit_label = "Send the referral"

    notes = _text("Notes for the service (optional)", rows=4)


class ReferralStatusForm(VersionedForm):
    submit_label = "Update the referral"

    status = forms.ChoiceField(
        label="What has happened?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what has happened"},
    )
    happened_on = PlanDateField(noun="the date it happened", label="When did it happen?")
    note = _text("Notes (optional)", rows=3)

    def __init__(self, *args, statuses: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ReferralStatus.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in statuses]
