"""Pre-computed monthly figures: the dashboard reads only these."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from carers_portal.accounts.models import Team
from reporting import rules, selectors
from reporting.models import MonthlyFigure


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
    rows += _ascof_figures(year_to_date)
    activations = selectors.activation_counts(period=month_to_date)
    rows += [(f"activations_{key}", "", None, value) for key, value in activations.items()]
    if month.start <= today <= month.end:
        # Breaches and freshness are "as now": only the month in progress can record them.
        rows += [(k, "", None, v) for k, v in selectors.breach_counts(today=today).items()]
        rows += [
            (f"directory_{k}", "", None, v)
            for k, v in selectors.directory_freshness_counts(today=today).items()
        ]
        rows += _commitment_figures(today)
    return rows


ASCOF_MEASURES = ("denominator", "numerator_1b", "numerator_2b", "value_1b", "value_2b")


def _ascof_figures(year_to_date: rules.Period) -> list[tuple[str, str, None, Decimal | int]]:
    """ASCOF 3D parts 1b and 2b for the year to date, by band (the board pack reads these)."""
    from reporting.selectors.event_figures import ascof_3d

    ascof = ascof_3d(period=year_to_date)
    rows: list[tuple[str, str, None, Decimal | int]] = [
        ("ascof_3d", f"{band}:{measure}", None, figures[measure])
        for band, figures in ascof.bands.items()
        for measure in ASCOF_MEASURES
    ]
    rows.append(("ascof_3d", "unknown_mechanism", None, ascof.unknown_mechanism))
    return rows


def _commitment_figures(today: datetime.date) -> list[tuple[str, str, None, Decimal]]:
    """This financial year's commitments by funding stream and budget line, for the year and
    to date: the budget page, the dashboard and the board pack read these."""
    period = rules.financial_year(rules.financial_year_start(today))
    found = selectors.line_commitments(period, today=today)
    rows: list[tuple[str, str, None, Decimal]] = [
        (selectors.BUDGET_WORKED_OUT_KEY, "", None, Decimal(len(found)))
    ]
    for (stream, code), commitment in sorted(found.items()):
        for key, attribute in selectors.LINE_COMMITMENT_KEYS.items():
            rows.append((key, f"{stream}:{code}", None, getattr(commitment, attribute)))
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
