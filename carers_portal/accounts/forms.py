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
