"""Reporting rules: pure, typed, no ORM. Each table says where it comes from.

Sources (see ../shared/reference/domain-rules.md section 1):
- NI135, National Indicator Set 2008, "Carers receiving needs assessment or review and a
  specific carer's service, or advice and information" (data4nr.net resource 894):
  NI135 = 100 x N / D.
- SALT LTS003 replication code (NHSDigital/ASC-Client-Level-Data-SALT-ASCOF-transformations,
  "SALT LTS003/LTS003 replication code.txt"): carer age bands and the support-type
  deduplication order.
- The counting choices no source fixes are marked [U] and can be changed with the
  REPORTING_NI135 setting (a dict whose keys are the fields of CountingChoices).
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

# The financial year runs 1 April to 31 March (NI135 and SALT are annual returns on it).
FINANCIAL_YEAR_START_MONTH = 4


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


def financial_year_start(day: datetime.date) -> int:
    """The calendar year in which the financial year containing `day` starts."""
    return day.year if day.month >= FINANCIAL_YEAR_START_MONTH else day.year - 1


def financial_year(start_year: int) -> Period:
    return Period(datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31))


def financial_year_label(start_year: int) -> str:
    return f"{start_year} to {start_year + 1}"


def default_period(today: datetime.date) -> Period:
    """With no dates given, the indicator covers the whole financial year containing today."""
    return financial_year(financial_year_start(today))


def month_period(year: int, month: int) -> Period:
    return Period(
        datetime.date(year, month, 1),
        datetime.date(year, month, calendar.monthrange(year, month)[1]),
    )


def parse_month(value: str) -> Period:
    """'2026-10' -> October 2026. Raises ValueError for anything else."""
    try:
        year_text, month_text = value.split("-")
        year, month = int(year_text), int(month_text)
    except ValueError as error:
        raise ValueError("Enter a month in the format YYYY-MM, like 2026-10") from error
    if len(year_text) != 4 or not 1 <= month <= 12:
        raise ValueError("Enter a month in the format YYYY-MM, like 2026-10")
    return month_period(year, month)


def previous_month(day: datetime.date) -> Period:
    first = day.replace(day=1) - datetime.timedelta(days=1)
    return month_period(first.year, first.month)


# --- NI135 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorResult:
    numerator: int
    denominator: int | None
    value: Decimal | None
    reasons: list[str] = field(default_factory=list)


def ni135_value(*, numerator: int, denominator: int | None) -> IndicatorResult:
    """NI135 = 100 x N / D, to one decimal place (data4nr.net resource 894)."""
    if denominator is None:
        return IndicatorResult(
            numerator,
            None,
            None,
            ["No count of people receiving community-based services has been entered"],
        )
    if denominator <= 0:
        return IndicatorResult(
            numerator, denominator, None, ["The denominator is 0, so no rate can be given"]
        )
    value = (Decimal(100) * numerator / denominator).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return IndicatorResult(
        numerator,
        denominator,
        value,
        [f"100 x {numerator} carers / {denominator} people receiving community-based services"],
    )


def percentage(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CountingChoices:
    """The NI135 counting choices. Every one is [U]: no source fixes it, so each is a setting."""

    # Care Act 2014 s12(5) allows a combined assessment; counting it as "assessed" is [U].
    count_separate: bool = True
    count_joint: bool = True
    # A refusal (Care Act s11) is not an assessment, so it never puts a carer in N, with or
    # without advice. This choice only adds refused offers to "carers assessed" (and the
    # percentage of identified carers assessed). [U]
    count_declined: bool = False
    # s27 reviews: NI135's title says "assessment or review". [V] data4nr.net 894
    count_reviews: bool = True
    # Age limits on the carer at the assessment date, inclusive; None = no limit. [U]
    # Young carers are counted by default and shown in the "Under 18" band.
    min_carer_age: int | None = None
    max_carer_age: int | None = None
    # Replacement care for the cared-for person (Care Act s20) gives the carer a break: a
    # "specific carer's service" for NI135 (breaks are named in its guidance). [U]
    count_replacement_care: bool = True

    def counted_kinds(self) -> list[str]:
        kinds = {
            "separate": self.count_separate,
            "joint": self.count_joint,
            "declined": self.count_declined,
            "review": self.count_reviews,
        }
        return [kind for kind, counted in kinds.items() if counted]


COUNTING_CHOICE_TABLE: list[tuple[str, str, str]] = [
    ("count_separate", "Separate carer's assessments count", "[U] default: yes"),
    ("count_joint", "Joint assessments count", "[U] default: yes (Care Act s12(5))"),
    (
        "count_declined",
        "Declined assessments count as assessed (never in N)",
        "[U] default: no (Care Act s11)",
    ),
    ("count_reviews", "Reviews count", "[V] NI135 title: 'assessment or review'"),
    ("min_carer_age", "Youngest carer counted", "[U] default: no limit"),
    ("max_carer_age", "Oldest carer counted", "[U] default: no limit"),
    ("count_replacement_care", "Replacement care counts as a carer's service", "[U] default: yes"),
]


def counting_choices(overrides: dict | None = None) -> CountingChoices:
    """The defaults with a council's REPORTING_NI135 overrides applied."""
    if not overrides:
        return CountingChoices()
    unknown = set(overrides) - set(CountingChoices.__dataclass_fields__)
    if unknown:
        raise ValueError(f"Unknown NI135 counting choices: {', '.join(sorted(unknown))}")
    return replace(CountingChoices(), **overrides)


# SALT LTS003 carer age bands, inclusive bounds; the last has no upper bound.
# [V] NHSDigital/ASC-Client-Level-Data-SALT-ASCOF-transformations, LTS003 replication code.
AGE_BANDS: list[tuple[str, str, int, int | None]] = [
    ("under_18", "Under 18", 0, 17),
    ("18_25", "18 to 25", 18, 25),
    ("26_64", "26 to 64", 26, 64),
    ("65_84", "65 to 84", 65, 84),
    ("85_plus", "85 and over", 85, None),
]
AGE_BAND_UNKNOWN = ("unknown", "Unknown")


def age_band(age: int | None) -> str:
    """The LTS003 band key for an age in whole years (the SQL in selectors mirrors this)."""
    if age is None or age < 0:
        return AGE_BAND_UNKNOWN[0]
    for key, _label, lowest, highest in AGE_BANDS:
        if age >= lowest and (highest is None or age <= highest):
            return key
    return AGE_BAND_UNKNOWN[0]


def age_band_labels() -> dict[str, str]:
    labels = {key: label for key, label, _low, _high in AGE_BANDS}
    labels[AGE_BAND_UNKNOWN[0]] = AGE_BAND_UNKNOWN[1]
    return labels


# --- SALT LTS003 support types ---------------------------------------------------------------

# Deduplication order: each carer is counted once, at the lowest rank they have.
# [V] LTS003 replication code. Rank 4 (unknown delivery mechanism) does not arise from this
# system's casework (every plan item records its mechanism) but is counted if it does.
SUPPORT_TYPES: list[tuple[int, str, str]] = [
    (1, "direct_payment", "Direct payment only"),
    (2, "managed_personal_budget", "Council-managed personal budget"),
    (3, "commissioned", "Commissioned support only"),
    (4, "unknown_mechanism", "Support direct to the carer, delivery mechanism unknown"),
    (5, "information_advice", "Information and advice only"),
    (6, "no_direct_support", "No direct support provided to the carer"),
]
SUPPORT_TYPE_RANK = {key: rank for rank, key, _label in SUPPORT_TYPES}
NO_DIRECT_SUPPORT_RANK = 6
INFORMATION_ADVICE_RANK = 5


def support_type(mechanisms: set[str], *, had_information_advice: bool) -> str:
    """The one support type a carer is counted under (the SQL in selectors mirrors this)."""
    ranks = [SUPPORT_TYPE_RANK[m] for m in mechanisms if m in SUPPORT_TYPE_RANK]
    if had_information_advice:
        ranks.append(INFORMATION_ADVICE_RANK)
    rank = min(ranks, default=NO_DIRECT_SUPPORT_RANK)
    return next(key for r, key, _label in SUPPORT_TYPES if r == rank)


# --- Budget ----------------------------------------------------------------------------------

# A budget line's code: what contracts and plan items carry to say which line pays for them.
BUDGET_LINE_CODE_PATTERN = r"^[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?$"
BUDGET_LINE_CODE_LENGTH = 20


def budget_line_code_from_name(name: str, *, taken: set[str]) -> str:
    """A code for a line nobody gave one: its name in capitals, words joined by hyphens,
    cut to 20 characters, with -2, -3... when the stream already has that code."""
    words = re.findall(r"[A-Za-z0-9]+", name.upper()) or ["LINE"]
    base = "-".join(words)[:BUDGET_LINE_CODE_LENGTH].strip("-")
    code, number = base, 1
    while code in taken:
        number += 1
        suffix = f"-{number}"
        code = base[: BUDGET_LINE_CODE_LENGTH - len(suffix)].strip("-") + suffix
    return code


def overlap_days(start: datetime.date, end: datetime.date | None, period: Period) -> int:
    """Days of [start, end] (end None = open-ended) that fall inside the period."""
    first = max(start, period.start)
    last = min(end or period.end, period.end)
    return max((last - first).days + 1, 0)


def pro_rata(annual_amount: Decimal, days: int, period: Period) -> Decimal:
    """An annual amount scaled to the days it runs in the year, to the penny."""
    return (annual_amount * days / period.days).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class AllocationCheck:
    ok: bool
    reasons: list[str] = field(default_factory=list)


def check_allocation(
    *, stream_name: str, stream_amount: Decimal, allocated_total: Decimal
) -> AllocationCheck:
    """Lines (and reserves carved out of a stream) may not add up to more than the stream."""
    if allocated_total > stream_amount:
        over = allocated_total - stream_amount
        return AllocationCheck(
            False,
            [
                f"The allocations from {stream_name} would add up to £{allocated_total:,.2f}, "
                f"which is £{over:,.2f} more than its £{stream_amount:,.2f}"
            ],
        )
    return AllocationCheck(True, [f"£{stream_amount - allocated_total:,.2f} left to allocate"])


@dataclass(frozen=True)
class BudgetPosition:
    """Where a stream or a line stands in the year (amounts to the penny).

    - committed: contracts and plan items, pro rata to the days they run in the year;
    - spent to date: the part of that for the days already run, plus other spending recorded;
    - forecast outturn: spent to date plus what is committed for the rest of the year, which
      is the year's commitments plus other spending. Other spending is not projected forward:
      it is one-off (leaflets, room hire), so a run-rate would invent spending;
    - remaining: the budget less the forecast; variance: the forecast less the budget.
    Percentages are of the budget (a stream's amount, a line's allocation), to 1 decimal place.
    """

    budget: Decimal | None
    committed: Decimal
    committed_to_date: Decimal
    spent: Decimal

    @property
    def spent_to_date(self) -> Decimal:
        return self.committed_to_date + self.spent

    @property
    def forecast(self) -> Decimal:
        return self.spent_to_date + (self.committed - self.committed_to_date)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.forecast

    @property
    def variance(self) -> Decimal | None:
        return None if self.budget is None else self.forecast - self.budget

    @property
    def percent_committed(self) -> Decimal | None:
        return _percent_of(self.committed, self.budget)

    @property
    def percent_spent(self) -> Decimal | None:
        return _percent_of(self.spent_to_date, self.budget)

    @property
    def percent_forecast(self) -> Decimal | None:
        return _percent_of(self.forecast, self.budget)


def _percent_of(part: Decimal, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
