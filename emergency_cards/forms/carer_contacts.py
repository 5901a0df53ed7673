"""One emergency contact, changed or added by the carer. Shape only: services decide.

The details are someone else's, so nothing is filled in from the carer's own (autocomplete
off). The two agreements are asked again every time: a changed or new contact must have
agreed to the change, and the boxes start unticked so no one agrees by default.
"""

from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from carers_portal.forms import GovUKFormMixin
from emergency_cards.contact_changes import CONTACT_FIELDS
from emergency_cards.models import Availability

OFF = {"autocomplete": "off"}


class ContactChangeForm(GovUKFormMixin, forms.Form):
    name = forms.CharField(
        label="Their full name",
        max_length=200,
        error_messages={"required": "Enter their full name"},
        widget=forms.TextInput(attrs=OFF | {"spellcheck": "false"}),
    )
    relationship = forms.CharField(
        label="How do you know them? (optional)",
        help_text="For example, daughter, neighbour or friend.",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=OFF),
    )
    phone = forms.CharField(
        label="Their phone number",
        max_length=30,
        error_messages={"required": "Enter their phone number"},
        widget=forms.TextInput(attrs=OFF | {"type": "tel", "spellcheck": "false"}),
    )
    availability = forms.ChoiceField(
        label="When can they be called?",
        choices=Availability.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select when they can be called"},
    )
    availability_notes = forms.CharField(
        label="Anything else about when to call them (optional)",
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs=OFF),
    )
    consents_to_contact = forms.BooleanField(
        label="They have agreed to be phoned in an emergency",
        error_messages={"required": "Confirm that they have agreed to be phoned in an emergency"},
    )
    consents_to_share = forms.BooleanField(
        label="They have agreed that we can give their details to the 24-hour emergency service",
        error_messages={
            "required": "Confirm that they have agreed that we can give their details to the "
            "24-hour emergency service"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("name"),
            Field.text("relationship"),
            Field.text("phone", field_width=20),
            Field.radios("availability", legend_size=Size.SMALL),
            Field.text("availability_notes"),
            Fieldset(
                Field.checkbox("consents_to_contact"),
                Field.checkbox("consents_to_share"),
                legend="Have they agreed?",
                legend_size=Size.MEDIUM,
            ),
            Button("submit", "Continue"),
        )

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            name: (data[name].strip() if isinstance(data[name], str) else data[name])
            for name in CONTACT_FIELDS
        }

    @staticmethod
    def initial_for(value: dict | None) -> dict:
        """What the page starts with: the contact as it is, with both agreements unticked."""
        initial = dict(value or {})
        initial.pop("consents_to_contact", None)
        initial.pop("consents_to_share", None)
        return initial
