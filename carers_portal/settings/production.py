"""Production settings: secrets have no defaults; a missing one stops the app at start-up."""

import os

from django.core.exceptions import ImproperlyConfigured

for required in ("SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "ALLOWED_HOSTS"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(
            f"The environment variable {required} must be set in production."
        )

os.environ.setdefault("LOG_FORMAT", "json")

from carers_portal.settings.base import *  # noqa: E402,F403
from carers_portal.settings.base import env_bool, env_int  # noqa: E402

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer probes over plain HTTP inside the network; a redirect would read as down.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Behind the proxy, the client address comes from the header the proxy sets: set
# TRUSTED_PROXY_COUNT to the number of proxies in front of gunicorn (base.py reads it).

# Sending through Notify needs its key, and receipts need the callback's bearer token.
if NOTIFY_BACKEND == "notify":  # noqa: F405
    for required in ("NOTIFY_API_KEY", "NOTIFY_CALLBACK_TOKEN"):
        if not os.environ.get(required):
            raise ImproperlyConfigured(
                f"The environment variable {required} must be set when NOTIFY_BACKEND=notify."
            )
