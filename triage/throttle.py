"""A small fixed-window rate limit for the public (signed-out) referral pages.

Counts live in Django's cache, keyed by client address. With a per-process cache each
worker counts separately, which still bounds abuse; a shared cache (Redis) makes it exact.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# scope -> (setting name, default limit, window in seconds)
LIMITS = {
    "public-step": ("TRIAGE_PUBLIC_STEP_POSTS_PER_10_MINUTES", 120, 600),
    "public-submit": ("TRIAGE_PUBLIC_SUBMISSIONS_PER_HOUR", 5, 3600),
}


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only, as for sign-in lockouts: forwarded headers are set by the client.
    return request.META.get("REMOTE_ADDR", "unknown")


def throttle_allows(request: HttpRequest, *, scope: str) -> bool:
    setting, default, window = LIMITS[scope]
    limit = getattr(settings, setting, default)
    bucket = int(time.time() // window)
    key = f"triage-throttle:{scope}:{client_address(request)}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
