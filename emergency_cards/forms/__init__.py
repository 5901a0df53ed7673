"""Emergency card forms, a module by subject; they parse input for the services."""

from emergency_cards.forms.common import VersionedForm
from emergency_cards.forms.plans import CONTACT_PARTS, CONTACT_SLOTS, CarerSearchForm, PlanForm
from emergency_cards.forms.responder import TIME_PATTERN, ActivationForm, LookupForm
from emergency_cards.forms.status import (
    CloseForm,
    ConfirmForm,
    ReinstateForm,
    ReissueForm,
    SuspendForm,
)

__all__ = [
    "ActivationForm",
    "CONTACT_PARTS",
    "CONTACT_SLOTS",
    "CarerSearchForm",
    "CloseForm",
    "ConfirmForm",
    "LookupForm",
    "PlanForm",
    "ReinstateForm",
    "ReissueForm",
    "SuspendForm",
    "TIME_PATTERN",
    "VersionedForm",
]
