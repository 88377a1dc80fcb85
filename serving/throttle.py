"""Per-client counters in the database, shared by the contact form, admin sign-in
and the second factor.

A fixed window: the first hit starts it, later hits only count. The counters are
rows (serving.models.ThrottleCounter), not cache entries: a cache may evict them
(Redis with allkeys-lru, under a flood of pages) or be unreachable, and either
would let an attacker try again at once. The database is there whenever a
sign-in or an enquiry can be made, so the limits fail closed; every worker and
machine shares them; an increment is one atomic UPDATE. Django's database cache
would also survive Redis, but culls entries past MAX_ENTRIES (eviction again)
and increments by read-then-write (two failures at once count as one). Rows past
their window are deleted as new windows start.
"""

import datetime
import hashlib
import ipaddress

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from serving.models import ThrottleCounter


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


def _key(scope: str, *parts: str) -> str:
    # Hashed: no username or address is stored, and every key has one length.
    return hashlib.sha256("\x1f".join((scope, *parts)).encode()).hexdigest()


def _live(key: str):
    return ThrottleCounter.objects.filter(key=key, expires_at__gt=timezone.now())


def _increment(key: str) -> int:
    """One more in the key's current window; 0 if it has none."""
    live = _live(key)
    if not live.update(count=F("count") + 1):
        return 0
    return live.values_list("count", flat=True).first() or 1


def hit(scope: str, *parts: str, window: int) -> int:
    """Count one more event for `parts`; return the count within the window."""
    key = _key(scope, *parts)
    counted = _increment(key)
    if counted:
        return counted
    now = timezone.now()
    # This key's last window, and every other that has ended.
    ThrottleCounter.objects.filter(expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            ThrottleCounter.objects.create(
                key=key, expires_at=now + datetime.timedelta(seconds=window)
            )
    except IntegrityError:  # another request started the window meanwhile
        return _increment(key) or 1
    return 1


def count(scope: str, *parts: str) -> int:
    return _live(_key(scope, *parts)).values_list("count", flat=True).first() or 0


def reset(scope: str, *parts: str) -> None:
    ThrottleCounter.objects.filter(key=_key(scope, *parts)).delete()
