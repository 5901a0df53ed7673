"""NI135, SALT LTS003 and ASCOF 3D (carer parts 1b and 2b) from the carer event record.

Each is one SQL aggregation over reporting_carerevent (reporting/services/events.py keeps it in step
with the casework). The rules and their sources are in reporting/rules.py (NI135) and
reporting/cld_rules.py (LTS003, ASCOF 3D: ../shared/reference/cld-carers.md section 4).
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import connection, transaction

from reporting import cld_rules, rules


@dataclass(frozen=True)
class EventQuery:
    """One aggregation over the carer events: its SQL, parameters and planner settings."""

    sql: str
    params: dict
    settings: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        text = json.dumps([self.sql, self.params], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def execute(self) -> list[tuple]:
        with transaction.atomic(), connection.cursor() as cursor:
            for setting in self.settings:
                cursor.execute(setting)
            cursor.execute(self.sql, self.params)
            return cursor.fetchall()


def run_event_query(query: EventQuery) -> list[tuple]:
    """The rows the nightly job stored for this query after the latest events refresh, or
    (for a question it did not store) the rows worked out now from the same events."""
    from django.db.models import Subquery

    from reporting.models import EventRefresh, StoredEventRows

    latest = EventRefresh.objects.order_by("-finished_at").values("pk")[:1]
    stored = (
        StoredEventRows.objects.filter(key=query.key, refresh_id=Subquery(latest))
        .values_list("rows", flat=True)
        .first()
    )
    if stored is not None:
        return [tuple(row) for row in stored]
    return query.execute()


_ACTIVE_IN_PERIOD = "e.start_date <= %(end)s AND (e.end_date IS NULL OR e.end_date >= %(start)s)"


def _age_band_case(age: str, bands) -> str:
    whens = []
    for key, _label, lowest, highest in bands:
        condition = f"{age} >= {int(lowest)}"
        if highest is not None:
            condition += f" AND {age} <= {int(highest)}"
        whens.append(f"WHEN {condition} THEN '{key}'")
    return f"CASE {' '.join(whens)} ELSE '{rules.AGE_BAND_UNKNOWN[0]}' END"


# NHS England's age (N1): 1st of the birth month, whole 365.25-day years to the period end.
_REPORTING_AGE = "floor((%(end)s::date - date_trunc('month', c.date_of_birth)::date) / 365.25)"


# --- NI135 ---------------------------------------------------------------------------------------

# The same result rows as the NI135 breakdown query always had, now from events:
# (grouping, team, band, hours, separate, joint, declined, reviewed, total, assessed, numerator).
# - assessed or reviewed: an assessment or review event completed (ended) in the period, of a
#   kind the counting choices count, the carer's age on that day within the age limits;
# - supported: in the same period, a carer's service active at any point (a plan item or
#   direct payment, no tick needed; replacement care per `count_replacement_care`; or a
#   specific carer's service recorded on an assessment or review), or information and advice
#   given (a request, assessment or review with that outcome or a record of it);
# - N: assessed or reviewed AND supported, where a refusal never makes a carer "assessed"
#   for N (Care Act s11), whatever `count_declined` says; see docs/reporting.md.
NI135_EVENTS_SQL = """
WITH assessed AS MATERIALIZED (
    SELECT e.carer_id, e.team_id,
           CASE WHEN e.event_type = 'review' THEN 'review' ELSE e.assessment_kind END AS kind,
           EXTRACT(YEAR FROM AGE(e.end_date, c.date_of_birth))::integer AS age,
           c.caring_hours AS hours
    FROM reporting_carerevent e JOIN triage_carer c ON c.id = e.carer_id
    WHERE e.withdrawn_at IS NULL AND e.event_type IN ('assessment', 'review')
      AND e.end_date BETWEEN %(start)s AND %(end)s {team_filter}
),
supported AS MATERIALIZED (
    SELECT DISTINCT e.carer_id FROM reporting_carerevent e
    WHERE e.withdrawn_at IS NULL AND e.start_date <= %(end)s
      AND (e.end_date IS NULL OR e.end_date >= %(start)s)
      AND e.carer_id IN (SELECT carer_id FROM assessed)
      AND ((e.event_type = 'service'
            AND (e.service_type = 'direct_to_carer' OR %(replacement_care)s))
           OR (e.event_type IN ('request', 'assessment', 'review')
               AND (e.information_advice OR e.outcome = 'information_advice'))
           OR (e.event_type IN ('assessment', 'review') AND e.specific_service
               AND e.assessment_kind <> 'declined'))
),
banded AS (
    SELECT assessed.*, {age_band} AS band,
           kind = ANY(%(kinds)s) AND age >= %(min_age)s AND age <= %(max_age)s AS counted,
           carer_id IN (SELECT carer_id FROM supported) AS supported
    FROM assessed
),
per_carer AS (
    SELECT team_id, band, max(hours) AS hours, GROUPING(team_id, band) AS grouping_id,
           bool_or(kind = 'separate') AS separate,
           bool_or(kind = 'joint') AS joint,
           bool_or(kind = 'declined') AS declined,
           bool_or(kind = 'review') AS reviewed,
           bool_or(counted) AS assessed,
           bool_or(counted AND kind <> 'declined' AND supported) AS supported
    FROM banded
    GROUP BY GROUPING SETS ((carer_id), (carer_id, team_id), (carer_id, band))
)
SELECT grouping_id, team_id, band, CASE WHEN grouping_id = 3 THEN hours END,
       COUNT(*) FILTER (WHERE separate),
       COUNT(*) FILTER (WHERE joint),
       COUNT(*) FILTER (WHERE declined),
       COUNT(*) FILTER (WHERE reviewed),
       COUNT(*) FILTER (WHERE separate OR joint OR declined),
       COUNT(*) FILTER (WHERE assessed),
       COUNT(*) FILTER (WHERE supported)
FROM per_carer
GROUP BY grouping_id, team_id, band, CASE WHEN grouping_id = 3 THEN hours END
"""


def ni135_event_rows(
    *, period: rules.Period, team_ids: set[int] | None, choices: rules.CountingChoices
) -> list[tuple]:
    return run_event_query(ni135_query(period=period, team_ids=team_ids, choices=choices))


def ni135_query(
    *, period: rules.Period, team_ids: set[int] | None, choices: rules.CountingChoices
) -> EventQuery:
    params = {
        "start": period.start,
        "end": period.end,
        "kinds": choices.counted_kinds(),
        "min_age": choices.min_carer_age if choices.min_carer_age is not None else -1,
        "max_age": choices.max_carer_age if choices.max_carer_age is not None else 1000,
        "replacement_care": choices.count_replacement_care,
        "team_ids": sorted(team_ids or []),
    }
    team_filter = "AND e.team_id = ANY(%(team_ids)s)" if team_ids is not None else ""
    sql = NI135_EVENTS_SQL.format(
        team_filter=team_filter, age_band=_age_band_case("age", rules.AGE_BANDS)
    )
    return EventQuery(sql, params, ("SET LOCAL jit = off", "SET LOCAL work_mem = '128MB'"))


# --- SALT LTS003 and ASCOF 3D ------------------------------------------------------------------

# Section 4 step 4, first matching rule wins; `dp_component` adds the component as a DP signal
# (NHS England's ASCOF 3D, N2). A direct-to-carer row with a blank component keeps its delivery
# mechanism's category: NHS England's SQL loses it (NOT LIKE on NULL), we do not, and the
# validation report flags the blank so the submitted file does not lose it either.
_CATEGORY = """CASE
    WHEN e.event_type = 'service' AND e.service_type = 'direct_to_carer' THEN CASE
        WHEN e.delivery_mechanism = 'direct_payment' {dp_component} THEN 1
        WHEN e.delivery_mechanism = 'managed_personal_budget' THEN 2
        WHEN e.delivery_mechanism = 'commissioned' THEN 3
        ELSE 4 END
    WHEN e.event_type = 'service' THEN 6
    WHEN e.event_type IN ('assessment', 'review') AND e.outcome = 'information_advice' THEN 5
    WHEN e.event_type IN ('assessment', 'review') THEN 6
    ELSE 5 END"""

# Section 4 step 2: (a) no service type and an information-and-advice outcome; (b) either
# carer service type; (c) an assessment or review. A declined request is in none of them.
_COHORT = """(
    (e.service_type = '' AND e.outcome = 'information_advice')
    OR e.service_type IN ('direct_to_carer', 'involving_cared_for')
    OR (e.event_type IN ('assessment', 'review') AND e.service_type = ''))"""

SUPPORT_CATEGORY_SQL = """
WITH per_carer AS (
    SELECT e.carer_id, min({category}) AS rank, min({age}) AS age
    FROM reporting_carerevent e JOIN triage_carer c ON c.id = e.carer_id
    WHERE e.withdrawn_at IS NULL AND {window} AND {cohort} {{team_filter}}
    GROUP BY e.carer_id
)
SELECT rank, {band} AS band, count(*) FROM per_carer GROUP BY GROUPING SETS ((rank), (rank, band))
"""


def _category_query(
    *,
    period: rules.Period,
    dp_component: bool,
    window: str,
    band_sql: str,
    team_ids: set[int] | None = None,
) -> EventQuery:
    sql = SUPPORT_CATEGORY_SQL.format(
        category=_CATEGORY.format(
            dp_component="OR e.service_component = 'direct_payment'" if dp_component else ""
        ),
        age=_REPORTING_AGE,
        window=window,
        cohort=_COHORT,
        band=band_sql,
    )
    if team_ids is not None:
        sql = sql.replace("{team_filter}", "AND e.team_id = ANY(%(team_ids)s)")
    else:
        sql = sql.replace("{team_filter}", "")
    params = {"start": period.start, "end": period.end, "team_ids": sorted(team_ids or [])}
    return EventQuery(sql, params, ("SET LOCAL jit = off", "SET LOCAL work_mem = '128MB'"))


@dataclass
class Lts003:
    period: rules.Period
    # One row per category: key, label, rank, carers, and carers by age band.
    categories: list[dict]
    total: int


def lts003_query(*, period: rules.Period, team_ids: set[int] | None = None) -> EventQuery:
    return _category_query(
        period=period,
        dp_component=False,
        window=_ACTIVE_IN_PERIOD,
        band_sql=_age_band_case("age", rules.AGE_BANDS),
        team_ids=team_ids,
    )


def lts003(*, period: rules.Period, team_ids: set[int] | None = None) -> Lts003:
    """Carers by support category in the period, each once at their lowest rank (N1)."""
    rows = run_event_query(lts003_query(period=period, team_ids=team_ids))
    totals = {rank: count for rank, band, count in rows if band is None}
    by_band: dict[int, dict[str, int]] = {}
    for rank, band, count in rows:
        if band is not None:
            by_band.setdefault(rank, {})[band] = count
    labels = rules.age_band_labels()
    categories = [
        {
            "key": key,
            "label": label,
            "rank": rank,
            "carers": totals.get(rank, 0),
            "by_age": {band: by_band.get(rank, {}).get(band, 0) for band in labels},
        }
        for rank, key, label in cld_rules.LTS003_CATEGORIES
    ]
    return Lts003(period, categories, sum(totals.values()))


@dataclass
class Ascof3D:
    period: rules.Period
    # Per band ("total", "18_64", "65_plus"): denominator, 1b and 2b numerators and values.
    bands: dict[str, dict]
    unknown_mechanism: int


def ascof_3d_query(*, period: rules.Period) -> EventQuery:
    """ASCOF 3D carer parts 1b and 2b for a financial year (DHSC 2024/25 onward, D1).

    Requests, assessments and reviews count only when they end inside the period; services
    when active at any point in it. Under-18s are dropped; unknown age counts in the total.
    """
    window = (
        "e.start_date <= %(end)s AND (e.end_date IS NULL OR e.end_date >= %(start)s) "
        "AND (e.event_type = 'service' OR e.end_date <= %(end)s)"
    )
    # Under-18s are dropped; a carer with no date of birth counts in the total only.
    band_sql = (
        f"CASE WHEN age IS NULL THEN 'unknown' WHEN age < {cld_rules.ASCOF_MIN_AGE} "
        f"THEN 'under_18' ELSE {_age_band_case('age', cld_rules.ASCOF_BANDS)} END"
    )
    return _category_query(period=period, dp_component=True, window=window, band_sql=band_sql)


def ascof_3d(*, period: rules.Period) -> Ascof3D:
    """ASCOF 3D carer parts 1b and 2b for a financial year (DHSC 2024/25 onward, D1)."""
    rows = run_event_query(ascof_3d_query(period=period))
    bands: dict[str, dict[int, int]] = {"total": {}, "18_64": {}, "65_plus": {}}
    for rank, band, count in rows:
        if band in bands:
            bands[band][rank] = count
        if band in ("18_64", "65_plus", "unknown"):
            bands["total"][rank] = bands["total"].get(rank, 0) + count
    result = {}
    for band, counts in bands.items():
        denominator = sum(counts.get(r, 0) for r in cld_rules.ASCOF_DENOMINATOR_RANKS)
        part_1b = sum(counts.get(r, 0) for r in cld_rules.ASCOF_1B_RANKS)
        part_2b = sum(counts.get(r, 0) for r in cld_rules.ASCOF_2B_RANKS)
        result[band] = {
            "denominator": denominator,
            "numerator_1b": part_1b,
            "numerator_2b": part_2b,
            "value_1b": rules.percentage(part_1b, denominator),
            "value_2b": rules.percentage(part_2b, denominator),
        }
    return Ascof3D(period, result, bands["total"].get(4, 0))


# --- Carers identified, assessed and supported, by referral source and GP practice ------------

IDENTIFICATION_SQL = """
WITH identified AS (
    SELECT DISTINCT ON (e.carer_id) e.carer_id, e.route_of_access AS source, e.gp_practice_id
    FROM reporting_carerevent e
    WHERE e.withdrawn_at IS NULL AND e.event_type = 'request'
      AND e.start_date BETWEEN %(start)s AND %(end)s
    ORDER BY e.carer_id, e.start_date, e.key
),
facts AS (
    SELECT i.source, i.gp_practice_id,
           bool_or(e.event_type IN ('assessment', 'review') AND e.assessment_kind <> 'declined'
                   AND e.end_date BETWEEN %(start)s AND %(end)s) AS assessed,
           bool_or(e.event_type = 'service' AND e.start_date <= %(end)s
                   AND (e.end_date IS NULL OR e.end_date >= %(start)s)) AS supported
    FROM identified i
    LEFT JOIN reporting_carerevent e ON e.carer_id = i.carer_id AND e.withdrawn_at IS NULL
    GROUP BY i.carer_id, i.source, i.gp_practice_id
)
SELECT source, gp_practice_id, GROUPING(gp_practice_id), count(*),
       count(*) FILTER (WHERE assessed), count(*) FILTER (WHERE supported)
FROM facts GROUP BY GROUPING SETS ((source), (source, gp_practice_id))
"""


def identification_query(*, period: rules.Period) -> EventQuery:
    return EventQuery(IDENTIFICATION_SQL, {"start": period.start, "end": period.end})


def identification_counts(*, period: rules.Period) -> dict[str, list[dict]]:
    """Carers first referred in the period, by referral source and (for GP practices) by
    practice: how many were identified, assessed or reviewed, and given a service."""
    from triage.models import GPPractice, ReferralSource

    rows = run_event_query(identification_query(period=period))
    sources = dict(ReferralSource.choices)
    by_source, by_practice = [], []
    practice_ids = {row[1] for row in rows if row[1] is not None}
    practices = {p.id: str(p) for p in GPPractice.objects.filter(id__in=practice_ids)}
    for source, practice_id, rolled_up, identified, assessed, supported in rows:
        counts = {"identified": identified, "assessed": assessed, "supported": supported}
        if rolled_up:
            by_source.append({"label": str(sources.get(source, source)), **counts})
        elif source == ReferralSource.GP_PRACTICE:
            label = practices.get(practice_id, "Practice not recorded")
            by_practice.append({"label": label, **counts})
    return {
        "by_source": sorted(by_source, key=lambda r: r["label"]),
        "by_practice": sorted(by_practice, key=lambda r: r["label"]),
    }
