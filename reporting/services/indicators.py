"""Indicator inputs commissioners enter: the NI135 denominator and targets."""

import datetime
from decimal import Decimal

from django.db import transaction

from carers_portal.accounts.models import User
from reporting.models import CommunityServicesDenominator, IndicatorTarget


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
