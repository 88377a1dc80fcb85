"""The site-wide content version: one token that every cached page and fragment
carries in its key, so that changing it makes everything fresh at once.

Where it lives:

* in Django's cache (Redis in production, shared by every worker and machine);
* when that cache is local memory (the default) and several processes serve the
  site, a local-memory token would be per process: a publish in one gunicorn
  worker would leave the others serving old pages. `CONTENT_VERSION_FILE`
  (set by production settings) then keeps the token in a small file that all
  processes on the machine read (one `read()` of 32 bytes per request).

Reading fails soft: a cache outage gives `None`, which means "do not cache".
Within a request the token is read once (see `request_scope`).

A change made inside a transaction (`bump_on_commit`) is a new version at once for
the thread that makes it, and for everyone else when it commits: until then the
others cannot read the change, and rendering every page again for them would
only cache the old content once more.

A shared cache that comes back after an outage may hold the version from before
a publish it never heard of: its pages would be served again as if current. So
a process that could not store a new version keeps it pending and stores one as
soon as the cache answers again, and a process whose connection to Redis was
refused or dropped (Redis restarted, maybe from an older copy on its disk:
serving/cache/breaker.py) starts a new version once it answers. A Redis that
was only slow (a timeout on a busy machine) keeps its pages: emptying the cache
there would only make the machine busier.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
import uuid
import weakref
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

from serving.cache import breaker

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"

# Set when this process could not store a new version in the shared cache.
_bump_pending = False
# Per circuit breaker: its interruptions already answered with a new version.
_interruptions_seen: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

# Per request (or per thread outside one): the version read at the start, and the
# fragments already fetched, so that ten look-ups cost one cache round trip each.
_scope: ContextVar[dict | None] = ContextVar("content_version_scope", default=None)


def cache_alias() -> str:
    return getattr(settings, "PAGE_CACHE_ALIAS", "default")


def get_cache():
    return caches[cache_alias()]


MISSING = object()


def cache_get(key: str, default=None):
    """`cache.get()` that never raises: an unreadable cache is an empty one.

    django-redis's IGNORE_EXCEPTIONS covers a Redis that is down; this also
    covers a value that cannot be read back (another version of the code).
    """
    try:
        return get_cache().get(key, default)
    except Exception:  # any cache failure means "not cached"
        logger.warning("Cache read failed for %s", key, exc_info=True)
        return default


def cache_set(key: str, value, timeout) -> None:
    try:
        get_cache().set(key, value, timeout)
    except Exception:  # a value not stored is only a later miss
        logger.warning("Cache write failed for %s", key, exc_info=True)


def cache_get_many(keys: list[str]) -> dict:
    """`cache.get_many()` that never raises (see `cache_get`): one round trip."""
    try:
        return get_cache().get_many(keys)
    except Exception:  # any cache failure means "not cached"
        logger.warning("Cache read failed for %d keys", len(keys), exc_info=True)
        return {}


def cache_set_many(values: dict, timeout) -> None:
    try:
        get_cache().set_many(values, timeout)
    except Exception:  # values not stored are only later misses
        logger.warning("Cache write failed for %d keys", len(values), exc_info=True)


def _version_file() -> Path | None:
    path = getattr(settings, "CONTENT_VERSION_FILE", None)
    if not path or not isinstance(get_cache(), LocMemCache):
        return None
    return Path(path)


def _new_token() -> str:
    return uuid.uuid4().hex


def _read_file(path: Path) -> str | None:
    try:
        return path.read_text().strip() or None
    except FileNotFoundError:
        return _write_file(path)
    except OSError:
        logger.warning("Cannot read the content version file %s", path, exc_info=True)
        return None


def _write_file(path: Path) -> str | None:
    token = _new_token()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed: a reader never sees half a token.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".content-version-")
        with os.fdopen(fd, "w") as handle:
            handle.write(token)
        os.replace(tmp, path)
    except OSError:
        logger.warning("Cannot write the content version file %s", path, exc_info=True)
        return None
    return token


def _read() -> str | None:
    global _bump_pending
    path = _version_file()
    if path is not None:
        return _read_file(path)
    # Looked at before reading: another thread clears it only once the new
    # version is stored, so a read that finds it clear cannot get the old one.
    recovering = _bump_pending
    token = _read_cache()
    if token is None:
        return None
    # Counted after reading: the read itself may have found a dropped connection.
    guard = breaker.breaker_of(get_cache())
    interruptions = guard.interruptions if guard is not None else 0
    if guard is not None and interruptions != _interruptions_seen.get(guard, 0):
        recovering = True
    if recovering:
        token = _store_new_version()
        if token is not None:
            logger.warning("The cache answers again: started a new content version")
            _bump_pending = False
            if guard is not None:
                _interruptions_seen[guard] = interruptions
    return token


def _read_cache() -> str | None:
    token = cache_get(VERSION_KEY)
    if token is not None and not isinstance(token, str):
        token = None  # not one of ours (another release's value): start afresh
        cache_set(VERSION_KEY, _new_token(), timeout=None)
        token = cache_get(VERSION_KEY)
    if token is None:
        # First use (or the cache lost it): start a version. add() keeps a
        # version another worker set meanwhile; if the cache is down both calls
        # answer None and nothing is cached.
        try:
            added = get_cache().add(VERSION_KEY, _new_token(), timeout=None)
        except Exception:  # noqa: BLE001 - see cache_get()
            return None
        if added is None:  # django-redis's answer when it ignored a failure
            return None
        token = cache_get(VERSION_KEY)
    return token if isinstance(token, str) else None


def _store_new_version() -> str | None:
    """Start a new version in the shared cache and read it back (backends that
    ignore errors do not say when a write failed): None, and the new version
    left pending, if the cache does not answer."""
    global _bump_pending
    guard = breaker.breaker_of(get_cache())
    if guard is not None:
        guard.probe_now()
    cache_set(VERSION_KEY, _new_token(), timeout=None)
    token = cache_get(VERSION_KEY)
    if not isinstance(token, str):
        _bump_pending = True
        _retry_pending_soon()
        return None
    return token  # ours, or one that another process has started since: new too


# A pending version is stored by a timer, not only by this process's next request:
# the worker that published may get none for minutes while the others serve the
# pages from before the publish as soon as the cache answers again.
PENDING_RETRY_SECONDS = 1.0
_retry_lock = threading.Lock()
_retry_timer: threading.Timer | None = None


def _retry_pending_soon() -> None:
    global _retry_timer
    with _retry_lock:
        if _retry_timer is None:
            _retry_timer = threading.Timer(PENDING_RETRY_SECONDS, _retry_pending)
            _retry_timer.daemon = True
            _retry_timer.start()


def _retry_pending() -> None:
    global _retry_timer
    with _retry_lock:
        _retry_timer = None
    if _bump_pending:
        _read()  # stores a new version if the cache answers
    if _bump_pending:
        _retry_pending_soon()


def get() -> str | None:
    """The current content version, or None when the shared cache is unavailable."""
    scope = _scope.get()
    if scope is not None:
        if "version" not in scope:
            scope["version"] = _current()
        return scope["version"]
    return _current()


UNCOMMITTED_SEPARATOR = "+"


def _current() -> str | None:
    token = _read()
    uncommitted = _uncommitted()
    if token is None or uncommitted is None:
        return token
    return f"{token}{UNCOMMITTED_SEPARATOR}{uncommitted.token}"


def is_committed(token: str) -> bool:
    """False for the version of a transaction's own changes (see `bump_on_commit`):
    its thread's alone, and never seen again once the transaction ends."""
    return UNCOMMITTED_SEPARATOR not in token


def bump() -> str | None:
    """Start a new version: every cached page and fragment becomes unreachable."""
    path = _version_file()
    token = _write_file(path) if path is not None else _store_new_version()
    _restart_scope(token)
    return token


class _BumpOnCommit:
    """Registered with `transaction.on_commit()`: the version of the transaction's
    changes, its thread's own until the commit calls it (a rollback drops it)."""

    def __init__(self) -> None:
        self.token = _new_token()

    def __call__(self) -> None:
        bump()


def _uncommitted() -> _BumpOnCommit | None:
    waiting = getattr(transaction.get_connection(), "run_on_commit", [])
    return next((e[1] for e in waiting if isinstance(e[1], _BumpOnCommit)), None)


def bump_on_commit() -> None:
    """A change inside a transaction: a new version for this thread now, and for
    every worker once the transaction commits."""
    uncommitted = _uncommitted()
    if uncommitted is None:
        transaction.on_commit(_BumpOnCommit())
    else:
        uncommitted.token = _new_token()  # one more change: new again
    _restart_scope(_current())


def _restart_scope(token: str | None) -> None:
    """The rest of the request uses `token`, and fragments fetched under it."""
    scope = _scope.get()
    if scope is not None:
        bypass = scope.get("bypass_memo", False)
        scope.clear()
        scope.update(version=token, bypass_memo=bypass)


def scope_memo() -> dict | None:
    """The current request's memo of fragments (None outside a request scope)."""
    scope = _scope.get()
    if scope is None:
        return None
    return scope.setdefault("memo", {})


def memo_bypassed() -> bool:
    """True while rendering a preview: drafts must not read (or fill) the memo."""
    scope = _scope.get()
    return bool(scope and scope.get("bypass_memo"))


@contextlib.contextmanager
def request_scope(bypass_memo: bool = False):
    """Read the version at most once while serving one request."""
    token = _scope.set({"bypass_memo": True} if bypass_memo else {})
    try:
        yield
    finally:
        _scope.reset(token)
