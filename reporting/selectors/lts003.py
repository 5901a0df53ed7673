"""SALT LTS003: carers by their highest type of support, counted in SQL."""

from django.db.models import (
    Case,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from reporting import rules
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


def support_type_counts(*, period: rules.Period, team_ids: set[int] | None = None) -> list[dict]:
    """Carers by SALT LTS003 support type, each counted once at their highest-ranked type,
    counted from the carer event record as NHS England's LTS003 code does
    (../shared/reference/cld-carers.md section 4): a declined assessment is "no direct
    support", a declined request is not counted, replacement care is support involving the
    cared-for person (Care Act 2014 s20), so it never makes the carer's type."""
    from reporting.selectors.event_figures import lts003

    counts = {c["rank"]: c["carers"] for c in lts003(period=period, team_ids=team_ids).categories}
    return [
        {"key": key, "label": label, "rank": rank, "carers": counts.get(rank, 0)}
        for rank, key, label in rules.SUPPORT_TYPES
    ]
