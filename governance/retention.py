"""The retention schedule: what falls due, the lead's approval, and the purge.

Periods are settings (docs/governance.md gives defaults and sources), counted from the last
involvement. The nightly job only lists; nothing is removed until the information governance
lead approves a run, and the purge re-checks each record (a legal hold placed after listing
still protects it). Each purge writes tombstones: class, table, count, when, by whom.
"""

import datetime

import pghistory.models
import pgtrigger
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from carers_portal.accounts.models import AccessEvent
from emergency_cards.models import EmergencyPlan
from governance.export import paths_to
from governance.models import LegalHold, RetentionRun, RunStatus, Tombstone
from triage.models import CaredForPerson, Carer, Referral

# Years, by record class. Defaults and sources: docs/governance.md.
DEFAULT_YEARS = {
    "referral_closed": 2,
    "carer": 8,
    "emergency_plan_closed": 2,
    "audit": 6,
}
RECORD_CLASSES = list(DEFAULT_YEARS)


def retention_years() -> dict[str, int]:
    return {**DEFAULT_YEARS, **getattr(settings, "GOVERNANCE_RETENTION_YEARS", {})}


def _cutoff(record_class: str, as_of: datetime.date) -> datetime.datetime:
    years = retention_years()[record_class]
    day = as_of.replace(year=as_of.year - years, day=min(as_of.day, 28 if as_of.month == 2 else 31))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _held_carer_ids(as_of: datetime.date) -> set[int]:
    holds = LegalHold.objects.filter(released_at__isnull=True)
    carer_ids = set(holds.filter(carer__isnull=False).values_list("carer_id", flat=True))
    team_ids = holds.filter(team__isnull=False).values_list("team_id", flat=True)
    return carer_ids | set(Carer.objects.filter(team_id__in=team_ids).values_list("pk", flat=True))


def _open_work() -> list:
    """The carer's open records, each from a partial index of open rows by carer
    (governance migration 0004), which a county's mostly closed records leave small."""
    from assessments.models import Assessment
    from support_plans.models import SupportPlan
    from triage.models import Task

    return [
        Referral.objects.filter(carer=OuterRef("pk")).exclude(status="closed"),
        Task.objects.filter(carer=OuterRef("pk"), status="open"),
        Assessment.objects.filter(carer=OuterRef("pk")).exclude(status="completed"),
        SupportPlan.objects.filter(carer=OuterRef("pk")).exclude(status="closed"),
        EmergencyPlan.objects.filter(carer=OuterRef("pk")).exclude(status="closed"),
    ]


def _involved_since(cutoff: datetime.datetime) -> list:
    """The carer's records changed at or after the cutoff: referrals, assessments, support
    plans and emergency plans, and case notes written (a contact is involvement)."""
    from assessments.models import Assessment
    from support_plans.models import SupportPlan
    from triage.case_notes import CaseNote

    return [
        Referral.objects.filter(carer=OuterRef("pk"), updated_at__gte=cutoff),
        Assessment.objects.filter(carer=OuterRef("pk"), updated_at__gte=cutoff),
        SupportPlan.objects.filter(carer=OuterRef("pk"), updated_at__gte=cutoff),
        EmergencyPlan.objects.filter(carer=OuterRef("pk"), updated_at__gte=cutoff),
        CaseNote.objects.filter(carer=OuterRef("pk"), created_at__gte=cutoff),
    ]


def carers_due(as_of: datetime.date):
    """Carers with no open work whose last involvement is older than the period: one query.

    "The last involvement is before the cutoff" is asked as "the carer row is older, and none
    of their records is open or changed since", each a NOT EXISTS of its own. Separate NOT
    EXISTS clauses (not one NOT over ORed EXISTS) let PostgreSQL plan them as anti-joins and
    read the (carer, updated_at) and open-row indexes of migration 0004 in carer order, rather
    than grouping every carer's joined records to find their latest date. Figures over a
    million carers: docs/governance.md.
    """
    cutoff = _cutoff("carer", as_of)
    none_of = [~Exists(records) for records in (*_open_work(), *_involved_since(cutoff))]
    return (
        Carer.objects.filter(*none_of, updated_at__lt=cutoff)
        # The register's name order would sort every carer due for nothing.
        .order_by()
    )


def due_now(as_of: datetime.date) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    held = _held_carer_ids(as_of)
    carers = set(carers_due(as_of).values_list("pk", flat=True))
    referrals = set(
        Referral.objects.filter(
            carer__isnull=True, status="closed", closed_at__lt=_cutoff("referral_closed", as_of)
        ).values_list("pk", flat=True)
    )
    plans = dict(
        EmergencyPlan.objects.filter(
            status="closed", updated_at__lt=_cutoff("emergency_plan_closed", as_of)
        )
        .exclude(carer_id__in=carers)
        .values_list("pk", "carer_id")
    )
    audit = AccessEvent.objects.filter(occurred_at__lt=_cutoff("audit", as_of))
    due = {
        "carer": sorted(carers - held),
        "referral_closed": sorted(referrals),
        "emergency_plan_closed": sorted(pk for pk, c in plans.items() if c not in held),
        "audit": sorted(audit.exclude(carer_id__in=held).values_list("pk", flat=True)),
    }
    on_hold = {
        "carer": sorted(carers & held),
        "emergency_plan_closed": sorted(pk for pk, c in plans.items() if c in held),
    }
    return due, on_hold


def retention_list_due(*, as_of: datetime.date | None = None) -> RetentionRun:
    """The nightly dry run. An older run still awaiting approval is superseded."""
    as_of = as_of or timezone.localdate()
    due, held = due_now(as_of)
    with transaction.atomic():
        RetentionRun.objects.filter(status=RunStatus.DRY_RUN).update(status=RunStatus.SUPERSEDED)
        return RetentionRun.objects.create(as_of=as_of, due=due, held=held)


@transaction.atomic
def retention_approve(*, run: RetentionRun, by) -> RetentionRun:
    if run.status != RunStatus.DRY_RUN:
        raise ValidationError("Only the latest run awaiting approval can be approved.")
    run.status = RunStatus.APPROVED
    run.approved_by = by
    run.approved_at = timezone.now()
    run.save()
    return run


def _delete_graph(target, ids: list[int], record_class: str, counts: dict) -> None:
    """Every row reaching `target` rows `ids` (the records, their history, and the records
    hanging off them). Foreign keys are deferred to commit, so the order does not matter."""
    for model, lookups in paths_to(target).items():
        condition = Q()
        for lookup in lookups:
            condition |= Q(pk__in=ids) if lookup == "" else Q(**{f"{lookup}__in": ids})
        queryset = model._base_manager.filter(condition)
        deleted = queryset._raw_delete(queryset.db)
        if deleted:
            key = (record_class, model._meta.label)
            counts[key] = counts.get(key, 0) + deleted


def _delete_carers(ids: list[int], counts: dict) -> None:
    cared_for = list(
        CaredForPerson.objects.filter(relationships__carer_id__in=ids)
        .exclude(relationships__carer_id__in=Carer.objects.exclude(pk__in=ids).values("pk"))
        .values_list("pk", flat=True)
        .distinct()
    )
    _delete_graph(Carer, ids, "carer", counts)
    _delete_graph(CaredForPerson, cared_for, "carer", counts)
    events = AccessEvent.objects.filter(carer_id__in=ids)
    deleted = events._raw_delete(events.db)
    if deleted:
        counts[("carer", AccessEvent._meta.label)] = deleted


def _delete_old_history(cutoff: datetime.datetime, counts: dict) -> None:
    for model in apps.get_models():
        if issubclass(model, pghistory.models.Event):
            rows = model._base_manager.filter(pgh_created_at__lt=cutoff)
            deleted = rows._raw_delete(rows.db)
            if deleted:
                counts[("audit", model._meta.label)] = deleted


def retention_purge(*, run: RetentionRun) -> list[Tombstone]:
    """Remove what the approved run listed and is still due (holds re-checked now)."""
    with transaction.atomic():
        run = RetentionRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.APPROVED:
            raise ValidationError("This run is not approved, or has already been purged.")
        still_due, _held = due_now(run.as_of)
        wanted = {k: sorted(set(run.due.get(k, [])) & set(still_due[k])) for k in still_due}
        counts: dict[tuple[str, str], int] = {}
        # The purge is the one writer allowed past the append-only and no-delete triggers.
        with pgtrigger.ignore():
            if wanted["carer"]:
                _delete_carers(wanted["carer"], counts)
            if wanted["referral_closed"]:
                _delete_graph(Referral, wanted["referral_closed"], "referral_closed", counts)
            if wanted["emergency_plan_closed"]:
                _delete_graph(
                    EmergencyPlan, wanted["emergency_plan_closed"], "emergency_plan_closed", counts
                )
            if wanted["audit"]:
                rows = AccessEvent.objects.filter(pk__in=wanted["audit"])
                counts[("audit", AccessEvent._meta.label)] = rows._raw_delete(rows.db)
                _delete_old_history(_cutoff("audit", run.as_of), counts)
        run.status = RunStatus.PURGED
        run.purged_at = timezone.now()
        run.due = {k: len(v) for k, v in wanted.items()}  # ids of removed rows are not kept
        run.save()
        return [
            Tombstone.objects.create(
                run=run, record_class=cls, table=table, count=n, approved_by=run.approved_by
            )
            for (cls, table), n in sorted(counts.items())
        ]
