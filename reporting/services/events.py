"""The carer event record, derived from the casework in set-based SQL.

One INSERT ... SELECT per event type (../shared/reference/cld-carers.md section 3) into a
temporary table, then one upsert into reporting_carerevent that touches only rows whose facts
changed (pghistory keeps the change), then one UPDATE that marks events the casework no longer
gives as withdrawn. Safe to run any number of times; run by the nightly job and on demand.

Reporting reads the other apps' tables here and writes only its own.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from reporting.models import EventRefresh

# Plans whose items were (or are) support the carer receives: a draft is only a proposal.
SERVICE_PLAN_STATUSES = ("agreed", "active", "under_review", "closed")
LIVE_PLAN_STATUSES = ("agreed", "active", "under_review")

_COLUMNS = (
    "key",
    "carer_id",
    "team_id",
    "event_type",
    "start_date",
    "end_date",
    "outcome",
    "route_of_access",
    "gp_practice_id",
    "assessment_kind",
    "assessment_type",
    "review_reason",
    "method_of_review",
    "service_type",
    "delivery_mechanism",
    "service_component",
    "unit_cost",
    "cost_frequency",
    "planned_units_per_week",
    "funding_stream",
    "information_advice",
    "specific_service",
)

# Information and advice recorded anywhere on the assessment's own plans: a plan item given
# as information and advice, or the plan's advice section (Care Act s25(1)(f)).
_PLAN_ADVICE = """EXISTS (
    SELECT 1 FROM support_plans_supportplan p
    LEFT JOIN support_plans_planitem i ON i.plan_id = p.id
        AND i.delivery_mechanism = 'information_advice'
    WHERE p.assessment_id = a.id AND p.status IN %(service_statuses)s
      AND (i.id IS NOT NULL OR btrim(p.advice_and_information) <> ''))"""

# A plan made from the assessment gives services (not only information and advice).
_PLAN_SERVICES = """(EXISTS (
    SELECT 1 FROM support_plans_supportplan p
    JOIN support_plans_planitem i ON i.plan_id = p.id
    WHERE p.assessment_id = a.id AND p.status IN %(service_statuses)s
      AND i.delivery_mechanism <> 'information_advice')
    OR EXISTS (SELECT 1 FROM support_plans_supportplan p
               WHERE p.assessment_id = a.id AND p.status IN %(service_statuses)s
                 AND p.direct_payment_amount > 0))"""

_REQUESTS = """
SELECT 'request:' || r.id, r.carer_id, r.team_id, 'request',
       timezone(%(tz)s, r.received_at)::date,
       GREATEST(timezone(%(tz)s, r.received_at)::date,
                COALESCE(timezone(%(tz)s, r.assessment_started_at)::date, first_assessment.day,
                         timezone(%(tz)s, r.closed_at)::date)),
       CASE WHEN r.assessment_started_at IS NOT NULL OR first_assessment.day IS NOT NULL
                THEN 'progress_to_assessment'
            WHEN r.closed_reason IN ('information_advice', 'signposted') THEN 'information_advice'
            WHEN r.closed_reason = 'declined' THEN 'support_declined'
            ELSE 'nfa_other' END,
       r.source, r.gp_practice_id, '', '', '', '', '', '', '', NULL, '', NULL, '',
       r.closed_reason IN ('information_advice', 'signposted'), false
FROM triage_referral r
LEFT JOIN LATERAL (
    SELECT min(started_on) AS day FROM assessments_assessment WHERE referral_id = r.id
) first_assessment ON true
-- A request goes in once its outcome is final; a duplicate referral is a cancelled request.
WHERE r.carer_id IS NOT NULL AND r.closed_reason <> 'duplicate'
  AND (r.closed_at IS NOT NULL OR r.assessment_started_at IS NOT NULL
       OR first_assessment.day IS NOT NULL)
"""

_ASSESSMENTS = f"""
SELECT 'assessment:' || a.id, a.carer_id, a.team_id, 'assessment', a.started_on,
       a.completed_on,
       CASE WHEN a.kind = 'declined' THEN 'support_declined'
            WHEN {_PLAN_SERVICES} THEN 'progress_to_support_planning'
            WHEN a.received_information_advice OR {_PLAN_ADVICE} THEN 'information_advice'
            WHEN a.eligibility_outcome = 'eligible' THEN 'progress_to_support_planning'
            ELSE 'no_services_offered' END,
       '', NULL, a.kind,
       CASE WHEN a.eligibility_outcome IN ('eligible', 'not_eligible') THEN 'long_term'
            ELSE 'short_term' END,
       '', '', '', '', '', NULL, '', NULL, '',
       -- Advice given when support is declined is still advice given (it can count for a
       -- carer assessed another time); the refusal itself never counts as assessed.
       a.received_information_advice OR {_PLAN_ADVICE}, a.received_specific_service
FROM assessments_assessment a
WHERE a.status = 'completed' AND a.kind IN ('separate', 'joint', 'declined')
"""  # noqa: S608 (this module's constants only)

# A review "with continuing support": a service on a live plan runs on past the review date.
_CONTINUING = """EXISTS (
    SELECT 1 FROM support_plans_planitem i
    JOIN support_plans_supportplan p ON p.id = i.plan_id
    WHERE p.carer_id = a.carer_id AND p.status IN %(live_statuses)s
      AND i.delivery_mechanism <> 'information_advice'
      AND i.starts_on <= a.completed_on AND (i.ends_on IS NULL OR i.ends_on > a.completed_on))"""

_REVIEWS = f"""
SELECT 'review:' || a.id, a.carer_id, a.team_id, 'review', a.started_on, a.completed_on,
       CASE WHEN {_CONTINUING} THEN 'continuation'
            WHEN a.received_information_advice OR {_PLAN_ADVICE} THEN 'information_advice'
            WHEN a.eligibility_outcome = 'eligible' THEN 'progress_to_support_planning'
            ELSE 'no_services_offered' END,
       '', NULL, '', '',
       CASE a.review_type WHEN 'planned' THEN 'planned' WHEN 'unplanned' THEN 'unplanned_carer'
            ELSE '' END,
       CASE WHEN reviewed.kind = 'joint' THEN 'service_user_and_carer' ELSE 'carer_only' END,
       '', '', '', NULL, '', NULL, '',
       a.received_information_advice OR {_PLAN_ADVICE}, a.received_specific_service
FROM assessments_assessment a
LEFT JOIN assessments_assessment reviewed ON reviewed.id = a.review_of_id
WHERE a.status = 'completed' AND a.kind = 'review'
"""  # noqa: S608 (this module's constants only)

_UNITS_PER_WEEK = """CASE {frequency} WHEN 'weekly' THEN 1.00 WHEN 'fortnightly' THEN 0.50
    WHEN 'monthly' THEN 0.23 WHEN 'annual' THEN 0.02 END"""

_PLAN_END = """COALESCE({item_end}, p.ends_on,
    CASE WHEN p.status = 'closed' THEN timezone(%(tz)s, p.updated_at)::date END)"""

_ITEM_SERVICES = f"""
SELECT 'service:item:' || i.id, p.carer_id, p.team_id, 'service', i.starts_on,
       -- GREATEST skips NULLs, so an ongoing service keeps its blank end date.
       NULLIF(GREATEST(i.starts_on, {_PLAN_END.format(item_end="i.ends_on")}),
              CASE WHEN {_PLAN_END.format(item_end="i.ends_on")} IS NULL THEN i.starts_on END),
       CASE WHEN {_PLAN_END.format(item_end="i.ends_on")} IS NULL THEN 'provision_of_service'
            ELSE 'service_ended' END,
       '', NULL, '', '', '', '',
       CASE WHEN i.for_cared_for_person THEN 'involving_cared_for' ELSE 'direct_to_carer' END,
       i.delivery_mechanism,
       -- Replacement care is respite; a free-text item outside the directory has no known
       -- component, which the validation report flags rather than this code guessing.
       CASE WHEN i.delivery_mechanism = 'direct_payment' THEN 'direct_payment'
            WHEN i.for_cared_for_person THEN 'carer_respite'
            WHEN i.service_id IS NOT NULL THEN 'carer_support'
            ELSE '' END,
       i.cost, i.frequency, {_UNITS_PER_WEEK.format(frequency="i.frequency")},
       i.funding_stream, false, false
FROM support_plans_planitem i
JOIN support_plans_supportplan p ON p.id = i.plan_id
WHERE p.status IN %(service_statuses)s AND i.delivery_mechanism <> 'information_advice'
"""  # noqa: S608 (this module's constants only)

# A direct payment recorded on the plan itself (s25(2)) when no plan item carries it.
_PLAN_DIRECT_PAYMENTS = f"""
SELECT 'service:dp:' || p.id, p.carer_id, p.team_id, 'service', p.starts_on,
       {_PLAN_END.format(item_end="NULL::date")},
       CASE WHEN {_PLAN_END.format(item_end="NULL::date")} IS NULL THEN 'provision_of_service'
            ELSE 'service_ended' END,
       '', NULL, '', '', '', '', 'direct_to_carer', 'direct_payment', 'direct_payment',
       p.direct_payment_amount, p.direct_payment_frequency,
       {_UNITS_PER_WEEK.format(frequency="p.direct_payment_frequency")}, '', false, false
FROM support_plans_supportplan p
WHERE p.status IN %(service_statuses)s AND p.direct_payment_amount > 0
  AND NOT EXISTS (SELECT 1 FROM support_plans_planitem i
                  WHERE i.plan_id = p.id AND i.delivery_mechanism = 'direct_payment')
"""  # noqa: S608 (this module's constants only)

EVENT_SOURCES = {
    "request": _REQUESTS,
    "assessment": _ASSESSMENTS,
    "review": _REVIEWS,
    "service_item": _ITEM_SERVICES,
    "service_direct_payment": _PLAN_DIRECT_PAYMENTS,
}

_COLUMN_LIST = ", ".join(_COLUMNS)
_CHANGED = " OR ".join(f"e.{c} IS DISTINCT FROM d.{c}" for c in _COLUMNS[1:])


@dataclass(frozen=True)
class RefreshResult:
    derived: int
    written: int
    withdrawn: int


def _params() -> dict:
    return {
        "tz": settings.TIME_ZONE,
        "service_statuses": SERVICE_PLAN_STATUSES,
        "live_statuses": LIVE_PLAN_STATUSES,
    }


def events_refresh() -> RefreshResult:
    """Re-derive every carer event from the casework. Idempotent; history kept."""
    params = _params()
    with transaction.atomic(), connection.cursor() as cursor:
        # One refresh at a time: a second waits and then finds nothing left to change.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('reporting_carer_events'))")
        # Inside an outer transaction (tests, a caller's atomic) ON COMMIT has not come yet.
        cursor.execute("DROP TABLE IF EXISTS derived_event")
        cursor.execute(
            f"CREATE TEMP TABLE derived_event ON COMMIT DROP AS "  # noqa: S608 (constants)
            f"SELECT {_COLUMN_LIST} FROM reporting_carerevent WITH NO DATA"
        )
        derived = 0
        for sql in EVENT_SOURCES.values():
            cursor.execute(f"INSERT INTO derived_event ({_COLUMN_LIST}) {sql}", params)
            derived += cursor.rowcount
        cursor.execute("ANALYZE derived_event")
        cursor.execute(
            f"""
            UPDATE reporting_carerevent e SET
                {", ".join(f"{c} = d.{c}" for c in _COLUMNS[1:])},
                derived_at = now(), withdrawn_at = NULL
            FROM derived_event d
            WHERE e.key = d.key AND ({_CHANGED} OR e.withdrawn_at IS NOT NULL)
            """  # noqa: S608 (this module's constants only)
        )
        written = cursor.rowcount
        # The keys already there were brought up to date just now. ON CONFLICT rather than
        # NOT EXISTS against the table being filled: on a first run that table is empty when
        # the plan is made, and a probe per row that scans it grows with every row inserted.
        cursor.execute(
            f"""
            INSERT INTO reporting_carerevent ({_COLUMN_LIST}, derived_at)
            SELECT {_COLUMN_LIST}, now() FROM derived_event d
            ON CONFLICT (key) DO NOTHING
            """  # noqa: S608 (this module's constants only)
        )
        written += cursor.rowcount
        cursor.execute(
            """
            UPDATE reporting_carerevent e SET withdrawn_at = now()
            WHERE e.withdrawn_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM derived_event d WHERE d.key = e.key)
            """
        )
        withdrawn = cursor.rowcount
        if written + withdrawn > 1000:
            # Fresh statistics before anything plans a query on the new rows: after a first
            # run the planner would otherwise still think the table empty.
            cursor.execute("ANALYZE reporting_carerevent")
        EventRefresh.objects.create(
            finished_at=timezone.now(), derived=derived, written=written, withdrawn=withdrawn
        )
        # Every refresh stores the year figures from it, so no page is left aggregating a
        # county's year itself until the next night.
        from reporting.services.stored_rows import event_rows_store

        event_rows_store()
    return RefreshResult(derived=derived, written=written, withdrawn=withdrawn)


def events_as_at() -> datetime.datetime | None:
    """When the event record (and so every figure built from it) was last brought up to date."""
    latest = EventRefresh.objects.order_by("-finished_at").values_list("finished_at", flat=True)
    return latest.first()
