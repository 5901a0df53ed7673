"""A carer's emergency contacts as a change they can ask for (triage/change_requests.py).

Each key is one contact by its place on the plan ("contact_2"); a new contact takes the next
place. A responder phones these people in an emergency, so a contact the carer changes or adds
must have agreed again, to be contacted and to have their details shared (rules.py: UK GDPR
Art. 7(1)); the day the carer confirmed it becomes the day consent was recorded.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from emergency_cards import rules
from emergency_cards.models import Availability, EmergencyContact, EmergencyPlan
from emergency_cards.services import ContactInput, plan_contacts_update
from triage.change_requests import ChangeKind, ChangeRequest, register_change_kind
from triage.models import TaskKind

SUBJECT = "emergency_contacts"
CONTACT_FIELDS = (
    "name",
    "relationship",
    "phone",
    "availability",
    "availability_notes",
    "consents_to_contact",
    "consents_to_share",
)


def slot_key(order: int) -> str:
    return f"contact_{order}"


def slot_of(key: str) -> int:
    prefix, _, number = key.partition("_")
    if prefix != "contact" or not number.isdigit() or not 1 <= int(number) <= rules.MAX_CONTACTS:
        raise ValueError(f"Not an emergency contact: {key!r}")
    return int(number)


def contact_values(contact: EmergencyContact) -> dict:
    return {name: getattr(contact, name) for name in CONTACT_FIELDS}


def plan_values(plan: EmergencyPlan) -> dict:
    return {slot_key(c.order): contact_values(c) for c in plan.contacts.all()}


def describe(key: str, value) -> tuple[str, list[str]]:
    label = f"Emergency contact {slot_of(key)}"
    if not value:
        return label, ["No one"]
    name = value["name"] + (f" ({value['relationship']})" if value.get("relationship") else "")
    when = str(dict(Availability.choices).get(value["availability"], value["availability"]))
    if value.get("availability_notes"):
        when += f": {value['availability_notes']}"
    agreed = value.get("consents_to_contact") and value.get("consents_to_share")
    return label, [
        name,
        value["phone"],
        f"Can be called: {when}",
        "Has agreed to be contacted and to have their details shared"
        if agreed
        else "Has not agreed to be contacted and to have their details shared",
    ]


def _plan(carer, about_id: int | None) -> EmergencyPlan:
    return EmergencyPlan.objects.prefetch_related("contacts").get(pk=about_id, carer=carer)


def _current(carer, about_id: int | None) -> tuple[dict, int]:
    plan = _plan(carer, about_id)
    return plan_values(plan), plan.version


def _merged(current: dict, after: dict) -> list[dict]:
    """The plan's contacts in order with the changed ones in their places."""
    merged = {slot_of(key): value for key, value in current.items()}
    merged.update({slot_of(key): value for key, value in after.items()})
    orders = sorted(merged)
    if orders != list(range(1, len(orders) + 1)):
        raise ValidationError("Add a new contact after the ones you have")
    return [merged[order] for order in orders]


def emergency_contacts_check(carer, about_id: int | None, after: dict) -> None:
    """Each changed contact is whole and agreed again; the plan still has 2 or 3 contacts."""
    plan = _plan(carer, about_id)
    rules_result = rules.transition_check(action="edit", status=plan.status)
    if not rules_result.ok:
        raise ValidationError(rules_result.reasons[0])
    errors = []
    for key, value in after.items():
        order = slot_of(key)
        who = (value or {}).get("name") or f"contact {order}"
        if not value or not value.get("name") or not value.get("phone"):
            errors.append(f"Give a name and phone number for contact {order}")
        elif value.get("availability") not in Availability.values:
            errors.append(f"Say when {who} can be called")
        elif not (value.get("consents_to_contact") and value.get("consents_to_share")):
            errors.append(f"Check that {who} has agreed again before you send the change")
    if errors:
        raise ValidationError(errors)
    contacts = _merged(plan_values(plan), after)
    result = rules.contacts_check(
        [
            rules.ContactFacts(
                name=c["name"],
                consents_to_contact=c["consents_to_contact"],
                consents_to_share=c["consents_to_share"],
            )
            for c in contacts
        ],
        plan_active=plan.status == rules.ACTIVE,
    )
    if not result.ok:
        raise ValidationError(result.reasons)


def _apply(change: ChangeRequest, version: int) -> None:
    emergency_contacts_check(change.carer, change.about_id, change.after)
    plan = _plan(change.carer, change.about_id)
    contacts = _merged(plan_values(plan), change.after)
    confirmed_on = timezone.localdate(change.requested_at)
    plan_contacts_update(
        plan=plan,
        version=version,
        contacts=[ContactInput(**contact) for contact in contacts],
        consent_confirmed={slot_of(key): confirmed_on for key in change.after},
    )


def register() -> None:
    register_change_kind(
        ChangeKind(
            subject=SUBJECT,
            noun="emergency contacts",
            task_kind=TaskKind.EMERGENCY_CONTACTS_CHANGE,
            current=_current,
            describe=describe,
            check=emergency_contacts_check,
            apply=_apply,
            sort_key=slot_of,
        )
    )
