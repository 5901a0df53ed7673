"""The question for each answer an assessment records: label, hint, choices and GOV.UK error
wording. Question pages and the correction form build fields from these.

Hints are plain words: each section page cites its source once (forms.Section.source), so no
question carries a regulation as its hint."""

from decimal import Decimal

from django import forms

from assessments.models import (
    OUTCOME_FIELDS,
    Assessment,
    BudgetFrequency,
    EligibilityOutcome,
    OutcomeAchievement,
    ReviewType,
    YesNoUnsure,
)
from carers_portal.forms import NamedDateField
from triage.models import CaredForPerson


class GovDateField(NamedDateField):
    """GOV.UK date input with messages in the Design System's wording, naming the date."""

    def __init__(self, *, name: str, **kwargs):
        super().__init__(noun=name, **kwargs)


def yes_no_field(label: str, *, required_message: str = "", hint: str = "") -> forms.Field:
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=[("True", "Yes"), ("False", "No")],
        coerce=lambda value: value == "True",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"required": required_message or f"Select yes or no: {label}"},
    )


def choice_field(label: str, choices, *, hint: str = "") -> forms.Field:
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=list(choices),
        widget=forms.RadioSelect,
        required=False,
    )


def text_field(label: str, *, hint: str = "") -> forms.Field:
    return forms.CharField(
        label=label, help_text=hint, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


def field_factories(assessment: Assessment) -> dict:
    return {
        "cared_for": lambda: forms.ModelChoiceField(
            label="Who does the carer look after?",
            queryset=CaredForPerson.objects.filter(relationships__carer=assessment.carer),
            widget=forms.RadioSelect,
            empty_label=None,
            required=False,
        ),
        "is_transition": lambda: forms.BooleanField(
            label="This is a transition assessment",
            help_text="For a young carer who is likely to have needs after they turn 18.",
            required=False,
        ),
        "carer_agreed_to_joint": lambda: yes_no_field(
            "Did the carer agree to a joint assessment?",
            hint="A joint assessment needs both of them to agree.",
        ),
        "cared_for_agreed_to_joint": lambda: yes_no_field(
            "Did the person being cared for agree to a joint assessment?"
        ),
        "declined_on": lambda: GovDateField(
            name="the date the carer declined",
            label="When did the carer decline the assessment?",
            help_text="For example, 27 3 2026",
            required=False,
            require_all_fields=False,
        ),
        "declined_reason": lambda: text_field(
            "What reason did the carer give?",
            hint="An assessment can be offered again later, or whenever the carer asks.",
        ),
        "review_type": lambda: choice_field(
            "Is this a planned or unplanned review?", ReviewType.choices
        ),
        "review_reason": lambda: text_field("Why is the review happening?"),
        "able_to_care": lambda: choice_field(
            "Is the carer able to provide care?", YesNoUnsure.choices
        ),
        "likely_to_remain_able": lambda: choice_field(
            "Is the carer likely to continue to be able to provide care?", YesNoUnsure.choices
        ),
        "willing_to_care": lambda: choice_field(
            "Is the carer willing to provide care?", YesNoUnsure.choices
        ),
        "likely_to_remain_willing": lambda: choice_field(
            "Is the carer likely to continue to be willing to provide care?", YesNoUnsure.choices
        ),
        "needs_arise_from_caring": lambda: yes_no_field(
            "Do the carer's needs arise because they provide necessary care to an adult?",
            hint="The person they care for does not need to have eligible needs themselves.",
        ),
        "impact_on_wellbeing": lambda: text_field(
            "What impact does caring have on the carer's wellbeing?",
            hint="Include the effect on work, education, training and free time.",
        ),
        "outcomes_wanted": lambda: text_field(
            "What outcomes does the carer want in day-to-day life?"
        ),
        "support_would_help": lambda: choice_field(
            "Could support help the carer achieve those outcomes?", YesNoUnsure.choices
        ),
        **{
            name: (lambda label=label: choice_field(label, OutcomeAchievement.choices))
            for name, label in OUTCOME_FIELDS
        },
        "outcomes_notes": lambda: text_field("Notes on the outcomes (optional)"),
        "health_deteriorating": lambda: yes_no_field(
            "Is the carer's physical or mental health deteriorating, or at risk of deteriorating?",
        ),
        "significant_impact": lambda: yes_no_field(
            "As a consequence, is there, or is there likely to be, a significant impact on the "
            "carer's wellbeing?",
        ),
        "significant_impact_notes": lambda: text_field("Explain your judgement"),
        "eligibility_outcome": lambda: choice_field(
            "What is your eligibility decision?",
            [
                (EligibilityOutcome.ELIGIBLE, "Eligible"),
                (EligibilityOutcome.NOT_ELIGIBLE, "Not eligible"),
            ],
        ),
        "eligibility_override_reason": lambda: text_field(
            "If your decision differs from the outcome under the rules, give the reason",
            hint="A professional override is recorded only with a reason.",
        ),
        "received_information_advice": lambda: forms.BooleanField(
            label="The carer received information and advice", required=False
        ),
        "received_specific_service": lambda: forms.BooleanField(
            label="The carer will receive a specific carer's service", required=False
        ),
        "agreed_budget": lambda: forms.DecimalField(
            label="Agreed personal budget, in pounds",
            help_text="Leave empty to agree the indicative budget.",
            required=False,
            min_value=Decimal("0"),
            max_digits=9,
            decimal_places=2,
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}
            ),
            error_messages={
                "invalid": "Agreed personal budget must be an amount of money, like 175 or 175.50",
                "min_value": "Agreed personal budget must be £0 or more",
                "max_decimal_places": "Agreed personal budget must be in pounds and pence",
                "max_digits": "Agreed personal budget must be less than £10,000,000",
            },
        ),
        "budget_frequency": lambda: choice_field("How is it paid?", BudgetFrequency.choices),
        "budget_override_reason": lambda: text_field(
            "If the agreed budget differs from the indicative budget, give the reason"
        ),
    }
