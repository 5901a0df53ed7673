"""Two commissioners saving the same funding stream at the same moment, on real connections."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from carers_portal.versioning import EditConflict
from reporting import services
from reporting.models import BudgetChange, BudgetStream

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = 10


def _waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_the_second_of_two_concurrent_saves_is_refused_and_nothing_is_overwritten():
    # A year of its own: the seed budget may or may not be there in a transactional test.
    stream = BudgetStream.objects.create(
        financial_year=2040, key="base_budget", name="Base budget", amount=Decimal("1000.00")
    )
    read_version = stream.version  # both people opened the page at this version
    first_saved, release_first = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.budget_stream_set_amount(
                    stream_id=stream.id, amount=Decimal("2000"), version=read_version, by=None
                )
                first_saved.set()
                # Not committed yet: the second save starts while this one holds the row.
                release_first.wait(WAIT_SECONDS)
            outcomes["first"] = "saved"
        finally:
            connection.close()

    def second() -> None:
        first_saved.wait(WAIT_SECONDS)
        try:
            services.budget_stream_set_amount(
                stream_id=stream.id, amount=Decimal("3000"), version=read_version, by=None
            )
            outcomes["second"] = "saved"
        except EditConflict as conflict:
            outcomes["second"] = conflict
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WAIT_SECONDS
    while _waiting_on_a_lock() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    second_waited = _waiting_on_a_lock() > 0
    release_first.set()
    for thread in threads:
        thread.join(WAIT_SECONDS)

    assert second_waited, "the second save should have started before the first committed"
    assert outcomes["first"] == "saved"
    refused = outcomes["second"]
    assert isinstance(refused, EditConflict)
    assert "Someone else changed this budget" in str(refused)
    assert refused.current_version == read_version + 1
    stream.refresh_from_db()
    assert stream.amount == Decimal("2000.00")
    assert stream.version == read_version + 1
    changes = BudgetChange.objects.filter(object_type="stream", object_id=stream.id)
    assert [change.after["amount"] for change in changes.filter(action="amount_changed")] == [
        "2000.00"
    ]
