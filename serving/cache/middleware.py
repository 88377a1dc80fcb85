"""The page cache and the HTTP caching headers, in one middleware.

Placed right after WhiteNoise and before sessions, CSRF, locale and auth (see
settings), so a hit costs a content-version read and one cache get, and none
of the middlewares below it run. What is stored, and under which key:
page_cache.py. While one request renders a missing page,
others asking for it wait for its copy (page_cache.claim), unless that page is
known not to be shared (page_cache.NotShared: the contact page, search results).

Headers, the same for hits and misses:
* shareable responses (anonymous GET of a public page, no cookie set):
  `Cache-Control: public, max-age=…, stale-while-revalidate=…`, no `Vary: Cookie`
  (logged-in visitors carry a session cookie, which makes them not shareable and
  which our Varnish configuration passes), an `ETag` and a `Last-Modified`;
  Django's ConditionalGetMiddleware, above this one, answers 304 from them;
* everything else without a Cache-Control of its own: `private, no-store`.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from serving.cache import page_cache, version

logger = logging.getLogger(__name__)


def max_age() -> int:
    return getattr(settings, "HTTP_CACHE_MAX_AGE", 60)


def stale_while_revalidate() -> int:
    return getattr(settings, "HTTP_CACHE_STALE_WHILE_REVALIDATE", 60)


def _remove_vary_cookie(response) -> None:
    if not response.has_header("Vary"):
        return
    kept = [
        v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "cookie"
    ]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


def _is_media(request) -> bool:
    media_url = getattr(settings, "MEDIA_URL", "") or ""
    return bool(media_url.startswith("/") and request.path_info.startswith(media_url))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Wagtail renders previews through the middleware with a dummy request:
        # a draft must neither come from nor go into any cache.
        preview = getattr(request, "is_dummy", False)
        with version.request_scope(bypass_memo=preview):
            response = self._respond(request)
        return response

    def _respond(self, request):
        shareable = page_cache.is_shareable_request(request)
        key = None
        claimed = False
        if shareable and page_cache.enabled():
            token = version.get()
            if token is not None:
                key = page_cache.cache_key(request, token)
                entry = page_cache.fetch(key)
                # A query string with parameters no page reads (utm_*, junk) is
                # answered from the entry without them, never stored under a key.
                canonical_only = page_cache.has_other_parameters(request)
                if entry is None and request.method == "GET" and not canonical_only:
                    claimed = page_cache.claim(key)
                    if not claimed:  # another request is rendering this page
                        entry = page_cache.wait_for(key)
                if isinstance(entry, page_cache.Entry):
                    response = entry.to_response()
                    response["X-Cache"] = "HIT"
                    return self._public(response, last_modified=entry.created)
                if canonical_only:
                    key = None
        try:
            return self._render(request, shareable, key)
        finally:
            if claimed:
                page_cache.release(key)

    def _render(self, request, shareable: bool, key: str | None):
        response = self.get_response(request)
        store = key is not None and request.method == "GET"

        if not (shareable and page_cache.is_shareable_response(request, response)):
            # A note that saves waiting for a copy that never comes: for the page
            # itself, not for each query a visitor makes up (search terms).
            if store and not request.META.get("QUERY_STRING"):
                page_cache.store(key, page_cache.NotShared(time.time()))
            return self._private(request, response, shareable)
        if store and not response.streaming and page_cache.is_stored(response):
            entry = page_cache.make_entry(response)
            page_cache.store(key, entry)
            response["X-Cache"] = "MISS"
            return self._public(response, last_modified=entry.created)
        return self._public(response)

    def _public(self, response, last_modified: float | None = None):
        _remove_vary_cookie(response)
        if not response.has_header("Cache-Control"):
            if response.streaming and response.status_code == 200:
                # Files (media renditions): their names change when they do.
                patch_cache_control(response, public=True, max_age=24 * 60 * 60)
            else:
                patch_cache_control(
                    response,
                    public=True,
                    max_age=max_age(),
                    stale_while_revalidate=stale_while_revalidate(),
                )
        if not response.has_header("Last-Modified"):
            # The moment this copy was made (for a cached copy: when it was stored).
            response["Last-Modified"] = http_date(last_modified or time.time())
        return response

    def _private(self, request, response, shareable: bool):
        if shareable and response.streaming and _is_media(request):
            return self._public(response)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
