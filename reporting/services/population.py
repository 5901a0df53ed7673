"""The identified carer population a commissioner enters for a financial year."""

from django.db import transaction

from carers_portal.accounts.models import User
from reporting.models import IdentifiedCarerPopulation


@transaction.atomic
def identified_population_save(
    *, financial_year: int, count: int, source: str, source_detail: str = "", by: User | None
) -> IdentifiedCarerPopulation:
    """Enter (or correct) the year's figure; the percentage assessed uses it from then on."""
    record = (
        IdentifiedCarerPopulation.objects.select_for_update()
        .filter(financial_year=financial_year)
        .first()
    ) or IdentifiedCarerPopulation(financial_year=financial_year)
    record.count = count
    record.source = source
    record.source_detail = source_detail
    record.entered_by = by
    record.full_clean(validate_unique=record.pk is None)
    record.save()
    return record
