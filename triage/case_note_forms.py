"""The case note form. It checks shape only; triage.case_notes decides."""

from django import forms

from carers_portal.forms import GovUKFormMixin, NamedDateField
from triage.case_notes import ABOUT_NOT_THIS_CARERS, CaseNoteKind


class ContactDateField(NamedDateField):
    def __init__(self, **kwargs):
        super().__init__(noun="the date", **kwargs)
        self.error_messages["required"] = "Enter the date of the contact"


class CaseNoteForm(GovUKFormMixin, forms.Form):
    submit_label = "Save the note"

    kind = forms.ChoiceField(
        label="What kind of contact was it?",
        choices=[c for c in CaseNoteKind.choices if c[0] != CaseNoteKind.TRIAGE],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of contact"},
    )
    occurred_on = ContactDateField(label="Date", help_text="For example, 27 3 2026")
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Enter the note"},
    )
    about = forms.ChoiceField(
        label="What is it about? (optional)",
        required=False,
        error_messages={"invalid_choice": ABOUT_NOT_THIS_CARERS},
    )

    def __init__(self, *args, about_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", "Nothing in particular"), *about_choices]
