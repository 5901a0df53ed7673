"""Logs and error tracking: one JSON object per line carrying the request id, which follows a
request into the Celery tasks it queues (django-guid), and Sentry only when a DSN is given."""

from __future__ import annotations

import os

# Fields every line carries; the request id is "-" outside a request or task.
_JSON_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s %(correlation_id)s %(celery_parent_id)s %(celery_current_id)s"
_TEXT_FORMAT = "%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s: %(message)s"


def logging_config(*, log_format: str, level: str) -> dict:
    """The LOGGING setting: `json` for production log collectors, `text` for a terminal."""
    json_lines = log_format == "json"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "correlation_id": {"()": "django_guid.log_filters.CorrelationId"},
            "celery_tracing": {"()": "django_guid.integrations.celery.log_filters.CeleryTracing"},
        },
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "format": _JSON_FORMAT,
                "rename_fields": {
                    "asctime": "time",
                    "levelname": "level",
                    "name": "logger",
                    "correlation_id": "request_id",
                    "celery_parent_id": "parent_task_id",
                    "celery_current_id": "task_id",
                },
            },
            "text": {"format": _TEXT_FORMAT},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["correlation_id", "celery_tracing"],
                "formatter": "json" if json_lines else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint narrates every PDF at INFO; only its problems belong in the log.
        "loggers": {
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            "django_guid": {"level": "WARNING"},
        },
    }


def django_guid_config() -> dict:
    from django_guid.integrations import CeleryIntegration

    return {
        "GUID_HEADER_NAME": "X-Request-ID",
        # A client's id is kept only if it is a UUID, so nothing a user typed reaches the log.
        "VALIDATE_GUID": True,
        "RETURN_HEADER": True,
        "INTEGRATIONS": [CeleryIntegration(use_django_logging=True, log_parent=True)],
    }


def sentry_init() -> bool:
    """Error tracking, off unless SENTRY_DSN is set. Records hold health data about carers, so
    no request bodies, cookies, user details or local variables are sent."""
    dsn = os.environ.get("SENTRY_DSN", "")
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
    return True
