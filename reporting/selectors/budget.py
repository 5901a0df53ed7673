"""Budget reads: each stream's allocations, commitments (pro rata, in SQL) and spend."""

from decimal import Decimal

from django.db.models import (
    Case,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least, Round

from carers_portal.accounts.models import User
from reporting import rules
from reporting.models import BudgetChange, BudgetLine, BudgetStream
from reporting.selectors.lts003 import live_plan_items_in
from reporting.selectors.scope import can_commission
from services_directory.models import Contract
from support_plans.models import ItemFrequency


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
        live_plan_items_in(period)
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


def budget_stream_list_visible_to(user: User) -> QuerySet[BudgetStream]:
    """The one scope for funding streams: commissioners and administrators see them all."""
    streams = BudgetStream.objects.all()
    return streams if can_commission(user) else streams.none()


def budget_line_list_visible_to(user: User) -> QuerySet[BudgetLine]:
    """The one scope for budget lines: commissioners and administrators see them all."""
    lines = BudgetLine.objects.select_related("stream")
    return lines if can_commission(user) else lines.none()


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
