"""Health endpoints for load balancers and orchestrators.

- /healthz: the process is up and answering (no dependency is touched, so a database outage
  does not make every web container restart at once).
- /readyz: the service can do its work: PostgreSQL, Redis, a Celery worker answering a ping
  and Celery beat's heartbeat recent. 503 names the part that failed.

Both answer JSON and hold no personal data, so anyone may GET them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.contrib.celery import Ping
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

BEAT_HEARTBEAT_KEY = "health:beat-heartbeat"


@shared_task(ignore_result=True)
def beat_heartbeat_task() -> None:
    """Sent by beat on a short interval; its time in the cache is beat's (and a worker's) pulse."""
    cache.set(BEAT_HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)


@dataclasses.dataclass(repr=False)
class BeatHeartbeat(HealthCheck):
    """Beat's last heartbeat is newer than BEAT_HEARTBEAT_MAX_AGE_SECONDS."""

    def run(self) -> None:
        value = cache.get(BEAT_HEARTBEAT_KEY)
        if value is None:
            raise ServiceUnavailable("No heartbeat from Celery beat yet")
        age = timezone.now() - datetime.datetime.fromisoformat(value)
        if age.total_seconds() > settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS:
            raise ServiceUnavailable(f"Celery beat last ran {int(age.total_seconds())}s ago")

    def __repr__(self) -> str:
        return "Celery beat"


def _broker_client():
    from redis.asyncio import Redis as AsyncRedis

    from carers_portal.settings.base import redis_cache_location

    return AsyncRedis.from_url(
        redis_cache_location(settings.CELERY_BROKER_URL),
        socket_connect_timeout=2,
        socket_timeout=2,
    )


# Short, stable names in the answer (the library's own names include host details).
@dataclasses.dataclass(repr=False)
class PostgreSQL(Database):
    def __repr__(self) -> str:
        return "PostgreSQL"


@dataclasses.dataclass(repr=False)
class BrokerRedis(Redis):
    def __repr__(self) -> str:
        return "Redis"


@dataclasses.dataclass(repr=False)
class CeleryWorker(Ping):
    def __repr__(self) -> str:
        return "Celery worker"


class ReadinessView(HealthCheckView):
    def get_checks(self):
        yield PostgreSQL()
        yield BrokerRedis(client_factory=_broker_client)
        yield CeleryWorker(
            timeout=datetime.timedelta(seconds=settings.READINESS_CELERY_TIMEOUT_SECONDS)
        )
        yield BeatHeartbeat()

    async def get(self, request, *args, **kwargs):
        checks = list(self.get_checks())
        results = await asyncio.gather(*(check.get_result() for check in checks))
        answers = {repr(r.check): str(r.error) if r.error else "ok" for r in results}
        failed = sorted(repr(r.check) for r in results if r.error)
        body = {"status": "unavailable" if failed else "ok", "checks": answers}
        if failed:
            body["failed"] = failed
        return JsonResponse(body, status=503 if failed else 200)


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


readyz = never_cache(require_GET(ReadinessView.as_view()))
