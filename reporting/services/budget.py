"""Budget writes: streams, allocations and spending, each change logged in BudgetChange."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce

from carers_portal.accounts.models import User
from carers_portal.versioning import save_versioned
from reporting import rules
from reporting.models import BudgetChange, BudgetLine, BudgetSpend, BudgetStream

ZERO = Decimal("0.00")


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _stream_state(stream: BudgetStream) -> dict:
    return {
        "financial_year": stream.financial_year,
        "key": stream.key,
        "name": stream.name,
        "amount": _money(stream.amount),
        "funded_from_id": stream.funded_from_id,
    }


def _line_state(line: BudgetLine) -> dict:
    return {
        "stream_id": line.stream_id,
        "name": line.name,
        "code": line.code,
        "allocated": _money(line.allocated),
    }


def _record_change(
    *,
    by: User | None,
    financial_year: int,
    object_type: str,
    object_id: int,
    action: str,
    summary: str,
    before: dict | None,
    after: dict | None,
) -> BudgetChange:
    return BudgetChange.objects.create(
        changed_by=by,
        financial_year=financial_year,
        object_type=object_type,
        object_id=object_id,
        action=action,
        summary=summary[:300],
        before=before,
        after=after,
    )


def _log_stream(
    stream: BudgetStream, *, by: User | None, action: str, summary: str, before: dict | None = None
) -> BudgetChange:
    return _record_change(
        by=by,
        financial_year=stream.financial_year,
        object_type="stream",
        object_id=stream.id,
        action=action,
        summary=summary,
        before=before,
        after=_stream_state(stream),
    )


def _log_line(
    line: BudgetLine,
    stream: BudgetStream,
    *,
    by: User | None,
    action: str,
    summary: str,
    before: dict | None = None,
) -> BudgetChange:
    return _record_change(
        by=by,
        financial_year=stream.financial_year,
        object_type="line",
        object_id=line.id,
        action=action,
        summary=summary,
        before=before,
        after=_line_state(line),
    )


def _allocated_from(stream: BudgetStream, *, excluding_line_id: int | None = None) -> Decimal:
    lines = stream.lines.all()
    if excluding_line_id is not None:
        lines = lines.exclude(id=excluding_line_id)
    from_lines = lines.aggregate(total=Coalesce(Sum("allocated"), ZERO))["total"]
    reserves = stream.reserves.aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]
    return from_lines + reserves


def _check_fits(stream: BudgetStream, *, amount: Decimal, allocated_total: Decimal) -> None:
    check = rules.check_allocation(
        stream_name=str(stream), stream_amount=amount, allocated_total=allocated_total
    )
    if not check.ok:
        raise ValidationError({"allocated": check.reasons})


def _lock_stream(stream_id: int) -> BudgetStream:
    # Allocations from one stream are checked one at a time, so two people cannot both fit.
    return BudgetStream.objects.select_for_update().get(id=stream_id)


@transaction.atomic
def budget_stream_create(
    *,
    financial_year: int,
    key: str,
    name: str,
    amount: Decimal,
    funded_from: BudgetStream | None = None,
    by: User | None,
) -> BudgetStream:
    stream = BudgetStream(
        financial_year=financial_year, key=key, name=name, amount=amount, funded_from=funded_from
    )
    stream.full_clean()
    if funded_from is not None:
        parent = _lock_stream(funded_from.id)
        try:
            _check_fits(
                parent, amount=parent.amount, allocated_total=_allocated_from(parent) + amount
            )
        except ValidationError as error:
            raise ValidationError({"amount": error.message_dict["allocated"]}) from error
    stream.save()
    _log_stream(stream, by=by, action="created", summary=f"Created {stream} with £{amount:,.2f}")
    return stream


@transaction.atomic
def budget_stream_set_amount(
    *, stream_id: int, amount: Decimal, version: int, by: User | None
) -> BudgetStream:
    # The lock makes the allocation checks below hold until commit; the version check in
    # save_versioned refuses a save made from a stale read, however the two interleave.
    stream = _lock_stream(stream_id)
    before = _stream_state(stream)
    allocated = _allocated_from(stream)
    if amount < allocated:
        raise ValidationError(
            {
                "amount": [
                    f"{stream} already has £{allocated:,.2f} allocated. Reduce the allocations "
                    f"before setting the amount below that"
                ]
            }
        )
    if stream.funded_from_id is not None:
        parent = _lock_stream(stream.funded_from_id)
        others = _allocated_from(parent) - stream.amount
        try:
            _check_fits(parent, amount=parent.amount, allocated_total=others + amount)
        except ValidationError as error:
            raise ValidationError({"amount": error.message_dict["allocated"]}) from error
    save_versioned(stream, version=version, changes={"amount": amount})
    _log_stream(
        stream,
        by=by,
        action="amount_changed",
        summary=f"Changed {stream} from £{Decimal(before['amount']):,.2f} to £{amount:,.2f}",
        before=before,
    )
    return stream


def _line_code(stream: BudgetStream, *, name: str, code: str) -> str:
    """The code given, or one made from the name; a code names one line in a year, so the
    contracts and plan items that carry it cannot be on two lines at once."""
    year_codes = dict(
        BudgetLine.objects.filter(stream__financial_year=stream.financial_year).values_list(
            "code", "stream__name"
        )
    )
    if not code:
        return rules.budget_line_code_from_name(name, taken=set(year_codes))
    if code in year_codes:
        raise ValidationError(
            {
                "code": [
                    f"Code {code} is already used for a line of {year_codes[code]} in "
                    f"{rules.financial_year_label(stream.financial_year)}. Enter another code"
                ]
            }
        )
    return code


@transaction.atomic
def budget_line_create(
    *, stream_id: int, name: str, allocated: Decimal, by: User | None, code: str = ""
) -> BudgetLine:
    """Allocate money from a stream to a line. `code` is what contracts and plan items name
    (made from the name when blank); it stays the same once the line exists."""
    stream = _lock_stream(stream_id)
    code = _line_code(stream, name=name, code=code.strip().upper())
    line = BudgetLine(stream=stream, name=name, allocated=allocated, code=code)
    line.full_clean()
    _check_fits(stream, amount=stream.amount, allocated_total=_allocated_from(stream) + allocated)
    line.save()
    _log_line(
        line,
        stream,
        by=by,
        action="created",
        summary=f"Allocated £{allocated:,.2f} from {stream} to {name} ({code})",
    )
    return line


@transaction.atomic
def budget_line_update(
    *, line_id: int, version: int, name: str, allocated: Decimal, by: User | None
) -> BudgetLine:
    line = BudgetLine.objects.get(id=line_id)
    stream = _lock_stream(line.stream_id)
    before = _line_state(line)
    _check_fits(
        stream,
        amount=stream.amount,
        allocated_total=_allocated_from(stream, excluding_line_id=line.id) + allocated,
    )
    save_versioned(line, version=version, changes={"name": name, "allocated": allocated})
    _log_line(
        line,
        stream,
        by=by,
        action="changed",
        summary=(
            f"Changed {before['name']} from £{Decimal(before['allocated']):,.2f} "
            f"to £{allocated:,.2f}"
        ),
        before=before,
    )
    return line


@transaction.atomic
def budget_spend_record(
    *,
    line_id: int,
    spent_on: datetime.date,
    amount: Decimal,
    description: str,
    by: User | None,
) -> BudgetSpend:
    line = BudgetLine.objects.select_related("stream").get(id=line_id)
    period = line.stream.period
    spend = BudgetSpend(
        line=line, spent_on=spent_on, amount=amount, description=description, recorded_by=by
    )
    spend.full_clean()
    if not period.start <= spent_on <= period.end:
        raise ValidationError(
            {"spent_on": [f"Date spent must be within the financial year {period.label()}"]}
        )
    if amount == 0:
        raise ValidationError({"amount": ["Enter an amount other than £0"]})
    spend.save()
    _record_change(
        by=by,
        financial_year=line.stream.financial_year,
        object_type="spend",
        object_id=spend.id,
        action="recorded",
        summary=f"Recorded £{amount:,.2f} spent on {line.name}: {description}",
        before=None,
        after={
            "line_id": line.id,
            "spent_on": spent_on.isoformat(),
            "amount": _money(amount),
            "description": description,
        },
    )
    return spend
