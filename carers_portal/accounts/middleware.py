import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from carers_portal.accounts.mfa import has_second_factor, request_needs_second_factor

SESSION_KEY = "last_activity"


def activity_resolution(timeout: int) -> int:
    """How stale the recorded last activity may get before it is written again.

    Writing it on every request would make every signed-in page a session write. At most once a
    minute (or a tenth of a short timeout), an idle session ends at most that much early: never
    late, which is the side to err on for an unattended screen.
    """
    return max(1, min(settings.SESSION_ACTIVITY_WRITE_SECONDS, timeout // 10))


def record_sign_in_activity(sender, request, user, **kwargs) -> None:
    """Signing in is activity: recorded with the new session, so the first page after it
    makes no session write of its own."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = int(time.time())


class StaffIdleTimeoutMiddleware:
    """Signs staff out after a spell of inactivity, as an unattended screen shows health data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            timeout = settings.STAFF_IDLE_TIMEOUT_SECONDS
            last = request.session.get(SESSION_KEY)
            if last is not None and now - last > timeout:
                logout(request)
                # Back to the same page after signing in again (a GET only: a stale POST
                # would be refused by its version check anyway).
                back = request.get_full_path() if request.method == "GET" else ""
                query = {"timed_out": "1", **({"next": back} if back else {})}
                return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode(query)}")
            if last is None or now - last >= activity_resolution(timeout):
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
