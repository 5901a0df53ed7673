"""The contracts and plan items behind a budget line (or a stream's "not on a line" row).

Each list is filtered by the funding stream and line code and ordered by the index that
matches them (`directory_contract_line`, `plan_item_budget_line`), so the page can be paged by
keyset at the same cost at any depth. Plan items show no carer and no free text: commissioners
see what the money is committed to, not the carer's record.
"""

from django.db.models import F, Q, QuerySet

from reporting import rules
from reporting.models import BudgetStream
from reporting.selectors.budget import plan_item_share, pro_rata_expr
from reporting.selectors.lts003 import live_plan_items_in
from services_directory.models import Contract
from support_plans.models import PlanItem

KINDS = {"plans": "Support plan items", "contracts": "Contracts"}


def _on_line(queryset: QuerySet, stream: BudgetStream, code: str | None) -> QuerySet:
    """On the line of `code`; with None, on no line of the stream (blank or unknown code)."""
    queryset = queryset.filter(funding_stream=stream.key)
    if code is not None:
        return queryset.filter(budget_line_code=code)
    return queryset.exclude(budget_line_code__in=list(stream.lines.values_list("code", flat=True)))


def line_contracts(*, stream: BudgetStream, code: str | None) -> QuerySet[Contract]:
    """Contracts live in the stream's year, each with its commitment for the year."""
    period = stream.period
    contracts = (
        Contract.objects.filter(start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .select_related("service__organisation")
        .annotate(committed=pro_rata_expr("value_per_year", "start_date", "end_date", period))
    )
    return _on_line(contracts, stream, code).order_by("reference", "id")


def line_plan_items(*, stream: BudgetStream, code: str | None) -> QuerySet[PlanItem]:
    """Items of agreed or active plans live in the stream's year, each with its commitment
    for the year. `carer_id` rides along so the page records whose plans were shown."""
    period = stream.period
    items = (
        live_plan_items_in(period)
        .select_related("plan__team", "service")
        .annotate(
            carer_id=F("plan__carer_id"),
            committed=plan_item_share(period, period),
        )
    )
    return _on_line(items, stream, code).order_by("id")


def line_kind_counts(*, stream: BudgetStream, code: str | None, cap: int) -> dict[str, int]:
    """How many of each there are, each count stopping at cap + 1 (shown as "more than")."""
    return {
        "contracts": line_contracts(stream=stream, code=code)
        .order_by()
        .values("pk")[: cap + 1]
        .count(),
        "plans": line_plan_items(stream=stream, code=code)
        .order_by()
        .values("pk")[: cap + 1]
        .count(),
    }


def year_label(stream: BudgetStream) -> str:
    return rules.financial_year_label(stream.financial_year)
