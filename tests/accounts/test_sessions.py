"""A signed-in page reads the session from the cache and writes it at most once a minute."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from carers_portal.accounts.middleware import SESSION_KEY
from carers_portal.accounts.roles import Role
from tests.conftest import sign_in_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _session_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_signed_in_page_within_the_minute_neither_reads_nor_writes_the_session_table(
    client, settings
):
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 30 * 60
    user = UserFactory(username="sam", role=Role.ASSESSOR)
    with freeze_time("2026-11-23 09:00:00") as clock:
        sign_in_client(client, user)
        client.get(reverse("home-assessor"))
        clock.tick(20)
        assert _session_queries(client, reverse("home-assessor")) == []
        clock.tick(20)
        assert _session_queries(client, reverse("home-assessor")) == []


def test_the_last_activity_is_written_again_once_a_minute_has_passed(client, settings):
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 30 * 60
    user = UserFactory(username="sam", role=Role.ASSESSOR)
    with freeze_time("2026-11-23 09:00:00") as clock:
        sign_in_client(client, user)
        client.get(reverse("home-assessor"))
        first = client.session[SESSION_KEY]
        clock.tick(30)
        client.get(reverse("home-assessor"))
        assert client.session[SESSION_KEY] == first
        clock.tick(31)
        written = _session_queries(client, reverse("home-assessor"))
    assert any(sql.startswith("UPDATE") for sql in written)
    stored = Session.objects.get(session_key=client.session.session_key).get_decoded()
    assert stored[SESSION_KEY] == first + 61


def test_activity_recorded_once_a_minute_still_keeps_a_busy_worker_signed_in(client, settings):
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 5 * 60
    user = UserFactory(username="sam", role=Role.ASSESSOR)
    with freeze_time("2026-11-23 09:00:00") as clock:
        sign_in_client(client, user)
        for _ in range(20):  # twenty minutes, a page every minute
            assert client.get(reverse("home-assessor")).status_code == 200
            clock.tick(59)
        clock.tick(5 * 60 + 1)
        response = client.get(reverse("home-assessor"))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('accounts:sign-in')}?timed_out=1")


def test_signing_in_records_the_activity_so_the_first_page_writes_no_session(client):
    user = UserFactory(username="sam", role=Role.ASSESSOR)
    with freeze_time("2026-11-23 09:00:00"):
        sign_in_client(client, user)
        assert client.session[SESSION_KEY] == 1795424400
        assert _session_queries(client, reverse("home-assessor")) == []
