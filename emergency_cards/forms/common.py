"""What the emergency card forms share: GOV.UK layout and the version the user read."""

from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from carers_portal.forms import GovUKFormMixin


def textarea_field(label: str, *, required: bool = False, help_text: str = "", rows: int = 3):
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
