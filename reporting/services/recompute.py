"""Recompute now: bring the carer events up to date and store this month's and last month's
figures again, so the dashboard, the NI135 page, the API and the returns agree as at now."""

import datetime

from django.utils import timezone

from reporting import rules
from reporting.services.events import events_refresh
from reporting.services.figures import figures_refresh


def figures_recompute_now(*, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    events_refresh()
    figures_refresh(month=rules.month_period(today.year, today.month), today=today)
    figures_refresh(month=rules.previous_month(today), today=today)
