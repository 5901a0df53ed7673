"""Reporting reads: every count is done in SQL (COUNT DISTINCT with FILTER, GROUP BY).

Reporting reads the other apps' tables and never writes them.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least, Round
from django.utils import timezone

from assessments.models import Assessment, AssessmentStatus
from carers_portal.accounts.models import Team, User
from carers_portal.accounts.roles import Role
from carers_portal.accounts.selectors import team_ids_for
from reporting import rules
from reporting.models import (
    BudgetChange,
    BudgetLine,
    BudgetStream,
    CommunityServicesDenominator,
    IndicatorTarget,
    MonthlyFigure,
    ReturnRun,
)
from services_directory.models import Contract
from support_plans.models import ItemFrequency, PlanItem, PlanStatus
from triage.models import Carer, CaringHoursBand

# Who may see which reporting pages.
COMMISSIONING_ROLES = frozenset({Role.COMMISSIONER, Role.ADMINISTRATOR})
DASHBOARD_ROLES = frozenset({Role.COMMISSIONER, Role.ADMINISTRATOR, Role.TEAM_MANAGER})
# Plans whose items are support the carer is receiving (or has agreed to receive).
LIVE_PLAN_STATUSES = (PlanStatus.AGREED, PlanStatus.ACTIVE)


def counting_choices() -> rules.CountingChoices:
    return rules.counting_choices(getattr(settings, "REPORTING_NI135", None))


def team_scope_for(user: User) -> set[int] | None:
    """None = every team (commissioners, administrators); team managers see their own teams."""
    if user.role == Role.TEAM_MANAGER:
        return team_ids_for(user)
    return None


# --- NI135 -----------------------------------------------------------------------------------


class _AgeAt(Func):
    """Whole years between the carer's birth and the assessment date, in SQL."""

    template = "EXTRACT(YEAR FROM AGE(%(expressions)s))::integer"
    output_field = IntegerField()


def _assessments_in(period: rules.Period, *, team_ids: set[int] | None = None) -> QuerySet:
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


def _counted(assessments: QuerySet, choices: rules.CountingChoices) -> QuerySet:
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
        _assessments_in(period, team_ids=team_ids)
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


# --- SALT LTS003 support types -------------------------------------------------------------


def _item_rank_case() -> Case:
    return Case(
        *[
            When(delivery_mechanism=key, then=Value(rank))
            for rank, key, _label in rules.SUPPORT_TYPES
            if rank < rules.INFORMATION_ADVICE_RANK or key == "information_advice"
        ],
        default=Value(rules.NO_DIRECT_SUPPORT_RANK),
        output_field=IntegerField(),
    )


def _live_items_in(period: rules.Period) -> QuerySet:
    return PlanItem.objects.filter(
        plan__status__in=LIVE_PLAN_STATUSES,
        starts_on__lte=period.end,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))


def support_type_counts(*, period: rules.Period, team_ids: set[int] | None = None) -> list[dict]:
    """Carers by SALT LTS003 support type, each counted once at their highest-ranked type.

    The cohort: carers assessed or reviewed in the period (counting choices apply) and carers
    with support from a live plan in it. Replacement care is a service to the cared-for person
    (Care Act 2014 s20), so it does not make the carer's support type.
    """
    assessed = _counted(_assessments_in(period), counting_choices()).filter(carer_id=OuterRef("pk"))
    items = _live_items_in(period).filter(plan__carer_id=OuterRef("pk"), for_cared_for_person=False)
    best_item_rank = Subquery(
        items.annotate(rank=_item_rank_case()).order_by("rank").values("rank")[:1],
        output_field=IntegerField(),
    )
    carers = Carer.objects.all()
    if team_ids is not None:
        carers = carers.filter(team_id__in=team_ids)
    ranked = (
        carers.filter(Exists(assessed) | Exists(items))
        .annotate(
            rank=Coalesce(
                best_item_rank,
                Case(
                    When(
                        Exists(assessed.filter(received_information_advice=True)),
                        then=Value(rules.INFORMATION_ADVICE_RANK),
                    ),
                    default=Value(rules.NO_DIRECT_SUPPORT_RANK),
                    output_field=IntegerField(),
                ),
            )
        )
        .values("rank")
        .annotate(carers=Count("id"))
        .order_by("rank")
    )
    counts = {row["rank"]: row["carers"] for row in ranked}
    return [
        {"key": key, "label": label, "rank": rank, "carers": counts.get(rank, 0)}
        for rank, key, label in rules.SUPPORT_TYPES
    ]


# --- Budget ----------------------------------------------------------------------------------


def _overlap_days_expr(start: str, end: str, period: rules.Period) -> Func:
    """(LEAST(COALESCE(end, year end), year end) - GREATEST(start, year start) + 1) days."""
    last = Least(
        Coalesce(F(end), Value(period.end, output_field=DateField())),
        Value(period.end, output_field=DateField()),
    )
    first = Greatest(F(start), Value(period.start, output_field=DateField()))
    return Func(
        last, first, template="(%(expressions)s + 1)", arg_joiner=" - ", output_field=IntegerField()
    )


def _pro_rata_expr(amount: str, start: str, end: str, period: rules.Period) -> Round:
    """The annual amount scaled to its days in the year, rounded to the penny per row
    (rules.pro_rata in SQL)."""
    return Round(
        ExpressionWrapper(
            F(amount) * _overlap_days_expr(start, end, period) / Value(period.days),
            output_field=DecimalField(max_digits=14, decimal_places=4),
        ),
        2,
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def contract_commitments(period: rules.Period) -> dict[str, Decimal]:
    """Contract value_per_year by funding stream, pro rata to the days inside the year."""
    rows = (
        Contract.objects.filter(start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .values("funding_stream")
        .annotate(total=Sum(_pro_rata_expr("value_per_year", "start_date", "end_date", period)))
    )
    return {row["funding_stream"]: row["total"] for row in rows}


def plan_commitments(period: rules.Period) -> dict[str, Decimal]:
    """Plan items on agreed or active plans, by funding stream, pro rata to the days in the
    year; a one-off item counts in full in the year it starts."""
    rows = (
        _live_items_in(period)
        .annotate(
            share=Case(
                When(
                    frequency=ItemFrequency.ONE_OFF,
                    then=Case(
                        When(starts_on__gte=period.start, then=F("annual_cost")),
                        default=Value(Decimal("0.00")),
                    ),
                ),
                default=_pro_rata_expr("annual_cost", "starts_on", "ends_on", period),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            )
        )
        .values("funding_stream")
        .annotate(total=Sum("share"))
    )
    return {row["funding_stream"]: row["total"] for row in rows}


def budget_stream_list(*, financial_year: int) -> QuerySet[BudgetStream]:
    return BudgetStream.objects.filter(financial_year=financial_year).order_by("key")


def _commissioning(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in COMMISSIONING_ROLES)


def budget_stream_list_visible_to(user: User) -> QuerySet[BudgetStream]:
    """The one scope for funding streams: commissioners and administrators see them all."""
    streams = BudgetStream.objects.all()
    return streams if _commissioning(user) else streams.none()


def denominator_list_visible_to(user: User) -> QuerySet[CommunityServicesDenominator]:
    rows = CommunityServicesDenominator.objects.select_related("entered_by")
    return rows if _commissioning(user) else rows.none()


def target_list_visible_to(user: User) -> QuerySet[IndicatorTarget]:
    rows = IndicatorTarget.objects.select_related("set_by")
    return rows if _commissioning(user) else rows.none()


def budget_line_list_visible_to(user: User) -> QuerySet[BudgetLine]:
    """The one scope for budget lines: commissioners and administrators see them all."""
    lines = BudgetLine.objects.select_related("stream")
    return lines if _commissioning(user) else lines.none()


def budget_years() -> list[int]:
    return list(
        BudgetStream.objects.order_by("-financial_year")
        .values_list("financial_year", flat=True)
        .distinct()
    )


ZERO = Decimal("0.00")


def budget_summary(*, financial_year: int) -> dict:
    """Each stream and its lines: allocated, committed, spent, remaining and variance.

    - allocated: a stream's lines plus any reserve carved out of it; a line's allocation.
    - committed: contracts and live plan items funded from the stream, pro rata to the year.
      Lines have no commitments of their own (contracts and plans name a stream, not a line).
    - spent: spending recorded against the lines.
    - remaining: a stream's amount less what is committed and spent; a line's allocation
      less its spend. Variance is the opposite sign: over (+) or under (-) the amount.
    """
    period = rules.financial_year(financial_year)
    streams = list(
        budget_stream_list(financial_year=financial_year).annotate(
            reserved=Coalesce(Sum("reserves__amount"), ZERO)
        )
    )
    lines = (
        BudgetLine.objects.filter(stream__financial_year=financial_year)
        .annotate(spent=Coalesce(Sum("spends__amount"), ZERO))
        .order_by("stream_id", "name")
    )
    lines_by_stream: dict[int, list] = {}
    for line in lines:
        lines_by_stream.setdefault(line.stream_id, []).append(
            {
                "id": line.id,
                "name": line.name,
                "version": line.version,
                "allocated": line.allocated,
                "committed": None,
                "spent": line.spent,
                "remaining": line.allocated - line.spent,
                "variance": line.spent - line.allocated,
            }
        )
    contracts = contract_commitments(period)
    plans = plan_commitments(period)
    result = []
    for stream in streams:
        stream_lines = lines_by_stream.get(stream.id, [])
        allocated = sum((line["allocated"] for line in stream_lines), ZERO) + stream.reserved
        committed = contracts.get(stream.key, ZERO) + plans.get(stream.key, ZERO)
        spent = sum((line["spent"] for line in stream_lines), ZERO)
        result.append(
            {
                "id": stream.id,
                "key": stream.key,
                "name": stream.name,
                "amount": stream.amount,
                "funded_from": stream.funded_from_id,
                "allocated": allocated,
                "unallocated": stream.amount - allocated,
                "committed": committed,
                "committed_contracts": contracts.get(stream.key, ZERO),
                "committed_plans": plans.get(stream.key, ZERO),
                "spent": spent,
                "remaining": stream.amount - committed - spent,
                "variance": committed + spent - stream.amount,
                "lines": stream_lines,
            }
        )
    # Reserves carved out of another stream are not new money: leave them out of the total.
    top_level = [s for s in result if s["funded_from"] is None]
    return {
        "financial_year": financial_year,
        "label": rules.financial_year_label(financial_year),
        "period": period,
        "streams": result,
        "total_amount": sum((s["amount"] for s in top_level), ZERO),
        "total_committed": sum((s["committed"] for s in result), ZERO),
        "total_spent": sum((s["spent"] for s in result), ZERO),
    }


def budget_change_list(*, financial_year: int) -> QuerySet[BudgetChange]:
    return BudgetChange.objects.filter(financial_year=financial_year).select_related("changed_by")


# --- Other apps' figures for the dashboard -------------------------------------------------


def breach_counts(*, today: datetime.date) -> dict[str, int]:
    """Open referrals past a pathway time limit, from triage's own breach filter."""
    from triage import selectors as triage_selectors
    from triage.models import Referral

    overdue_q = getattr(triage_selectors, "referral_overdue_q", None)
    if overdue_q is None:
        return {"referrals_breached": 0}
    return {"referrals_breached": Referral.objects.filter(overdue_q(today=today)).count()}


def activation_counts(*, period: rules.Period) -> dict[str, Decimal | int]:
    try:
        from emergency_cards.selectors import activation_figures
    except ImportError:
        return {}
    figures = activation_figures(date_from=period.start, date_to=period.end)
    return {
        key: figures.get(key) or 0
        for key in ("count", "hospital_admissions", "replacement_care_hours", "needing_review")
    }


def directory_freshness_counts(*, today: datetime.date) -> dict[str, int]:
    from services_directory.models import Service, ServiceStatus
    from services_directory.selectors import with_freshness

    services = with_freshness(
        Service.objects.exclude(status=ServiceStatus.DEFUNCT), today=today
    ).aggregate(
        services=Count("id"),
        stale=Count("id", filter=Q(is_stale=True)),
        at_capacity=Count("id", filter=Q(is_at_capacity=True)),
    )
    return services


# --- Pre-computed figures and returns ---------------------------------------------------------


def monthly_figures(*, months: list[datetime.date], keys: list[str]) -> QuerySet[MonthlyFigure]:
    """Council-wide pre-computed figures (no team)."""
    return MonthlyFigure.objects.filter(month__in=months, key__in=keys, team__isnull=True)


def monthly_team_figures(
    *, month: datetime.date, keys: list[str], team_ids: set[int] | None
) -> QuerySet[MonthlyFigure]:
    """Per-team figures for a month: every team, or only `team_ids` (a team manager's)."""
    figures = MonthlyFigure.objects.filter(month=month, key__in=keys, team__isnull=False)
    if team_ids is not None:
        figures = figures.filter(team_id__in=team_ids)
    return figures.select_related("team").order_by("team__name", "key")


def return_run_list_visible_to(user: User) -> QuerySet[ReturnRun]:
    """The one scope for returns; the file contents load only when a file is downloaded."""
    runs = ReturnRun.objects.defer("csv_content", "xlsx_content")
    return runs if _commissioning(user) else runs.none()


def today() -> datetime.date:
    return timezone.localdate()
