"""The board pack: one month's figures, subject by subject, from the nightly figures only.

Every number is one the dashboard or the budget page shows for the same month (they read the
same stored rows), so the pack never disagrees with them. Each subject is a plain table of
cells that say what they hold (a count, a percentage, money), which reporting/board_pack.py
writes as a workbook sheet and as a section of the PDF.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from reporting import cld_rules, rules
from reporting.models import MonthlyFigure
from reporting.selectors.budget import budget_summary_stored
from reporting.selectors.dashboard import months_back
from triage.models import CaringHoursBand

MONTHS_OFFERED = 24
TREND_MONTHS = 12
# What a cell holds, so each file writes it in the right format.
PERCENT = "percent"
COUNT = "count"
MONEY = "money"
HOURS = "hours"
TEXT = "text"


@dataclass(frozen=True)
class Cell:
    value: object  # str, int, Decimal or None (not available)
    kind: str = TEXT  # text, count, hours, percent (as 7.5 for 7.5%) or money (pounds)


@dataclass
class Subject:
    sheet: str  # the workbook sheet's name: 31 characters at most
    heading: str
    columns: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)


@dataclass
class BoardPack:
    month: rules.Period
    title: str
    year_label: str
    as_at: datetime.datetime | None
    subjects: list[Subject]


def board_pack_months(*, today: datetime.date) -> list[rules.Period]:
    """Months the nightly job has worked out, newest first (up to two years)."""
    months = (
        MonthlyFigure.objects.filter(key="ni135_value", team__isnull=True, month__lte=today)
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()[:MONTHS_OFFERED]
    )
    return [rules.month_period(month.year, month.month) for month in months]


def _count(value) -> Cell:
    return Cell(None if value is None else int(value), COUNT)


def _percent(value) -> Cell:
    return Cell(None if value is None else Decimal(value), PERCENT)


def _money(value) -> Cell:
    return Cell(value, MONEY)


def _stored(month: rules.Period) -> tuple[dict, dict, datetime.datetime | None]:
    """The month's council-wide figures {(key, dimension): value} and per-team figures."""
    council: dict[tuple[str, str], Decimal | None] = {}
    teams: dict[str, dict[str, Decimal | None]] = {}
    as_at = None
    for figure in MonthlyFigure.objects.filter(month=month.start).select_related("team"):
        if figure.team_id is None:
            council[(figure.key, figure.dimension)] = figure.value
            as_at = max(as_at or figure.computed_at, figure.computed_at)
        else:
            teams.setdefault(figure.team.name, {})[figure.key] = figure.value
    return council, teams, as_at


def _headline(council: dict, month: rules.Period) -> Subject:
    value = council.get(("ni135_value", ""))
    target = council.get(("ni135_target", ""))
    difference = None if value is None or target is None else value - target
    ytd = f"1 April to {month.end:%-d %B %Y}"
    rows = [
        [
            Cell("NI135: carers assessed or reviewed who got support"),
            Cell(f"Year to date ({ytd})"),
            _percent(value),
            _percent(target),
            _percent(difference),
        ],
        [
            Cell("Identified carers assessed or reviewed"),
            Cell("Year to date"),
            _percent(council.get(("identified_assessed_percent", ""))),
            Cell("No target set"),
            Cell(None),
        ],
    ]
    counts = [
        ("Carers counted in NI135", "Year to date", "ni135_numerator"),
        ("People receiving community-based services", "Year to date", "ni135_denominator"),
        ("Carers assessed or reviewed", "Year to date", "carers_assessed_ytd"),
        ("Carers supported", f"{month.start:%B %Y}", "carers_supported_month"),
        ("Referrals past a time limit", "Open at the time worked out", "referrals_breached"),
        ("Emergency card activations", f"{month.start:%B %Y}", "activations_count"),
        ("Directory entries to check", "At the time worked out", "directory_stale"),
    ]
    for label, period, key in counts:
        rows.append(
            [Cell(label), Cell(period), _count(council.get((key, ""))), Cell("No target set")]
            + [Cell(None)]
        )
    return Subject(
        sheet="Headline indicators",
        heading="Headline indicators against targets",
        columns=["Indicator", "Period", "Figure", "Target", "Difference from target"],
        rows=rows,
        notes=["Percentages to 1 decimal place; the difference is in percentage points."],
    )


def _breakdowns(council: dict, teams: dict) -> Subject:
    rows: list[list[Cell]] = []
    kinds = [("separate", "Separate"), ("joint", "Joint"), ("declined", "Declined")]
    for key, label in kinds:
        count = council.get(("assessments_month", f"kind:{key}"))
        rows.append(
            [Cell("Kind of assessment, this month"), Cell(label), Cell("Carers"), _count(count)]
        )
    for name in sorted(teams):
        for key, measure in (
            ("carers_assessed_ytd", "Carers assessed"),
            ("ni135_numerator", "Counted in NI135"),
        ):
            rows.append(
                [
                    Cell("Team, year to date"),
                    Cell(name),
                    Cell(measure),
                    _count(teams[name].get(key)),
                ]
            )
    for key, label in rules.age_band_labels().items():
        count = council.get(("age_band_ytd", f"age:{key}"))
        rows.append(
            [Cell("Age band, year to date"), Cell(label), Cell("Counted in NI135"), _count(count)]
        )
    for key, label in CaringHoursBand.choices:
        count = council.get(("hours_band_ytd", f"hours:{key}"))
        rows.append(
            [
                Cell("Hours caring, year to date"),
                Cell(str(label)),
                Cell("Counted in NI135"),
                _count(count),
            ]
        )
    return Subject(
        sheet="NI135 breakdowns",
        heading="NI135 breakdowns",
        columns=["Breakdown", "Group", "Measure", "Carers"],
        rows=rows,
    )


def _lts003(council: dict) -> Subject:
    rows = [
        [Cell(rank, COUNT), Cell(label), _count(council.get(("support_type_ytd", f"type:{key}")))]
        for rank, key, label in rules.SUPPORT_TYPES
    ]
    return Subject(
        sheet="LTS003 support types",
        heading="SALT LTS003: carers by support type, year to date",
        columns=["Rank", "Support type", "Carers"],
        rows=rows,
        notes=["Each carer is counted once, at the highest-ranked type of support."],
    )


def _ascof(council: dict) -> Subject:
    bands = [
        ("total", "18 and over"),
        *[(key, label) for key, label, _lo, _hi in cld_rules.ASCOF_BANDS],
    ]
    rows = []
    for key, label in bands:
        get = lambda measure, band=key: council.get(("ascof_3d", f"{band}:{measure}"))  # noqa: E731
        rows.append(
            [
                Cell(label),
                _count(get("denominator")),
                _count(get("numerator_1b")),
                _percent(get("value_1b")),
                _count(get("numerator_2b")),
                _percent(get("value_2b")),
            ]
        )
    unknown = council.get(("ascof_3d", "unknown_mechanism"))
    return Subject(
        sheet="ASCOF 3D",
        heading="ASCOF 3D: carers receiving self-directed support and direct payments, year to date",
        columns=[
            "Age",
            "Carers getting support direct to them",
            "Self-directed support (1b): carers",
            "Self-directed support (1b)",
            "Direct payments (2b): carers",
            "Direct payments (2b)",
        ],
        rows=rows,
        notes=[
            "Carers under 18 are left out.",
            f"Carers whose support has no known delivery mechanism: {int(unknown or 0)}.",
        ],
    )


def _budget(month: rules.Period, spent_up_to: datetime.date | None) -> Subject:
    year = rules.financial_year_start(month.start)
    summary = budget_summary_stored(financial_year=year, month=month.start, spent_up_to=spent_up_to)

    def row(stream: str, line: str, code: str, budget, position: dict) -> list[Cell]:
        return [
            Cell(stream),
            Cell(line),
            Cell(code),
            _money(budget),
            _money(position["committed"]),
            _money(position["spent_to_date"]),
            _money(position["forecast"]),
            _money(position["remaining"]),
            _percent(position.get("percent_committed")),
            _percent(position.get("percent_spent")),
        ]

    rows = []
    for stream in summary["streams"]:
        rows.append(row(stream["name"], "Whole stream", "", stream["amount"], stream))
        for line in stream["lines"]:
            rows.append(row(stream["name"], line["name"], line["code"], line["allocated"], line))
        if stream["not_on_a_line"]:
            rows.append(
                row(stream["name"], "Not on a budget line", "", None, stream["not_on_a_line"])
            )
    notes = [
        "Committed: contracts and support plan items for the part of the year they run.",
        "Spent to date: the committed money for the days gone, plus other spending recorded.",
        "Forecast: spent to date plus what is committed for the rest of the year.",
    ]
    if not summary["worked_out"]:
        notes.insert(0, "The commitments for this year had not been worked out.")
    return Subject(
        sheet="Budget",
        heading=f"Budget {summary['label']} by funding stream and line",
        columns=[
            "Funding stream",
            "Line",
            "Code",
            "Budget",
            "Committed",
            "Spent to date",
            "Forecast for the year",
            "Remaining",
            "Committed (%)",
            "Spent (%)",
        ],
        rows=rows,
        notes=notes,
    )


def _trend(month: rules.Period) -> dict[datetime.date, dict[str, Decimal | None]]:
    months = months_back(month.start, TREND_MONTHS)
    keys = [
        "activations_count",
        "activations_hospital_admissions",
        "activations_replacement_care_hours",
        "activations_needing_review",
        "referrals_breached",
    ]
    found: dict[datetime.date, dict[str, Decimal | None]] = {m: {} for m in months}
    for figure in MonthlyFigure.objects.filter(
        month__in=months, key__in=keys, team__isnull=True, dimension=""
    ).values("month", "key", "value"):
        found[figure["month"]][figure["key"]] = figure["value"]
    return found


def _activations(trend: dict) -> Subject:
    rows = [
        [
            Cell(f"{month:%B %Y}"),
            _count(values.get("activations_count")),
            _count(values.get("activations_hospital_admissions")),
            Cell(values.get("activations_replacement_care_hours"), HOURS),
            _count(values.get("activations_needing_review")),
        ]
        for month, values in trend.items()
    ]
    return Subject(
        sheet="Emergency activations",
        heading="Emergency card activations by month",
        columns=[
            "Month",
            "Activations",
            "For a hospital admission",
            "Hours of replacement care",
            "Needing a review",
        ],
        rows=rows,
    )


def _breaches(trend: dict) -> Subject:
    rows = [
        [Cell(f"{month:%B %Y}"), _count(values.get("referrals_breached"))]
        for month, values in trend.items()
    ]
    return Subject(
        sheet="Time limit breaches",
        heading="Referrals past a time limit",
        columns=["Month", "Open referrals past a time limit"],
        rows=rows,
        notes=[
            "Counted each night: triage or an assessment not started within the pathway's "
            "time limit. A month shows its last night's count."
        ],
    )


def _freshness(council: dict) -> Subject:
    rows = [
        [Cell("Services in the directory"), _count(council.get(("directory_services", "")))],
        [
            Cell("Entries to check (details not confirmed recently)"),
            _count(council.get(("directory_stale", ""))),
        ],
        [Cell("Services at capacity"), _count(council.get(("directory_at_capacity", "")))],
    ]
    return Subject(
        sheet="Directory freshness",
        heading="Services directory freshness",
        columns=["Measure", "Services"],
        rows=rows,
    )


def board_pack(*, month: rules.Period, today: datetime.date) -> BoardPack:
    """One month's board pack, from the figures the nightly job stored for it."""
    council, teams, as_at = _stored(month)
    # A month that has ended counts the spending recorded in it; the month in progress, all.
    spent_up_to = month.end if month.end < today else None
    budget = _budget(month, spent_up_to)
    trend = _trend(month)
    return BoardPack(
        month=month,
        title=f"Carers board pack {month.start:%B %Y}",
        year_label=rules.financial_year_label(rules.financial_year_start(month.start)),
        as_at=as_at,
        subjects=[
            _headline(council, month),
            _breakdowns(council, teams),
            _lts003(council),
            _ascof(council),
            budget,
            _activations(trend),
            _breaches(trend),
            _freshness(council),
        ],
    )
