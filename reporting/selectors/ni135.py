"""NI135: carers assessed or reviewed who received a service or advice, counted in SQL.

The headline and every breakdown come from one GROUPING SETS query over the period's
assessments (`ni135_sql`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When

from assessments.models import Assessment, AssessmentStatus
from carers_portal.accounts.models import Team, User
from reporting import rules
from reporting.models import CommunityServicesDenominator, IndicatorTarget
from reporting.selectors.scope import can_commission
from triage.models import Carer, CaringHoursBand


def counting_choices() -> rules.CountingChoices:
    return rules.counting_choices(getattr(settings, "REPORTING_NI135", None))


class _AgeAt(Func):
    """Whole years between the carer's birth and the assessment date, in SQL."""

    template = "EXTRACT(YEAR FROM AGE(%(expressions)s))::integer"
    output_field = IntegerField()


def assessments_in(period: rules.Period, *, team_ids: set[int] | None = None) -> QuerySet:
    """Assessments and reviews finished in the period, each with the carer's age on that date.

    The date is `completed_on`: an assessment counts when it is finished, and a refusal is
    completed on the day it is recorded.
    """
    assessments = Assessment.objects.filter(
        status=AssessmentStatus.COMPLETED,
        completed_on__gte=period.start,
        completed_on__lte=period.end,
    )
    if team_ids is not None:
        assessments = assessments.filter(team_id__in=team_ids)
    return assessments.annotate(age=_AgeAt(F("completed_on"), F("carer__date_of_birth")))


def counted(assessments: QuerySet, choices: rules.CountingChoices) -> QuerySet:
    counted = assessments.filter(kind__in=choices.counted_kinds())
    if choices.min_carer_age is not None:
        counted = counted.filter(age__gte=choices.min_carer_age)
    if choices.max_carer_age is not None:
        counted = counted.filter(age__lte=choices.max_carer_age)
    return counted


SUPPORTED = Q(received_specific_service=True) | Q(received_information_advice=True)


def denominator_for(period: rules.Period) -> CommunityServicesDenominator | None:
    """The figure entered for exactly this period, else the narrowest one covering it."""
    covering = CommunityServicesDenominator.objects.filter(
        period_start__lte=period.start, period_end__gte=period.end
    )
    exact = covering.filter(period_start=period.start, period_end=period.end).first()
    if exact is not None:
        return exact
    return (
        covering.annotate(span=F("period_end") - F("period_start"))
        .order_by("span", "-period_start")
        .first()
    )


def target_for(period: rules.Period) -> IndicatorTarget | None:
    year = rules.financial_year_start(period.start)
    if rules.financial_year_start(period.end) != year:
        return None
    return IndicatorTarget.objects.filter(indicator="ni135", financial_year=year).first()


@dataclass
class NI135Report:
    period: rules.Period
    choices: rules.CountingChoices
    result: rules.IndicatorResult
    assessed: int
    identified_carers: int
    identified_assessed_percent: Decimal | None
    target: Decimal | None
    by_kind: dict[str, int]
    by_team: list[dict]
    by_age_band: list[dict]
    by_hours: list[dict]
    denominator_source: CommunityServicesDenominator | None = None
    reasons: list[str] = field(default_factory=list)


def _counted_condition(choices: rules.CountingChoices) -> Q:
    condition = Q(kind__in=choices.counted_kinds())
    if choices.min_carer_age is not None:
        condition &= Q(age__gte=choices.min_carer_age)
    if choices.max_carer_age is not None:
        condition &= Q(age__lte=choices.max_carer_age)
    return condition


def _age_band_sql() -> str:
    """rules.AGE_BANDS as a CASE over the `age` column (whole years at the assessment)."""
    whens = []
    for key, _label, lowest, highest in rules.AGE_BANDS:
        condition = f"age >= {int(lowest)}"
        if highest is not None:
            condition += f" AND age <= {int(highest)}"
        whens.append(f"WHEN {condition} THEN '{key}'")
    return f"CASE {' '.join(whens)} ELSE '{rules.AGE_BAND_UNKNOWN[0]}' END"


# Each carer's facts once per breakdown, then plain counts: one scan of the period's
# assessments instead of one COUNT(DISTINCT) sort per figure (scripts/benchmark_ni135.py).
# Hours caring belongs to the carer, so it rides on the per-carer row; team and age band
# belong to each assessment, so they get their own (carer, team) and (carer, band) rows.
# GROUPING(team_id, band): 3 = per carer (headline and hours), 1 = by team, 2 = by age band.
_NI135_SQL = """
WITH events AS MATERIALIZED ({events}),
banded AS (SELECT events.*, {age_band} AS band FROM events),
per_carer AS (
    SELECT team_id, band, max(hours) AS hours, GROUPING(team_id, band) AS grouping_id,
           bool_or(kind = 'separate') AS separate,
           bool_or(kind = 'joint') AS joint,
           bool_or(kind = 'declined') AS declined,
           bool_or(kind = 'review') AS reviewed,
           bool_or(counted) AS assessed,
           bool_or(counted AND supported) AS supported
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
_PER_CARER, _BY_TEAM, _BY_BAND = 3, 1, 2


def ni135_sql(
    *, period: rules.Period, team_ids: set[int] | None, choices: rules.CountingChoices
) -> tuple[str, tuple]:
    """The NI135 counting query and its parameters (the filters come from the ORM)."""
    events = (
        assessments_in(period, team_ids=team_ids)
        .annotate(
            hours=F("carer__caring_hours"),
            supported=Case(When(SUPPORTED, then=Value(True)), default=Value(False)),
            counted=Case(When(_counted_condition(choices), then=Value(True)), default=Value(False)),
        )
        .values("carer_id", "team_id", "kind", "age", "hours", "supported", "counted")
        .order_by()
    )
    events_sql, params = events.query.sql_with_params()
    return _NI135_SQL.format(events=events_sql, age_band=_age_band_sql()), params


def _ni135_counts(
    period: rules.Period, team_ids: set[int] | None, choices: rules.CountingChoices
) -> list[tuple]:
    sql, params = ni135_sql(period=period, team_ids=team_ids, choices=choices)
    with transaction.atomic(), connection.cursor() as cursor:
        # For this one query only: JIT compiling costs more than it saves on a query this
        # size, and the per-carer grouping fits in memory rather than spilling to disk.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute(sql, params)
        return cursor.fetchall()


def _add(total: dict, more: dict) -> dict:
    return {key: total.get(key, 0) + value for key, value in more.items()}


def ni135_report(
    *,
    period: rules.Period,
    team_ids: set[int] | None = None,
    choices: rules.CountingChoices | None = None,
) -> NI135Report:
    choices = choices or counting_choices()
    headline = {"assessed": 0, "numerator": 0}
    # The seed table: carers assessed separately, jointly, declined and in total.
    kinds = {"separate": 0, "joint": 0, "declined": 0, "total": 0, "reviewed": 0}
    teams: dict[int, dict] = {}
    bands: dict[str, dict] = {}
    hours: dict[str, dict] = {}
    for row in _ni135_counts(period, team_ids, choices):
        grouping, team_id, band, hours_band = row[:4]
        separate, joint, declined, reviewed, total, assessed, numerator = row[4:]
        measures = {"assessed": assessed, "numerator": numerator}
        if grouping == _PER_CARER:
            # One row per hours band: the headline is their sum (each carer has one band).
            headline = _add(headline, measures)
            kinds = _add(
                kinds,
                {
                    "separate": separate,
                    "joint": joint,
                    "declined": declined,
                    "total": total,
                    "reviewed": reviewed,
                },
            )
            hours[hours_band] = _add(hours.get(hours_band, {}), measures)
        elif grouping == _BY_TEAM and assessed:
            teams[team_id] = measures
        elif grouping == _BY_BAND:
            bands[band] = measures
    source = denominator_for(period)
    result = rules.ni135_value(
        numerator=headline["numerator"], denominator=source.count if source else None
    )
    team_names = dict(Team.objects.filter(id__in=teams).values_list("id", "name"))
    by_team = sorted(
        (
            {"key": team_id, "label": team_names.get(team_id, ""), **measures}
            for team_id, measures in teams.items()
        ),
        key=lambda row: row["label"],
    )

    def labelled(found: dict[str, dict], labels: dict[str, str]) -> list[dict]:
        empty = {"assessed": 0, "numerator": 0}
        return [
            {"key": key, "label": label, **found.get(key, empty)} for key, label in labels.items()
        ]

    carers = Carer.objects.filter(created_at__date__lte=period.end)
    if team_ids is not None:
        carers = carers.filter(team_id__in=team_ids)
    identified = carers.count()
    target = target_for(period)
    return NI135Report(
        period=period,
        choices=choices,
        result=result,
        assessed=headline["assessed"],
        identified_carers=identified,
        identified_assessed_percent=rules.percentage(headline["assessed"], identified),
        target=target.target if target else None,
        by_kind=kinds,
        by_team=by_team,
        by_age_band=labelled(bands, rules.age_band_labels()),
        by_hours=labelled(hours, {key: str(label) for key, label in CaringHoursBand.choices}),
        denominator_source=source,
        reasons=result.reasons,
    )


def denominator_list_visible_to(user: User) -> QuerySet[CommunityServicesDenominator]:
    rows = CommunityServicesDenominator.objects.select_related("entered_by")
    return rows if can_commission(user) else rows.none()


def target_list_visible_to(user: User) -> QuerySet[IndicatorTarget]:
    rows = IndicatorTarget.objects.select_related("set_by")
    return rows if can_commission(user) else rows.none()
