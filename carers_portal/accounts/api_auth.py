"""API authentication: a browser session counts only once its second factor is verified.

API tokens are created on a page behind the second factor (and stored hashed by knox), so a
token already stands for a verified sign-in; a bare password session does not.
"""

from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication

from carers_portal.accounts.mfa import needs_second_factor


class VerifiedSessionAuthentication(SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        # OTPMiddleware has given the Django request's user is_verified().
        if needs_second_factor(request._request.user):
            return None
        return result


class VerifiedSessionScheme(SessionScheme):
    """Documents the verified session as the cookie authentication it is."""

    target_class = "carers_portal.accounts.api_auth.VerifiedSessionAuthentication"
    priority = 0
