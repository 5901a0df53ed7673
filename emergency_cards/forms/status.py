"""The status action questions: a new card, suspend, reinstate, close, confirm."""

from django import forms

from emergency_cards.forms.common import VersionedForm, textarea_field
from emergency_cards.models import ClosureReason


class ReissueForm(VersionedForm):
    submit_label = "Issue a new card"

    reason = forms.ChoiceField(
        label="Why does the carer need a new card?",
        choices=[
            ("Lost", "Lost"),
            ("Stolen", "Stolen"),
            ("Damaged", "Damaged"),
            ("Number may have been seen by someone else", "Someone else may have the number"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the carer needs a new card"},
    )


class SuspendForm(VersionedForm):
    submit_label = "Suspend card"

    notes = textarea_field(
        "Why is the card being suspended?",
        required=True,
        help_text="For example, the carer is in hospital for a long stay.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].error_messages["required"] = "Enter why the card is being suspended"


class ReinstateForm(VersionedForm):
    submit_label = "Put card back in use"


class CloseForm(VersionedForm):
    submit_label = "Close card"

    reason = forms.ChoiceField(
        label="Why is the card being closed?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the card is being closed"},
    )
    notes = textarea_field("Notes", required=False)


class ConfirmForm(VersionedForm):
    submit_label = "Confirm the plan"

    confirmed = forms.BooleanField(
        label="I have checked the plan and the contacts, and they are right",
        error_messages={"required": "Confirm that you have checked the plan"},
    )
