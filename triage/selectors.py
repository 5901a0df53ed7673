import dataclasses
import datetime
from dataclasses import dataclass

import pghistory.models
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce, Collate, Upper
from django.db.models.lookups import StartsWith
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst

from carers_portal.accounts.models import Team, User
from carers_portal.accounts.roles import CASEWORK_ROLES, Role
from carers_portal.accounts.selectors import team_ids_for
from carers_portal.keyset import CappedCount, capped_counts, capped_counts_by
from carers_portal.postcodes import postcode_district
from carers_portal.read_once import read_once
from triage import rules
from triage.models import (
    NO_CLOCK,
    OPEN_REFERRAL_STATUSES,
    Carer,
    CaringRelationship,
    PostcodeDistrictTeam,
    Referral,
    ReferralStatus,
    Task,
    TaskKind,
    TaskStatus,
)
from triage.restrictions import exclude_restricted
from triage.validators import normalise_nhs_number, normalise_postcode


def carer_list_visible_to(user: User) -> QuerySet[Carer]:
    """The one scope for carers' records: lists and detail pages both start here.

    Casework staff see their teams' carers; a carer sees only their own record;
    everyone else sees none (commissioners get figures from reporting, not records).
    """
    carers = Carer.objects.select_related("team")
    if not user.is_authenticated or not user.is_active:
        return carers.none()
    if user.role in CASEWORK_ROLES:
        return exclude_restricted(carers.filter(team_id__in=team_ids_for(user)), user)
    if user.role == Role.CARER:
        return carers.filter(user=user)
    return carers.none()


def referral_list_visible_to(user: User) -> QuerySet[Referral]:
    """The one scope for referrals: casework staff see the referrals of their teams.

    A referral gets its team at intake (postcode district table, else the default intake
    team), so an unassigned self-referral is visible to that team's triage workers and
    managers. Carers and other roles see none; a referral is not yet a confirmed record.
    """
    referrals = Referral.objects.select_related("carer", "team", "assigned_to")
    if not user.is_authenticated or not user.is_active or user.role not in CASEWORK_ROLES:
        return referrals.none()
    return exclude_restricted(referrals.filter(team_id__in=team_ids_for(user)), user, "carer_id")


def task_list_visible_to(user: User) -> QuerySet[Task]:
    tasks = Task.objects.select_related("carer", "referral", "team", "assigned_to")
    if not user.is_authenticated or not user.is_active or user.role not in CASEWORK_ROLES:
        return tasks.none()
    return exclude_restricted(tasks.filter(team_id__in=team_ids_for(user)), user, "carer_id")


def task_list_open_for(user: User) -> QuerySet[Task]:
    return task_list_visible_to(user).filter(assigned_to=user, status=TaskStatus.OPEN)


# --- Team worktray ---------------------------------------------------------------------

TRAY_SHOW_CHOICES = (
    ("team", "Everything for my teams"),
    ("mine", "Mine"),
    ("unassigned", "Not assigned"),
)


@dataclass(frozen=True)
class TrayFilters:
    team_id: int | None = None
    show: str = "team"  # "team" | "mine" | "unassigned"
    kind: str = ""
    overdue: bool = False


def task_tray(
    *, user: User, filters: TrayFilters | None = None, today: datetime.date | None = None
) -> QuerySet[Task]:
    """Every open task of the user's teams, soonest due first (no date last).

    Served by the (team, status, due_on) index; the page loads its carer, referral, team and
    worker in the same query.
    """
    filters = filters or TrayFilters()
    tasks = task_list_visible_to(user).filter(status=TaskStatus.OPEN)
    if filters.team_id:
        tasks = tasks.filter(team_id=filters.team_id)
    if filters.show == "mine":
        tasks = tasks.filter(assigned_to=user)
    elif filters.show == "unassigned":
        tasks = tasks.filter(assigned_to__isnull=True)
    if filters.kind:
        tasks = tasks.filter(kind=filters.kind)
    if filters.overdue:
        tasks = tasks.filter(due_on__lt=today or timezone.localdate())
    return tasks.order_by(models.F("due_on").asc(nulls_last=True), "created_at", "id")


# The tray's keyset order: soonest due first, no date last (the task_open_*_tray indexes).
TRAY_KEYS = ("due_on", "created_at", "id")
TRAY_NULLS_LAST = frozenset({"due_on"})


@dataclass(frozen=True)
class TrayCounts:
    open: CappedCount
    mine: CappedCount
    unassigned: CappedCount
    overdue: CappedCount
    by_kind: dict[str, CappedCount]


def task_tray_counts(*, user: User, today: datetime.date | None = None) -> TrayCounts:
    """What the home page leads with, in one query over the teams' open tasks. Each count
    stops at the keyset cap ("More than 1,000"), so it costs the same at any size."""
    today = today or timezone.localdate()
    open_tasks = task_list_visible_to(user).filter(status=TaskStatus.OPEN)
    counts = capped_counts(
        {
            "open": open_tasks,
            "mine": open_tasks.filter(assigned_to=user),
            "unassigned": open_tasks.filter(assigned_to__isnull=True),
            "overdue": open_tasks.filter(due_on__lt=today),
            **capped_counts_by(open_tasks, "kind", TaskKind.values, prefix="kind_"),
        }
    )
    return TrayCounts(
        open=counts["open"],
        mine=counts["mine"],
        unassigned=counts["unassigned"],
        overdue=counts["overdue"],
        by_kind={kind: counts[f"kind_{kind}"] for kind in TaskKind.values},
    )


# --- Configuration ---------------------------------------------------------------------


def clock_settings() -> rules.ClockSettings:
    """Targets from Django settings (TRIAGE_<FIELD>, e.g. TRIAGE_TRIAGE_WORKING_DAYS), with the
    service's defaults."""
    values = {
        item.name: getattr(settings, f"TRIAGE_{item.name.upper()}")
        for item in dataclasses.fields(rules.ClockSettings)
        if item.name != "bank_holidays" and hasattr(settings, f"TRIAGE_{item.name.upper()}")
    }
    return rules.ClockSettings(
        **values,
        bank_holidays=frozenset(
            datetime.date.fromisoformat(day) if isinstance(day, str) else day
            for day in getattr(settings, "TRIAGE_BANK_HOLIDAYS", ())
        ),
    )


def intake_team_for_young_carer() -> Team | None:
    """Under-18s go to the team named in settings.TRIAGE_YOUNG_CARERS_TEAM, if any: a young
    carer's needs assessment is a Children Act 1989 s17ZA duty, not a Care Act s10 one."""
    name = getattr(settings, "TRIAGE_YOUNG_CARERS_TEAM", "")
    return Team.objects.filter(name=name).first() if name else None


def intake_team_for_postcode(postcode: str) -> Team | None:
    """The team a new referral goes to: by postcode district, else the default intake team.

    The default is settings.TRIAGE_DEFAULT_INTAKE_TEAM (a team name); failing that, the
    first team, so no referral is ever left with no team to see it.
    """
    district = postcode_district(postcode)
    route = (
        PostcodeDistrictTeam.objects.select_related("team").filter(district=district).first()
        if district
        else None
    )
    if route is not None:
        return route.team
    default_name = getattr(settings, "TRIAGE_DEFAULT_INTAKE_TEAM", "")
    team = Team.objects.filter(name=default_name).first() if default_name else None
    return team or Team.objects.order_by("id").first()


# --- Queue -----------------------------------------------------------------------------


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def referral_overdue_q(*, today: datetime.date | None = None) -> Q:
    """SQL twin of rules.referral_breaches: the same cutoffs, as one filter."""
    cutoffs = rules.overdue_cutoffs(today or timezone.localdate(), clock_settings())
    awaiting = Q(status=ReferralStatus.AWAITING_TRIAGE)
    return (
        (
            awaiting
            & Q(urgent_at_intake=True)
            & Q(received_at__lt=_start_of_day(cutoffs.urgent_triage))
        )
        | (awaiting & Q(urgent_at_intake=False) & Q(received_at__lt=_start_of_day(cutoffs.triage)))
        | (
            Q(status__in=[ReferralStatus.TRIAGED, ReferralStatus.ASSIGNED])
            & Q(pathway__in=rules.ASSESSMENT_PATHWAYS)
            & Q(assessment_started_at__isnull=True)
            & (
                Q(
                    priority=rules.URGENT,
                    received_at__lt=_start_of_day(cutoffs.assessment["urgent"]),
                )
                | Q(priority=rules.HIGH, received_at__lt=_start_of_day(cutoffs.assessment["high"]))
                | (
                    ~Q(priority__in=[rules.URGENT, rules.HIGH])
                    & Q(received_at__lt=_start_of_day(cutoffs.assessment["standard"]))
                )
            )
        )
    )


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    priority: str = ""
    team_id: int | None = None
    worker_id: int | None = None
    source: str = ""
    overdue: bool = False
    query: str = ""


def _postcode_prefix(query: str) -> str:
    compact = query.replace(" ", "").upper()
    return normalise_postcode(compact) if len(compact) >= 5 else compact


# Carers and referrals in name order, case-insensitively: the expressions of the
# carer_name_order, referral_name_order and referral_open_name_search indexes. Collated "C", a
# surname prefix (LIKE 'SMITH%') is one range of those indexes, already in the order shown.
_SURNAME = Collate(Upper("last_name"), "C")
_FORENAME = Collate(Upper("first_name"), "C")
NAME_ORDER = (_SURNAME, _FORENAME, "id")
# The same order as keyset keys, for a list that annotates them (with_name_keys).
NAME_KEYS = ("surname_key", "forename_key", "id")


def with_name_keys(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(surname_key=_SURNAME, forename_key=_FORENAME).order_by(*NAME_KEYS)


def _name_q(query: str) -> Q:
    """Surname prefix, or first-name and surname prefixes: each a range of a name index."""
    parts = query.split()
    if not parts:
        return Q(pk__in=[])
    condition = Q(StartsWith(_SURNAME, parts[-1].upper()))
    if len(parts) >= 2:
        condition &= Q(StartsWith(_FORENAME, parts[0].upper()))
    return condition


def referral_search_q(query: str) -> Q:
    """Reference (exact, with or without "CSS-"), postcode prefix, or name prefix."""
    query = query.strip()
    if not query:
        return Q()
    compact = query.replace(" ", "").upper()
    condition = _name_q(query)
    if rules.could_be_reference(compact):
        code = compact.removeprefix(rules.REFERENCE_PREFIX)
        condition |= Q(reference=compact) | Q(reference=rules.REFERENCE_PREFIX + code)
    if any(ch.isdigit() for ch in compact) and 2 <= len(compact) <= 7:
        condition |= Q(postcode__startswith=_postcode_prefix(query))
    return condition


# The queue's order: priority, then time left on the clock (a stopped clock last), then age.
# Its keyset pages and the open-work indexes on Referral follow it.
QUEUE_KEYS = ("queue_rank", "clock_key", "received_at", "id")
QUEUE_NULLS_LAST: frozenset[str] = frozenset()
# A stopped clock sorts after every running one. As a value rather than a NULL, the queue's
# keys have no NULLs, so a keyset page is one row comparison the open-work indexes start from.
QUEUE_CLOCK = Coalesce("clock_due_on", Value(NO_CLOCK))


def referral_queue(*, user: User, filters: QueueFilters) -> QuerySet[Referral]:
    """The triage queue: open referrals by priority (provisional before triage, so "help
    today" at intake is urgent), then by time left on the running clock, then oldest first."""
    referrals = referral_list_visible_to(user)
    if filters.status:
        referrals = referrals.filter(status=filters.status)
    else:
        referrals = referrals.filter(status__in=OPEN_REFERRAL_STATUSES)
    if filters.priority:
        referrals = referrals.filter(priority=filters.priority)
    if filters.team_id:
        referrals = referrals.filter(team_id=filters.team_id)
    if filters.worker_id:
        referrals = referrals.filter(assigned_to_id=filters.worker_id)
    if filters.source:
        referrals = referrals.filter(source=filters.source)
    if filters.overdue:
        referrals = referrals.filter(referral_overdue_q())
    if filters.query:
        referrals = referrals.filter(referral_search_q(filters.query))
    return referrals.annotate(clock_key=QUEUE_CLOCK).order_by(*QUEUE_KEYS)


def referral_queue_rows(*, user: User, filters: QueueFilters) -> QuerySet[Referral]:
    """The queue as its table shows it: the team and worker joined, not the carer's record
    (the table says only whether there is one), so a page loads 25 referrals, not 50 rows."""
    return (
        referral_queue(user=user, filters=filters)
        .select_related(None)
        .select_related("team", "assigned_to")
    )


def referral_status_counts(*, user: User) -> dict[str, CappedCount]:
    """How many open referrals of the user's teams are at each status, each count stopping at
    the keyset cap ("More than 1,000"), so the queue costs the same at any size: one query."""
    return capped_counts(
        capped_counts_by(
            referral_list_visible_to(user), "status", [s.value for s in OPEN_REFERRAL_STATUSES]
        )
    )


def referral_awaiting_assessment_for(
    carer: Carer, *, started_on: datetime.date | None = None
) -> Referral | None:
    """The carer's referral whose assessment has not started yet, oldest first: starting an
    assessment from the carer's record stops that referral's clock too. An assessment answers
    only a referral received by the day it started."""
    on_or_before = started_on or timezone.localdate()
    return (
        Referral.objects.filter(
            carer=carer,
            received_at__lt=_start_of_day(on_or_before + datetime.timedelta(days=1)),
            status__in=(
                ReferralStatus.AWAITING_TRIAGE,
                ReferralStatus.TRIAGED,
                ReferralStatus.ASSIGNED,
            ),
            assessment_started_at__isnull=True,
        )
        .order_by("received_at", "id")
        .first()
    )


def referral_breaches_for(
    referral: Referral,
    *,
    today: datetime.date | None = None,
    config: rules.ClockSettings | None = None,
):
    """The clock's breaches for a referral; a list passes `config` read once for its rows."""
    return rules.referral_breaches(
        status=referral.status,
        received_on=timezone.localdate(referral.received_at),
        urgent_at_intake=referral.urgent_at_intake,
        pathway=referral.pathway,
        priority=referral.priority,
        assessment_started=referral.assessment_started_at is not None,
        today=today or timezone.localdate(),
        config=config or clock_settings(),
    )


# --- Duplicates ------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateCandidate:
    carer: Carer
    reasons: tuple[str, ...]


def carer_duplicate_candidates(
    *, referral: Referral, user: User
) -> tuple[list[DuplicateCandidate], int]:
    """Likely existing records for the referred carer, and how many more lie outside scope.

    Matches on NHS number, on surname and date of birth, or on surname and postcode.
    Records outside the worker's teams are counted, never shown.
    """
    match = Q(last_name__iexact=referral.last_name, date_of_birth=referral.date_of_birth) | Q(
        last_name__iexact=referral.last_name, postcode=normalise_postcode(referral.postcode)
    )
    nhs_number = normalise_nhs_number(referral.nhs_number)
    if nhs_number:
        match |= Q(nhs_number=nhs_number)
    all_matches = Carer.objects.filter(match)
    visible = list(
        carer_list_visible_to(user)
        .filter(match)
        .prefetch_related("relationships__cared_for")
        .order_by("last_name", "first_name", "id")[:20]
    )
    hidden = (
        all_matches.exclude(pk__in=carer_list_visible_to(user).values("pk")).count()
        if user.role in CASEWORK_ROLES
        else 0
    )
    candidates = []
    for carer in visible:
        reasons = []
        if nhs_number and carer.nhs_number == nhs_number:
            reasons.append("Same NHS number")
        same_surname = carer.last_name.lower() == referral.last_name.lower()
        if same_surname and carer.date_of_birth == referral.date_of_birth:
            reasons.append("Same surname and date of birth")
        if same_surname and carer.postcode == normalise_postcode(referral.postcode):
            reasons.append("Same surname and postcode")
        candidates.append(DuplicateCandidate(carer=carer, reasons=tuple(reasons)))
    return candidates, hidden


# --- Carers register -------------------------------------------------------------------


def carer_search(*, user: User, query: str = "") -> QuerySet[Carer]:
    carers = with_name_keys(carer_list_visible_to(user))
    query = query.strip()
    if not query:
        return carers
    compact = query.replace(" ", "")
    if compact.isdigit() and len(compact) == 10:
        return carers.filter(nhs_number=compact)
    condition = _name_q(query)
    if any(ch.isdigit() for ch in compact) and 2 <= len(compact) <= 7:
        condition |= Q(postcode__startswith=_postcode_prefix(query))
    return carers.filter(condition)


def caring_relationships_for(carer: Carer) -> QuerySet[CaringRelationship]:
    return CaringRelationship.objects.filter(carer=carer).select_related("cared_for")


def referral_list_for_carer(*, user: User, carer: Carer) -> QuerySet[Referral]:
    return referral_list_visible_to(user).filter(carer=carer).order_by("-received_at")


def referrals_of_carer_on_record(*, user: User, carer: Carer) -> list[Referral]:
    """The carer's referrals, newest first, read once for the record page and its panels."""
    return read_once(
        carer,
        f"referrals:{user.pk}",
        # The record shows the referrals' own fields only: no joins to plan.
        lambda: list(referral_list_for_carer(user=user, carer=carer).select_related(None)),
    )


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    changes: list[tuple[str, str, str]]


HISTORY_LABELS = {
    "triage.Carer": "Carer record",
    "triage.CaringRelationship": "Cared-for link",
    "triage.Referral": "Referral",
    "triage.Task": "Task",
    "triage.ChangeRequest": "Change the carer asked for",
}


def _readable_value(field, value) -> str:
    if value in (None, ""):
        return ""
    if field is None:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is not None:
            return date_format(timezone.localtime(moment), "j M Y H:i")
    elif isinstance(field, models.DateField):
        day = parse_date(str(value))
        if day is not None:
            return date_format(day, "j M Y")
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    return str(value)


def _model_name(model_label: str) -> str:
    """Other apps' records that point at a carer ("Assessment"), not "assessments.Assessment"."""
    try:
        return capfirst(apps.get_model(model_label)._meta.verbose_name)
    except LookupError:
        return model_label


def _readable_change(model_label: str, name: str, before, after) -> tuple[str, str, str]:
    """Field labels and display values as the forms show them, not column names and codes
    ("Priority: Urgent", not "proposed_priority: urgent"; "Carer: Jo Bloggs", not "carer id: 201")."""
    try:
        fields = {f.attname: f for f in apps.get_model(model_label)._meta.concrete_fields}
    except LookupError:
        fields = {}
    field = fields.get(name)
    label = str(field.verbose_name) if field is not None else name.replace("_", " ")
    return label, _readable_value(field, before), _readable_value(field, after)


def _history(obj, labels: dict[str, str] = HISTORY_LABELS) -> list[HistoryEntry]:
    """Events on `obj` and on rows that point at it (pghistory records; the middleware
    attaches the signed-in user to each)."""
    events = list(pghistory.models.Events.objects.references(obj).order_by("-pgh_created_at")[:100])
    user_ids = {
        (event.pgh_context or {}).get("user")
        for event in events
        if (event.pgh_context or {}).get("user")
    }
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)}
    entries = []
    for event in events:
        context = event.pgh_context or {}
        who = names.get(context.get("user"), "The system")
        model_label = labels.get(event.pgh_obj_model) or _model_name(event.pgh_obj_model)
        what = f"{model_label} {'created' if event.pgh_label == 'insert' else 'changed'}"
        changes = []
        for name, diff in (event.pgh_diff or {}).items():
            if name in (
                "updated_at",
                "version",
                "created_at",
                "id",
                "queue_rank",
                "clock_due_on",
            ):
                continue
            if event.pgh_label == "insert":
                continue
            before, after = diff
            if isinstance(before, list | dict) or isinstance(after, list | dict):
                # Internal bookkeeping (sections completed, rule reasons) reads as noise.
                continue
            changes.append(_readable_change(event.pgh_obj_model, name, before, after))
        if event.pgh_label != "insert" and not changes:
            continue
        entries.append(HistoryEntry(event.pgh_created_at, who, what, changes))
    return entries


def carer_history(carer: Carer) -> list[HistoryEntry]:
    return _history(carer)


def referral_history(referral: Referral) -> list[HistoryEntry]:
    return _history(referral)
