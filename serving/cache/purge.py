"""Purging the HTTP cache in front (Varnish) through wagtail.contrib.frontend_cache.

Affected by a change to a page: the page itself, its ancestors below the root
(the home page shows the latest articles, the index lists them) and what the
page names in `get_dependent_urls()` (an article: its category and tag
listings). Wagtail's purge task sends each URL once per language
(`WAGTAILFRONTENDCACHE_LANGUAGES`), so `/en/…` and `/zh-hans/…` both go.

Other pages that show the change in passing (another article's sidebar counts)
are refreshed by the HTTP cache's short max-age; Django's own page cache is
already fresh for them (content version).

Purges are sent after the transaction commits: sent earlier, a request arriving
in between would put the old page back in the cache. Without
`WAGTAILFRONTENDCACHE` in the settings this does nothing.

They are sent by `BoundedHTTPBackend`: Wagtail's HTTP backend waits for an
answer without end (urllib's default), so a Varnish that accepts connections but
never answers (stopped, overloaded) would hold the editor's publish until
gunicorn kills the worker. Each PURGE here waits FRONTEND_CACHE_TIMEOUT seconds at
most, and a batch is given up at the first cache that does not answer: the
pages it still holds expire with their max-age (HTTP_CACHE_MAX_AGE).
"""

from __future__ import annotations

import logging
from urllib.error import HTTPError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.db import transaction

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.models import Page, Site

logger = logging.getLogger(__name__)


def timeout() -> float:
    return getattr(settings, "FRONTEND_CACHE_TIMEOUT", 2.0)


class BoundedHTTPBackend(HTTPBackend):
    """Wagtail's HTTP purge backend (one PURGE per URL, sent to LOCATION with the
    page's host), each request waiting `timeout()` at most."""

    def purge(self, url: str) -> None:
        self._send(url)

    def purge_batch(self, urls) -> None:
        urls = list(urls)
        for n, url in enumerate(urls):
            if not self._send(url):
                if len(urls) > n + 1:
                    logger.error(
                        "Gave up purging %d more URLs from %s: it did not answer",
                        len(urls) - n - 1,
                        self.cache_netloc,
                    )
                return

    def _send(self, url: str) -> bool:
        """PURGE `url`; False when the cache did not answer (unreachable, or no
        answer within the timeout), True when it did (even with an error)."""
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(
            url=urlunsplit(
                [self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""]
            ),
            headers={
                "Host": host,
                "User-Agent": f"Wagtail-frontendcache/{wagtail_version}",
            },
        )
        try:
            with urlopen(request, timeout=timeout()):  # noqa: S310 (LOCATION's scheme)
                return True
        except HTTPError as error:
            logger.error("Could not purge %s: %d %s", url, error.code, error.reason)
            return True
        except OSError as error:  # URLError, a timeout, a reset connection
            logger.error(
                "Could not purge %s from %s: %s", url, self.cache_netloc, error
            )
            return False


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _full_url(page: Page, url_path: str | None = None) -> str | None:
    if url_path is None:
        return page.get_full_url()
    # A URL the page had before a move: the same site root, the old path.
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return root.root_url + "/" + url_path[len(root.root_path) :]
    return None


def affected_urls(page: Page, include_self: bool = True) -> list[str]:
    page = page.specific_deferred if type(page) is Page else page
    urls = []
    if include_self:
        urls.append(page.get_full_url())
        dependent = getattr(page, "get_dependent_urls", None)
        if dependent is not None:
            urls.extend(dependent())
    for ancestor in page.get_ancestors().filter(depth__gte=2):
        urls.append(ancestor.get_full_url())
    return [url for url in dict.fromkeys(urls) if url]


def send(urls: list[str]) -> None:
    """Purge `urls` once the current transaction (if any) has committed."""
    if not urls or not enabled():
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    def _purge():
        try:
            purge_urls_from_cache(urls)
        except Exception:  # a cache that cannot be purged must not fail a publish
            logger.exception("Could not purge %d URLs from the HTTP cache", len(urls))

    transaction.on_commit(_purge)


def page_changed(page: Page, include_self: bool = True) -> None:
    if enabled():
        send(affected_urls(page, include_self=include_self))


def page_moved(page: Page, url_path_before: str | None) -> None:
    if not enabled():
        return
    urls = affected_urls(page)
    if url_path_before:
        urls.append(_full_url(page, url_path_before))
        old_parent_path = url_path_before.rstrip("/").rsplit("/", 1)[0] + "/"
        urls.append(_full_url(page, old_parent_path))
    send([url for url in dict.fromkeys(urls) if url])
