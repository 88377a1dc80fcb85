"""Site-wide data computed once per content version (and language).

Header, footer, sidebar, locales, view restrictions: the same for every page of
a language until an editor publishes something. `memoize()` keeps them in
Django's cache under the content version, so a publish makes them fresh in every
worker at once, and within a request each is fetched from the cache once.

Values must pickle (model instances do). A cache outage means computing them
each time, never an error.

The few values nearly every page reads (locales, settings, the menu, an index's
summary: `memoize(..., in_process=True)`) are also kept in this process, as the
objects themselves: from Django's cache each would be unpickled again for every
page, and fetched over the network from Redis. Kept under the same keys, so a new
content version leaves them unreachable at once in every process, as it does
the shared ones; dropped when another version arrives, and `memo_timeout()`
after being kept, like a shared one.
"""

from __future__ import annotations

import hashlib
import threading
import time
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


class ProcessMemo:
    """Values of the current content version kept in this process (see above).

    Keys carry their version, so a lookup can never find another version's value:
    when another version's value is kept, the others are dropped only to free
    memory.
    At most `MAX_ENTRIES`: site-wide values are a few dozen per language, and a
    caller that memoises per page in the process by mistake empties it rather
    than grows it."""

    MAX_ENTRIES = 1000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._token: str | None = None
        self._values: dict[str, tuple[float, object]] = {}

    def get(self, key: str):
        found = self._values.get(key)
        if found is None or found[0] < time.monotonic():
            return MISSING
        return found[1]

    def keep(self, token: str, key: str, value) -> None:
        if not version.is_committed(token):
            return  # a transaction's own changes: not for other requests
        expires = time.monotonic() + memo_timeout()
        with self._lock:
            if token != self._token or len(self._values) >= self.MAX_ENTRIES:
                self._token, self._values = token, {}
            self._values[key] = (expires, value)


process_memo = ProcessMemo()


def memoize(
    name: str,
    *parts: Hashable,
    compute: Callable[[], T],
    in_process: bool = False,
) -> T:
    """`compute()`, cached under the content version, `name` and `parts`.

    `in_process`: a site-wide value that nearly every page reads, also kept in this
    process as the object itself (see above). Its users share it between requests
    and threads: they must never change it. So never a page that is then served:
    `before_serve_page` hooks set attributes on it (enquiries/wagtail_hooks.py)."""
    local = version.scope_memo()
    token = _shared_token()
    key = _cache_key(f"memo:{token or 'request'}:{name}:", parts)
    if local is not None and key in local:
        return local[key]
    if in_process and token is not None:
        value = process_memo.get(key)
        if value is not MISSING:
            if local is not None:
                local[key] = value
            return value
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
    if in_process:
        process_memo.keep(token, key, value)
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
