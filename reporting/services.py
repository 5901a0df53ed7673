"""Reporting writes: only reporting's own tables (budget, indicator inputs, figures, returns)."""

import csv
import datetime
import hashlib
import io
import re
import zipfile
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from carers_portal.accounts.models import Team, User
from carers_portal.spreadsheets import neutralise_formula
from reporting import rules, selectors
from reporting.exceptions import EditConflict
from reporting.models import (
    BudgetChange,
    BudgetLine,
    BudgetSpend,
    BudgetStream,
    CommunityServicesDenominator,
    IndicatorTarget,
    MonthlyFigure,
    ReturnRun,
)

ZERO = Decimal("0.00")


# --- Budget ----------------------------------------------------------------------------------


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
    return {"stream_id": line.stream_id, "name": line.name, "allocated": _money(line.allocated)}


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
    _record_change(
        by=by,
        financial_year=financial_year,
        object_type="stream",
        object_id=stream.id,
        action="created",
        summary=f"Created {stream} with £{amount:,.2f}",
        before=None,
        after=_stream_state(stream),
    )
    return stream


@transaction.atomic
def budget_stream_set_amount(
    *, stream_id: int, amount: Decimal, version: int, by: User | None
) -> BudgetStream:
    stream = _lock_stream(stream_id)
    if stream.version != version:
        raise EditConflict
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
    stream.amount = amount
    stream.full_clean()
    BudgetStream.objects.filter(id=stream.id, version=version).update(
        amount=amount, version=F("version") + 1
    )
    stream.refresh_from_db()
    _record_change(
        by=by,
        financial_year=stream.financial_year,
        object_type="stream",
        object_id=stream.id,
        action="amount_changed",
        summary=f"Changed {stream} from £{Decimal(before['amount']):,.2f} to £{amount:,.2f}",
        before=before,
        after=_stream_state(stream),
    )
    return stream


@transaction.atomic
def budget_line_create(
    *, stream_id: int, name: str, allocated: Decimal, by: User | None
) -> BudgetLine:
    stream = _lock_stream(stream_id)
    line = BudgetLine(stream=stream, name=name, allocated=allocated)
    line.full_clean()
    _check_fits(stream, amount=stream.amount, allocated_total=_allocated_from(stream) + allocated)
    line.save()
    _record_change(
        by=by,
        financial_year=stream.financial_year,
        object_type="line",
        object_id=line.id,
        action="created",
        summary=f"Allocated £{allocated:,.2f} from {stream} to {name}",
        before=None,
        after=_line_state(line),
    )
    return line


@transaction.atomic
def budget_line_update(
    *, line_id: int, version: int, name: str, allocated: Decimal, by: User | None
) -> BudgetLine:
    line = BudgetLine.objects.get(id=line_id)
    stream = _lock_stream(line.stream_id)
    before = _line_state(line)
    line.name, line.allocated = name, allocated
    line.full_clean()
    _check_fits(
        stream,
        amount=stream.amount,
        allocated_total=_allocated_from(stream, excluding_line_id=line.id) + allocated,
    )
    updated = BudgetLine.objects.filter(id=line.id, version=version).update(
        name=name, allocated=allocated, version=F("version") + 1
    )
    if not updated:
        raise EditConflict
    line.refresh_from_db()
    _record_change(
        by=by,
        financial_year=stream.financial_year,
        object_type="line",
        object_id=line.id,
        action="changed",
        summary=(
            f"Changed {before['name']} from £{Decimal(before['allocated']):,.2f} "
            f"to £{allocated:,.2f}"
        ),
        before=before,
        after=_line_state(line),
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


# --- Indicator inputs --------------------------------------------------------------------------


@transaction.atomic
def denominator_save(
    *,
    period_start: datetime.date,
    period_end: datetime.date,
    count: int,
    notes: str = "",
    by: User | None,
) -> CommunityServicesDenominator:
    """Enter (or correct) the count of people receiving community-based services."""
    existing = (
        CommunityServicesDenominator.objects.select_for_update()
        .filter(period_start=period_start, period_end=period_end)
        .first()
    )
    denominator = existing or CommunityServicesDenominator(
        period_start=period_start, period_end=period_end
    )
    denominator.count = count
    denominator.notes = notes
    denominator.entered_by = by
    denominator.full_clean(validate_constraints=existing is None)
    denominator.save()
    return denominator


@transaction.atomic
def target_save(
    *, financial_year: int, target: Decimal, by: User | None, indicator: str = "ni135"
) -> IndicatorTarget:
    existing = (
        IndicatorTarget.objects.select_for_update()
        .filter(indicator=indicator, financial_year=financial_year)
        .first()
    )
    record = existing or IndicatorTarget(indicator=indicator, financial_year=financial_year)
    record.target = target
    record.set_by = by
    record.full_clean(validate_constraints=existing is None)
    record.save()
    return record


# --- Pre-computed monthly figures -----------------------------------------------------------


def _month_figures(
    month: rules.Period, *, today: datetime.date
) -> list[tuple[str, str, int | None, Decimal | int | None]]:
    """(key, dimension, team id, value) for one month, as at `today` for a month in progress."""
    up_to = min(month.end, today)
    year_to_date = rules.Period(
        rules.financial_year(rules.financial_year_start(month.start)).start, up_to
    )
    month_to_date = rules.Period(month.start, up_to)
    ytd = selectors.ni135_report(period=year_to_date)
    mtd = selectors.ni135_report(period=month_to_date)
    rows: list[tuple[str, str, int | None, Decimal | int | None]] = [
        ("ni135_value", "", None, ytd.result.value),
        ("ni135_numerator", "", None, ytd.result.numerator),
        ("ni135_denominator", "", None, ytd.result.denominator),
        ("ni135_target", "", None, ytd.target),
        ("identified_carers", "", None, ytd.identified_carers),
        ("identified_assessed_percent", "", None, ytd.identified_assessed_percent),
        ("carers_assessed_ytd", "", None, ytd.assessed),
        ("carers_supported_month", "", None, mtd.result.numerator),
    ]
    rows += [("assessments_month", f"kind:{k}", None, v) for k, v in mtd.by_kind.items()]
    for team in ytd.by_team:
        rows.append(("carers_assessed_ytd", "", team["key"], team["assessed"]))
        rows.append(("ni135_numerator", "", team["key"], team["numerator"]))
    for team in mtd.by_team:
        rows.append(("carers_supported_month", "", team["key"], team["numerator"]))
    rows += [("age_band_ytd", f"age:{b['key']}", None, b["numerator"]) for b in ytd.by_age_band]
    rows += [("hours_band_ytd", f"hours:{b['key']}", None, b["numerator"]) for b in ytd.by_hours]
    support = selectors.support_type_counts(period=year_to_date)
    rows += [("support_type_ytd", f"type:{s['key']}", None, s["carers"]) for s in support]
    activations = selectors.activation_counts(period=month_to_date)
    rows += [(f"activations_{key}", "", None, value) for key, value in activations.items()]
    if month.start <= today <= month.end:
        # Breaches and freshness are "as now": only the month in progress can record them.
        rows += [(k, "", None, v) for k, v in selectors.breach_counts(today=today).items()]
        rows += [
            (f"directory_{k}", "", None, v)
            for k, v in selectors.directory_freshness_counts(today=today).items()
        ]
    return rows


@transaction.atomic
def figures_refresh(*, month: rules.Period, today: datetime.date | None = None) -> int:
    """Recompute one month's figures. Idempotent: the month's rows for these keys are replaced."""
    today = today or timezone.localdate()
    if month.start > today:
        return 0
    rows = _month_figures(month, today=today)
    now = timezone.now()
    keys = {key for key, _dim, _team, _value in rows}
    MonthlyFigure.objects.filter(month=month.start, key__in=keys).delete()
    known_teams = set(Team.objects.values_list("id", flat=True))
    MonthlyFigure.objects.bulk_create(
        [
            MonthlyFigure(
                month=month.start,
                key=key,
                dimension=dimension,
                team_id=team_id,
                value=value,
                computed_at=now,
            )
            for key, dimension, team_id, value in rows
            if team_id is None or team_id in known_teams
        ]
    )
    return len(rows)


# --- Monthly returns ---------------------------------------------------------------------------

RETURN_COLUMNS = ["section", "measure", "breakdown", "value"]
# Fixed file dates: the same data always gives the same bytes (and the same sha256).
_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_INTEGER = re.compile(r"^-?[0-9]+$")
_DECIMAL = re.compile(r"^-?[0-9]+\.[0-9]+$")


def _value_text(value) -> str:
    if value is None:
        return ""
    return str(value)


def return_rows(period: rules.Period) -> list[list[str]]:
    """The monthly return's rows: NI135 for the year to the month's end, and the month's counts."""
    year_to_date = rules.Period(
        rules.financial_year(rules.financial_year_start(period.start)).start, period.end
    )
    ytd = selectors.ni135_report(period=year_to_date)
    month = selectors.ni135_report(period=period)
    rows: list[list] = [
        ["return", "period_start", "", period.start.isoformat()],
        ["return", "period_end", "", period.end.isoformat()],
        ["ni135_year_to_date", "period_start", "", year_to_date.start.isoformat()],
        ["ni135_year_to_date", "numerator", "", ytd.result.numerator],
        ["ni135_year_to_date", "denominator", "", ytd.result.denominator],
        ["ni135_year_to_date", "value_percent", "", ytd.result.value],
        ["ni135_year_to_date", "target_percent", "", ytd.target],
        ["ni135_year_to_date", "carers_assessed", "", ytd.assessed],
        ["ni135_year_to_date", "identified_carers", "", ytd.identified_carers],
        ["ni135_year_to_date", "identified_assessed_percent", "", ytd.identified_assessed_percent],
    ]
    for kind in ("separate", "joint", "declined", "total", "reviewed"):
        rows.append(["month_assessments", "carers", kind, month.by_kind[kind]])
    rows.append(["month", "carers_supported", "", month.result.numerator])
    for team in month.by_team:
        rows.append(["month_by_team", "carers_assessed", team["label"], team["assessed"]])
        rows.append(["month_by_team", "carers_supported", team["label"], team["numerator"]])
    for band in month.by_age_band:
        rows.append(["month_by_age_band", "carers_supported", band["label"], band["numerator"]])
    for band in month.by_hours:
        rows.append(["month_by_hours_caring", "carers_supported", band["label"], band["numerator"]])
    for support in selectors.support_type_counts(period=period):
        rows.append(["month_support_type", "carers", support["label"], support["carers"]])
    return [[_value_text(cell) for cell in row] for row in rows]


def return_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(RETURN_COLUMNS)
    writer.writerows([[neutralise_formula(cell) for cell in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


class _FixedTimeZipFile(zipfile.ZipFile):
    """A zip whose members all carry one fixed date, so identical content gives identical bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=_FIXED_ZIP_TIME)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl writes each worksheet from a temporary file, whose mtime would leak
        # the production time into the archive; store its bytes under the fixed date.
        with open(filename, "rb") as source:
            self.writestr(arcname or filename, source.read(), compress_type, compresslevel)


def return_xlsx(rows: list[list[str]], *, title: str, period: rules.Period) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Return"
    sheet.append(RETURN_COLUMNS)
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    fixed = datetime.datetime.combine(period.end, datetime.time(0, 0))
    workbook.properties.creator = "Carers Support Service"
    workbook.properties.title = title
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.lastModifiedBy = "Carers Support Service"
    buffer = io.BytesIO()
    with _FixedTimeZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter.save() rather than Workbook.save(): the latter stamps "modified" with now.
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()


def _xlsx_cell(text: str):
    """Numbers go into the workbook as numbers; everything else (dates, labels) as text."""
    if _INTEGER.match(text):
        return int(text)
    if _DECIMAL.match(text):
        return Decimal(text)
    return neutralise_formula(text)


def return_produce(*, period: rules.Period, kind: str = ReturnRun.ReturnKind.MONTHLY) -> ReturnRun:
    """Build the return in memory, then store it in one transaction.

    Re-running a period recomputes it: unchanged data gives byte-identical files (the same
    sha256); late-recorded data gives new files and a new revision. Never a half-written run.
    """
    rows = return_rows(period)
    title = f"{ReturnRun.ReturnKind(kind).label} {period.start:%B %Y}"
    csv_bytes = return_csv(rows)
    xlsx_bytes = return_xlsx(rows, title=title, period=period)
    csv_sha = hashlib.sha256(csv_bytes).hexdigest()
    xlsx_sha = hashlib.sha256(xlsx_bytes).hexdigest()
    figures = {row[0] + "." + row[1] + (f".{row[2]}" if row[2] else ""): row[3] for row in rows}
    now = timezone.now()
    with transaction.atomic():
        run = (
            ReturnRun.objects.select_for_update()
            .filter(kind=kind, period_start=period.start)
            .first()
        )
        if run is None:
            run = ReturnRun(
                kind=kind,
                period_start=period.start,
                period_end=period.end,
                first_produced_at=now,
                times_produced=0,
                revision=0,
                csv_sha256="",
                xlsx_sha256="",
            )
        changed = run.csv_sha256 != csv_sha or run.xlsx_sha256 != xlsx_sha
        if changed:
            run.revision += 1
        run.csv_content = csv_bytes
        run.xlsx_content = xlsx_bytes
        run.csv_sha256 = csv_sha
        run.xlsx_sha256 = xlsx_sha
        run.figures = figures
        run.period_end = period.end
        run.last_produced_at = now
        run.times_produced += 1
        run.full_clean(validate_constraints=False)
        run.save()
    return run


def return_request(*, period: rules.Period) -> None:
    """Queue a return for production once the caller's transaction commits."""
    from reporting.tasks import return_produce_task

    month = f"{period.start:%Y-%m}"
    transaction.on_commit(lambda: return_produce_task.delay(month))


def reporting_nightly(*, today: datetime.date | None = None) -> dict:
    """The nightly job: month-to-date figures, last month's final figures and, once a month has
    ended, its return (produced once; re-run a period with `produce_return`)."""
    today = today or timezone.localdate()
    current = rules.month_period(today.year, today.month)
    previous = rules.previous_month(today)
    figures_refresh(month=current, today=today)
    figures_refresh(month=previous, today=today)
    produced = None
    if not ReturnRun.objects.filter(
        kind=ReturnRun.ReturnKind.MONTHLY, period_start=previous.start
    ).exists():
        produced = return_produce(period=previous)
    return {"current": current.start, "previous": previous.start, "produced": produced}
