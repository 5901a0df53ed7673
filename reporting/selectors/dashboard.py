"""The dashboard's reads: other apps' figures for the nightly job, and the pre-computed figures."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from emergency_cards import selectors as emergency_cards_selectors
from reporting import rules
from reporting.models import MonthlyFigure
from reporting.selectors.budget import budget_summary_stored
from services_directory import selectors as directory_selectors
from services_directory.models import Service, ServiceStatus
from triage import selectors as triage_selectors
from triage.models import Referral


def breach_counts(*, today: datetime.date) -> dict[str, int]:
    """Open referrals past a pathway time limit, from triage's own breach filter."""
    return {
        "referrals_breached": Referral.objects.filter(
            triage_selectors.referral_overdue_q(today=today)
        ).count()
    }


def activation_counts(*, period: rules.Period) -> dict[str, Decimal | int]:
    figures = emergency_cards_selectors.activation_figures(
        date_from=period.start, date_to=period.end
    )
    return {
        key: figures.get(key) or 0
        for key in ("count", "hospital_admissions", "replacement_care_hours", "needing_review")
    }


def directory_freshness_counts(*, today: datetime.date) -> dict[str, int]:
    return directory_selectors.with_freshness(
        Service.objects.exclude(status=ServiceStatus.DEFUNCT), today=today
    ).aggregate(
        services=Count("id"),
        stale=Count("id", filter=Q(is_stale=True)),
        at_capacity=Count("id", filter=Q(is_at_capacity=True)),
    )


def monthly_figures(*, months: list[datetime.date], keys: list[str]) -> QuerySet[MonthlyFigure]:
    """Council-wide pre-computed figures (no team)."""
    return MonthlyFigure.objects.filter(month__in=months, key__in=keys, team__isnull=True)


def monthly_team_figures(
    *, month: datetime.date, keys: list[str], team_ids: set[int] | None
) -> QuerySet[MonthlyFigure]:
    """Per-team figures for a month: every team, or only `team_ids` (a team manager's)."""
    figures = MonthlyFigure.objects.filter(month=month, key__in=keys, team__isnull=False)
    if team_ids is not None:
        figures = figures.filter(team_id__in=team_ids)
    return figures.select_related("team").order_by("team__name", "key")


# --- The dashboard page's figures -----------------------------------------------------------

TREND_MONTHS = 12
HEADLINE_KEYS = [
    "ni135_value",
    "ni135_numerator",
    "ni135_denominator",
    "ni135_target",
    "identified_assessed_percent",
    "carers_assessed_ytd",
    "assessments_month",
    "referrals_breached",
    "activations_count",
    "activations_hospital_admissions",
    "activations_replacement_care_hours",
    "directory_services",
    "directory_stale",
    "directory_at_capacity",
    "support_type_ytd",
]
TEAM_KEYS = ["carers_assessed_ytd", "ni135_numerator", "carers_supported_month"]
KINDS = [("separate", "Separate"), ("joint", "Joint"), ("declined", "Declined")]


def months_back(today: datetime.date, count: int) -> list[datetime.date]:
    months = []
    day = today.replace(day=1)
    for _index in range(count):
        months.append(day)
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def financial_year_starts(months: list[datetime.date]) -> list[dict]:
    """Where a new financial year starts among the months of a chart (each April), so the
    charts and their tables can mark it: NI135 is counted from 1 April, so it starts again."""
    return [
        {
            "index": index,
            "month": f"{month:%B %Y}",
            "year": rules.financial_year_label(month.year),
            "label": f"Financial year {rules.financial_year_label(month.year)} starts",
        }
        for index, month in enumerate(months)
        if month.month == rules.FINANCIAL_YEAR_START_MONTH
    ]


def _number(value) -> float | None:
    return None if value is None else float(value)


def dashboard_figures(
    *, today: datetime.date, team_ids: set[int] | None, with_budget: bool
) -> dict:
    """The dashboard's tiles, trend charts, team table and support types, pivoted from the
    nightly pre-computed figures only, so the page stays fast whatever the row counts."""
    months = months_back(today, TREND_MONTHS)
    table: dict[tuple[str, str], dict[datetime.date, float | None]] = {}
    computed_at = None
    # Plain tuples: a year of headline figures is a few hundred rows, and as model objects
    # they were a fifth of the page's time.
    figures = monthly_figures(months=months, keys=HEADLINE_KEYS).values_list(
        "key", "dimension", "month", "value", "computed_at"
    )
    for key, dimension, month, value, figure_computed_at in figures:
        table.setdefault((key, dimension), {})[month] = _number(value)
        computed_at = max(computed_at or figure_computed_at, figure_computed_at)

    def series(key: str, dimension: str = "") -> list[float | None]:
        values = table.get((key, dimension), {})
        return [values.get(month) for month in months]

    def latest(key: str, dimension: str = ""):
        values = table.get((key, dimension), {})
        for month in reversed(months):
            if values.get(month) is not None:
                return values[month]
        return None

    labels = [f"{month:%b %Y}" for month in months]
    year_starts = financial_year_starts(months)
    charts = {
        "ni135": {
            "title": "NI135 year to date (percent)",
            "labels": labels,
            "year_starts": year_starts,
            "datasets": [
                {"label": "NI135", "data": series("ni135_value")},
                {"label": "Target", "data": series("ni135_target")},
            ],
        },
        "assessments": {
            "title": "Carers assessed each month, by kind",
            "labels": labels,
            "year_starts": year_starts,
            "datasets": [
                {"label": label, "data": series("assessments_month", f"kind:{key}")}
                for key, label in KINDS
            ],
        },
    }
    by_team: dict[int, dict] = {}
    team_figures = monthly_team_figures(
        month=months[-1], keys=TEAM_KEYS, team_ids=team_ids
    ).values_list("team_id", "team__name", "key", "value")
    for team_id, team_name, key, value in team_figures:
        by_team.setdefault(team_id, {"team": team_name})[key] = value
    budget = None
    if with_budget:
        budget = budget_summary_stored(
            financial_year=rules.financial_year_start(today), month=months[-1]
        )
    return {
        "tiles": {
            "ni135": latest("ni135_value"),
            "numerator": latest("ni135_numerator"),
            "denominator": latest("ni135_denominator"),
            "target": latest("ni135_target"),
            "identified_percent": latest("identified_assessed_percent"),
            "breaches": latest("referrals_breached"),
            "activations": latest("activations_count"),
            "hospital_admissions": latest("activations_hospital_admissions"),
            "stale": latest("directory_stale"),
            "services": latest("directory_services"),
            "at_capacity": latest("directory_at_capacity"),
        },
        "charts": charts,
        "year_starts": year_starts,
        "chart_rows": [
            {
                "label": label,
                "year_starts": next(
                    (start["label"] for start in year_starts if start["index"] == index), ""
                ),
                "ni135": charts["ni135"]["datasets"][0]["data"][index],
                "target": charts["ni135"]["datasets"][1]["data"][index],
                "kinds": [d["data"][index] for d in charts["assessments"]["datasets"]],
            }
            for index, label in enumerate(labels)
        ],
        "kind_labels": [label for _key, label in KINDS],
        "team_rows": sorted(by_team.values(), key=lambda row: row["team"]),
        "budget": budget,
        "support_types": [
            {"label": label, "carers": latest("support_type_ytd", f"type:{key}")}
            for _rank, key, label in rules.SUPPORT_TYPES
        ],
        "computed_at": computed_at,
    }
