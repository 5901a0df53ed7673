"""The carer's own contact details, a question a page. Shape only: services decide.

Each input collects the carer's own details, so each names its purpose for autofill and
assistive technology (WCAG 2.2 SC 1.3.5, the HTML autocomplete tokens).
"""

import re

from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from carers_portal.forms import GovUKFormMixin
from triage.contact_changes import ADDRESS_PARTS
from triage.models import ContactMethod
from triage.validators import normalise_postcode, validate_postcode

PHONE_CHARACTERS = re.compile(r"^[0-9 +()\-]+$")
PHONE_EXAMPLE = "like 01632 960 001, 07700 900 982 or +44 808 157 0192"


def _input(autocomplete: str, **attrs) -> dict:
    return {"autocomplete": autocomplete, **attrs}


class _QuestionForm(GovUKFormMixin, forms.Form):
    submit_label = "Continue"

    def values(self):
        """The answer in the shape a change request keeps it."""
        raise NotImplementedError


class PhoneForm(_QuestionForm):
    heading = "What is your phone number?"
    key = "phone"

    phone = forms.CharField(
        label=heading,
        required=False,
        max_length=30,
        help_text="Leave this empty if you do not want us to have a phone number for you.",
        widget=forms.TextInput(attrs=_input("tel", type="tel", spellcheck="false")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("phone", label_size=Size.LARGE, label_tag="h1", field_width=20),
            Button("submit", self.submit_label),
        )

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = sum(ch.isdigit() for ch in phone)
        if phone and (not PHONE_CHARACTERS.match(phone) or not 10 <= digits <= 15):
            raise forms.ValidationError(f"Enter a phone number, {PHONE_EXAMPLE}")
        return phone

    def values(self):
        return self.cleaned_data["phone"]


class EmailForm(_QuestionForm):
    heading = "What is your email address?"
    key = "email"

    email = forms.EmailField(
        label=heading,
        required=False,
        help_text="Leave this empty if you do not want us to email you.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
        widget=forms.EmailInput(attrs=_input("email", spellcheck="false")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("email", label_size=Size.LARGE, label_tag="h1"),
            Button("submit", self.submit_label),
        )

    def values(self):
        return self.cleaned_data["email"].strip()


class AddressForm(_QuestionForm):
    heading = "What is your address?"
    key = "address"

    address_line_1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        error_messages={"required": "Enter the first line of your address"},
        widget=forms.TextInput(attrs=_input("address-line1")),
    )
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_input("address-line2")),
    )
    town = forms.CharField(
        label="Town or city",
        max_length=100,
        error_messages={"required": "Enter your town or city"},
        widget=forms.TextInput(attrs=_input("address-level2")),
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages={"required": "Enter your postcode"},
        widget=forms.TextInput(attrs=_input("postal-code", spellcheck="false")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(
                Field.text("address_line_1"),
                Field.text("address_line_2"),
                Field.text("town", field_width=20),
                Field.text("postcode", field_width=10),
                legend=self.heading,
                legend_size=Size.LARGE,
                legend_tag="h1",
            ),
            Button("submit", self.submit_label),
        )

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"]
        validate_postcode(postcode)
        return normalise_postcode(postcode)

    def values(self):
        return {part: self.cleaned_data[part].strip() for part in ADDRESS_PARTS}


class ContactMethodForm(_QuestionForm):
    heading = "How would you like us to contact you?"
    key = "preferred_contact"

    preferred_contact = forms.ChoiceField(
        label=heading,
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you would like us to contact you"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("preferred_contact", legend_size=Size.LARGE, legend_tag="h1"),
            Button("submit", self.submit_label),
        )

    def values(self):
        return self.cleaned_data["preferred_contact"]


# slug in the address -> the question
QUESTIONS = {
    "phone": PhoneForm,
    "email": EmailForm,
    "address": AddressForm,
    "contact-method": ContactMethodForm,
}
SLUG_FOR_KEY = {form.key: slug for slug, form in QUESTIONS.items()}


def initial_for(form_class, value) -> dict:
    if form_class is AddressForm:
        return dict(value or {})
    return {form_class.key: value}
