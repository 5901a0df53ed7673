"""A small fixed-window rate limit for the public (signed-out) referral pages.

Counts live in the shared cache (carers_portal/ratelimit.py), keyed by client address.
"""

from django.conf import settings
from django.http import HttpRequest

from carers_portal import ratelimit

# scope -> (setting name, default limit, window in seconds)
LIMITS = {
    "public-step": ("TRIAGE_PUBLIC_STEP_POSTS_PER_10_MINUTES", 120, 600),
    "public-submit": ("TRIAGE_PUBLIC_SUBMISSIONS_PER_HOUR", 5, 3600),
}


def throttle_allows(request: HttpRequest, *, scope: str) -> bool:
    setting, default, window = LIMITS[scope]
    limit = getattr(settings, setting, default)
    return ratelimit.allows(
        scope=f"triage-{scope}",
        identities=[ratelimit.client_address(request)],
        limit=limit,
        window=window,
    )
