"""The 24-hour responder's questions: the card look-up and recording an emergency."""

import datetime
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Button, Fieldset, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from carers_portal.forms import GovUKFormMixin
from emergency_cards.forms.common import textarea_field
from emergency_cards.models import CallerType, ContactAnswer, WhatHappened
from emergency_cards.services import AttemptInput

TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class LookupForm(GovUKFormMixin, forms.Form):
    submit_label = "Look up card"

    card_number = forms.CharField(
        label="Card number",
        help_text="12 digits, printed on the front of the card.",
        max_length=30,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"required": "Enter the card number"},
    )
    reason = forms.CharField(
        label="Why are you looking up this card?",
        help_text="For example, who called and what has happened. This is recorded.",
        max_length=200,
        error_messages={"required": "Enter why you are looking up this card"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["card_number"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        )
        self.fields["reason"].widget.attrs["autocomplete"] = "off"


class ActivationForm(GovUKFormMixin, forms.Form):
    submit_label = "Save emergency record"

    occurred_on = DateInputField(
        label="Date of the call", help_text="For example, 27 3 2026", require_all_fields=False
    )
    occurred_time = forms.CharField(
        label="Time of the call",
        help_text="Use the 24-hour clock, for example 14:30",
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the time of the call"},
    )
    caller_name = forms.CharField(
        label="Who called?",
        max_length=200,
        error_messages={"required": "Enter the name of the person who called"},
    )
    caller_type = forms.ChoiceField(
        label="Who is the caller?",
        choices=CallerType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the caller is"},
    )
    what_happened = forms.ChoiceField(
        label="What has happened to the carer?",
        choices=WhatHappened.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what has happened to the carer"},
    )
    details = textarea_field("Details", required=False)
    replacement_care_arranged = forms.BooleanField(
        label="Replacement care was arranged", required=False
    )
    replacement_care_provider = forms.CharField(
        label="Who is providing the replacement care?", required=False, max_length=200
    )
    replacement_care_hours = forms.DecimalField(
        label="Hours of replacement care covered",
        required=False,
        min_value=0,
        max_value=9999,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Hours of replacement care must be a number, like 12 or 7.5",
            "min_value": "Hours of replacement care must be 0 or more",
            "max_decimal_places": "Hours can have one decimal place, like 7.5",
        },
    )
    outcome = textarea_field("Outcome", required=True)

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_contacts = list(contacts)
        self.fields["outcome"].error_messages["required"] = "Enter the outcome of the call"
        self.fields["occurred_on"].error_messages.update(
            {"required": "Enter the date of the call", "incomplete": "Enter the date of the call"}
        )
        answer_choices = [("", "Not called"), *ContactAnswer.choices]
        for contact in self.plan_contacts:
            self.fields[f"contact_{contact.pk}_answer"] = forms.ChoiceField(
                # Names and numbers are typed by carers: escaped here, as labels print raw.
                label=format_html(
                    "Contact {}: {} ({})", contact.order, contact.name, contact.phone
                ),
                choices=answer_choices,
                required=False,
            )
        contact_fields = [f"contact_{c.pk}_answer" for c in self.plan_contacts]
        self.helper.layout = Layout(
            "occurred_on",
            "occurred_time",
            "caller_name",
            "caller_type",
            "what_happened",
            "details",
            Fieldset(
                *contact_fields,
                legend="Contacts tried, in the order called",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "replacement_care_arranged",
                "replacement_care_provider",
                "replacement_care_hours",
                legend="Replacement care",
                legend_size=Size.MEDIUM,
            ),
            "outcome",
            Button("submit", self.submit_label),
        )

    def clean_occurred_time(self) -> datetime.time:
        match = TIME_PATTERN.match(self.cleaned_data["occurred_time"].strip())
        if not match:
            raise forms.ValidationError("Enter the time in the 24-hour clock, like 14:30")
        return datetime.time(int(match.group(1)), int(match.group(2)))

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("occurred_on"), cleaned.get("occurred_time")
        if day and time:
            moment = timezone.make_aware(datetime.datetime.combine(day, time))
            if moment > timezone.now() + datetime.timedelta(minutes=5):
                self.add_error("occurred_on", "The date and time of the call must be in the past")
            cleaned["occurred_at"] = moment
        if cleaned.get("replacement_care_arranged") and not cleaned.get("replacement_care_hours"):
            self.add_error(
                "replacement_care_hours",
                "Enter how many hours of replacement care were arranged",
            )
        return cleaned

    def attempts(self) -> list[AttemptInput]:
        return [
            AttemptInput(
                contact_id=c.pk,
                contact_name=c.name,
                answer=self.cleaned_data[f"contact_{c.pk}_answer"],
            )
            for c in self.plan_contacts
            if self.cleaned_data.get(f"contact_{c.pk}_answer")
        ]
