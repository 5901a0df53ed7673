"""Development settings: embedded PostgreSQL and Redis unless DATABASE_URL / CELERY_BROKER_URL are set."""

import os

from carers_portal import embedded

embedded.configure_environment()
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "development-only-secret-key-not-for-production-use-0123456789")

from carers_portal.settings.base import *  # noqa: E402,F403

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Static files come straight from static/ (built by the setup step) without collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
