"""Pre-submission checks on a CLD file: every rule in section 5 of
../shared/reference/cld-carers.md, each failure with its row, field and a fix in plain words.

Pure: takes the header and rows (lists of strings, as they go in the file), returns issues.
Rows must come grouped by person (the extract sorts them so), which lets the per-person rules
(9 duplicates, 13 one date of birth per person) run in one pass with memory for one person.
"""

import datetime
import functools
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from reporting import cld_rules

ERROR, WARNING = "error", "warning"


class Issue(NamedTuple):
    # A NamedTuple, not a dataclass: a county's file can give millions of these.
    rule: str
    severity: str
    row: int | None  # as in the file: the header is row 1
    field: str
    value: str
    problem: str
    fix: str


# Rule 3: mandatory on every row, and conditional by event type (D3's reading of the spec).
MANDATORY = [
    "LA Code",
    "Reporting Period Start Date",
    "Reporting Period End Date",
    "LA Person Unique Identifier",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Client Type",
    "Postcode",
    "Accommodation Status",
    "Has Unpaid Carer",
]
CONDITIONAL = {
    "Request": ["Event Outcome", "Request: Route of Access", "Event End Date"],
    "Assessment": [
        "Event Outcome",
        "Assessment Type",
        "Method of Assessment",
        "Primary Support Reason",
        "Event End Date",
    ],
    "Review": [
        "Event Outcome",
        "Review Reason",
        "Method of Review",
        "Primary Support Reason",
        "Event End Date",
    ],
    "Service": ["Event Outcome", "Service Type", "Service Component", "Primary Support Reason"],
}
EVENT_FIELDS = [
    "Event Type",
    "Event Reference",
    "Event Start Date",
    "Event End Date",
    "Event Outcome",
    "Service Type",
]
FIX_BLANK = "Record the {field} on the carer's record or the event, then produce the return again"
_REQUIRED_KBA = tuple(MANDATORY)
# Rule 3's words, worked out once: a county's file can have millions of blanks.
_BLANK = {
    field: (f"{field} is blank", FIX_BLANK.format(field=field.lower()))
    for field in {*MANDATORY, *(f for fields in CONDITIONAL.values() for f in fields)}
    | {"Event Type", "Event Start Date", "Review Outcomes Achieved"}
}
_REQUIRED = {
    kind: (*MANDATORY, "Event Type", "Event Start Date", *CONDITIONAL.get(kind, []))
    for kind in ("", *CONDITIONAL)
}
LINKED = ["Adult 1 Linked Person_ID", "Adult 2 Linked Person_ID", "Adult 3 Linked Person_ID"]


@functools.lru_cache(maxsize=65536)
def _date(value: str) -> datetime.date | None:
    """dd/mm/yyyy, or None. Cached: a county's file repeats a few thousand dates millions of
    times, and strptime was half the cost of checking it."""
    if len(value) != 10 or value[2] != "/" or value[5] != "/":
        return None
    day, month, year = value[:2], value[3:5], value[6:]
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _number(value: str) -> Decimal | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def check_header(header: list[str]) -> list[Issue]:
    """Rule 1: exactly the spec's columns, spelt as the spec spells them."""
    issues = []
    missing = [c for c in cld_rules.COLUMNS if c not in header]
    extra = [c for c in header if c not in cld_rules.COLUMNS]
    for column in missing:
        issues.append(Issue("1", ERROR, 1, column, "", "This column is missing", "Add the column"))
    for column in extra:
        issues.append(
            Issue(
                "1",
                ERROR,
                1,
                column,
                column,
                "This column is not in the specification",
                "Remove the column or correct its spelling",
            )
        )
    return issues


def check_rows(
    header: list[str], rows: Iterable[list[str]], *, release: str, first_row: int = 2
) -> Iterator[Issue]:
    """Rules 2 to 15 over the file's rows, one pass, grouped by person."""
    other_release = "R1" if release == "R2" else "R2"
    allowed = {f: cld_rules.allowed_values(f, release) for f in cld_rules.CODED_FIELDS}
    previous = {f: cld_rules.allowed_values(f, other_release) for f in cld_rules.CODED_FIELDS}
    person, seen, person_facts = None, set(), None
    period = None
    for number, cells in enumerate(rows, start=first_row):
        row = dict(zip(header, cells, strict=False))
        yield from _row_issues(row, number, allowed, previous, release)
        stated = (row.get("Reporting Period Start Date"), row.get("Reporting Period End Date"))
        if period is None:
            period = stated
            yield from _period_issues(stated, number)
        elif stated != period:
            yield Issue(
                "4",
                ERROR,
                number,
                "Reporting Period Start Date",
                " to ".join(stated),
                "The reporting period differs from the file's first row",
                "Give every row the same reporting period",
            )
        yield from _in_period_issues(row, number, period_dates(period))
        pid = row.get("LA Person Unique Identifier", "")
        if pid != person:
            person, seen, person_facts = pid, set(), None
        facts = (row.get("Date of Birth"), row.get("Gender"), row.get("Ethnicity"))
        if person_facts is None:
            person_facts = facts
        elif facts != person_facts:
            yield Issue(
                "13",
                ERROR,
                number,
                "Date of Birth",
                " / ".join(f or "" for f in facts),
                "This person has a different date of birth, gender or ethnicity on another row",
                "Correct the carer's record so every row gives the same details",
            )
        duplicate_key = _duplicate_key(row)
        if duplicate_key is not None:
            if duplicate_key in seen:
                yield Issue(
                    "9",
                    ERROR,
                    number,
                    "Event Reference",
                    row.get("Event Reference", ""),
                    "Another row for this person is the same event",
                    "Remove the duplicate event, or correct its dates or type",
                )
            seen.add(duplicate_key)
            reference = ("ref", row.get("Event Reference", ""))
            if reference[1] and reference in seen:
                yield Issue(
                    "9",
                    ERROR,
                    number,
                    "Event Reference",
                    reference[1],
                    "Two events share this Event Reference",
                    "Give each event its own reference",
                )
            seen.add(reference)


def _duplicate_key(row: dict) -> tuple | None:
    event_type = row.get("Event Type", "")
    if not event_type:
        return None
    key = [row.get("Client Type"), event_type, row.get("Event Start Date")]
    if event_type != "Service":
        key.append(row.get("Event End Date"))
    if event_type == "Request":
        key.append(row.get("Request: Route of Access"))
    elif event_type == "Assessment":
        key.append(row.get("Assessment Type"))
    elif event_type == "Service":
        key += [row.get("Service Type"), row.get("Service Component")]
        key += [row.get("Delivery Mechanism"), row.get("Unit Cost")]
    return tuple(key)


def _period_issues(stated: tuple, number: int) -> Iterator[Issue]:
    start, end = _date(stated[0] or ""), _date(stated[1] or "")
    if start is None or end is None:
        return
    if start > end:
        yield Issue(
            "4",
            ERROR,
            number,
            "Reporting Period Start Date",
            stated[0],
            "The reporting period starts after it ends",
            "Produce the return for the right quarter",
        )
        return
    quarter_end = end.month in (3, 6, 9, 12) and (end + datetime.timedelta(days=1)).day == 1
    if not quarter_end or cld_rules.rolling_year(cld_rules.Period(end, end)).start != start:
        yield Issue(
            "4",
            ERROR,
            number,
            "Reporting Period End Date",
            f"{stated[0]} to {stated[1]}",
            "The period is not the 12 months ending at a quarter end",
            "Produce the return with `produce_return --return cld --period YYYY-Qn`",
        )


def _row_issues(row: dict, number: int, allowed, previous, release: str) -> Iterator[Issue]:
    def issue(rule, field, problem, fix, severity=ERROR):
        return Issue(rule, severity, number, field, row.get(field, "")[:200], problem, fix)

    kba = row.get("Client Type", "").endswith("known by association")
    event_type = row.get("Event Type", "")
    # Rule 2: defined lists, exact and case-sensitive; the other release's values fail.
    for field, values in allowed.items():
        value = row.get(field)
        if value and value not in values:
            if value in previous[field]:
                yield issue(
                    "2",
                    field,
                    f"'{value}' is a value of the other release, not {release}",
                    f"Use the {release} value for this field",
                )
            else:
                yield issue(
                    "2",
                    field,
                    f"'{value}' is not a value in the {release} list",
                    "Choose one of the specification's values (spelling and capitals exactly)",
                )
    # Rule 3: blanks.
    required = _REQUIRED_KBA if kba else _REQUIRED.get(event_type, _REQUIRED[""])
    if event_type == "Review" and row.get("Review Reason") == "Planned":
        required = (*required, "Review Outcomes Achieved")
    for field in required:
        value = row.get(field, "")
        if not value or value.isspace():
            problem, fix = _BLANK[field]
            yield Issue("3", ERROR, number, field, value, problem, fix)
    # Rule 4, 5, 7: dates.
    dates = {}
    for field in ("Date of Birth", "Date of Death", "Event Start Date", "Event End Date"):
        value = row.get(field, "")
        if value:
            parsed = _date(value)
            if parsed is None:
                yield issue(
                    "4", field, "This is not a date as dd/mm/yyyy", "Enter the date as dd/mm/yyyy"
                )
            dates[field] = parsed
    start, end = dates.get("Event Start Date"), dates.get("Event End Date")
    if start and end and end < start:
        yield issue(
            "5",
            "Event End Date",
            "The event ends before it starts",
            "Correct the start or end date on the casework record",
        )
    death = dates.get("Date of Death")
    if death:
        if not end and not kba:
            yield issue(
                "7",
                "Event End Date",
                "A person who has died needs an end date",
                "Enter the date the event ended",
            )
        if end and end > death:
            yield issue(
                "7",
                "Event End Date",
                "The event ends after the date of death",
                "End the event on or before the date of death",
            )
        if start and start > death:
            yield issue(
                "7",
                "Event Start Date",
                "The event starts after the date of death",
                "Check the date of death and the event",
            )
    # Rule 8: NHS number and person ID.
    nhs = row.get("NHS Number", "")
    if nhs and not cld_rules.nhs_number_valid(nhs):
        yield issue(
            "8",
            "NHS Number",
            "This is not a valid NHS number",
            "Check the NHS number on the carer's record (10 digits)",
        )
    # Rule 10: known-by-association rows.
    if kba:
        for field in EVENT_FIELDS:
            if row.get(field):
                yield issue(
                    "10",
                    field,
                    "A carer known by association has no event fields",
                    "Leave the event fields blank",
                )
        if not any(row.get(f) for f in LINKED):
            yield issue(
                "10",
                LINKED[0],
                "A carer known by association needs a linked person",
                "Record the person they care for",
            )
        else:
            yield issue(
                "10",
                LINKED[0],
                "The linked person must be a service user in the council's adult social care file",
                "Check the cared-for person is in the adult social care CLD file",
                WARNING,
            )
    # Rule 11: services.
    service_type = row.get("Service Type", "")
    mechanism = row.get("Delivery Mechanism", "")
    if event_type == "Service":
        if (
            service_type
            in {cld_rules.spec_value("Service Type", "direct_to_carer", r) for r in ("R1", "R2")}
            and not mechanism
        ):
            yield issue(
                "11",
                "Delivery Mechanism",
                "A service direct to the carer has no delivery mechanism, so the carer drops out of ASCOF 3D",
                "Record how the support is provided (direct payment, managed budget or commissioned)",
            )
        if mechanism.lower().startswith("self-funder"):
            yield issue(
                "11",
                "Delivery Mechanism",
                "Self-funder metering must not be used before charging reform",
                "Choose another delivery mechanism",
            )
        if "prison" in service_type.lower() and mechanism.lower() == "direct payment":
            yield issue(
                "11",
                "Delivery Mechanism",
                "A direct payment cannot be made in a prison setting",
                "Choose another delivery mechanism",
            )
    # Rule 12: costs.
    for field in ("Unit Cost", "Planned units per week"):
        value = row.get(field, "")
        if value:
            number_value = _number(value)
            if number_value is None or number_value < 0 or -number_value.as_tuple().exponent > 2:
                yield issue(
                    "12",
                    field,
                    "This must be a number of 0 or more, to 2 decimal places at most",
                    "Correct the amount",
                )
    frequency = row.get("Cost Frequency (Unit Type)", "")
    if event_type == "Service" and mechanism and not _commissioned(mechanism):
        for field in ("Unit Cost", "Cost Frequency (Unit Type)"):
            if not row.get(field):
                yield issue(
                    "12",
                    field,
                    f"{field} is needed for this service",
                    "Record the cost and how often it is paid",
                )
    if frequency and frequency != "One-off" and not row.get("Planned units per week"):
        yield issue(
            "12",
            "Planned units per week",
            "A regular cost needs planned units per week",
            "Record how many units a week",
        )
    # Rule 13 and 14: ages.
    birth = dates.get("Date of Birth")
    on = dates.get("Event End Date") or dates.get("Event Start Date")
    if birth and on:
        age = cld_rules.reporting_age(birth, on)
        if age is not None and age > 115:
            yield issue(
                "13",
                "Date of Birth",
                "The person would be over 115: probably a placeholder date",
                "Correct the date of birth",
            )
        if age is not None and age < 18:
            yield issue(
                "14",
                "Date of Birth",
                "A carer under 18 is outside the adult collection",
                "Check whether this young carer belongs in the return",
                WARNING,
            )
    elif not birth:
        yield issue(
            "14",
            "Date of Birth",
            "The date of birth is unknown",
            "Record the carer's date of birth",
            WARNING,
        )
    # Rule 15: no cancelled events.
    if "cancel" in row.get("Event Description", "").lower():
        yield issue(
            "15",
            "Event Description",
            "A cancelled event must not be sent",
            "Remove the cancelled event",
        )


def _commissioned(mechanism: str) -> bool:
    return mechanism.lower() == "cassr commissioned support"


@functools.lru_cache(maxsize=16)
def period_dates(period: tuple | None) -> tuple:
    if not period:
        return (None, None)
    return (_date(period[0] or ""), _date(period[1] or ""))


def _in_period_issues(row: dict, number: int, period: tuple) -> Iterator[Issue]:
    """Rules 5 and 6: events inside the period (completed ones end in it)."""
    start_of, end_of = period
    if not (start_of and end_of) or not row.get("Event Type"):
        return
    start, end = _date(row.get("Event Start Date", "")), _date(row.get("Event End Date", ""))
    if start and start > end_of:
        yield Issue(
            "5",
            ERROR,
            number,
            "Event Start Date",
            row["Event Start Date"],
            "The event starts after the reporting period",
            "Leave this event for a later return",
        )
    if row["Event Type"] != "Service":
        if end and not start_of <= end <= end_of:
            yield Issue(
                "6",
                ERROR,
                number,
                "Event End Date",
                row["Event End Date"],
                "Only events completed in the period go in",
                "Leave this event out of this period's return",
            )
    elif end and end < start_of:
        yield Issue(
            "6",
            ERROR,
            number,
            "Event End Date",
            row["Event End Date"],
            "This service ended before the period",
            "Leave this service out of this period's return",
        )
