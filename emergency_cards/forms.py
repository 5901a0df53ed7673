import datetime
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from carers_portal.forms import GovUKFormMixin
from emergency_cards import rules
from emergency_cards.models import (
    Availability,
    CallerType,
    ClosureReason,
    ContactAnswer,
    EmergencyPlan,
    WhatHappened,
)
from emergency_cards.services import PLAN_FIELDS, AttemptInput, ContactInput

CONTACT_SLOTS = (1, 2, 3)
CONTACT_PARTS = (
    "name",
    "relationship",
    "phone",
    "availability",
    "availability_notes",
    "consents_to_contact",
    "consents_to_share",
)
TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def _textarea(label: str, *, required: bool = False, help_text: str = "", rows: int = 3):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class VersionedForm(GovUKFormMixin, forms.Form):
    """Carries the version the user read, so a save can tell if someone else got there first."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            *[name for name in self.fields if name != "version"],
            Field("version"),
            Button("submit", self.submit_label),
        )

    def note_conflict(self, *, current_version: int) -> None:
        """Keep what was typed; a second save, now deliberate, will replace the other change."""
        data = self.data.copy()
        data["version"] = str(current_version)
        self.data = data
        self.add_error(
            None,
            "Someone else changed this plan while you were working on it. Nothing has been "
            "saved. Check the plan, then save again if your changes are still right.",
        )


class PlanForm(VersionedForm):
    submit_label = "Save plan"

    cared_for = forms.TypedChoiceField(
        label="Who is the plan for?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the plan is for"},
    )
    needs = _textarea(
        "Their needs",
        required=True,
        help_text="What help they need from the carer, and any risks a stand-in should know.",
    )
    routine = _textarea("Their daily routine", help_text="For example, meals, getting up, bedtime.")
    likes_and_dislikes = _textarea("Likes and dislikes")
    medication = _textarea("Medication", help_text="Names, doses and times.")
    medication_location = forms.CharField(
        label="Where the medication is kept", required=False, max_length=255
    )
    mobility_aids = _textarea("Mobility aids and equipment")
    gp_details = _textarea("GP", help_text="Surgery name and phone number.", rows=2)
    professionals = _textarea("Other professionals involved")
    other_care = _textarea(
        "Other care coming in", help_text="For example, home care visits and day centre days."
    )
    alternative_arrangements = _textarea(
        "Alternative arrangements", help_text="For example, agreed emergency respite."
    )
    key_access = _textarea(
        "How to get in: key safe location and code",
        help_text="Only the 24-hour responder sees this, when the card is used.",
        rows=2,
    )
    clear_key_access = forms.BooleanField(label="Remove the recorded key access", required=False)

    def __init__(self, *args, cared_for_choices, key_access_recorded: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].error_messages["required"] = "Enter the cared-for person's needs"
        self.fields["cared_for"].choices = cared_for_choices
        if key_access_recorded:
            self.fields["key_access"].help_text = (
                "Key access is recorded. Leave this blank to keep it. Only the 24-hour "
                "responder sees it, when the card is used."
            )
        else:
            del self.fields["clear_key_access"]
        for slot in CONTACT_SLOTS:
            required_hint = "" if slot < 3 else " (optional)"
            self.fields[f"contact_{slot}_name"] = forms.CharField(
                label=f"Contact {slot}: full name{required_hint}", required=False, max_length=200
            )
            self.fields[f"contact_{slot}_relationship"] = forms.CharField(
                label="Relationship to the carer", required=False, max_length=100
            )
            self.fields[f"contact_{slot}_phone"] = forms.CharField(
                label="Phone number", required=False, max_length=30
            )
            self.fields[f"contact_{slot}_phone"].widget.attrs["autocomplete"] = "off"
            self.fields[f"contact_{slot}_availability"] = forms.ChoiceField(
                label="When they can be called",
                required=False,
                choices=[("", "Select when they can be called"), *Availability.choices],
            )
            self.fields[f"contact_{slot}_availability_notes"] = forms.CharField(
                label="Notes about when they can be called", required=False, max_length=255
            )
            self.fields[f"contact_{slot}_consents_to_contact"] = forms.BooleanField(
                label="They have agreed to be contacted in an emergency", required=False
            )
            self.fields[f"contact_{slot}_consents_to_share"] = forms.BooleanField(
                label="They have agreed to have their details shared with the responder",
                required=False,
            )
        plan_fields = [f for f in ("cared_for", *PLAN_FIELDS) if f in self.fields]
        key_fields = [f for f in ("key_access", "clear_key_access") if f in self.fields]
        self.helper.layout = Layout(
            Fieldset(*plan_fields, legend="The cared-for person", legend_size=Size.MEDIUM),
            Fieldset(*key_fields, legend="Getting into the home", legend_size=Size.MEDIUM),
            *[
                Fieldset(
                    *[f"contact_{slot}_{part}" for part in CONTACT_PARTS],
                    legend=f"Emergency contact {slot}" + (" (optional)" if slot == 3 else ""),
                    legend_size=Size.MEDIUM,
                )
                for slot in CONTACT_SLOTS
            ],
            Field("version"),
            Button("submit", self.submit_label),
        )

    def clean(self):
        cleaned = super().clean()
        filled = []
        for slot in CONTACT_SLOTS:
            values = {part: cleaned.get(f"contact_{slot}_{part}") for part in CONTACT_PARTS}
            if not any(values.values()):
                continue
            name = (values["name"] or "").strip()
            label = name or f"contact {slot}"
            if not name:
                self.add_error(f"contact_{slot}_name", f"Enter the name of contact {slot}")
            if not (values["phone"] or "").strip():
                self.add_error(f"contact_{slot}_phone", f"Enter a phone number for {label}")
            if not values["availability"]:
                self.add_error(f"contact_{slot}_availability", f"Select when {label} can be called")
            if not values["consents_to_contact"]:
                self.add_error(
                    f"contact_{slot}_consents_to_contact",
                    f"Confirm that {label} has agreed to be contacted",
                )
            if not values["consents_to_share"]:
                self.add_error(
                    f"contact_{slot}_consents_to_share",
                    f"Confirm that {label} has agreed to have their details shared",
                )
            filled.append(slot)
        if len(filled) < rules.MIN_CONTACTS:
            missing = next(s for s in CONTACT_SLOTS if s not in filled)
            self.add_error(
                f"contact_{missing}_name",
                f"Add at least {rules.MIN_CONTACTS} emergency contacts",
            )
        self.filled_slots = filled
        return cleaned

    def contacts(self) -> list[ContactInput]:
        data = self.cleaned_data
        return [
            ContactInput(
                **{part: data[f"contact_{slot}_{part}"] or "" for part in CONTACT_PARTS[:5]},
                consents_to_contact=bool(data[f"contact_{slot}_consents_to_contact"]),
                consents_to_share=bool(data[f"contact_{slot}_consents_to_share"]),
            )
            for slot in self.filled_slots
        ]

    def plan_fields(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in PLAN_FIELDS}

    def key_access_change(self) -> str | None:
        """None keeps the recorded key access: staff never see it, so cannot retype it."""
        if self.cleaned_data.get("clear_key_access"):
            return ""
        typed = self.cleaned_data["key_access"].strip()
        if "clear_key_access" in self.fields and not typed:
            return None
        return typed

    @staticmethod
    def initial_for(plan: EmergencyPlan) -> dict:
        initial = {name: getattr(plan, name) for name in PLAN_FIELDS}
        initial["cared_for"] = plan.cared_for_id
        initial["version"] = plan.version
        for contact in plan.contacts.all():
            for part in CONTACT_PARTS:
                initial[f"contact_{contact.order}_{part}"] = getattr(contact, part)
        return initial


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

    # The check digit is checked by the look-up service, so a wrong one counts as a failure.


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
    details = _textarea("Details", required=False)
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
    outcome = _textarea("Outcome", required=True)

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


class ReissueForm(VersionedForm):
    submit_label = "Issue a new card"

    reason = forms.ChoiceField(
        label="Why does the carer need a new card?",
        choices=[
            ("Lost", "Lost"),
            ("Stolen", "Stolen"),
            ("Damaged", "Damaged"),
            ("Number may have been seen by someone else", "Someone else may have the number"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the carer needs a new card"},
    )


class SuspendForm(VersionedForm):
    submit_label = "Suspend card"

    notes = _textarea(
        "Why is the card being suspended?",
        required=True,
        help_text="For example, the carer is in hospital for a long stay.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].error_messages["required"] = "Enter why the card is being suspended"


class ReinstateForm(VersionedForm):
    submit_label = "Put card back in use"


class CloseForm(VersionedForm):
    submit_label = "Close card"

    reason = forms.ChoiceField(
        label="Why is the card being closed?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the card is being closed"},
    )
    notes = _textarea("Notes", required=False)


class ConfirmForm(VersionedForm):
    submit_label = "Confirm the plan"

    confirmed = forms.BooleanField(
        label="I have checked the plan and the contacts, and they are right",
        error_messages={"required": "Confirm that you have checked the plan"},
    )


class CarerSearchForm(forms.Form):
    q = forms.CharField(label="Carer's name", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
