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
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import uuid
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"

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
    path = _version_file()
    if path is not None:
        return _read_file(path)
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
            get_cache().add(VERSION_KEY, _new_token(), timeout=None)
        except Exception:  # noqa: BLE001 - see cache_get()
            return None
        token = cache_get(VERSION_KEY)
    return token if isinstance(token, str) else None


def get() -> str | None:
    """The current content version, or None when the shared cache is unavailable."""
    scope = _scope.get()
    if scope is not None:
        if "version" not in scope:
            scope["version"] = _read()
        return scope["version"]
    return _read()


def bump() -> str | None:
    """Start a new version: every cached page and fragment becomes unreachable."""
    path = _version_file()
    if path is not None:
        token = _write_file(path)
    else:
        token = _new_token()
        cache_set(VERSION_KEY, token, timeout=None)
    scope = _scope.get()
    if scope is not None:
        bypass = scope.get("bypass_memo", False)
        scope.clear()
        scope.update(version=token, bypass_memo=bypass)
    return token


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
