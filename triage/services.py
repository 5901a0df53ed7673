import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone

from carers_portal.accounts.models import Team, User
from carers_portal.versioning import save_versioned
from triage import rules
from triage.case_notes import case_note_from_triage
from triage.exceptions import EditConflict, TriageNotReady
from triage.models import (
    YOUNG_CARER_AGE,
    CaredForPerson,
    Carer,
    CaringRelationship,
    Referral,
    ReferralStatus,
    Task,
    TaskKind,
    TaskStatus,
    age_on,
)
from triage.selectors import (
    clock_settings,
    intake_team_for_postcode,
    intake_team_for_young_carer,
)
from triage.validators import normalise_nhs_number, normalise_postcode

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: references are read out over the phone.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
REFERENCE_LENGTH = 6


def _conditional_update(obj: Model, *, version: int, changes: dict) -> Model:
    """Write `changes` only if nobody has saved since `version` was read; bump the version.

    The row is validated first, so nothing half-valid is written; 0 rows updated means a
    concurrent save won, and the caller's user is told instead of overwriting it.
    """
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    extra = {"updated_at": timezone.now()} if hasattr(obj, "updated_at") else {}
    updated = (
        type(obj)
        .objects.filter(pk=obj.pk, version=version)
        .update(**changes, **extra, version=F("version") + 1)
    )
    if updated == 0:
        raise EditConflict
    obj.refresh_from_db()
    return obj


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
    return _conditional_update(carer, version=version, changes=changes)


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
    referral: Referral | None = None,
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


@transaction.atomic
def task_claim(*, task: Task, version: int, user: User) -> Task:
    """A member of the task's team takes it on."""
    return task_assign(task=task, version=version, assigned_to=user)


@transaction.atomic
def task_assign(*, task: Task, version: int, assigned_to: User | None) -> Task:
    """Give an open task to a member of its team, or put it back in the team's tray."""
    if task.status != TaskStatus.OPEN:
        raise TriageNotReady("This task is already done")
    if assigned_to is not None and not assigned_to.teams.filter(pk=task.team_id).exists():
        raise TriageNotReady(f"{assigned_to} is not a member of {task.team}")
    return save_versioned(task, version=version, changes={"assigned_to": assigned_to})


def _requeue(referral: Referral) -> None:
    """Keep the queue's order columns in step with the referral's priority and clock.

    Derived from fields the caller has just saved, so written without a version check.
    """
    position = rules.queue_position(
        status=referral.status,
        urgent_at_intake=referral.urgent_at_intake,
        priority=referral.priority,
        proposed_priority=referral.proposed_priority,
        pathway=referral.pathway,
        received_on=timezone.localdate(referral.received_at),
        assessment_started=referral.assessment_started_at is not None,
        config=clock_settings(),
    )
    Referral.objects.filter(pk=referral.pk).update(
        queue_rank=position.rank, clock_due_on=position.due_on
    )
    referral.queue_rank, referral.clock_due_on = position.rank, position.due_on


@transaction.atomic
def carer_tasks_complete(*, carer: Carer, kind: str) -> int:
    """Mark the carer's open tasks of `kind` done: the step they ask for has happened."""
    return Task.objects.filter(carer=carer, kind=kind, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, completed_at=timezone.now(), version=F("version") + 1
    )


def _tasks_complete(*, referral: Referral, kind: str) -> None:
    Task.objects.filter(referral=referral, kind=kind, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, completed_at=timezone.now(), version=F("version") + 1
    )


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
    config = clock_settings()
    received_on = timezone.localdate(referral.received_at)
    if referral.team is not None:
        due = rules.triage_task_due(
            received_on=received_on, urgent_at_intake=urgent_at_intake, config=config
        )
        task_create(
            kind=TaskKind.TRIAGE_REFERRAL,
            title=(
                f"Urgent: call today about referral {referral.reference}"
                if urgent_at_intake
                else f"Triage referral {referral.reference}"
            ),
            team=referral.team,
            referral=referral,
            due_on=due.on,
        )
    _requeue(referral)
    return referral


@transaction.atomic
def referral_update(*, referral: Referral, version: int, **changes) -> Referral:
    """Correct what was typed at intake (conflict-safe)."""
    unknown = set(changes) - set(REFERRAL_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)} here")
    return _conditional_update(referral, version=version, changes=_clean_details(changes))


@transaction.atomic
def referral_link_carer(*, referral: Referral, carer: Carer, version: int) -> Referral:
    """Link the referral to an existing carer record the worker judged to be the same person."""
    return _conditional_update(referral, version=version, changes={"carer": carer})


@transaction.atomic
def referral_carer_create(*, referral: Referral, version: int) -> Referral:
    """The worker confirmed this is a new carer: create the record from what was typed."""
    if referral.carer_id is not None:
        raise TriageNotReady("This referral is already linked to a carer")
    team = referral.team
    if team is None:
        raise TriageNotReady("Give the referral a team before creating the carer record")
    # Claim the referral first, so a concurrent save cannot leave a second carer behind.
    referral = _conditional_update(referral, version=version, changes={})
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
    referral = _conditional_update(
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
    _requeue(referral)
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
    referral = _conditional_update(
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
    _tasks_complete(referral=referral, kind=TaskKind.TRIAGE_REFERRAL)
    case_note_from_triage(referral=referral, author=by)
    if referral.team is not None:
        _pathway_tasks_create(referral=referral)
    _requeue(referral)
    return referral


def _pathway_tasks_create(*, referral: Referral) -> None:
    """The pathway's next steps on the team's tray, due by the priority's clock.

    Idempotent: a second decision on the same referral does not queue the same step twice.
    """
    config = clock_settings()
    open_kinds = set(
        Task.objects.filter(referral=referral, status=TaskStatus.OPEN).values_list(
            "kind", flat=True
        )
    )
    steps = []
    if referral.pathway in rules.ASSESSMENT_PATHWAYS and referral.assessment_started_at is None:
        due = rules.start_assessment_due(
            received_on=timezone.localdate(referral.received_at),
            priority=referral.priority,
            config=config,
        )
        steps.append(
            (TaskKind.START_ASSESSMENT, f"Start carer's assessment for {referral.carer}", due)
        )
    if referral.pathway == rules.EMERGENCY:
        due = rules.emergency_plan_due(triaged_on=timezone.localdate(), config=config)
        steps.append(
            (TaskKind.EMERGENCY_PLAN, f"Make an emergency plan with {referral.carer}", due)
        )
    for kind, title, due in steps:
        if kind in open_kinds:
            continue
        task_create(
            kind=kind,
            title=title,
            team=referral.team,
            carer=referral.carer,
            referral=referral,
            assigned_to=referral.assigned_to,
            due_on=due.on,
        )


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
    referral = _conditional_update(
        referral,
        version=version,
        changes={
            "team": team,
            "assigned_to": assigned_to,
            "status": status,
            "assignment_reason": reason.strip(),
        },
    )
    Task.objects.filter(referral=referral, status=TaskStatus.OPEN).update(
        team=team, assigned_to=assigned_to, version=F("version") + 1
    )
    return referral


@transaction.atomic
def referral_close(*, referral: Referral, version: int, reason: str, detail: str = "") -> Referral:
    """Close with the reason recorded; a referral already closed is not closed again."""
    if referral.status == ReferralStatus.CLOSED:
        raise TriageNotReady("This referral is closed")
    if not reason:
        raise ValidationError({"closed_reason": "Select why you are closing the referral"})
    referral = _conditional_update(
        referral,
        version=version,
        changes={
            "status": ReferralStatus.CLOSED,
            "closed_at": timezone.now(),
            "closed_reason": reason,
            "closed_detail": detail.strip(),
        },
    )
    Task.objects.filter(referral=referral, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, completed_at=timezone.now(), version=F("version") + 1
    )
    _requeue(referral)
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
    Referral.objects.filter(pk=referral.pk, assessment_started_at__isnull=True).update(
        assessment_started_at=timezone.now(), version=F("version") + 1
    )
    Referral.objects.filter(pk=referral.pk, status__in=_BEFORE_ASSESSMENT).update(
        status=ReferralStatus.ASSESSMENT_STARTED, version=F("version") + 1
    )
    _tasks_complete(referral=referral, kind=TaskKind.START_ASSESSMENT)
    _tasks_complete(referral=referral, kind=TaskKind.TRIAGE_REFERRAL)
    referral.refresh_from_db()
    _requeue(referral)


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
    Referral.objects.filter(pk=referral.pk).exclude(status=ReferralStatus.CLOSED).update(
        status=status, version=F("version") + 1
    )
    _tasks_complete(referral=referral, kind=TaskKind.START_ASSESSMENT)
    referral.refresh_from_db()
    _requeue(referral)


@dataclass(frozen=True)
class BulkAssignResult:
    assigned: list[Referral]
    changed_meanwhile: list[Referral]


def referrals_assign_many(
    *,
    referrals: list[tuple[Referral, int]],
    team: Team,
    assigned_to: User | None,
    reason: str,
) -> BulkAssignResult:
    """Assign several referrals at once, with the reason recorded on each.

    Each is version-checked on its own: one that someone changed meanwhile is left as it is
    and reported, without undoing the rest.
    """
    if not reason.strip():
        raise ValidationError({"reason": "Enter why you are assigning these referrals"})
    assigned, changed = [], []
    for referral, version in referrals:
        try:
            with transaction.atomic():
                assigned.append(
                    referral_assign(
                        referral=referral,
                        version=version,
                        team=team,
                        assigned_to=assigned_to,
                        reason=reason,
                    )
                )
        except EditConflict:
            changed.append(referral)
    return BulkAssignResult(assigned=assigned, changed_meanwhile=changed)
