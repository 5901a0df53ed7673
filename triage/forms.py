"""Forms for intake, triage and the carers register. They check shape only; services decide."""

import datetime

from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst

from carers_portal.forms import GovUKFormMixin, NamedDateField
from triage.models import (
    BreakdownRisk,
    CaringHoursBand,
    CloseReason,
    ContactMethod,
    EmploymentStatus,
    Ethnicity,
    GPPractice,
    HealthImpact,
    Pathway,
    PrimarySupportReason,
    Priority,
    ReferralSource,
    ReferralStatus,
    Relationship,
    Urgency,
)
from triage.validators import (
    normalise_nhs_number,
    normalise_postcode,
    validate_nhs_number,
    validate_postcode,
)

YES_NO = [("yes", "Yes"), ("no", "No")]
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


def _yes_no_field(label: str, required_message: str, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
        **kwargs,
    )


def _choice_field(label: str, choices, required_message: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
        **kwargs,
    )


def _text(label: str, required_message: str | None = None, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required_message is not None,
        error_messages={"required": required_message} if required_message else {},
        **kwargs,
    )


class BirthDateField(NamedDateField):
    def clean(self, value):
        born = super().clean(value)
        if born is None:
            return born
        if born >= timezone.localdate():
            raise ValidationError(f"{capfirst(self.noun)} must be in the past")
        if born < EARLIEST_BIRTH_DATE:
            raise ValidationError(f"{capfirst(self.noun)} must be after 1 January 1900")
        return born


def _clean_postcode(value: str) -> str:
    validate_postcode(value)
    return normalise_postcode(value)


def _clean_nhs_number(value: str) -> str:
    value = normalise_nhs_number(value)
    validate_nhs_number(value)
    return value


# --- Referral question pages (also combined into the staff intake form) -----------------


PUBLIC_SOURCE_CHOICES = [
    (ReferralSource.SELF.value, "I am the carer"),
    (ReferralSource.GP_PRACTICE.value, "I work at a GP practice"),
    (ReferralSource.HOSPITAL_DISCHARGE.value, "I work for a hospital discharge team"),
    (ReferralSource.ADULT_SOCIAL_CARE.value, "I work in adult social care"),
    (ReferralSource.VOLUNTARY_SECTOR.value, "I work for a voluntary or community organisation"),
    (ReferralSource.OTHER.value, "Someone else, for example a friend or relative"),
]


class SourceForm(GovUKFormMixin, forms.Form):
    source = _choice_field(
        "Who is making this referral?",
        PUBLIC_SOURCE_CHOICES,
        "Select who is making this referral",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if type(self) is SourceForm:
            # One question on the page: its legend is the page heading (GOV.UK pattern).
            self.helper.layout = Layout(
                Field.radios("source", legend_size="l", legend_tag="h1"),
                Button("submit", self.submit_label),
            )


class ReferrerForm(GovUKFormMixin, forms.Form):
    # When the person filling in the form is the referrer (autocomplete_own_details). Their
    # "phone number or email address" is either, so no one token names it.
    OWN_DETAILS = {"referrer_name": "name", "referrer_organisation": "organization"}

    referrer_name = _text("Your full name", max_length=200)
    referrer_organisation = _text(
        "Your organisation",
        max_length=200,
        help_text="Leave this blank if you are a friend or relative.",
    )
    referrer_contact = _text(
        "Your phone number or email address",
        max_length=200,
        help_text="We will use this only to ask about this referral.",
    )

    referrer_name_required = "Enter your full name"
    referrer_contact_required = "Enter your phone number or email address"

    def referrer_required(self) -> bool:
        return True

    def clean(self):
        cleaned = super().clean()
        if self.referrer_required():
            if not cleaned.get("referrer_name"):
                self.add_error("referrer_name", self.referrer_name_required)
            if not cleaned.get("referrer_contact"):
                self.add_error("referrer_contact", self.referrer_contact_required)
        return cleaned


class CarerDetailsForm(GovUKFormMixin, forms.Form):
    # When the carer is referring themselves (autocomplete_own_details).
    OWN_DETAILS = {"first_name": "given-name", "last_name": "family-name", "date_of_birth": "bday"}

    first_name = _text("Carer's first name", "Enter the carer's first name", max_length=100)
    last_name = _text("Carer's last name", "Enter the carer's last name", max_length=100)
    date_of_birth = BirthDateField(
        noun="the carer's date of birth",
        label="Carer's date of birth",
        help_text="For example, 27 3 1970",
        require_all_fields=False,
    )
    nhs_number = _text(
        "Carer's NHS number (optional)",
        max_length=14,
        help_text="A 10 digit number, like 943 476 5919. You can find it on a letter from the NHS.",
    )

    def clean_nhs_number(self) -> str:
        return _clean_nhs_number(self.cleaned_data["nhs_number"])


class ContactForm(GovUKFormMixin, forms.Form):
    # When the carer is referring themselves (autocomplete_own_details).
    OWN_DETAILS = {
        "address_line_1": "address-line1",
        "address_line_2": "address-line2",
        "town": "address-level2",
        "postcode": "postal-code",
        "phone": "tel",
        "email": "email",
    }

    address_line_1 = _text("Address line 1", "Enter the first line of the address", max_length=200)
    address_line_2 = _text("Address line 2 (optional)", max_length=200)
    town = _text("Town or city", "Enter the town or city", max_length=100)
    postcode = _text("Postcode", "Enter the postcode", max_length=10)
    phone = _text("Phone number (optional)", max_length=30)
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    preferred_contact = _choice_field(
        "How would the carer prefer to be contacted?",
        ContactMethod.choices,
        "Select how the carer would prefer to be contacted",
    )

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("preferred_contact")
        if method in (ContactMethod.PHONE, ContactMethod.TEXT) and not cleaned.get("phone"):
            self.add_error("phone", "Enter a phone number, or choose another way to be contacted")
        if (
            method == ContactMethod.EMAIL
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", "Enter an email address, or choose another way to be contacted")
        return cleaned


class CaringForm(GovUKFormMixin, forms.Form):
    caring_hours = _choice_field(
        "About how many hours a week does the carer spend caring?",
        CaringHoursBand.choices,
        "Select about how many hours a week the carer spends caring",
    )
    cared_for_first_name = _text(
        "First name of the person they care for",
        "Enter the first name of the person they care for",
        max_length=100,
    )
    cared_for_last_name = _text(
        "Last name of the person they care for",
        "Enter the last name of the person they care for",
        max_length=100,
    )
    cared_for_relationship = _choice_field(
        "What is that person to the carer?",
        Relationship.choices,
        "Select what the person they care for is to the carer",
    )
    cared_for_support_reason = _choice_field(
        "What is the main reason that person needs care?",
        PrimarySupportReason.choices,
        "Select the main reason the person needs care",
    )


class ReasonForm(GovUKFormMixin, forms.Form):
    reason = forms.CharField(
        label="What help does the carer need?",
        help_text="Tell us what is happening and what would help.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Enter what help the carer needs"},
    )
    urgent_at_intake = _yes_no_field(
        "Does anyone need help today because caring has broken down or is about to?",
        "Select yes if anyone needs help today",
        help_text="If someone is in danger now, call 999.",
    )
    consent = forms.BooleanField(
        label="The carer agrees to this referral and to the service keeping their details",
        error_messages={"required": "Confirm that the carer agrees to this referral"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["urgent_at_intake"].help_text = (
            "If someone is in danger now, call 999. If anyone needs help today, call us on "
            f"{settings.EMERGENCY_RESPONSE_NUMBER}, day or night."
        )
        # Our own words and URL: safe to render as HTML (crispy-forms-gds marks help safe).
        self.fields["consent"].help_text = format_html(
            '<a class="govuk-link" href="{}">How we use and protect the carer\'s information</a>',
            reverse("privacy-notice"),
        )


class StaffReferralForm(
    SourceForm, ReferrerForm, CarerDetailsForm, ContactForm, CaringForm, ReasonForm
):
    """The same questions on one page, for triage workers taking a referral by phone."""

    submit_label = "Add referral to the queue"
    referrer_name_required = "Enter the referrer's name"
    referrer_contact_required = "Enter the referrer's phone number or email address"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"] = _choice_field(
            "Referral source", ReferralSource.choices, "Select the referral source"
        )
        self.fields["referrer_name"].label = "Referrer's name"
        self.fields["referrer_name"].help_text = "Leave blank for a self-referral."
        self.fields["referrer_organisation"].label = "Referrer's organisation"
        self.fields["referrer_organisation"].help_text = ""
        self.fields["referrer_contact"].label = "Referrer's phone number or email address"
        self.fields["referrer_contact"].help_text = ""
        # Reporting counts carers identified per GP practice (the practice list is kept in admin).
        self.fields["gp_practice"] = forms.ModelChoiceField(
            label="GP practice that made the referral",
            help_text="Only for a referral from a GP practice.",
            queryset=GPPractice.objects.filter(is_active=True),
            required=False,
            empty_label="Not from a GP practice",
        )
        # Keep the question order of the public pages, source first.
        order = [
            "source",
            "gp_practice",
            "referrer_name",
            "referrer_organisation",
            "referrer_contact",
            *CarerDetailsForm.base_fields,
            *ContactForm.base_fields,
            *CaringForm.base_fields,
            *ReasonForm.base_fields,
        ]
        self.order_fields(order)
        self.helper.layout = Layout(*self.fields.keys(), Button("submit", self.submit_label))

    def referrer_required(self) -> bool:
        source = self.cleaned_data.get("source")
        return bool(source) and source != ReferralSource.SELF

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        practice = cleaned.get("gp_practice")
        if practice is not None and source != ReferralSource.GP_PRACTICE:
            self.add_error("gp_practice", "Select a GP practice only for a referral from one")
        elif (
            source == ReferralSource.GP_PRACTICE
            and practice is None
            and self.fields["gp_practice"].queryset.exists()
        ):
            self.add_error("gp_practice", "Select the GP practice that made the referral")
        return cleaned


# --- Triage ----------------------------------------------------------------------------


class VersionedForm(GovUKFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TriageAnswersForm(VersionedForm):
    submit_label = "Save answers and see the proposal"

    caring_hours = _choice_field(
        "How many hours a week does the carer spend caring?",
        CaringHoursBand.choices,
        "Select how many hours a week the carer spends caring",
    )
    health_impact = _choice_field(
        "How is caring affecting the carer's own health?",
        HealthImpact.choices,
        "Select how caring is affecting the carer's health",
    )
    breakdown_risk = _choice_field(
        "Is there a risk that caring will break down?",
        BreakdownRisk.choices,
        "Select the risk that caring will break down",
    )
    carer_hospital_admission = _yes_no_field(
        "Is the carer facing a hospital admission?",
        "Select yes if the carer is facing a hospital admission",
    )
    urgency = _choice_field(
        "How soon is help needed?", Urgency.choices, "Select how soon help is needed"
    )
    notes = forms.CharField(
        label="Triage notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class TriageDecisionForm(VersionedForm):
    submit_label = "Complete triage"

    priority = _choice_field("Priority", Priority.choices, "Select a priority")
    pathway = _choice_field("Pathway", Pathway.choices, "Select a pathway")
    override_reason = forms.CharField(
        label="Reason for changing the proposal",
        help_text="Needed only if you choose a different priority or pathway from the proposal.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, proposed: tuple[str, str], **kwargs):
        self.proposed = proposed
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        chosen = (cleaned.get("priority"), cleaned.get("pathway"))
        reason = (cleaned.get("override_reason") or "").strip()
        if None not in chosen and chosen != self.proposed and not reason:
            self.add_error(
                "override_reason", "Enter a reason for choosing a different priority or pathway"
            )
        return cleaned


class CloseReferralForm(VersionedForm):
    submit_label = "Close referral"

    reason = _choice_field(
        "Why are you closing this referral?",
        CloseReason.choices,
        "Select why you are closing the referral",
    )
    detail = forms.CharField(
        label="Details",
        help_text="Needed if you choose Other.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One question on the page: its legend is the page heading (GOV.UK pattern).
        self.helper.layout = Layout(
            "version",
            Field.radios("reason", legend_size="l", legend_tag="h1"),
            "detail",
            Button("submit", self.submit_label),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == CloseReason.OTHER and not (cleaned.get("detail") or "").strip():
            self.add_error("detail", "Enter the reason for closing the referral")
        return cleaned


class AssignForm(VersionedForm):
    submit_label = "Save assignment"

    team = forms.ModelChoiceField(
        label="Team",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Select a team"},
    )
    assigned_to = forms.ModelChoiceField(
        label="Worker (optional)",
        queryset=None,
        required=False,
        empty_label="Not assigned to a worker",
    )

    def __init__(self, *args, teams, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["assigned_to"].queryset = workers
        # Workers in several teams are listed together, so say which team each is in.
        self.fields["assigned_to"].label_from_instance = lambda worker: (
            f"{worker} ({', '.join(sorted(t.name for t in worker.teams.all()))})"
        )

    def clean(self):
        cleaned = super().clean()
        team, worker = cleaned.get("team"), cleaned.get("assigned_to")
        if team and worker and team.pk not in {t.pk for t in worker.teams.all()}:
            self.add_error("assigned_to", f"Select a worker who is in {team}")
        return cleaned


# --- Carers register -------------------------------------------------------------------


class CarerEditForm(VersionedForm):
    submit_label = "Save changes"

    first_name = _text("First name", "Enter the carer's first name", max_length=100)
    last_name = _text("Last name", "Enter the carer's last name", max_length=100)
    date_of_birth = BirthDateField(
        noun="the carer's date of birth", label="Date of birth", require_all_fields=False
    )
    nhs_number = _text("NHS number (optional)", max_length=14)
    address_line_1 = _text("Address line 1 (optional)", max_length=200)
    address_line_2 = _text("Address line 2 (optional)", max_length=200)
    town = _text("Town or city (optional)", max_length=100)
    postcode = _text("Postcode", "Enter the postcode", max_length=10)
    phone = _text("Phone number (optional)", max_length=30)
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    preferred_contact = _choice_field(
        "Preferred contact method", ContactMethod.choices, "Select a preferred contact method"
    )
    caring_hours = _choice_field(
        "Hours caring each week", CaringHoursBand.choices, "Select the hours caring each week"
    )
    employment_status = forms.ChoiceField(
        label="Work or study (optional)",
        choices=[("", "Not known"), *EmploymentStatus.choices],
        required=False,
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group (optional)",
        choices=[("", "Not known"), *Ethnicity.choices],
        required=False,
    )
    consent_to_share = forms.BooleanField(
        label="The carer consents to their information being shared", required=False
    )

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])

    def clean_nhs_number(self) -> str:
        return _clean_nhs_number(self.cleaned_data["nhs_number"])


class CaredForAddForm(GovUKFormMixin, forms.Form):
    submit_label = "Add cared-for person"

    first_name = _text("First name", "Enter the first name", max_length=100)
    last_name = _text("Last name", "Enter the last name", max_length=100)
    date_of_birth = BirthDateField(
        noun="their date of birth",
        label="Date of birth (optional)",
        required=False,
        require_all_fields=False,
    )
    nhs_number = _text("NHS number (optional)", max_length=14)
    relationship = _choice_field(
        "What is this person to the carer?",
        Relationship.choices,
        "Select what this person is to the carer",
    )
    primary_support_reason = _choice_field(
        "Main reason they need care",
        PrimarySupportReason.choices,
        "Select the main reason they need care",
    )
    lives_with_carer = forms.BooleanField(label="They live with the carer", required=False)

    def clean_nhs_number(self) -> str:
        return _clean_nhs_number(self.cleaned_data["nhs_number"])


# --- Worklist filters (GET) ------------------------------------------------------------


class QueueFilterForm(forms.Form):
    q = forms.CharField(label="Name, reference or postcode", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "All open"), *ReferralStatus.choices],
        required=False,
    )
    priority = forms.ChoiceField(
        label="Priority", choices=[("", "Any"), *Priority.choices], required=False
    )
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None)
    worker = forms.TypedChoiceField(label="Worker", coerce=int, required=False, empty_value=None)
    source = forms.ChoiceField(
        label="Source", choices=[("", "Any"), *ReferralSource.choices], required=False
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args, teams, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All my teams"), *[(t.pk, t.name) for t in teams]]
        self.fields["worker"].choices = [("", "Anyone"), *[(u.pk, str(u)) for u in workers]]


class CarerSearchForm(forms.Form):
    q = forms.CharField(label="Name, postcode or NHS number", required=False, max_length=100)
