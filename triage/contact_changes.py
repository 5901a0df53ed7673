"""The carer's contact details as a change they can ask for (triage/change_requests.py).

Four things a carer can change, each a key of the request: their phone number, email
address, postal address (its four lines together, so a move is one change) and how they
would like to be contacted.
"""

from django.core.exceptions import ValidationError

from triage.change_requests import ChangeKind, ChangeRequest, register_change_kind
from triage.models import Carer, ContactMethod, TaskKind
from triage.validators import normalise_postcode

SUBJECT = "contact_details"
ADDRESS_PARTS = ("address_line_1", "address_line_2", "town", "postcode")
LABELS = {
    "phone": "Phone number",
    "email": "Email address",
    "address": "Address",
    "preferred_contact": "Preferred contact method",
}
KEYS = tuple(LABELS)


def values_of(carer: Carer) -> dict:
    """The record's contact details, keyed as a change request keys them."""
    return {
        "phone": carer.phone,
        "email": carer.email,
        "address": {part: getattr(carer, part) for part in ADDRESS_PARTS},
        "preferred_contact": carer.preferred_contact,
    }


def fields_of(values: dict) -> dict:
    """The Carer fields a change's values set."""
    fields = {}
    for key, value in values.items():
        if key == "address":
            fields.update({part: (value or {}).get(part, "") for part in ADDRESS_PARTS})
        else:
            fields[key] = value
    if "postcode" in fields:
        fields["postcode"] = normalise_postcode(fields["postcode"])
    return fields


def describe(key: str, value) -> tuple[str, list[str]]:
    label = LABELS[key]
    if key == "address":
        lines = [(value or {}).get(part) for part in ADDRESS_PARTS]
        lines = [line for line in lines if line]
        return label, lines or ["Not given"]
    if key == "preferred_contact":
        return label, [str(dict(ContactMethod.choices).get(value, value or "Not given"))]
    return label, [value or "Not given"]


def _current(carer: Carer, about_id: int | None) -> tuple[dict, int]:
    carer = Carer.objects.get(pk=carer.pk)
    return values_of(carer), carer.version


def contact_details_check(carer: Carer, about_id: int | None, after: dict) -> None:
    """What the record would hold must be a valid record, with a way to reach the carer."""
    unknown = set(after) - set(KEYS)
    if unknown:
        raise ValueError(f"Not contact details: {sorted(unknown)}")
    proposed = Carer.objects.get(pk=carer.pk)
    for name, value in fields_of(after).items():
        setattr(proposed, name, value)
    fields = set(fields_of(after))
    exclude = [f.name for f in Carer._meta.fields if f.name not in fields]
    proposed.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    method = proposed.preferred_contact
    if method in (ContactMethod.PHONE, ContactMethod.TEXT) and not proposed.phone:
        raise ValidationError(
            {"preferred_contact": "Give a phone number, or choose another way to be contacted"}
        )
    if method == ContactMethod.EMAIL and not proposed.email:
        raise ValidationError(
            {"preferred_contact": "Give an email address, or choose another way to be contacted"}
        )
    if method == ContactMethod.POST and not (proposed.address_line_1 and proposed.postcode):
        raise ValidationError(
            {"preferred_contact": "Give your address, or choose another way to be contacted"}
        )


def _apply(change: ChangeRequest, version: int) -> None:
    from triage.services import carer_update  # noqa: PLC0415 - services import this module

    contact_details_check(change.carer, None, change.after)
    carer_update(carer=change.carer, version=version, **fields_of(change.after))


def register() -> None:
    register_change_kind(
        ChangeKind(
            subject=SUBJECT,
            noun="contact details",
            task_kind=TaskKind.CONTACT_DETAILS_CHANGE,
            current=_current,
            describe=describe,
            check=contact_details_check,
            apply=_apply,
            sort_key=KEYS.index,
        )
    )
