import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

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
                return redirect(f"{reverse(settings.LOGIN_URL)}?timed_out=1")
            request.session[SESSION_KEY] = now
        return self.get_response(request)
