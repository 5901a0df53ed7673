"""Demo reporting data: NI135 denominators and targets for this year and last, the carer
events, a year of overnight figures, one produced monthly return and the last quarter's CLD
return. Idempotent: re-running changes nothing new."""

from decimal import Decimal

from django.utils import timezone

from reporting import rules, services
from reporting.models import CommunityServicesDenominator, IndicatorTarget, ReturnRun
from reporting.services.cld import cld_nightly
from reporting.services.events import events_refresh

# People on community-based services from adult social care, scaled to the demo register of a
# few hundred carers (a real county has thousands), and a target near the NI135 national
# average of its day.
DEMO_DENOMINATORS = {0: 360, -1: 345}
DEMO_TARGETS = {0: Decimal("28.0"), -1: Decimal("26.5")}


def seed(*, stdout) -> None:
    today = timezone.localdate()
    this_year = rules.financial_year_start(today)
    for offset, count in DEMO_DENOMINATORS.items():
        period = rules.financial_year(this_year + offset)
        if not CommunityServicesDenominator.objects.filter(
            period_start=period.start, period_end=period.end
        ).exists():
            services.denominator_save(
                period_start=period.start,
                period_end=period.end,
                count=count,
                notes="Demo figure: adult social care system, community-based services",
                by=None,
            )
    for offset, target in DEMO_TARGETS.items():
        if not IndicatorTarget.objects.filter(financial_year=this_year + offset).exists():
            services.target_save(financial_year=this_year + offset, target=target, by=None)

    # Every figure is counted from the carer events: derive them first, as the nightly job does.
    events_refresh()
    day = today.replace(day=1)
    for _month in range(12):
        services.figures_refresh(month=rules.month_period(day.year, day.month), today=today)
        day = rules.previous_month(day).start
    last_month = rules.previous_month(today)
    if not ReturnRun.objects.filter(
        kind=ReturnRun.ReturnKind.MONTHLY, period_start=last_month.start
    ).exists():
        services.return_produce(period=last_month, refresh=False)
    cld_nightly(today=today)
    stdout.write(
        f"Reporting: denominators, targets, figures, the {last_month.start:%B %Y} return and "
        "the last quarter's Client Level Data return"
    )
