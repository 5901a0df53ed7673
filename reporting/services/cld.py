"""The quarterly Client Level Data (CLD) return: one row per carer event in the 12 months to
the quarter end, with the spec's field names and the code values of the release in force
(../shared/reference/cld-carers.md sections 1 to 3), checked before it is stored.

Built by one SQL query over reporting's event record, streamed from a server-side cursor into
the CSV, validated on the way (reporting/cld_validation.py), then stored like the monthly
returns: one run per return and period, identical bytes (and sha256) when nothing changed.
"""

import csv
import gzip
import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from reporting import cld_rules, cld_validation, rules
from reporting.models import ReturnRun, ValidationIssue

MAX_STORED_PER_RULE = 1000
_BATCH = 5000


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _case(field: str, column: str, release: str) -> str:
    """This system's code in `column` -> the release's spec value, from cld_rules.CODES."""
    whens = " ".join(
        f"WHEN {_literal(code)} THEN {_literal(values[release])}"
        for (f, code), values in cld_rules.CODES.items()
        if f == field
    )
    return f"CASE {column} {whens} ELSE '' END"


def _date(column: str) -> str:
    return f"COALESCE(to_char({column}, 'DD/MM/YYYY'), '')"


def _money(column: str) -> str:
    return f"COALESCE(to_char({column}, 'FM999999990.00'), '')"


def extract_sql(release: str) -> str:
    """Event rows, then person-only rows for carers known only by association."""
    event_type_order = "CASE e.event_type WHEN 'request' THEN 1 WHEN 'assessment' THEN 2 WHEN 'review' THEN 3 ELSE 4 END"
    person = f"""
        %(la_code)s, %(start_text)s, %(end_text)s, c.nhs_number, c.id::text,
        c.first_name, c.last_name, '', '', '',
        {_case("Ethnicity", "c.ethnicity", release)}, {_date("c.date_of_birth")}, '',"""
    events = f"""
    SELECT c.id AS person_id, {event_type_order} AS type_order, e.start_date, e.key,
        {person}
        {_case("Client Type", "'carer'", release)},
        CASE WHEN e.event_type = 'request' THEN '' ELSE {_case("Primary Support Reason", "'carer'", release)} END,
        c.postcode, {_case("Accommodation Status", "'unknown'", release)}, '', '', '',
        COALESCE(adults.n, 0)::text, '', '', '',
        {_case("Event Type", "e.event_type", release)}, e.key,
        {_date("e.start_date")}, {_date("e.end_date")}, '',
        {_case("Event Outcome", "e.outcome", release)},
        {_case("Request: Route of Access", "e.route_of_access", release)},
        {_case("Assessment Type", "e.assessment_type", release)}, '', '',
        {_case("Service Type", "e.service_type", release)},
        {_case("Service Component", "e.service_component", release)},
        {_case("Delivery Mechanism", "e.delivery_mechanism", release)}, '', '',
        {_case("Review Reason", "e.review_reason", release)}, '',
        {_case("Method of Review", "e.method_of_review", release)},
        {_money("e.unit_cost")},
        {_case("Cost Frequency (Unit Type)", "e.cost_frequency", release)},
        {_money("e.planned_units_per_week")}
    FROM reporting_carerevent e
    JOIN triage_carer c ON c.id = e.carer_id
    LEFT JOIN (SELECT carer_id, count(*) AS n FROM triage_caringrelationship
               WHERE ended_on IS NULL GROUP BY carer_id) adults ON adults.carer_id = c.id
    WHERE e.withdrawn_at IS NULL AND e.start_date <= %(end)s
      AND ((e.event_type = 'service' AND (e.end_date IS NULL OR e.end_date >= %(start)s))
           OR (e.event_type <> 'service' AND e.end_date BETWEEN %(start)s AND %(end)s))"""  # noqa: S608 (constants)
    # Known only by association: registered in the period as caring for someone, with no
    # event of their own in it. Person and carer fields and the linked person; no event.
    kba = f"""
    SELECT c.id, 0, NULL::date, '',
        {person}
        {_case("Client Type", "'carer_kba'", release)}, '',
        c.postcode, {_case("Accommodation Status", "'unknown'", release)}, '', '', '',
        linked.n::text, linked.first_id::text, '', '',
        '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''
    FROM triage_carer c
    JOIN LATERAL (SELECT count(*) AS n, min(r.cared_for_id) AS first_id
                  FROM triage_caringrelationship r
                  WHERE r.carer_id = c.id AND r.ended_on IS NULL) linked ON linked.n > 0
    WHERE timezone(%(tz)s, c.created_at)::date BETWEEN %(start)s AND %(end)s
      AND NOT EXISTS (
        SELECT 1 FROM reporting_carerevent e
        WHERE e.carer_id = c.id AND e.withdrawn_at IS NULL AND e.start_date <= %(end)s
          AND (e.end_date IS NULL OR e.end_date >= %(start)s))"""  # noqa: S608 (constants)
    return f"{events}\nUNION ALL\n{kba}\nORDER BY 1, 2, 3, 4"  # noqa: S608 (constants)


@dataclass
class Extract:
    csv_bytes: bytes
    sha256: str
    rows: int
    rows_by_type: dict[str, int]
    issues: list[cld_validation.Issue]
    issue_counts: dict[str, dict[str, int]]


def _params(period: rules.Period) -> dict:
    return {
        "la_code": getattr(settings, "REPORTING_CLD_LA_CODE", ""),
        "start": period.start,
        "end": period.end,
        "start_text": f"{period.start:%d/%m/%Y}",
        "end_text": f"{period.end:%d/%m/%Y}",
        "tz": settings.TIME_ZONE,
    }


def _rows(period: rules.Period, release: str):
    with transaction.atomic():
        with connection.cursor() as setup:
            # For this one query: sorting a county's rows by person in memory, not on disk.
            setup.execute("SET LOCAL work_mem = '256MB'")
            setup.execute("SET LOCAL jit = off")
        with connection.chunked_cursor() as cursor:
            cursor.execute(extract_sql(release), _params(period))
            while batch := cursor.fetchmany(_BATCH):
                for row in batch:
                    # Every column is text already (NULLs only from the sort keys).
                    yield row[4:]


def build_extract(*, quarter: rules.Period) -> Extract:
    """The file for the 12 months to the quarter end, checked row by row as it is written."""
    period = cld_rules.rolling_year(quarter)
    release = cld_rules.release_for(period).key
    header = list(cld_rules.COLUMNS)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    rows_by_type: dict[str, int] = {}
    type_index = header.index("Event Type")
    client_index = header.index("Client Type")

    def counted(rows):
        for row in rows:
            kind = row[type_index] or row[client_index]
            rows_by_type[kind] = rows_by_type.get(kind, 0) + 1
            writer.writerow(row)
            yield row

    kept: list[cld_validation.Issue] = list(cld_validation.check_header(header))
    counts: dict[str, dict[str, int]] = {}
    for issue in cld_validation.check_rows(
        header, counted(_rows(period, release)), release=release
    ):
        per_rule = counts.setdefault(issue.rule, {"error": 0, "warning": 0})
        per_rule[issue.severity] += 1
        if per_rule[issue.severity] <= MAX_STORED_PER_RULE:
            kept.append(issue)
    for issue in kept[: len(cld_validation.check_header(header))]:
        counts.setdefault(issue.rule, {"error": 0, "warning": 0})[issue.severity] += 1
    data = text.getvalue().encode("utf-8")
    return Extract(
        csv_bytes=data,
        sha256=hashlib.sha256(data).hexdigest(),
        rows=sum(rows_by_type.values()),
        rows_by_type=rows_by_type,
        issues=kept,
        issue_counts=counts,
    )


def _gzip(data: bytes) -> bytes:
    # mtime=0 and no file name: the same CSV always gives the same compressed bytes.
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="", compresslevel=6) as archive:
        archive.write(data)
    return buffer.getvalue()


def cld_return_produce(*, quarter: rules.Period) -> ReturnRun:
    """Build, check and store the CLD return for a quarter (one run per period).

    The CSV is stored gzip-compressed (a county's file runs to hundreds of megabytes); its
    sha256 is of the CSV itself. No workbook: the file can exceed a spreadsheet's row limit.
    """
    extract = build_extract(quarter=quarter)
    period = cld_rules.rolling_year(quarter)
    errors = sum(c["error"] for c in extract.issue_counts.values())
    warnings = sum(c["warning"] for c in extract.issue_counts.values())
    figures = {
        "quarter": cld_rules.quarter_label(quarter),
        "release": cld_rules.release_for(period).key,
        "rows": extract.rows,
        "rows_by_type": extract.rows_by_type,
        "validation": {
            "status": "errors" if errors else "clean",
            "errors": errors,
            "warnings": warnings,
            "by_rule": extract.issue_counts,
        },
    }
    now = timezone.now()
    with transaction.atomic():
        run = (
            ReturnRun.objects.select_for_update()
            .filter(kind=ReturnRun.ReturnKind.CLD, period_start=period.start)
            .first()
        )
        if run is None:
            run = ReturnRun(
                kind=ReturnRun.ReturnKind.CLD,
                period_start=period.start,
                period_end=period.end,
                first_produced_at=now,
                times_produced=0,
                revision=0,
                csv_sha256="",
            )
        if run.csv_sha256 != extract.sha256:
            run.revision += 1
            run.csv_content = _gzip(extract.csv_bytes)
        run.csv_sha256 = extract.sha256
        run.xlsx_content = b""
        run.xlsx_sha256 = ""
        run.figures = figures
        run.last_produced_at = now
        run.times_produced += 1
        run.full_clean(validate_constraints=False, exclude=["xlsx_content", "xlsx_sha256"])
        run.save()
        run.issues.all().delete()
        ValidationIssue.objects.bulk_create(
            [
                ValidationIssue(
                    run=run,
                    rule=i.rule,
                    severity=i.severity,
                    row_number=i.row,
                    field=i.field,
                    value=i.value[:200],
                    problem=i.problem[:300],
                    fix=i.fix[:300],
                )
                for i in extract.issues
            ],
            batch_size=1000,
        )
    return run


def cld_csv(run: ReturnRun) -> bytes:
    return gzip.decompress(bytes(run.csv_content))


def cld_nightly(*, today=None) -> ReturnRun | None:
    """After each quarter end, produce its return once (re-run with `produce_return`)."""
    today = today or timezone.localdate()
    quarter = cld_rules.last_ended_quarter(today)
    period = cld_rules.rolling_year(quarter)
    if ReturnRun.objects.filter(kind=ReturnRun.ReturnKind.CLD, period_start=period.start).exists():
        return None
    return cld_return_produce(quarter=quarter)


def cld_return_produce_now(*, quarter: str) -> ReturnRun:
    """The carer events brought up to date, then the quarter's return (given as 2026-Q2),
    as `produce_return --return cld` does; for the task a commissioner's request queues."""
    from reporting.services.events import events_refresh

    events_refresh()
    return cld_return_produce(quarter=cld_rules.parse_quarter(quarter))


def cld_return_request(*, quarter: rules.Period) -> None:
    """Queue the quarter's return for production once the caller's transaction commits."""
    from reporting.tasks import cld_return_produce_task

    label = cld_rules.quarter_label(quarter)
    transaction.on_commit(lambda: cld_return_produce_task.delay(label))
