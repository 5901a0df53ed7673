"""A referral from intake to a triage decision: create, correct, link, triage, assign, close."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from carers_portal.accounts.models import Team, User
from carers_portal.versioning import save_versioned, update_bumping_version
from triage import rules
from triage.case_notes import case_note_from_triage
from triage.exceptions import TriageNotReady
from triage.messages import referral_received_queue
from triage.models import (
    YOUNG_CARER_AGE,
    Carer,
    GPPractice,
    Referral,
    ReferralStatus,
    Task,
    TaskKind,
    TaskStatus,
    age_on,
)
from triage.selectors import intake_team_for_postcode, intake_team_for_young_carer
from triage.services.carers import cared_for_person_add, carer_create
from triage.services.queue import pathway_tasks_create, requeue, triage_task_create
from triage.services.tasks import referral_tasks_complete
from triage.validators import normalise_nhs_number, normalise_postcode

REFERENCE_ALPHABET = rules.REFERENCE_ALPHABET
REFERENCE_LENGTH = rules.REFERENCE_LENGTH


def referral_reference_new() -> str:
    """Random rather than sequential, so a reference says nothing about others."""
    return "CSS-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


REFERRAL_DETAIL_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "postcode",
    "address_line_1",
    "address_line_2",
    "town",
    "phone",
    "email",
    "nhs_number",
    "preferred_contact",
    "caring_hours",
    "cared_for_first_name",
    "cared_for_last_name",
    "cared_for_relationship",
    "cared_for_support_reason",
    "reason",
    "consent",
    "urgent_at_intake",
    "source",
    "referrer_name",
    "referrer_organisation",
    "referrer_contact",
    "gp_practice",
)


def _clean_details(details: dict) -> dict:
    cleaned = dict(details)
    if "postcode" in cleaned:
        cleaned["postcode"] = normalise_postcode(cleaned["postcode"])
    if "nhs_number" in cleaned:
        cleaned["nhs_number"] = normalise_nhs_number(cleaned["nhs_number"] or "")
    for name in ("first_name", "last_name", "cared_for_first_name", "cared_for_last_name"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


@transaction.atomic
def referral_create(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date,
    postcode: str,
    preferred_contact: str,
    caring_hours: str,
    cared_for_first_name: str,
    cared_for_last_name: str,
    cared_for_relationship: str,
    cared_for_support_reason: str,
    reason: str,
    consent: bool,
    source: str,
    address_line_1: str = "",
    address_line_2: str = "",
    town: str = "",
    phone: str = "",
    email: str = "",
    nhs_number: str = "",
    urgent_at_intake: bool = False,
    referrer_name: str = "",
    referrer_organisation: str = "",
    referrer_contact: str = "",
    gp_practice: GPPractice | None = None,
    team: Team | None = None,
    received_at: datetime.datetime | None = None,
) -> Referral:
    """Put a new referral in the triage queue of the team that covers its postcode."""
    details = _clean_details(
        {name: value for name, value in locals().items() if name in REFERRAL_DETAIL_FIELDS}
    )
    if team is None and age_on(date_of_birth, timezone.localdate()) < YOUNG_CARER_AGE:
        team = intake_team_for_young_carer()
    referral = Referral(
        **details,
        team=team or intake_team_for_postcode(details["postcode"]),
        received_at=received_at or timezone.now(),
        reference=referral_reference_new(),
    )
    referral.full_clean(exclude=["reference"])
    for _attempt in range(5):
        try:
            with transaction.atomic():
                referral.save()
            break
        except IntegrityError:
            referral.pk = None
            referral.reference = referral_reference_new()
    else:
        raise RuntimeError("Could not allocate a unique referral reference")
    if referral.team is not None:
        triage_task_create(referral)
    requeue(referral)
    referral_received_queue(referral)
    return referral


@transaction.atomic
def referral_update(*, referral: Referral, version: int, **changes) -> Referral:
    """Correct what was typed at intake (conflict-safe)."""
    unknown = set(changes) - set(REFERRAL_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)} here")
    return save_versioned(referral, version=version, changes=_clean_details(changes))


@transaction.atomic
def referral_link_carer(*, referral: Referral, carer: Carer, version: int) -> Referral:
    """Link the referral to an existing carer record the worker judged to be the same person."""
    return save_versioned(referral, version=version, changes={"carer": carer})


@transaction.atomic
def referral_carer_create(*, referral: Referral, version: int) -> Referral:
    """The worker confirmed this is a new carer: create the record from what was typed."""
    if referral.carer_id is not None:
        raise TriageNotReady("This referral is already linked to a carer")
    team = referral.team
    if team is None:
        raise TriageNotReady("Give the referral a team before creating the carer record")
    # Claim the referral first, so a concurrent save cannot leave a second carer behind.
    referral = save_versioned(referral, version=version)
    carer = carer_create(
        first_name=referral.first_name,
        last_name=referral.last_name,
        date_of_birth=referral.date_of_birth,
        postcode=referral.postcode,
        preferred_contact=referral.preferred_contact,
        caring_hours=referral.caring_hours,
        team=team,
        email=referral.email,
        phone=referral.phone,
        address_line_1=referral.address_line_1,
        address_line_2=referral.address_line_2,
        town=referral.town,
        nhs_number=referral.nhs_number,
        consent_to_share=referral.consent,
    )
    cared_for_person_add(
        carer=carer,
        first_name=referral.cared_for_first_name,
        last_name=referral.cared_for_last_name,
        primary_support_reason=referral.cared_for_support_reason,
        relationship=referral.cared_for_relationship,
    )
    Referral.objects.filter(pk=referral.pk).update(carer=carer)
    referral.refresh_from_db()
    return referral


@transaction.atomic
def referral_triage_record(
    *,
    referral: Referral,
    version: int,
    caring_hours: str,
    health_impact: str,
    breakdown_risk: str,
    carer_hospital_admission: bool,
    urgency: str,
    notes: str = "",
) -> tuple[Referral, rules.TriageProposal]:
    """Save the triage conversation and what the rules propose from it."""
    if referral.status == ReferralStatus.CLOSED:
        raise TriageNotReady("This referral is closed")
    proposal = rules.triage_proposal(
        rules.TriageAnswers(
            caring_hours=caring_hours,
            health_impact=health_impact,
            breakdown_risk=breakdown_risk,
            carer_hospital_admission=carer_hospital_admission,
            urgency=urgency,
        )
    )
    referral = save_versioned(
        referral,
        version=version,
        changes={
            "triage_caring_hours": caring_hours,
            "health_impact": health_impact,
            "breakdown_risk": breakdown_risk,
            "carer_hospital_admission": carer_hospital_admission,
            "urgency": urgency,
            "triage_notes": notes,
            "proposed_priority": proposal.priority,
            "proposed_pathway": proposal.pathway,
        },
    )
    requeue(referral)
    return referral, proposal


@transaction.atomic
def referral_triage_complete(
    *,
    referral: Referral,
    version: int,
    priority: str,
    pathway: str,
    override_reason: str,
    by: User,
) -> Referral:
    """Decide priority and pathway; a decision that differs from the proposal needs a reason."""
    if not referral.proposed_priority or not referral.proposed_pathway:
        raise TriageNotReady("Answer the triage questions first")
    if referral.carer_id is None:
        raise TriageNotReady("Link this referral to a carer record before completing triage")
    overridden = (priority, pathway) != (referral.proposed_priority, referral.proposed_pathway)
    if overridden and not override_reason.strip():
        raise TriageNotReady("Give a reason for changing the proposed priority or pathway")
    now = timezone.now()
    referral = save_versioned(
        referral,
        version=version,
        changes={
            "priority": priority,
            "pathway": pathway,
            "override_reason": override_reason.strip() if overridden else "",
            "status": ReferralStatus.ASSIGNED
            if referral.assigned_to_id
            else ReferralStatus.TRIAGED,
            "triaged_at": now,
            "triaged_by": by,
        },
    )
    referral_tasks_complete(referral=referral, kind=TaskKind.TRIAGE_REFERRAL)
    case_note_from_triage(referral=referral, author=by)
    if referral.team is not None:
        pathway_tasks_create(referral=referral)
    requeue(referral)
    return referral


@transaction.atomic
def referral_assign(
    *,
    referral: Referral,
    version: int,
    team: Team,
    assigned_to: User | None,
    reason: str = "",
) -> Referral:
    if assigned_to is not None and not assigned_to.teams.filter(pk=team.pk).exists():
        raise TriageNotReady(f"{assigned_to} is not a member of {team}")
    status = referral.status
    if assigned_to is not None and status == ReferralStatus.TRIAGED:
        status = ReferralStatus.ASSIGNED
    elif assigned_to is None and status == ReferralStatus.ASSIGNED:
        status = ReferralStatus.TRIAGED
    referral = save_versioned(
        referral,
        version=version,
        changes={
            "team": team,
            "assigned_to": assigned_to,
            "status": status,
            "assignment_reason": reason.strip(),
        },
    )
    update_bumping_version(
        Task.objects.filter(referral=referral, status=TaskStatus.OPEN),
        team=team,
        assigned_to=assigned_to,
    )
    return referral


@transaction.atomic
def referral_close(*, referral: Referral, version: int, reason: str, detail: str = "") -> Referral:
    """Close with the reason recorded; a referral already closed is not closed again."""
    if referral.status == ReferralStatus.CLOSED:
        raise TriageNotReady("This referral is closed")
    if not reason:
        raise ValidationError({"closed_reason": "Select why you are closing the referral"})
    referral = save_versioned(
        referral,
        version=version,
        changes={
            "status": ReferralStatus.CLOSED,
            "closed_at": timezone.now(),
            "closed_reason": reason,
            "closed_detail": detail.strip(),
        },
    )
    update_bumping_version(
        Task.objects.filter(referral=referral, status=TaskStatus.OPEN),
        status=TaskStatus.DONE,
        completed_at=timezone.now(),
    )
    requeue(referral)
    return referral


# Triage can be finished or not when the assessment starts: an assessor may start one from
# the carer's record for a referral still in the queue.
_BEFORE_ASSESSMENT = (
    ReferralStatus.AWAITING_TRIAGE,
    ReferralStatus.TRIAGED,
    ReferralStatus.ASSIGNED,
)


@transaction.atomic
def referral_mark_assessment_started(*, referral: Referral) -> None:
    """Called by the assessments app: the referral becomes "Assessment started", its
    assessment-start clock stops and its start-assessment (and triage) tasks are done.

    Idempotent, and deliberately version-free: starting an assessment must not fail
    because someone else edited the referral's details.
    """
    update_bumping_version(
        Referral.objects.filter(pk=referral.pk, assessment_started_at__isnull=True),
        assessment_started_at=timezone.now(),
    )
    update_bumping_version(
        Referral.objects.filter(pk=referral.pk, status__in=_BEFORE_ASSESSMENT),
        status=ReferralStatus.ASSESSMENT_STARTED,
    )
    referral_tasks_complete(referral=referral, kind=TaskKind.START_ASSESSMENT)
    referral_tasks_complete(referral=referral, kind=TaskKind.TRIAGE_REFERRAL)
    referral.refresh_from_db()
    requeue(referral)


ASSESSMENT_OUTCOME_STATUSES = {
    "eligible": ReferralStatus.ELIGIBLE,
    "not_eligible": ReferralStatus.NOT_ELIGIBLE,
    "declined": ReferralStatus.ASSESSMENT_DECLINED,
}


@transaction.atomic
def referral_record_assessment_outcome(*, referral: Referral, outcome: str) -> None:
    """Called by the assessments app when the assessment is completed (declined included):
    the referral moves to its outcome and leaves the queue. Version-free like the start."""
    status = ASSESSMENT_OUTCOME_STATUSES[outcome]
    update_bumping_version(
        Referral.objects.filter(pk=referral.pk).exclude(status=ReferralStatus.CLOSED),
        status=status,
    )
    referral_tasks_complete(referral=referral, kind=TaskKind.START_ASSESSMENT)
    referral.refresh_from_db()
    requeue(referral)
