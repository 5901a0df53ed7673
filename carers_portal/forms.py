"""Shared form plumbing: GOV.UK layout through crispy-forms-gds."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.html import conditional_escape
from django.utils.text import capfirst


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


class LoadedChoiceField(forms.ChoiceField):
    """One of the records a view has already loaded (its teams, its workers).

    A ModelChoiceField counts and reads its queryset again each time the form is drawn, so a
    page that lists the same teams in a filter and a form asks for them three times. This one
    lists the rows it is given (`set_rows`) and turns a posted id back into one of them,
    with no query.
    """

    def __init__(self, *, empty_label: str | None = None, **kwargs):
        self.empty_label = empty_label
        super().__init__(**kwargs)
        self.set_rows([])

    def set_rows(self, rows) -> None:
        self.rows = list(rows)
        self._by_value = {str(row.pk): row for row in self.rows}
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        self.choices = [*empty, *[(str(row.pk), str(row)) for row in self.rows]]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        row = self._by_value.get(str(value))
        if row is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return row

    def validate(self, value) -> None:
        # to_python has already checked the choice; only "required" is left to check.
        forms.Field.validate(self, value)


class NamedDateField(DateInputField):
    """A GOV.UK date input whose messages name the date ("Enter the date the plan starts"), and
    say the same thing in the error summary as beside the field.

    crispy-forms-gds keeps each box's own error (its "Enter a valid year") for the summary's
    links, so a field that only reworded the whole date's error showed one message in the
    summary and another beside the boxes. Here each box's messages are the date's, once.
    """

    def __init__(self, *, noun: str, **kwargs):
        self.noun = noun
        # Each box is checked on its own, so a date typed in part is never quietly dropped
        # (an optional date with only a month was read as no date at all).
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter {noun}"
        self.error_messages["incomplete"] = f"{capfirst(noun)} must include a day, month and year"
        for box in self.fields:
            box.validators = [RegexValidator(r"^[0-9]+$", self.not_a_date_message)]
            box.error_messages["incomplete"] = self.error_messages["incomplete"]

    @property
    def not_a_date_message(self) -> str:
        return f"{capfirst(self.noun)} must be a real date"

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (ValidationError, ValueError) as error:
            raise ValidationError(self.not_a_date_message) from error


def autocomplete_own_details(form, tokens: dict[str, str]) -> None:
    """Name the purpose of inputs that collect the user's own details (WCAG 2.2 SC 1.3.5), with
    the HTML autocomplete tokens: {"first_name": "given-name", "date_of_birth": "bday", ...}.

    A date input's boxes get the token's -day, -month and -year forms ("bday-day"). Only call
    it when the details are the user's own: a professional typing a carer's address must not
    be offered their own.
    """
    for name, token in tokens.items():
        field = form.fields.get(name)
        if field is None:
            continue
        if isinstance(field, DateInputField):
            for box, part in zip(field.widget.widgets, ("day", "month", "year"), strict=True):
                box.attrs["autocomplete"] = f"{token}-{part}"
        else:
            field.widget.attrs["autocomplete"] = token


def first_input_id(field, auto_id: str, *, error_id: str | None = None) -> str:
    """The id an error-summary link should point at, so following it focuses a real input.

    crispy-forms-gds numbers radios and checkboxes from 1 (`id_name_1`) and gives a date
    input's wrapping <div> the field's own id, its Day box `id_name_0`. A link to the bare
    field id would land on nothing or on the <div>, leaving focus on the link.
    """
    from django import forms

    if error_id and error_id != auto_id:
        return error_id  # one part of a date, already named by crispy-forms-gds
    widget = field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{auto_id}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{auto_id}_0"
    return auto_id
