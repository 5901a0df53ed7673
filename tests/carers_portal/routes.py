from tests.routes import EVERYONE, Route


def routes(world) -> list[Route]:
    # Machine endpoints for load balancers: JSON, no personal data, open to everyone. Readiness
    # is 503 here when no Celery worker runs; the matrix checks access, not health.
    return [
        Route("healthz", EVERYONE, api=True),
        Route("readyz", EVERYONE, ok_status=frozenset({200, 503}), api=True),
    ]
