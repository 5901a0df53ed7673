"""Emergency card writes, a module by subject. Every write is keyword-only and atomic;
plans are saved with carers_portal.versioning.save_versioned."""

from emergency_cards.services.activations import (
    AttemptInput,
    activation_record,
    free_replacement_hours,
)
from emergency_cards.services.lookup import LookupRefused, card_lookup
from emergency_cards.services.plans import (
    PLAN_CLEAN_EXCLUDE,
    PLAN_FIELDS,
    ContactInput,
    card_number_generate,
    card_reissue,
    plan_close,
    plan_confirm,
    plan_contacts_update,
    plan_register,
    plan_reinstate,
    plan_suspend,
    plan_update,
)
from emergency_cards.services.reviews import plans_mark_due_for_review

__all__ = [
    "AttemptInput",
    "ContactInput",
    "LookupRefused",
    "PLAN_CLEAN_EXCLUDE",
    "PLAN_FIELDS",
    "activation_record",
    "card_lookup",
    "card_number_generate",
    "card_reissue",
    "free_replacement_hours",
    "plan_close",
    "plan_confirm",
    "plan_contacts_update",
    "plan_register",
    "plan_reinstate",
    "plan_suspend",
    "plan_update",
    "plans_mark_due_for_review",
]
