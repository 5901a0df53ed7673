"""Writes to the carers register: a carer's record and the people they care for."""

import datetime

from django.db import transaction

from carers_portal.accounts.models import Team, User
from carers_portal.versioning import save_versioned
from triage.models import CaredForPerson, Carer, CaringRelationship
from triage.validators import normalise_nhs_number, normalise_postcode


@transaction.atomic
def carer_create(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date,
    postcode: str,
    preferred_contact: str,
    caring_hours: str,
    team: Team,
    email: str = "",
    phone: str = "",
    address_line_1: str = "",
    address_line_2: str = "",
    town: str = "",
    nhs_number: str = "",
    ethnicity: str = "",
    employment_status: str = "",
    consent_to_share: bool = False,
    user: User | None = None,
) -> Carer:
    carer = Carer(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        postcode=normalise_postcode(postcode),
        preferred_contact=preferred_contact,
        caring_hours=caring_hours,
        team=team,
        email=email,
        phone=phone,
        address_line_1=address_line_1,
        address_line_2=address_line_2,
        town=town,
        nhs_number=normalise_nhs_number(nhs_number),
        ethnicity=ethnicity,
        employment_status=employment_status,
        consent_to_share=consent_to_share,
        user=user,
    )
    carer.full_clean()
    carer.save()
    return carer


CARER_EDITABLE_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "date_of_birth",
        "email",
        "phone",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "preferred_contact",
        "nhs_number",
        "ethnicity",
        "employment_status",
        "caring_hours",
        "consent_to_share",
    }
)


@transaction.atomic
def carer_update(*, carer: Carer, version: int, **changes) -> Carer:
    unknown = set(changes) - CARER_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)} here")
    if "postcode" in changes:
        changes["postcode"] = normalise_postcode(changes["postcode"])
    if "nhs_number" in changes:
        changes["nhs_number"] = normalise_nhs_number(changes["nhs_number"])
    for name in ("first_name", "last_name"):
        if name in changes:
            changes[name] = changes[name].strip()
    return save_versioned(carer, version=version, changes=changes)


@transaction.atomic
def cared_for_person_add(
    *,
    carer: Carer,
    first_name: str,
    last_name: str,
    primary_support_reason: str,
    relationship: str,
    date_of_birth: datetime.date | None = None,
    nhs_number: str = "",
    lives_with_carer: bool = False,
    existing: CaredForPerson | None = None,
) -> CaringRelationship:
    """Link a cared-for person to a carer, creating the person unless `existing` is given."""
    person = existing
    if person is None:
        person = CaredForPerson(
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            date_of_birth=date_of_birth,
            nhs_number=normalise_nhs_number(nhs_number),
            primary_support_reason=primary_support_reason,
        )
        person.full_clean()
        person.save()
    link = CaringRelationship(
        carer=carer, cared_for=person, relationship=relationship, lives_with_carer=lives_with_carer
    )
    link.full_clean()
    link.save()
    return link
