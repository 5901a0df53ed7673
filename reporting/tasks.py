"""Celery tasks: each takes a period, calls one service and is safe to run twice."""

from celery import shared_task
from django.db import DatabaseError

from reporting import rules, services

# A database blip or a full disk is worth retrying; both tasks are safe to run twice.
RETRIED = {
    "autoretry_for": (DatabaseError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(**RETRIED)
def return_produce_task(period: str) -> str:
    """Produce (or re-produce) the monthly return for `period`, given as YYYY-MM."""
    run = services.return_produce(period=rules.parse_month(period))
    return run.csv_sha256


@shared_task(**RETRIED)
def reporting_nightly_task() -> None:
    """03:15 Europe/London: month-to-date figures and, after month end, the month's return."""
    services.reporting_nightly()


@shared_task(**RETRIED)
def cld_return_produce_task(quarter: str) -> str:
    """Produce (or re-produce) the Client Level Data return for `quarter`, given as 2026-Q2."""
    from reporting.services.cld import cld_return_produce_now

    run = cld_return_produce_now(quarter=quarter)
    return run.csv_sha256
