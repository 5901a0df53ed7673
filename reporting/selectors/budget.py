"""Budget reads: each stream's and line's allocations, commitments (pro rata, in SQL), spend
and forecast."""

import datetime
from dataclasses import dataclass
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
from django.utils import timezone

from carers_portal.accounts.models import User
from carers_portal.budget_lines import BudgetLineOption
from reporting import rules
from reporting.models import BudgetChange, BudgetLine, BudgetStream, MonthlyFigure
from reporting.selectors.lts003 import live_plan_items_in
from reporting.selectors.scope import can_commission
from services_directory.models import Contract
from support_plans.models import ItemFrequency

ZERO = Decimal("0.00")


def _overlap_days_expr(start: str, end: str, window: rules.Period) -> Func:
    """(LEAST(COALESCE(end, window end), window end) - GREATEST(start, window start) + 1) days,
    at least 0."""
    last = Least(
        Coalesce(F(end), Value(window.end, output_field=DateField())),
        Value(window.end, output_field=DateField()),
    )
    first = Greatest(F(start), Value(window.start, output_field=DateField()))
    days = Func(
        last, first, template="(%(expressions)s + 1)", arg_joiner=" - ", output_field=IntegerField()
    )
    return Greatest(days, Value(0), output_field=IntegerField())


def pro_rata_expr(
    amount: str, start: str, end: str, period: rules.Period, window: rules.Period | None = None
) -> Round:
    """The annual amount scaled to its days in `window` (default: the whole year) out of the
    year's days, rounded to the penny per row (rules.pro_rata in SQL)."""
    return Round(
        ExpressionWrapper(
            F(amount) * _overlap_days_expr(start, end, window or period) / Value(period.days),
            output_field=DecimalField(max_digits=14, decimal_places=4),
        ),
        2,
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


def to_date_window(period: rules.Period, today: datetime.date) -> rules.Period | None:
    """The part of the year already run: the year start to today (None before the year)."""
    if today < period.start:
        return None
    return rules.Period(period.start, min(today, period.end))


def _contract_rows(period: rules.Period, window: rules.Period | None) -> QuerySet:
    """Contracts live in the year, by funding stream and line code, with the year's and the
    to-date commitment, pro rata to the days they run."""
    to_date = (
        pro_rata_expr("value_per_year", "start_date", "end_date", period, window)
        if window
        else Value(ZERO, output_field=MONEY_FIELD)
    )
    return (
        Contract.objects.filter(start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .values("funding_stream", "budget_line_code")
        .annotate(
            year=Sum(pro_rata_expr("value_per_year", "start_date", "end_date", period)),
            to_date=Sum(to_date),
        )
        .order_by()
    )


def _one_off_in(window: rules.Period | None) -> Case:
    """A one-off item counts in full in the window it starts in, and nothing otherwise."""
    if window is None:
        return Value(ZERO, output_field=MONEY_FIELD)
    return Case(
        When(starts_on__range=(window.start, window.end), then=F("annual_cost")),
        default=Value(ZERO),
        output_field=MONEY_FIELD,
    )


def plan_item_share(period: rules.Period, window: rules.Period | None) -> Case:
    """An item's commitment in `window` of the year: pro rata to its days there, or, for a
    one-off item, in full when it starts there."""
    pro_rata = (
        pro_rata_expr("annual_cost", "starts_on", "ends_on", period, window)
        if window
        else Value(ZERO, output_field=MONEY_FIELD)
    )
    return Case(
        When(frequency=ItemFrequency.ONE_OFF, then=_one_off_in(window)),
        default=pro_rata,
        output_field=MONEY_FIELD,
    )


def _plan_rows(period: rules.Period, window: rules.Period | None) -> QuerySet:
    """Items on agreed or active plans, by funding stream and line code, as for contracts."""
    return (
        live_plan_items_in(period)
        .values("funding_stream", "budget_line_code")
        .annotate(
            year=Sum(plan_item_share(period, period)), to_date=Sum(plan_item_share(period, window))
        )
        .order_by()
    )


@dataclass
class Commitment:
    """What contracts and plan items on one line (or none: code "") commit in a year."""

    contracts: Decimal = ZERO
    plans: Decimal = ZERO
    contracts_to_date: Decimal = ZERO
    plans_to_date: Decimal = ZERO

    @property
    def committed(self) -> Decimal:
        return self.contracts + self.plans

    @property
    def committed_to_date(self) -> Decimal:
        return self.contracts_to_date + self.plans_to_date


def line_commitments(
    period: rules.Period, *, today: datetime.date
) -> dict[tuple[str, str], Commitment]:
    """(funding stream, line code) -> commitments for the year and to `today`: two GROUP BY
    queries, one over contracts and one over plan items."""
    window = to_date_window(period, today)
    found: dict[tuple[str, str], Commitment] = {}
    for row in _contract_rows(period, window):
        item = found.setdefault((row["funding_stream"], row["budget_line_code"]), Commitment())
        item.contracts, item.contracts_to_date = row["year"] or ZERO, row["to_date"] or ZERO
    for row in _plan_rows(period, window):
        item = found.setdefault((row["funding_stream"], row["budget_line_code"]), Commitment())
        item.plans, item.plans_to_date = row["year"] or ZERO, row["to_date"] or ZERO
    return found


# The nightly figures (MonthlyFigure) that hold the commitments, dimension "stream:code".
LINE_COMMITMENT_KEYS = {
    "budget_line_contracts": "contracts",
    "budget_line_plans": "plans",
    "budget_line_contracts_to_date": "contracts_to_date",
    "budget_line_plans_to_date": "plans_to_date",
}
# Written with every night's commitments, so "none yet" and "nothing committed" differ.
BUDGET_WORKED_OUT_KEY = "budget_lines_worked_out"


@dataclass
class StoredCommitments:
    month: datetime.date | None
    computed_at: datetime.datetime | None
    commitments: dict[tuple[str, str], Commitment] | None


def stored_line_commitments(
    *, financial_year: int, month: datetime.date | None = None
) -> StoredCommitments:
    """The commitments the nightly job stored for a financial year: those of `month`, or of
    the latest month of the year before it that has them. Two queries, whatever the rows."""
    period = rules.financial_year(financial_year)
    latest = MonthlyFigure.objects.filter(
        key=BUDGET_WORKED_OUT_KEY,
        team__isnull=True,
        month__range=(period.start, min(period.end, month or period.end)),
    ).order_by("-month")
    found = latest.values_list("month", "computed_at").first()
    if found is None:
        return StoredCommitments(None, None, None)
    stored_month, computed_at = found
    commitments: dict[tuple[str, str], Commitment] = {}
    figures = MonthlyFigure.objects.filter(
        month=stored_month, key__in=LINE_COMMITMENT_KEYS, team__isnull=True
    ).values_list("key", "dimension", "value")
    for key, dimension, value in figures:
        stream, _colon, code = dimension.partition(":")
        item = commitments.setdefault((stream, code), Commitment())
        setattr(item, LINE_COMMITMENT_KEYS[key], value or ZERO)
    return StoredCommitments(stored_month, computed_at, commitments)


def contract_commitments(period: rules.Period) -> dict[str, Decimal]:
    """Contract value_per_year by funding stream, pro rata to the days inside the year."""
    totals: dict[str, Decimal] = {}
    for row in _contract_rows(period, None):
        totals[row["funding_stream"]] = totals.get(row["funding_stream"], ZERO) + row["year"]
    return totals


def plan_commitments(period: rules.Period) -> dict[str, Decimal]:
    """Plan items on agreed or active plans, by funding stream, pro rata to the days in the
    year; a one-off item counts in full in the year it starts."""
    totals: dict[str, Decimal] = {}
    for row in _plan_rows(period, None):
        totals[row["funding_stream"]] = totals.get(row["funding_stream"], ZERO) + row["year"]
    return totals


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


def budget_line_options() -> list[BudgetLineOption]:
    """Each line code once (by funding stream), named as in its latest financial year, for
    the forms of contracts and plan items (carers_portal/budget_lines.py)."""
    lines = (
        BudgetLine.objects.exclude(code="")
        .order_by("stream__key", "code", "-stream__financial_year")
        .distinct("stream__key", "code")
        .values_list("stream__key", "code", "name", "stream__name")
    )
    return [BudgetLineOption(*row) for row in lines]


def budget_years() -> list[int]:
    return list(
        BudgetStream.objects.order_by("-financial_year")
        .values_list("financial_year", flat=True)
        .distinct()
    )


def _position_fields(position: rules.BudgetPosition) -> dict:
    return {
        "committed": position.committed,
        "committed_to_date": position.committed_to_date,
        "spent": position.spent,
        "spent_to_date": position.spent_to_date,
        "forecast": position.forecast,
        "remaining": position.remaining,
        "variance": position.variance,
        "percent_committed": position.percent_committed,
        "percent_spent": position.percent_spent,
        "percent_forecast": position.percent_forecast,
    }


def _add(into: Commitment, more: Commitment) -> None:
    into.contracts += more.contracts
    into.plans += more.plans
    into.contracts_to_date += more.contracts_to_date
    into.plans_to_date += more.plans_to_date


def budget_summary(
    *,
    financial_year: int,
    commitments: dict[tuple[str, str], Commitment] | None = None,
    today: datetime.date | None = None,
    spent_up_to: datetime.date | None = None,
) -> dict:
    """Each stream and its lines: allocated, committed, spent, forecast, remaining, percentages
    (rules.BudgetPosition says what each means).

    - allocated: a stream's lines plus any reserve carved out of it; a line's allocation.
    - committed: contracts and live plan items funded from the stream, pro rata to the year,
      each on the line whose code it names; those naming no line (or a code the stream has no
      line for) are the stream's "not on a line" row, so the stream is the sum of its rows.
      With `commitments` (from the nightly figures: selectors.stored_line_commitments) those
      are used instead of summing the contracts and plan items.
    - spent: other spending recorded against the lines (to `spent_up_to`, if given).
    """
    period = rules.financial_year(financial_year)
    if commitments is None:
        commitments = line_commitments(period, today=today or timezone.localdate())
    streams = list(
        budget_stream_list(financial_year=financial_year).annotate(
            reserved=Coalesce(Sum("reserves__amount"), ZERO)
        )
    )
    spend_filter = Q(spends__spent_on__lte=spent_up_to) if spent_up_to else Q()
    lines = (
        BudgetLine.objects.filter(stream__financial_year=financial_year)
        .annotate(spent=Coalesce(Sum("spends__amount", filter=spend_filter), ZERO))
        .order_by("stream_id", "name")
    )
    lines_by_stream: dict[int, list[BudgetLine]] = {}
    for line in lines:
        lines_by_stream.setdefault(line.stream_id, []).append(line)
    result = []
    for stream in streams:
        stream_lines = lines_by_stream.get(stream.id, [])
        codes = {line.code for line in stream_lines}
        unlined = Commitment()
        unknown_codes = set()
        for (key, code), commitment in commitments.items():
            if key == stream.key and code not in codes:
                _add(unlined, commitment)
                if code:
                    unknown_codes.add(code)
        rows = []
        for line in stream_lines:
            commitment = commitments.get((stream.key, line.code), Commitment())
            position = rules.BudgetPosition(
                budget=line.allocated,
                committed=commitment.committed,
                committed_to_date=commitment.committed_to_date,
                spent=line.spent,
            )
            rows.append(
                {
                    "id": line.id,
                    "name": line.name,
                    "code": line.code,
                    "version": line.version,
                    "allocated": line.allocated,
                    "committed_contracts": commitment.contracts,
                    "committed_plans": commitment.plans,
                    **_position_fields(position),
                }
            )
        total = Commitment()
        for line in stream_lines:
            _add(total, commitments.get((stream.key, line.code), Commitment()))
        _add(total, unlined)
        spent = sum((line.spent for line in stream_lines), ZERO)
        position = rules.BudgetPosition(
            budget=stream.amount,
            committed=total.committed,
            committed_to_date=total.committed_to_date,
            spent=spent,
        )
        allocated = sum((line.allocated for line in stream_lines), ZERO) + stream.reserved
        not_on_a_line = None
        if unlined.committed or unlined.committed_to_date:
            not_on_a_line = {
                "committed_contracts": unlined.contracts,
                "committed_plans": unlined.plans,
                "unknown_codes": sorted(unknown_codes),
                **_position_fields(
                    rules.BudgetPosition(
                        budget=None,
                        committed=unlined.committed,
                        committed_to_date=unlined.committed_to_date,
                        spent=ZERO,
                    )
                ),
            }
        result.append(
            {
                "id": stream.id,
                "key": stream.key,
                "name": stream.name,
                "amount": stream.amount,
                "funded_from": stream.funded_from_id,
                "allocated": allocated,
                "unallocated": stream.amount - allocated,
                "committed_contracts": total.contracts,
                "committed_plans": total.plans,
                **_position_fields(position),
                "lines": rows,
                "not_on_a_line": not_on_a_line,
            }
        )
    # Reserves carved out of another stream are not new money: leave them out of the total.
    top_level = [s for s in result if s["funded_from"] is None]
    total_amount = sum((s["amount"] for s in top_level), ZERO)
    overall = rules.BudgetPosition(
        budget=total_amount,
        committed=sum((s["committed"] for s in result), ZERO),
        committed_to_date=sum((s["committed_to_date"] for s in result), ZERO),
        spent=sum((s["spent"] for s in result), ZERO),
    )
    return {
        "financial_year": financial_year,
        "label": rules.financial_year_label(financial_year),
        "period": period,
        "streams": result,
        "total_amount": total_amount,
        "total_committed": overall.committed,
        "total_spent": overall.spent,
        "total": _position_fields(overall),
    }


def budget_summary_stored(
    *, financial_year: int, month: datetime.date | None = None, spent_up_to=None
) -> dict:
    """budget_summary from the nightly figures (the pages, the API and the board pack read
    this), labelled with when they were worked out; with none yet, nothing is committed and
    `worked_out` is False, so a page can say so rather than show £0 as a fact."""
    stored = stored_line_commitments(financial_year=financial_year, month=month)
    summary = budget_summary(
        financial_year=financial_year,
        commitments=stored.commitments or {},
        spent_up_to=spent_up_to,
    )
    summary["as_at"] = stored.computed_at
    summary["worked_out"] = stored.commitments is not None
    return summary


def budget_change_list(*, financial_year: int) -> QuerySet[BudgetChange]:
    return BudgetChange.objects.filter(financial_year=financial_year).select_related("changed_by")
