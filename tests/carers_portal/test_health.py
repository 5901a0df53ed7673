"""/healthz and /readyz as a load balancer sees them, and the request id in the logs."""

import datetime
import json
import logging
import logging.config
import uuid

import pytest
from django.utils import timezone

from carers_portal import health, observability

pytestmark = pytest.mark.django_db


def test_healthz_answers_while_the_process_is_up(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_names_the_worker_and_beat_when_neither_has_answered(client):
    from django.core.cache import cache

    cache.delete(health.BEAT_HEARTBEAT_KEY)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    # PostgreSQL and Redis are up in the test run; no worker runs here and beat never beat.
    assert body["checks"]["PostgreSQL"] == "ok"
    assert body["checks"]["Redis"] == "ok"
    assert body["failed"] == ["Celery beat", "Celery worker"]


def test_a_stale_beat_heartbeat_fails_readiness_and_a_fresh_one_passes(settings):
    from django.core.cache import cache

    check = health.BeatHeartbeat()
    old = timezone.now() - datetime.timedelta(seconds=settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS + 5)
    cache.set(health.BEAT_HEARTBEAT_KEY, old.isoformat())
    with pytest.raises(health.ServiceUnavailable, match="Celery beat last ran"):
        check.run()
    health.beat_heartbeat_task()
    check.run()


def test_beat_sends_the_heartbeat_from_the_settings_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["beat-heartbeat"]
    assert entry["task"] == health.beat_heartbeat_task.name
    assert entry["schedule"] < settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS


def test_json_log_lines_carry_the_request_id_given_by_the_proxy(client):
    request_id = uuid.uuid4().hex
    config = observability.logging_config(log_format="json", level="INFO")
    formatter = logging.config.dictConfigClass(config).configure_formatter(
        config["formatters"]["json"]
    )
    response = client.get("/healthz", HTTP_X_REQUEST_ID=request_id)
    assert response["X-Request-ID"] == request_id

    from django_guid import get_guid, set_guid
    from django_guid.log_filters import CorrelationId

    set_guid(request_id)
    record = logging.LogRecord("carers", logging.INFO, __file__, 1, "Return produced", None, None)
    CorrelationId().filter(record)
    line = json.loads(formatter.format(record))
    assert get_guid() == request_id
    assert line["request_id"] == request_id
    assert line["message"] == "Return produced"
    assert line["level"] == "INFO"
    set_guid(None)


def test_a_request_id_that_is_not_a_uuid_is_replaced_not_logged(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert "script" not in response["X-Request-ID"]
    assert uuid.UUID(response["X-Request-ID"])


def test_error_tracking_is_off_without_a_dsn(monkeypatch, settings):
    monkeypatch.delenv("SENTRY_DSN", raising=False)
    assert observability.sentry_init() is False
    assert settings.SENTRY_ENABLED is False
