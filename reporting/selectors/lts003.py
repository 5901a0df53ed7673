"""SALT LTS003: carers by their highest type of support, counted in SQL."""

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from reporting import rules
from reporting.selectors.ni135 import assessments_in, counted, counting_choices
from support_plans.models import PlanItem, PlanStatus
from triage.models import Carer

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
    """Carers by SALT LTS003 support type, each counted once at their highest-ranked type.

    The cohort: carers assessed or reviewed in the period (counting choices apply) and carers
    with support from a live plan in it. Replacement care is a service to the cared-for person
    (Care Act 2014 s20), so it does not make the carer's support type.
    """
    assessed = counted(assessments_in(period), counting_choices()).filter(carer_id=OuterRef("pk"))
    items = live_plan_items_in(period).filter(
        plan__carer_id=OuterRef("pk"), for_cared_for_person=False
    )
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
