"""SALT LTS003: carers by their highest type of support, counted in SQL."""

from django.contrib.postgres.aggregates import BoolOr
from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Min, Q, QuerySet, Value, When

from reporting import rules
from reporting.selectors.ni135 import assessments_in, counted, counting_choices
from support_plans.models import PlanItem, PlanStatus

# Plans whose items are support the carer is receiving (or has agreed to receive).
LIVE_PLAN_STATUSES = (PlanStatus.AGREED, PlanStatus.ACTIVE)


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


def live_plan_items_in(period: rules.Period) -> QuerySet:
    return PlanItem.objects.filter(
        plan__status__in=LIVE_PLAN_STATUSES,
        starts_on__lte=period.end,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))


# Carers by their best support type in one pass: the period's counted assessments grouped by
# carer, full-joined to the live plan items grouped by carer; no subquery per carer.
_SUPPORT_TYPE_SQL = """
WITH assessed AS ({assessed}),
items AS ({items}),
cohort AS (
    SELECT coalesce(assessed.carer_id, items.carer_id) AS carer_id,
           coalesce(items.rank, CASE WHEN assessed.advice THEN %s ELSE %s END) AS rank
    FROM assessed FULL JOIN items ON items.carer_id = assessed.carer_id
)
SELECT rank, count(*) FROM cohort {team_join} GROUP BY rank
"""


def support_type_sql(*, period: rules.Period, team_ids: set[int] | None) -> tuple[str, list]:
    choices = counting_choices()
    needs_age = choices.min_carer_age is not None or choices.max_carer_age is not None
    assessed = (
        counted(assessments_in(period, with_age=needs_age), choices)
        .values("carer_id")
        .annotate(advice=BoolOr("received_information_advice"))
        .order_by()
    )
    items = (
        live_plan_items_in(period)
        .filter(for_cared_for_person=False)
        .values(carer_id=F("plan__carer_id"))
        .annotate(rank=Min(_item_rank_case()))
        .order_by()
    )
    assessed_sql, assessed_params = assessed.query.sql_with_params()
    items_sql, items_params = items.query.sql_with_params()
    params = [
        *assessed_params,
        *items_params,
        rules.INFORMATION_ADVICE_RANK,
        rules.NO_DIRECT_SUPPORT_RANK,
    ]
    team_join = ""
    if team_ids is not None:
        # The carer's own team, as the register shows it.
        team_join = "JOIN triage_carer c ON c.id = cohort.carer_id WHERE c.team_id = ANY(%s)"
        params.append(sorted(team_ids))
    sql = _SUPPORT_TYPE_SQL.format(assessed=assessed_sql, items=items_sql, team_join=team_join)
    return sql, params


def support_type_counts(*, period: rules.Period, team_ids: set[int] | None = None) -> list[dict]:
    """Carers by SALT LTS003 support type, each counted once at their highest-ranked type.

    The cohort: carers assessed or reviewed in the period (counting choices apply) and carers
    with support from a live plan in it. Replacement care is a service to the cared-for person
    (Care Act 2014 s20), so it does not make the carer's support type.
    """
    sql, params = support_type_sql(period=period, team_ids=team_ids)
    with transaction.atomic(), connection.cursor() as cursor:
        # As for NI135: JIT compiling costs seconds here and saves nothing, and the per-carer
        # groups fit in memory rather than spilling to disk.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute(sql, params)
        counts = dict(cursor.fetchall())
    return [
        {"key": key, "label": label, "rank": rank, "carers": counts.get(rank, 0)}
        for rank, key, label in rules.SUPPORT_TYPES
    ]
