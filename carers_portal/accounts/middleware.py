import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from carers_portal.accounts.mfa import has_second_factor, request_needs_second_factor

SESSION_KEY = "last_activity"


class StaffIdleTimeoutMiddleware:
    """Signs staff out after a spell of inactivity, as an unattended screen shows health data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(SESSION_KEY, now)
            if now - last > settings.STAFF_IDLE_TIMEOUT_SECONDS:
                logout(request)
                # Back to the same page after signing in again (a GET only: a stale POST
                # would be refused by its version check anyway).
                back = request.get_full_path() if request.method == "GET" else ""
                query = {"timed_out": "1", **({"next": back} if back else {})}
                return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode(query)}")
            request.session[SESSION_KEY] = now
        return self.get_response(request)


# Reachable with a password alone: the second-factor pages themselves, signing out, and the
# API (whose session authentication refuses an unverified session on its own).
SECOND_FACTOR_EXEMPT_PREFIXES = (
    "/accounts/two-factor/verify/",
    "/accounts/two-factor/set-up/",
    "/accounts/sign-out/",
    "/accounts/signed-out/",
    "/accessibility/",
    "/privacy/",
    "/api/",
)


class SecondFactorRequiredMiddleware:
    """Staff (and carers who set one up) verify a second factor before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith((*SECOND_FACTOR_EXEMPT_PREFIXES, settings.STATIC_URL))
            and request_needs_second_factor(request)
        ):
            target = "accounts:mfa-verify" if has_second_factor(user) else "accounts:mfa-enrol"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
