"""Linking a referral to an existing carer record, after comparing them side by side.

Nothing is overwritten silently: the worker sees the referral and the record together, ticks
which of the referral's newer contact details to take, and says whether the person the
referral names is someone already on the record or someone to add. Each change is a normal
version-checked save, so the record's history says what changed, when and by whom.
"""

from dataclasses import dataclass

from django.db import transaction

from triage import services
from triage.models import Carer, Referral
from triage.validators import normalise_nhs_number, normalise_postcode

# What a worker may take from the referral: choice -> the record's fields it replaces.
TAKEABLE = {
    "phone": ("phone",),
    "email": ("email",),
    "address": ("address_line_1", "address_line_2", "town", "postcode"),
    "nhs_number": ("nhs_number",),
}
NEW_CARED_FOR = "new"


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    on_referral: str
    on_record: str
    choice: str  # a TAKEABLE key when the referral's value could replace the record's
    differs: bool


def _address(obj) -> str:
    parts = [obj.address_line_1, obj.address_line_2, obj.town, normalise_postcode(obj.postcode)]
    return ", ".join(part for part in parts if part)


def comparison(*, referral: Referral, carer: Carer) -> list[ComparisonRow]:
    def row(label, referral_value, record_value, choice=""):
        differs = (referral_value or "").strip().lower() != (record_value or "").strip().lower()
        # Only offer to take a value the referral actually has.
        return ComparisonRow(
            label,
            referral_value or "Not given",
            record_value or "Not recorded",
            choice if differs and referral_value else "",
            differs,
        )

    return [
        row("Name", referral.full_name, carer.full_name),
        row(
            "Date of birth",
            f"{referral.date_of_birth:%d %B %Y}".lstrip("0"),
            f"{carer.date_of_birth:%d %B %Y}".lstrip("0"),
        ),
        row("Address", _address(referral), _address(carer), "address"),
        row("Phone", referral.phone, carer.phone, "phone"),
        row("Email", referral.email, carer.email, "email"),
        row(
            "NHS number",
            normalise_nhs_number(referral.nhs_number),
            carer.nhs_number,
            "nhs_number",
        ),
    ]


def cared_for_choices(*, referral: Referral, carer: Carer) -> list[tuple[str, str]]:
    """The people on the record the referral's cared-for person might be, then "add"."""
    links = carer.relationships.select_related("cared_for").order_by("id")
    choices = [
        (str(link.cared_for_id), f"{link.cared_for} ({link.get_relationship_display().lower()})")
        for link in links
    ]
    return [
        *choices,
        (NEW_CARED_FOR, f"Add {referral.cared_for_full_name} as someone new they care for"),
    ]


def likely_cared_for(*, referral: Referral, carer: Carer) -> str:
    """Preselect a person on the record with the same name; when the record has nobody, the
    only answer is to add them; otherwise nothing (the worker decides)."""
    links = list(carer.relationships.select_related("cared_for"))
    if not links:
        return NEW_CARED_FOR
    for link in links:
        person = link.cared_for
        if (person.first_name.lower(), person.last_name.lower()) == (
            referral.cared_for_first_name.lower(),
            referral.cared_for_last_name.lower(),
        ):
            return str(person.pk)
    return ""


@transaction.atomic
def referral_link_compared(
    *,
    referral: Referral,
    version: int,
    carer: Carer,
    carer_version: int,
    take: set[str],
    cared_for: str,
) -> Referral:
    """Link, take the chosen details onto the record, and match or add the cared-for person."""
    unknown = take - set(TAKEABLE)
    if unknown:
        raise ValueError(f"Cannot take {sorted(unknown)} from a referral")
    referral = services.referral_link_carer(referral=referral, carer=carer, version=version)
    changes = {field: getattr(referral, field) for choice in take for field in TAKEABLE[choice]}
    if changes:
        services.carer_update(carer=carer, version=carer_version, **changes)
    if cared_for == NEW_CARED_FOR:
        services.cared_for_person_add(
            carer=carer,
            first_name=referral.cared_for_first_name,
            last_name=referral.cared_for_last_name,
            primary_support_reason=referral.cared_for_support_reason,
            relationship=referral.cared_for_relationship,
        )
    return referral
