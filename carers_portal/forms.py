"""Shared form plumbing: GOV.UK layout through crispy-forms-gds."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout


class GovUKFormMixin:
    """Gives a form a crispy helper that renders GOV.UK markup and a single submit button."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
        self.helper.layout = Layout(*self.fields.keys(), Button("submit", self.submit_label))
