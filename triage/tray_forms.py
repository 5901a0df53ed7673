"""Forms for the team worktray. They check shape only; triage.services decides."""

from crispy_forms_gds.layout import Layout
from django import forms

from carers_portal.forms import GovUKFormMixin, LoadedChoiceField
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


class BulkAssignForm(GovUKFormMixin, forms.Form):
    """Assign the referrals ticked in the queue, with one reason for all of them."""

    referrals = forms.MultipleChoiceField(
        label="Referrals",
        choices=(),
        error_messages={"required": "Select the referrals to assign"},
    )
    team = LoadedChoiceField(label="Team", error_messages={"required": "Select a team"})
    assigned_to = LoadedChoiceField(
        label="Worker (optional)", required=False, empty_label="Not assigned to a worker"
    )
    reason = forms.CharField(
        label="Why are you assigning them?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": "Enter why you are assigning these referrals"},
    )

    def __init__(self, *args, referral_choices, teams, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referrals"].choices = referral_choices
        self.fields["team"].set_rows(teams)
        self.fields["assigned_to"].set_rows(workers)

    def clean(self):
        cleaned = super().clean()
        team, worker = cleaned.get("team"), cleaned.get("assigned_to")
        if team and worker and not worker.teams.filter(pk=team.pk).exists():
            self.add_error("assigned_to", f"Select a worker who is in {team}")
        return cleaned

    def selected(self) -> list[tuple[int, int]]:
        """(referral id, version read) for each ticked row."""
        pairs = []
        for value in self.cleaned_data["referrals"]:
            pk, version = value.split(":")
            pairs.append((int(pk), int(version)))
        return pairs


class LinkCompareForm(GovUKFormMixin, forms.Form):
    submit_label = "Link the referral to this record"

    version = forms.IntegerField(widget=forms.HiddenInput)
    carer_version = forms.IntegerField(widget=forms.HiddenInput)
    take = forms.MultipleChoiceField(
        label="Which of the referral's details should replace the record's?",
        help_text="Only details that differ are listed. Anything not ticked stays as it is.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    cared_for = forms.ChoiceField(
        label="Who is the person the referral says they care for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the person they care for is"},
    )

    def __init__(self, *args, take_choices, cared_for_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["take"].choices = take_choices
        self.fields["cared_for"].choices = cared_for_choices
        if not take_choices:
            del self.fields["take"]


class ChangeDecisionForm(GovUKFormMixin, forms.Form):
    """Accept or decline a change a carer asked for. The buttons are in the page's template:
    which one was pressed is the decision."""

    DECISIONS = ("accept", "decline")

    version = forms.IntegerField(widget=forms.HiddenInput)
    record_version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="If you are not accepting it, why not?",
        help_text="The carer will see this on their page, so write it for them.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout("version", "record_version", "reason")

    def decision(self) -> str | None:
        value = self.data.get("decision")
        return value if value in self.DECISIONS else None
