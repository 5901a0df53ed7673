"""The financial years' figures, worked out once after each events refresh and stored.

A county's year holds about a million assessment and review events: aggregating them takes
tens of seconds, too long for a page or an API call. Each events refresh (the nightly job,
"work the figures out again now", a return produced) stores the rows of this year's and last year's NI135, LTS003, ASCOF 3D and
identification counts against the refresh they came from; the selectors read them back
(reporting/selectors/event_figures.py run_event_query) and work out any other question live.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from reporting import rules
from reporting.models import EventRefresh, StoredEventRows
from reporting.selectors.event_figures import (
    EventQuery,
    ascof_3d_query,
    identification_query,
    lts003_query,
    ni135_query,
)
from reporting.selectors.ni135 import counting_choices


def _year_queries(today: datetime.date) -> list[EventQuery]:
    choices = counting_choices()
    this_year = rules.financial_year_start(today)
    queries = []
    for year in (this_year, this_year - 1):
        period = rules.financial_year(year)
        queries += [
            ni135_query(period=period, team_ids=None, choices=choices),
            lts003_query(period=period),
            ascof_3d_query(period=period),
            identification_query(period=period),
        ]
    return queries


def event_rows_store(*, today: datetime.date | None = None) -> int:
    """Store the year figures for the latest events refresh; idempotent. Returns how many."""
    refresh = EventRefresh.objects.order_by("-finished_at").first()
    if refresh is None:
        return 0
    queries = _year_queries(today or timezone.localdate())
    with transaction.atomic():
        StoredEventRows.objects.exclude(refresh=refresh).delete()
        for query in queries:
            StoredEventRows.objects.update_or_create(
                key=query.key,
                refresh=refresh,
                defaults={"rows": [list(row) for row in query.execute()]},
            )
    return len(queries)
