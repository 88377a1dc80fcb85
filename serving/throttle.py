"""Per-client counters in Django's cache, shared by the contact form and admin login.

A fixed window: the first hit starts it, later hits only count. The counters live in
the default cache, so several workers share them only with a shared cache
(REDIS_URL); with the local-memory default each worker counts on its own.
A cache outage makes every count zero: the site keeps working, unthrottled.
"""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The address the request came from, as our own proxies saw it.

    X-Forwarded-For is written by whoever sends the request, so it is read only
    when TRUSTED_PROXY_COUNT proxies of ours stand in front of Django: each of them
    appends the address it received the request from, and the client is the
    entry that many places from the right. Anything further left can be forged.
    """
    address = request.META.get("REMOTE_ADDR", "")
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if len(entries) >= hops:
            address = entries[-hops]
    return _client_network(address)


def _client_network(address: str) -> str:
    """One IPv4 address, or the /64 an IPv6 client holds (it can pick any inside it)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _cache_key(scope: str, *parts: str) -> str:
    # Hashed: usernames and addresses may hold characters a cache key must not.
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"throttle:{scope}:{digest}"


def hit(scope: str, *parts: str, window: int) -> int:
    """Count one more event for `parts`; return the count within the window."""
    key = _cache_key(scope, *parts)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key) or 0)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def count(scope: str, *parts: str) -> int:
    return int(cache.get(_cache_key(scope, *parts)) or 0)


def reset(scope: str, *parts: str) -> None:
    cache.delete(_cache_key(scope, *parts))
