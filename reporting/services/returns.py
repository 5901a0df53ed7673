"""Monthly returns: their rows, produced and stored in one transaction, and the nightly job."""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from reporting import rules, selectors
from reporting.models import ReturnRun
from reporting.services.figures import figures_refresh
from reporting.services.files import return_csv, return_xlsx


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


def return_produce(
    *, period: rules.Period, kind: str = ReturnRun.ReturnKind.MONTHLY, refresh: bool = True
) -> ReturnRun:
    """Build the return in memory, then store it in one transaction.

    Re-running a period recomputes it: unchanged data gives byte-identical files (the same
    sha256); late-recorded data gives new files and a new revision. Never a half-written run.
    The carer events are brought up to date first (`refresh`), unless the caller just did.
    """
    if refresh:
        from reporting.services.events import events_refresh

        events_refresh()
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
    """The nightly job: the carer events brought up to date, then month-to-date figures, last
    month's final figures and, once a month (or quarter) has ended, its return (produced once;
    re-run a period with `produce_return`). Every figure comes from the same events."""
    from reporting.services.cld import cld_nightly
    from reporting.services.events import events_refresh

    today = today or timezone.localdate()
    current = rules.month_period(today.year, today.month)
    previous = rules.previous_month(today)
    events_refresh()
    figures_refresh(month=current, today=today)
    figures_refresh(month=previous, today=today)
    produced = None
    if not ReturnRun.objects.filter(
        kind=ReturnRun.ReturnKind.MONTHLY, period_start=previous.start
    ).exists():
        produced = return_produce(period=previous, refresh=False)
    cld = cld_nightly(today=today)
    return {
        "current": current.start,
        "previous": previous.start,
        "produced": produced,
        "cld": cld,
    }
