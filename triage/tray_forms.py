"""Forms for the team worktray. They check shape only; triage.services decides."""

from django import forms

from carers_portal.forms import GovUKFormMixin
from triage.models import TaskKind
from triage.selectors import TRAY_SHOW_CHOICES


class TrayFilterForm(forms.Form):
    show = forms.ChoiceField(label="Show", choices=TRAY_SHOW_CHOICES, required=False)
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(
        label="Kind of task", choices=[("", "Any"), *TaskKind.choices], required=False
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All my teams"), *[(t.pk, t.name) for t in teams]]


class TaskClaimForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TaskAssignForm(GovUKFormMixin, forms.Form):
    submit_label = "Save"

    version = forms.IntegerField(widget=forms.HiddenInput)
    assigned_to = forms.ModelChoiceField(
        label="Who should do this?",
        queryset=None,
        required=False,
        empty_label="Nobody yet: leave it in the team's tray",
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = workers
