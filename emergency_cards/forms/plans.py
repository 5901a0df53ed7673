"""Registering and changing a plan (with its 2 or 3 contacts), and finding the carer."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from emergency_cards import rules
from emergency_cards.forms.common import VersionedForm, textarea_field
from emergency_cards.models import Availability, EmergencyPlan
from emergency_cards.services import PLAN_FIELDS, ContactInput

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


class PlanForm(VersionedForm):
    submit_label = "Save plan"

    cared_for = forms.TypedChoiceField(
        label="Who is the plan for?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the plan is for"},
    )
    needs = textarea_field(
        "Their needs",
        required=True,
        help_text="What help they need from the carer, and any risks a stand-in should know.",
    )
    routine = textarea_field(
        "Their daily routine", help_text="For example, meals, getting up, bedtime."
    )
    likes_and_dislikes = textarea_field("Likes and dislikes")
    medication = textarea_field("Medication", help_text="Names, doses and times.")
    medication_location = forms.CharField(
        label="Where the medication is kept", required=False, max_length=255
    )
    mobility_aids = textarea_field("Mobility aids and equipment")
    gp_details = textarea_field("GP", help_text="Surgery name and phone number.", rows=2)
    professionals = textarea_field("Other professionals involved")
    other_care = textarea_field(
        "Other care coming in", help_text="For example, home care visits and day centre days."
    )
    alternative_arrangements = textarea_field(
        "Alternative arrangements", help_text="For example, agreed emergency respite."
    )
    key_access = textarea_field(
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


class CarerSearchForm(forms.Form):
    q = forms.CharField(label="Carer's name", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
