"""Whole responses for anonymous visitors, kept in Django's cache.

Which requests and responses may be shared (`is_shareable_request`,
`is_shareable_response`) is decided here once, and used both by the page cache
and by the HTTP headers (Cache-Control: public for exactly these).

Keys: content version + scheme + host + language + path + the query parameters
pages read (`KEYED_PARAMETERS`), never a visitor's others: a request that
carries any other parameter (analytics' utm_*, junk) is answered from the entry
of the same URL without them, or rendered and not stored. Only 200s are stored:
every missing URL would otherwise be one more entry for an hour (a 404 costs a
render). So a flood of made-up URLs adds nothing to the cache. A new content
version (any publish, settings or snippet save) leaves every old entry
unreachable, in every worker.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from serving.cache import version

logger = logging.getLogger(__name__)

CACHEABLE_STATUSES = frozenset({200, 301, 404})
# Paths never shared: the admin (and previews), documents (privacy per collection),
# the health check, the language switch form.
PRIVATE_PREFIXES = (
    "/admin/",
    "/documents/",
    "/healthz",
    "/i18n/",
    "/django-admin/",
)
# The query parameters pages read (listings' and search's `page`, search's `q`:
# grep `request.GET`), and the values each may take to make a key of its own. A
# page that reads a new parameter must be named here, or it is served the entry
# made without it.
KEYED_PARAMETERS = {
    "page": re.compile(r"[1-9][0-9]{0,5}"),
    "q": re.compile(r".{1,255}", re.DOTALL),
}
STORED_STATUSES = frozenset({200})
NO_SHARE_CACHE_CONTROL = re.compile(r"\b(private|no-store|no-cache)\b", re.IGNORECASE)


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 60 * 60)


def _private_cookies() -> tuple[str, ...]:
    """Cookies that mean "this visitor may see something personal"."""
    return (
        settings.SESSION_COOKIE_NAME,
        getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
        *getattr(settings, "PAGE_CACHE_PRIVATE_COOKIES", ()),
    )


def is_shareable_request(request) -> bool:
    """Could the answer to this request be the same for every anonymous visitor?"""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith(PRIVATE_PREFIXES):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if any(name in request.COOKIES for name in _private_cookies()):
        return False
    # Wagtail's previews run a dummy request through the middleware.
    return not (
        getattr(request, "is_preview", False) or getattr(request, "is_dummy", False)
    )


def is_shareable_response(request, response) -> bool:
    """May this response to a shareable request be stored and sent to others?"""
    if response.status_code not in CACHEABLE_STATUSES or response.streaming:
        return False
    if response.cookies:  # e.g. a CSRF token or a new session: personal
        return False
    if NO_SHARE_CACHE_CONTROL.search(response.get("Cache-Control", "")):
        return False
    if getattr(request, "is_preview", False):
        return False
    if getattr(response, "page_cache", True) is False:
        return False
    # Shareable requests carry no session cookie, so this reads no session and
    # costs no query (tests/test_page_cache.py); absent if auth never ran.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    varies = {
        value.strip().lower()
        for value in response.get("Vary", "").split(",")
        if value.strip()
    }
    # Cookie: only the anonymous variant reaches here. Anything else (e.g.
    # Accept-Language on `/`) would need a key per variant: not shared.
    return varies <= {"cookie"}


def _read_query(request) -> tuple[str, bool]:
    """The part of the query string a page's key is made of (the parameters pages
    read, with a value of theirs, sorted), and whether the query held more.

    As `request.GET.get()` does, the last of a repeated parameter counts.
    """
    last: dict[str, str] = {}
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    for name, value in pairs:
        last[name] = value
    keyed = {
        name: value
        for name, value in last.items()
        if name in KEYED_PARAMETERS and KEYED_PARAMETERS[name].fullmatch(value)
    }
    return urlencode(sorted(keyed.items())), len(pairs) > len(keyed)


def keyed_query(request) -> str:
    return _read_query(request)[0]


def has_other_parameters(request) -> bool:
    """Does the query string hold more than its keyed part? What is rendered for
    it may differ from the keyed entry: it must not be stored under its key."""
    return _read_query(request)[1]


def cache_key(request, token: str) -> str:
    language = get_language_from_path(request.path_info) or "-"
    scheme = "https" if request.is_secure() else "http"
    location = f"{scheme}://{request.get_host()}{request.path}?{keyed_query(request)}"
    digest = hashlib.md5(location.encode(), usedforsecurity=False).hexdigest()
    return f"page:{token}:{language}:{digest}"


def is_stored(response) -> bool:
    return response.status_code in STORED_STATUSES


@dataclass
class Entry:
    """What is kept of a response: small, and rebuilt without Django's classes."""

    status: int
    headers: list[tuple[str, str]]
    content: bytes
    created: float

    def to_response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


SKIPPED_HEADERS = {"set-cookie", "date", "vary", "x-cache", "cache-control"}


def make_entry(response) -> Entry:
    content = response.content
    if not response.has_header("ETag"):
        digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
    created = time.time()
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(created)
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in SKIPPED_HEADERS
    ]
    return Entry(
        status=response.status_code,
        headers=headers,
        content=content,
        created=created,
    )


@dataclass
class NotShared:
    """Kept under a page's key when its answer could not be shared (the contact
    page, search results, a password form): later requests for it render at once
    instead of waiting for a copy that never comes (Varnish's hit-for-miss)."""

    created: float


def fetch(key: str) -> Entry | NotShared | None:
    entry = version.cache_get(key)
    return entry if isinstance(entry, (Entry, NotShared)) else None


def store(key: str, entry: Entry | NotShared) -> None:
    version.cache_set(key, entry, timeout())


# After a publish every page is missing at once, and each visitor would render
# the page they asked for, though several ask for the same one: the site then
# renders each page many times over, just when it has the most to do. So one
# request claims the rendering of a missing page, and others asking for it wait
# for its copy. A claim expires on its own after about one render: its request may
# never finish, or lose Redis midway (a timeout on a busy machine opens its
# worker's circuit breaker), and then neither its copy nor the release of its
# claim arrives, while every worker of every node that asks for the page waits.
# Seen with `make two-nodes`: 30 s claims held the other node 5 s after a publish.
# A render slower than this is done twice, as if there were no claim.
RENDER_CLAIM_SECONDS = 1.0
RENDER_WAIT_SECONDS = RENDER_CLAIM_SECONDS
RENDER_POLL_SECONDS = 0.01


def _claim_key(key: str) -> str:
    return f"{key}:rendering"


def claim(key: str) -> bool:
    """Should this request render the missing page (is no other at it)?"""
    try:
        claimed = version.get_cache().add(_claim_key(key), 1, RENDER_CLAIM_SECONDS)
    except Exception:  # noqa: BLE001 - a cache that fails leaves it to us
        return True
    return claimed is not False  # None: django-redis ignored a failure


def release(key: str) -> None:
    try:
        version.get_cache().delete(_claim_key(key))
    except Exception:  # the claim expires on its own
        logger.warning("Could not release the claim on %s", key, exc_info=True)


def wait_for(key: str) -> Entry | None:
    """The copy of the page that another request is rendering; None when that
    request ends without one (a page not to share) or takes too long."""
    claim_key = _claim_key(key)
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(RENDER_POLL_SECONDS)
        try:
            found = version.get_cache().get_many([key, claim_key])
        except Exception:  # noqa: BLE001 - see version.cache_get()
            return None
        if isinstance(found.get(key), Entry):
            return found[key]
        if claim_key not in found or isinstance(found.get(key), NotShared):
            return None
    # Stuck, it seems: the next requests need not wait for it too.
    release(key)
    return None
