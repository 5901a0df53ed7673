"""Emergency card pages, a module by who uses them: staff register and look after plans,
responders look cards up, carers see and re-confirm their own.

Every plan page starts from selectors.plan_list_visible_to, so a plan out of scope is 404;
what a plan's status allows comes from rules.TRANSITIONS.
"""

from emergency_cards.views.carer import my_cards, my_plan, my_register
from emergency_cards.views.carer_contacts import my_contact, my_contacts, my_contacts_check
from emergency_cards.views.plans import (
    card_pdf,
    carer_cards,
    plan_detail,
    plan_edit,
    plan_list,
    plan_register,
)
from emergency_cards.views.responder import activation_create, lookup, lookup_plan
from emergency_cards.views.status_actions import (
    STATUS_ACTIONS,
    StatusAction,
    plan_confirm,
    plan_status_action,
)

__all__ = [
    "STATUS_ACTIONS",
    "StatusAction",
    "activation_create",
    "card_pdf",
    "carer_cards",
    "lookup",
    "lookup_plan",
    "my_cards",
    "my_contact",
    "my_contacts",
    "my_contacts_check",
    "my_plan",
    "my_register",
    "plan_confirm",
    "plan_detail",
    "plan_edit",
    "plan_list",
    "plan_register",
    "plan_status_action",
]
