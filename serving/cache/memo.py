"""Site-wide data computed once per content version (and language).

Header, footer, sidebar, locales, view restrictions: the same for every page of
a language until an editor publishes something. `memoize()` keeps them in
Django's cache under the content version, so a publish makes them fresh in every
worker at once, and within a request each is fetched from the cache once.

Values must pickle (model instances do). A cache outage means computing them
each time, never an error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.conf import settings

from serving.cache import version

T = TypeVar("T")

MISSING = version.MISSING


def _cache_key(prefix: str, parts: tuple) -> str:
    """`prefix` and `parts`, hashed when a part is long or odd text: keys any
    cache backend takes, memcached included."""
    key = prefix + ":".join(str(part) for part in parts)
    if len(key) <= 200 and key.isascii() and key.isprintable() and " " not in key:
        return key
    return prefix + hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()


def memo_timeout() -> int:
    return getattr(settings, "MEMO_CACHE_SECONDS", 6 * 60 * 60)


def _shared_token() -> str | None:
    """The content version the shared memo is kept under, or None when there is
    none to use: switched off, a preview, the cache down."""
    if not getattr(settings, "MEMO_CACHE_ENABLED", True) or version.memo_bypassed():
        return None
    return version.get()


def memoize(name: str, *parts: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, cached under the content version, `name` and `parts`."""
    local = version.scope_memo()
    token = _shared_token()
    key = _cache_key(f"memo:{token or 'request'}:{name}:", parts)
    if local is not None and key in local:
        return local[key]
    if token is None:
        # No shared memo (switched off, a preview, the cache down): still computed
        # once per request, as the first request after a publish does.
        value = compute()
        if local is not None:
            local[key] = value
        return value
    hit = version.cache_get(key, MISSING)
    if hit is MISSING or not isinstance(hit, tuple):
        value = compute()
        # Wrapped in a tuple so that a computed None is cached too.
        version.cache_set(key, (value,), memo_timeout())
    else:
        value = hit[0]
    if local is not None:
        local[key] = value
    return value


def memoize_many(
    name: str, items: Iterable[Hashable], compute: Callable[[list], dict]
) -> dict:
    """`{item: value}` for each of `items`, each cached as `memoize(name, item)`
    would cache it, in one cache round trip; `compute(missing)` gives the values
    of the items not cached, all at once (one query for all of them). Items it
    gives no value for are left out."""
    items = list(dict.fromkeys(items))
    if not items:
        return {}
    local = version.scope_memo()
    token = _shared_token()
    keys = {
        item: _cache_key(f"memo:{token or 'request'}:{name}:", (item,))
        for item in items
    }
    found = {}
    if local is not None:
        found = {item: local[key] for item, key in keys.items() if key in local}
    wanted = [keys[item] for item in items if item not in found]
    if token is not None and wanted:
        hits = version.cache_get_many(wanted)
        for item in items:
            hit = hits.get(keys[item])
            if isinstance(hit, tuple):  # as memoize() stores it
                found[item] = hit[0]
    missing = [item for item in items if item not in found]
    if missing:
        computed = compute(missing)
        found.update(computed)
        if token is not None and computed:
            version.cache_set_many(
                {keys[item]: (value,) for item, value in computed.items()},
                memo_timeout(),
            )
    if local is not None:
        local.update({keys[item]: value for item, value in found.items()})
    return {item: found[item] for item in items if item in found}
