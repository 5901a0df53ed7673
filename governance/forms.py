"""Governance forms: GOV.UK markup through the shared crispy helper."""

from django import forms

from carers_portal.forms import GovUKFormMixin
from governance.models import ChallengeKind, Decision
from triage.case_note_forms import ContactDateField
from triage.forms import VersionedForm
from triage.restrictions import RestrictionReason


class RestrictForm(GovUKFormMixin, forms.Form):
    submit_label = "Restrict the record"
    reason = forms.ChoiceField(
        label="Why is the record restricted?",
        choices=RestrictionReason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label="Details", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    named_staff = forms.ModelMultipleChoiceField(
        label="Who else may see the record?",
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named_staff"].queryset = staff


class LiftForm(GovUKFormMixin, forms.Form):
    submit_label = "Lift the restriction"
    lift_reason = forms.CharField(
        label="Why is the restriction lifted?", widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewFilterForm(GovUKFormMixin, forms.Form):
    submit_label = "Show access"
    person = forms.IntegerField(label="Staff user number", required=False, min_value=1)
    carer = forms.IntegerField(label="Carer record number", required=False, min_value=1)
    since = forms.DateField(label="From (for example 2026-11-01)", required=False)
    until = forms.DateField(label="To", required=False)
    flagged = forms.BooleanField(label="Only show unusual access", required=False)


class SarForm(GovUKFormMixin, forms.Form):
    submit_label = "Log the request"
    carer = forms.IntegerField(label="Carer record number", min_value=1)
    received_on = forms.DateField(label="Date the request was received (for example 2026-11-01)")


class CaredForSarForm(GovUKFormMixin, forms.Form):
    submit_label = "Log the request"
    cared_for = forms.IntegerField(
        label="Record number of the person cared for",
        help_text="Shown on the carer's record, under People they care for",
        min_value=1,
        error_messages={
            "required": "Enter the record number of the person cared for",
            "invalid": "The record number must be a number, like 1234",
            "min_value": "The record number must be a number, like 1234",
        },
    )
    received_on = forms.DateField(
        label="Date the request was received (for example 2026-11-01)",
        error_messages={
            "required": "Enter the date the request was received",
            "invalid": "Enter the date the request was received, like 2026-11-01",
        },
    )


class ReceivedDateField(ContactDateField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["required"] = "Enter the date the challenge was received"


class ChallengeLogForm(GovUKFormMixin, forms.Form):
    submit_label = "Log the challenge"

    kind = forms.ChoiceField(
        label="What is the carer asking for?",
        choices=ChallengeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the carer is asking for"},
    )
    record_ref = forms.ChoiceField(
        label="Which record are they challenging?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which record the carer is challenging",
            "invalid_choice": "Select which record the carer is challenging",
        },
    )
    carer_says = forms.CharField(
        label="What does the carer say?",
        help_text="In the carer's own words where you can: what is wrong, or what they object to",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Enter what the carer says"},
    )
    received_on = ReceivedDateField(
        label="When did the service receive the challenge?", help_text="For example, 27 3 2026"
    )

    def __init__(self, *args, record_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_ref"].choices = record_choices


class ChallengeDecideForm(VersionedForm):
    submit_label = "Record the decision"

    decision = forms.ChoiceField(
        label="What is the decision?",
        choices=[c for c in Decision.choices if c[0] != Decision.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    decision_reasons = forms.CharField(
        label="Reasons for the decision",
        help_text="The carer is told these, so write them in plain words",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Enter the reasons for the decision"},
    )
    amendment = forms.ChoiceField(
        label="Which correction was made?",
        help_text="Needed when the challenge is upheld or partly upheld",
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select the amendment that corrected the record"},
    )

    def __init__(self, *args, amendment_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if amendment_choices is None:  # an objection is decided, not corrected
            del self.fields["amendment"]
            self.helper.layout.fields.remove("amendment")
        else:
            self.fields["amendment"].choices = amendment_choices
