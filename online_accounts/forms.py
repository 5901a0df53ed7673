"""Forms for invitations, redeeming a code, and people acting for a carer. They check shape
only; online_accounts.services decides."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Button, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from carers_portal.accounts.forms import ConfirmActionForm, NewPasswordForm
from carers_portal.forms import GovUKFormMixin
from notifications.models import Channel
from triage.forms import BirthDateField
from triage.validators import normalise_postcode, validate_postcode

CHANNEL_WORDS = {
    Channel.EMAIL: "Email to {}",
    Channel.SMS: "Text message to {}",
    Channel.LETTER: "Letter to print and post to {}",
}


class InviteForm(GovUKFormMixin, forms.Form):
    """How to send an invitation, from the channels we hold details for."""

    submit_label = "Send the invitation"
    channel = forms.ChoiceField(
        label="How should we send the invitation?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select how to send the invitation"},
    )
    # The open invitation the page showed (0 for none): it is the one this replaces.
    replaces = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, channels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            (channel, CHANNEL_WORDS[channel].format(", ".join(recipient.splitlines())))
            for channel, recipient in channels.items()
        ]


class RevokeForm(ConfirmActionForm):
    submit_label = "Revoke"


class EndAccessForm(ConfirmActionForm):
    submit_label = "End their access"


class CodeForm(GovUKFormMixin, forms.Form):
    submit_label = "Continue"
    code = forms.CharField(
        label="Code",
        help_text="The 12 letters and numbers in your letter or text message, like ABCD-EFGH-JKMN",
        max_length=30,
        error_messages={"required": "Enter the code from your letter or text message"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "autocapitalize": "characters",
                "class": "govuk-input--width-20",
            }
        ),
    )
    date_of_birth = BirthDateField(
        noun="the date of birth",
        label="Date of birth",
        help_text=(
            "Yours, or if a carer asked us to let you see their plan, theirs. "
            "For example, 27 3 1970"
        ),
        require_all_fields=False,
    )


class DateOfBirthForm(GovUKFormMixin, forms.Form):
    submit_label = "Continue"
    date_of_birth = BirthDateField(
        noun="the date of birth",
        label="Date of birth",
        help_text="For example, 27 3 1970",
        require_all_fields=False,
    )

    def __init__(self, *args, whose: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if whose:
            self.fields["date_of_birth"].label = f"{whose}'s date of birth"


class ChoosePasswordForm(NewPasswordForm):
    submit_label = "Set up my account"


class EndDateField(DateInputField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["required"] = "Enter the date access ends"
        self.error_messages["incomplete"] = (
            "The date access ends must include a day, month and year"
        )

    def compress(self, data_list):
        import datetime

        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return datetime.date(day=int(day), month=int(month), year=int(year))
        except ValueError as error:
            raise ValidationError("The date access ends must be a real date") from error


def _text(label: str, required: str | None = None, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required is not None,
        error_messages={"required": required} if required else {},
        **kwargs,
    )


class ActingForForm(GovUKFormMixin, forms.Form):
    """A worker gives someone access with the carer's agreement (letter possible)."""

    submit_label = "Give access and send the invitation"
    allow_letter = True
    ask_consent = True

    first_name = _text("First name", "Enter their first name", max_length=100)
    last_name = _text("Last name", "Enter their last name", max_length=100)
    relationship = _text(
        "How do they know the carer?",
        "Enter how they know the carer",
        max_length=100,
        help_text="For example, daughter, neighbour or friend",
    )
    channel = forms.ChoiceField(
        label="How should we send them the invitation?",
        widget=forms.RadioSelect,
        choices=[
            (Channel.EMAIL, "Email"),
            (Channel.SMS, "Text message"),
            (Channel.LETTER, "Letter to print and post"),
        ],
        error_messages={"required": "Select how to send the invitation"},
    )
    email = forms.EmailField(
        label="Their email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.com"},
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    phone = _text(
        "Their UK mobile number", max_length=30, widget=forms.TextInput(attrs={"type": "tel"})
    )
    address_line_1 = _text("Address line 1", max_length=200)
    address_line_2 = _text("Address line 2 (optional)", max_length=200)
    town = _text("Town or city", max_length=100)
    postcode = _text(
        "Postcode", max_length=8, widget=forms.TextInput(attrs={"class": "govuk-input--width-10"})
    )
    expires_on = EndDateField(
        label="When should their access end?",
        help_text="Up to 3 years from today. For example, 27 3 2027",
        require_all_fields=False,
    )
    consent_note = _text(
        "How and when did the carer agree?",
        max_length=200,
        help_text="For example, on the phone on 2 June",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.allow_letter:
            self.fields["channel"].choices = [
                c for c in self.fields["channel"].choices if c[0] != Channel.LETTER
            ]
            for name in ("address_line_1", "address_line_2", "town", "postcode"):
                del self.fields[name]
        if not self.ask_consent:
            del self.fields["consent_note"]
        # Plain radios and the details below them, not a conditional reveal: GOV.UK Frontend
        # marks revealing radios aria-expanded, which axe-core refuses on a radio.
        details = ["email", "phone"]
        if self.allow_letter:
            details += ["address_line_1", "address_line_2", "town", "postcode"]
        fields = [
            "first_name",
            "last_name",
            "relationship",
            "channel",
            Fieldset(
                *details,
                legend="Their details, for the way you chose",
                legend_size=Size.SMALL,
            ),
            "expires_on",
        ]
        if self.ask_consent:
            fields.append("consent_note")
        self.helper.layout = Layout(*fields, Button("submit", self.submit_label))

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        if not value:
            return ""
        try:
            validate_postcode(value)
        except ValidationError as error:
            raise ValidationError("Enter a real postcode, like SH1 2AB") from error
        return normalise_postcode(value)

    def clean(self):
        cleaned = super().clean()
        if self.ask_consent and not (cleaned.get("consent_note") or "").strip():
            self.add_error("consent_note", "Enter how and when the carer agreed")
        return cleaned

    def service_values(self) -> dict:
        data = self.cleaned_data
        values = {
            name: data.get(name, "")
            for name in (
                "first_name",
                "last_name",
                "relationship",
                "channel",
                "email",
                "phone",
                "address_line_1",
                "address_line_2",
                "town",
                "postcode",
                "consent_note",
            )
        }
        values["expires_on"] = data["expires_on"]
        return values


class MyActingForForm(ActingForForm):
    """The carer gives someone access from their own account: by email or text message."""

    submit_label = "Give access and send the invitation"
    allow_letter = False
    ask_consent = False
