"""Fixed-window rate limits in the shared cache (Redis in production), counted atomically.

`cache.add` (SET NX) creates the window's counter and `cache.incr` (INCR) counts, so parallel
requests each get their own number: the 11th of 25 simultaneous look-ups sees 11, never 10.
The client address comes from axes' resolver (django-ipware, trusting TRUSTED_PROXY_COUNT
proxies), so sign-in lockouts and these limits agree on who a client is.
"""

import contextlib
import time

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return get_client_ip_address(request) or "unknown"


def _key(scope: str, identity: str, window: int) -> str:
    return f"ratelimit:{scope}:{identity}:{int(time.time() // window)}"


def hit(*, scope: str, identity: str, window: int) -> int:
    """Counts one attempt in the current window and returns the count, this one included."""
    key = _key(scope, identity, window)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def release(*, scope: str, identity: str, window: int) -> None:
    """Takes back one attempt (for limits that count only failures)."""
    with contextlib.suppress(ValueError):
        cache.decr(_key(scope, identity, window))


def allows(*, scope: str, identities: list[str], limit: int, window: int) -> bool:
    """Counts an attempt against every identity; refused if any is over its limit."""
    # Every identity is counted (no short-circuit), so each limit sees every attempt.
    counts = [hit(scope=scope, identity=identity, window=window) for identity in identities]
    return max(counts) <= limit
