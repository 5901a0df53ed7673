import datetime

from django.db import transaction

from carers_portal.accounts.models import Team, User
from triage.models import CaredForPerson, Carer, CaringRelationship, Task, TaskKind
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


@transaction.atomic
def task_create(
    *,
    kind: str,
    title: str,
    team: Team,
    carer: Carer | None = None,
    referral=None,
    assigned_to: User | None = None,
    due_on: datetime.date | None = None,
) -> Task:
    """Put an item on a team's worklist (or a worker's, when `assigned_to` is given)."""
    if kind not in TaskKind.values:
        raise ValueError(f"Unknown task kind {kind!r}")
    task = Task(
        kind=kind,
        title=title[:200],
        team=team,
        carer=carer,
        referral=referral,
        assigned_to=assigned_to,
        due_on=due_on,
    )
    task.full_clean()
    task.save()
    return task
