"""Test settings: real PostgreSQL and Redis (embedded ones when no URLs are given)."""

import os

from carers_portal import embedded

embedded.configure_environment()
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# tests themselves are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from carers_portal.settings.base import *  # noqa: E402,F403

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets several test runs share one PostgreSQL server without clobbering each other.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 30, "unacked_restore_throttle": 1}
# Static files come straight from static/ (built by the setup step) without collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Each test starts with an empty cache (see tests/conftest.py), so rate limits never leak.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
