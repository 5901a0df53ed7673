from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from carers_portal.forms import GovUKFormMixin


class SignInForm(GovUKFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": ("Enter a correct username and password. Both are case-sensitive."),
        "inactive": "This account is not active. Contact your administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        # Django autofocuses the username, which skips the skip link and the page's heading.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class ResetRequestForm(GovUKFormMixin, PasswordResetForm):
    submit_label = "Send reset link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].widget.attrs.update(autocomplete="email", spellcheck="false")


class NewPasswordForm(GovUKFormMixin, SetPasswordForm):
    submit_label = "Save new password"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget = forms.PasswordInput(
            attrs={"autocomplete": "new-password"}
        )
        self.fields["new_password2"].widget = forms.PasswordInput(
            attrs={"autocomplete": "new-password"}
        )


class SecondFactorForm(GovUKFormMixin, forms.Form):
    submit_label = "Continue"
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app, or one of your backup codes",
        max_length=20,
        error_messages={"required": "Enter the security code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "text"}
        ),
    )


class EnrolForm(GovUKFormMixin, forms.Form):
    submit_label = "Set up"
    code = forms.CharField(
        label="Security code from the app",
        help_text="Enter the 6-digit code the app shows, to check it is set up",
        max_length=10,
        error_messages={"required": "Enter the 6-digit code from the app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


def _staff_role_choices():
    from carers_portal.accounts.roles import STAFF_ROLES, Role

    return [(role.value, role.label) for role in Role if role in STAFF_ROLES]


class StaffRoleTeamsForm(GovUKFormMixin, forms.Form):
    submit_label = "Save changes"
    role = forms.ChoiceField(
        label="Role", widget=forms.RadioSelect, error_messages={"required": "Select a role"}
    )
    teams = forms.ModelMultipleChoiceField(
        label="Teams",
        help_text="Triage workers, assessors and team managers see the carers of these teams.",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        from carers_portal.accounts.selectors import team_list

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _staff_role_choices()
        self.fields["teams"].queryset = team_list()


class StaffInviteForm(StaffRoleTeamsForm):
    submit_label = "Add and send invitation"
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter a first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter a last name"}
    )
    email = forms.EmailField(
        label="Work email address",
        help_text="The invitation to choose a password is sent here.",
        error_messages={
            "required": "Enter a work email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    username = forms.RegexField(
        label="Username",
        regex=r"^[\w.@+-]{3,150}$",
        error_messages={
            "required": "Enter a username",
            "invalid": "A username is 3 or more letters, numbers or . @ + - _",
        },
    )
    field_order = ["first_name", "last_name", "email", "username", "role", "teams"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        from crispy_forms_gds.layout import Button, Layout

        self.helper.layout = Layout(*self.fields.keys(), Button("submit", self.submit_label))

    def clean_username(self):
        from carers_portal.accounts.models import User

        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken. Choose another")
        return username


class ConfirmActionForm(GovUKFormMixin, forms.Form):
    submit_label = "Confirm"
