"""The financial years' figures are stored after each events refresh and read back from there,
so a county's year is aggregated once a night rather than on every page and API call; any
other question (a team's figures, another period) is still worked out live from the events.
The casework is conftest's ni135_world (NI135 2026 to 2027: numerator 3)."""

import datetime

from reporting import rules, selectors
from reporting.models import EventRefresh, StoredEventRows
from reporting.selectors.event_figures import lts003, ni135_query
from reporting.services.events import events_refresh
from reporting.services.stored_rows import event_rows_store
from tests.reporting.factories import AssessmentFactory

TODAY = datetime.date(2026, 12, 1)
YEAR = rules.financial_year(2026)


def _stored_ni135() -> StoredEventRows:
    query = ni135_query(period=YEAR, team_ids=None, choices=selectors.counting_choices())
    return StoredEventRows.objects.get(key=query.key)


def test_each_refresh_stores_this_year_and_last_and_they_agree_with_the_live_count(
    ni135_world,
):
    # The fixture's refresh stored NI135, LTS003, ASCOF 3D and identification, for 2026 to
    # 2027 and 2025 to 2026.
    latest = EventRefresh.objects.order_by("-finished_at").first()
    assert set(StoredEventRows.objects.values_list("refresh", flat=True)) == {latest.pk}
    assert StoredEventRows.objects.count() == 8
    query = ni135_query(period=YEAR, team_ids=None, choices=selectors.counting_choices())
    assert [list(row) for row in query.execute()] == _stored_ni135().rows
    assert selectors.ni135_report(period=YEAR).result.numerator == 3
    assert lts003(period=YEAR).categories


def test_the_page_reads_the_stored_rows_not_the_events(ni135_world):
    event_rows_store(today=TODAY)
    row = _stored_ni135()
    # Blank every count in the stored rows: a report that still says 3 did not read them.
    row.rows = [values[:4] + [0] * (len(values) - 4) for values in row.rows]
    row.save()
    assert selectors.ni135_report(period=YEAR).result.numerator == 0
    # A team manager's scope is not stored: worked out live from the events.
    team_ids = {ni135_world.team_x.pk}
    assert selectors.ni135_report(period=YEAR, team_ids=team_ids).result.numerator == 3


def test_a_new_refresh_replaces_the_stored_rows(ni135_world):
    AssessmentFactory(
        carer=ni135_world.carers["c3"],
        completed_on=datetime.date(2026, 9, 1),
        received_specific_service=True,
    )
    events_refresh()
    latest = EventRefresh.objects.order_by("-finished_at").first()
    assert set(StoredEventRows.objects.values_list("refresh", flat=True)) == {latest.pk}
    assert StoredEventRows.objects.count() == 8
    assert selectors.ni135_report(period=YEAR).result.numerator == 4
    # Storing twice for the same refresh changes nothing.
    event_rows_store(today=TODAY)
    assert StoredEventRows.objects.count() == 8
