"""Settings shared by every environment. All configuration comes from environment variables."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF

from carers_portal import observability

BASE_DIR = Path(__file__).resolve().parents[2]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    "django_celery_beat",
    "django_guid",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rules.apps.AutodiscoverRulesConfig",
    "pgtrigger",
    "pghistory",
    "csp",
    "carers_portal.accounts",
    "carers_portal.demo",
    "notifications",
    "triage",
    "online_accounts",
    "assessments",
    "support_plans",
    "services_directory",
    "emergency_cards",
    "reporting",
    "governance",
]

MIDDLEWARE = [
    # First, so every log line of the request, and the tasks it queues, carry its id.
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost of ours, so it sees the user an API token authenticated inside the view.
    "carers_portal.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "carers_portal.middleware.RejectControlCharactersMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff (and carers who opted in) reach nothing but the second-factor pages until verified.
    "carers_portal.accounts.middleware.SecondFactorRequiredMiddleware",
    "carers_portal.accounts.middleware.StaffIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    # Last, so that a locked-out sign-in gets the lockout page rather than a bare 403.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "carers_portal.urls"
WSGI_APPLICATION = "carers_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "carers_portal.context_processors.service",
                "carers_portal.navigation.service_navigation",
            ],
            "libraries": {
                "next_actions": "carers_portal.templatetags.next_actions",
                "govuk_errors": "carers_portal.templatetags.govuk_errors",
            },
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://localhost/carers_portal"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if os.environ.get("DATABASE_REPLICA_URL"):
    # A streaming replica for reporting reads (see carers_portal/db_router.py).
    DATABASES["reporting_replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
DATABASE_ROUTERS = ["carers_portal.db_router.ReportingReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"

# Lock on username and IP together so nobody can lock a carer out by knowing their username.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Cleared by the sign-in view once the second factor is in too (see accounts/views.py).
AXES_RESET_ON_SUCCESS = False
# The client address (for lockouts and rate limits) comes from django-ipware. Behind N
# proxies set TRUSTED_PROXY_COUNT=N: the address is then read from X-Forwarded-For, counting
# N hops back. With 0 only REMOTE_ADDR is used, as a client can write any forwarded header.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)
# The security log is kept: administrators read it in admin but never change or delete it.
AXES_ENABLE_ADMIN = False
# Password reset requests per address and per email address, each per hour.
PASSWORD_RESET_REQUESTS_PER_HOUR = env_int("PASSWORD_RESET_REQUESTS_PER_HOUR", 5)

# Second factor (django-otp): TOTP apps with single-use backup codes. Required for staff.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Carers Support Service")
OTP_BACKUP_CODE_COUNT = 10
# Staff invitations: days the link to set a password stays valid (Django's reset token).
PASSWORD_RESET_TIMEOUT = env_int("INVITATION_VALID_DAYS", 3) * 24 * 60 * 60
# Invitations to a carer's online account (and to someone acting for them): days the emailed
# link or the code by text or letter works (a letter takes days to arrive), wrong tries
# allowed on one invitation before it stops, and wrong tries per client address per hour.
ONLINE_ACCOUNT_INVITATION_VALID_DAYS = env_int("ONLINE_ACCOUNT_INVITATION_VALID_DAYS", 14)
ONLINE_ACCOUNT_WRONG_TRIES_PER_INVITATION = env_int("ONLINE_ACCOUNT_WRONG_TRIES_PER_INVITATION", 5)
ONLINE_ACCOUNT_WRONG_TRIES_PER_ADDRESS_PER_HOUR = env_int(
    "ONLINE_ACCOUNT_WRONG_TRIES_PER_ADDRESS_PER_HOUR", 20
)
# The service's public address, printed on invitation letters and put in emailed links
# (e.g. https://carers.example.gov.uk). Empty: the address the worker's browser used.
SERVICE_BASE_URL = os.environ.get("SERVICE_BASE_URL", "").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
STAFF_IDLE_TIMEOUT_SECONDS = env_int("STAFF_IDLE_TIMEOUT_SECONDS", 30 * 60)
# The idle timeout records activity at most this often, so a signed-in page is no session write.
SESSION_ACTIVITY_WRITE_SECONDS = env_int("SESSION_ACTIVITY_WRITE_SECONDS", 60)
# Sessions are read from the cache (Redis) and kept in the database too, so a Redis restart
# signs nobody out; the database is written only when the session changes.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# WCAG 2.2.1: warn this long before the idle sign-out, with a way to stay signed in.
IDLE_TIMEOUT_WARNING_SECONDS = env_int("IDLE_TIMEOUT_WARNING_SECONDS", 2 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# The service is written in English only. Without the translation machinery every label,
# date and number on a page skips a catalogue lookup (about a tenth of a queue page's time);
# dates and numbers still take the en-GB formats from LANGUAGE_CODE.
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "carers-support@example.gov.uk")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "carers_portal.accounts.api_auth.VerifiedSessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "carers_portal.api_pagination.AuditedPageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "carers_portal.api_schema.CarersAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "carers_portal.api_errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Carers Support Service API",
    "DESCRIPTION": "Referrals, carers, assessments, support plans and emergency cards.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Only the staff who use the API read its description (not carers or responders).
    "SERVE_PERMISSIONS": ["carers_portal.accounts.api_permissions.CanReadApiSchema"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set that several fields share, and distinct names where two
    # apps use the same field name for different choices.
    "ENUM_NAME_OVERRIDES": {
        "AssessmentKindEnum": "assessments.models.AssessmentKind",
        "EligibilityOutcomeEnum": "assessments.models.EligibilityOutcome",
        "BudgetFrequencyEnum": "assessments.models.BudgetFrequency",
        "YesNoUnsureEnum": "assessments.models.YesNoUnsure",
        "OutcomeAchievementEnum": "assessments.models.OutcomeAchievement",
        "SupportPlanStatusEnum": "support_plans.models.PlanStatus",
        "EmergencyPlanStatusEnum": "emergency_cards.models.PlanStatus",
    },
}

# API tokens (django-rest-knox): stored as hashes, shown once, expire.
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=env_int("API_TOKEN_TTL_DAYS", 30)),
    "TOKEN_LIMIT_PER_USER": 5,
    "AUTO_REFRESH": False,
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0")


def redis_cache_location(broker_url: str) -> str:
    # Kombu names a Unix socket redis+socket://; redis-py (Django's cache) names it unix://.
    if broker_url.startswith("redis+socket://"):
        return "unix://" + broker_url.removeprefix("redis+socket://")
    return broker_url


# Shared across web processes, so rate limits (public self-referral) hold for the whole service.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("CACHE_URL") or redis_cache_location(CELERY_BROKER_URL),
        "KEY_PREFIX": "carers_portal",
    }
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest job (the monthly returns), so nothing is redelivered mid-run.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 2 * 60 * 60),
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The nightly jobs are in the database (data migrations); this one is beat's pulse for /readyz.
BEAT_HEARTBEAT_SECONDS = env_int("BEAT_HEARTBEAT_SECONDS", 60)
BEAT_HEARTBEAT_MAX_AGE_SECONDS = env_int("BEAT_HEARTBEAT_MAX_AGE_SECONDS", 5 * 60)
CELERY_BEAT_SCHEDULE = {
    "beat-heartbeat": {
        "task": "carers_portal.health.beat_heartbeat_task",
        "schedule": BEAT_HEARTBEAT_SECONDS,
        "options": {"expires": BEAT_HEARTBEAT_SECONDS},
    }
}
READINESS_CELERY_TIMEOUT_SECONDS = float(os.environ.get("READINESS_CELERY_TIMEOUT_SECONDS", "2"))
# Workers log through LOGGING below (JSON with the request id), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Tasks outside the apps' tasks.py modules (which autodiscovery finds).
CELERY_IMPORTS = ["carers_portal.health"]

SERVICE_NAME = os.environ.get("SERVICE_NAME", "Carers Support Service")
COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Shireborough County Council")
EMERGENCY_RESPONSE_NUMBER = os.environ.get("EMERGENCY_RESPONSE_NUMBER", "0300 123 4567")
# The carers support service's office line, when a team has no number of its own.
SERVICE_PHONE_NUMBER = os.environ.get("SERVICE_PHONE_NUMBER", "0300 123 4500")
# Named in the privacy notice (UK GDPR Articles 13-14, 37-39).
DATA_PROTECTION_OFFICER_EMAIL = os.environ.get(
    "DATA_PROTECTION_OFFICER_EMAIL", "dataprotection@example.gov.uk"
)
RECORDS_RETENTION_YEARS = env_int("RECORDS_RETENTION_YEARS", 6)
# Replacement care free of charge after an emergency card activation (scheme choice: 24-72 h).
EMERGENCY_FREE_REPLACEMENT_HOURS = env_int("EMERGENCY_FREE_REPLACEMENT_HOURS", 48)
# Directory entries not checked with the provider for this many months show as stale.
DIRECTORY_STALE_AFTER_MONTHS = env_int("DIRECTORY_STALE_AFTER_MONTHS", 12)

# Messages to carers and referrers through GOV.UK Notify. "outbox" (the default) sends
# nothing and shows messages at /notifications/outbox/; "notify" sends with NOTIFY_API_KEY.
NOTIFY_BACKEND = os.environ.get("NOTIFY_BACKEND", "outbox")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_TIMEOUT_SECONDS = env_int("NOTIFY_TIMEOUT_SECONDS", 30)
# The bearer token set on the service's delivery-status callback in Notify.
NOTIFY_CALLBACK_TOKEN = os.environ.get("NOTIFY_CALLBACK_TOKEN", "")
NOTIFY_RETRY_BASE_SECONDS = env_int("NOTIFY_RETRY_BASE_SECONDS", 30)
NOTIFY_RETRY_MAX_SECONDS = env_int("NOTIFY_RETRY_MAX_SECONDS", 60 * 60)
# One Notify template per message and channel: NOTIFY_TEMPLATE_<MESSAGE>_<CHANNEL>, e.g.
# NOTIFY_TEMPLATE_REFERRAL_RECEIVED_EMAIL. Messages: referral_received, portal_invitation,
# acting_for_invitation, review_due, review_booked, card_issued, card_reissued, plan_agreed;
# channels: email, sms, letter.
NOTIFY_TEMPLATES = {
    name.removeprefix("NOTIFY_TEMPLATE_").lower(): value
    for name, value in os.environ.items()
    if name.startswith("NOTIFY_TEMPLATE_") and value
}

# Triage time limits (local policy, not statute), all in working days (triage/rules.py
# ClockSettings): to triage; to start an assessment by priority; to make an emergency plan;
# a support plan after the assessment; budget authorisation; answering a carer's request for
# a review; checking a change the carer made online. TRIAGE_BANK_HOLIDAYS are the days the
# clocks skip (ISO dates).
TRIAGE_URGENT_TRIAGE_WORKING_DAYS = env_int("TRIAGE_URGENT_TRIAGE_WORKING_DAYS", 2)
TRIAGE_TRIAGE_WORKING_DAYS = env_int("TRIAGE_TRIAGE_WORKING_DAYS", 5)
TRIAGE_ASSESSMENT_START_URGENT_WORKING_DAYS = env_int(
    "TRIAGE_ASSESSMENT_START_URGENT_WORKING_DAYS", 2
)
TRIAGE_ASSESSMENT_START_HIGH_WORKING_DAYS = env_int("TRIAGE_ASSESSMENT_START_HIGH_WORKING_DAYS", 4)
TRIAGE_ASSESSMENT_START_STANDARD_WORKING_DAYS = env_int(
    "TRIAGE_ASSESSMENT_START_STANDARD_WORKING_DAYS", 14
)
TRIAGE_EMERGENCY_PLAN_WORKING_DAYS = env_int("TRIAGE_EMERGENCY_PLAN_WORKING_DAYS", 1)
TRIAGE_SUPPORT_PLAN_WORKING_DAYS = env_int("TRIAGE_SUPPORT_PLAN_WORKING_DAYS", 7)
TRIAGE_AUTHORISATION_WORKING_DAYS = env_int("TRIAGE_AUTHORISATION_WORKING_DAYS", 10)
TRIAGE_REVIEW_REQUEST_WORKING_DAYS = env_int("TRIAGE_REVIEW_REQUEST_WORKING_DAYS", 10)
TRIAGE_EMERGENCY_FOLLOW_UP_WORKING_DAYS = env_int("TRIAGE_EMERGENCY_FOLLOW_UP_WORKING_DAYS", 1)
TRIAGE_CHANGE_REQUEST_WORKING_DAYS = env_int("TRIAGE_CHANGE_REQUEST_WORKING_DAYS", 5)
TRIAGE_BANK_HOLIDAYS = env_list("TRIAGE_BANK_HOLIDAYS")
# Intake routing when no postcode district rule matches, and the young carers' team.
TRIAGE_DEFAULT_INTAKE_TEAM = os.environ.get("TRIAGE_DEFAULT_INTAKE_TEAM", "")
TRIAGE_YOUNG_CARERS_TEAM = os.environ.get("TRIAGE_YOUNG_CARERS_TEAM", "")
TRIAGE_PUBLIC_SUBMISSIONS_PER_HOUR = env_int("TRIAGE_PUBLIC_SUBMISSIONS_PER_HOUR", 5)
TRIAGE_PUBLIC_STEP_POSTS_PER_10_MINUTES = env_int("TRIAGE_PUBLIC_STEP_POSTS_PER_10_MINUTES", 120)

# Assessments: budgets above the threshold need a team manager's approval; review timing
# follows the Care Act s27 statutory guidance (6-8 weeks, then at least every 12 months).
ASSESSMENT_APPROVAL_THRESHOLD = env_int("ASSESSMENT_APPROVAL_THRESHOLD", 300)
ASSESSMENT_LIGHT_REVIEW_WEEKS = env_int("ASSESSMENT_LIGHT_REVIEW_WEEKS", 8)
ASSESSMENT_REVIEW_INTERVAL_MONTHS = env_int("ASSESSMENT_REVIEW_INTERVAL_MONTHS", 12)
ASSESSMENT_REVIEWS_DUE_WINDOW_DAYS = env_int("ASSESSMENT_REVIEWS_DUE_WINDOW_DAYS", 28)

# NI135 counting choices no source fixes (see docs/reporting.md); None keeps the defaults:
# separate, joint and reviews count, declined does not, no age limits.
REPORTING_NI135 = None
# The council's code on the quarterly Client Level Data return ("LA Code"). [U] code system.
REPORTING_CLD_LA_CODE = os.environ.get("REPORTING_CLD_LA_CODE", "")

# LOG_FORMAT=json (the production default) writes one JSON object per line for a collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = observability.logging_config(
    log_format=LOG_FORMAT, level=os.environ.get("LOG_LEVEL", "INFO")
)
DJANGO_GUID = observability.django_guid_config()
SENTRY_ENABLED = observability.sentry_init()
