"""Governance forms: GOV.UK markup through the shared crispy helper."""

from django import forms

from carers_portal.forms import GovUKFormMixin
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
