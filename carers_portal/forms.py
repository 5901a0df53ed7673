"""Shared form plumbing: GOV.UK layout through crispy-forms-gds."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django.utils.html import conditional_escape


class EscapedLabelsMixin:
    """Labels and hints reach the page as text.

    crispy-forms-gds prints labels, legends and hints with |safe, so a label built from what
    someone typed (a contact's name, a worker's name) would otherwise be markup. Each bound
    field's label and hint is escaped as it is made; a deliberate SafeString (built with
    format_html, which escapes its arguments) passes unchanged.
    """

    def __getitem__(self, name):
        bound = super().__getitem__(name)
        if not getattr(bound, "_labels_escaped", False):
            bound.label = conditional_escape(bound.label)
            bound.help_text = conditional_escape(bound.help_text)
            bound._labels_escaped = True
        return bound


class GovUKFormMixin(EscapedLabelsMixin):
    """Gives a form a crispy helper that renders GOV.UK markup and a single submit button."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
        self.helper.layout = Layout(*self.fields.keys(), Button("submit", self.submit_label))
