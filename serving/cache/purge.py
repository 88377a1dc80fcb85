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
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from wagtail.models import Page, Site

logger = logging.getLogger(__name__)


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
