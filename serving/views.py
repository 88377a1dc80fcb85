"""The page view: Wagtail's `wagtail.views.serve`, starting from the memo.

Wagtail's view (`Page.route_for_request`) finds the request's Site, then its home
page in the active language (`site.root_page.localized.specific`): the Locale,
the translation and the specific page, three queries on every page request
before routing starts. Here the home page of each site and language is kept in
the memo (serving/cache/memo.py: once per content version, as every publish,
move or new translation starts a new one), and the rest is Wagtail's, in
Wagtail's order: `route()` from that page, then the `on_serve_page` and
`before_serve_page` hooks (view restrictions, password pages) and `serve()`.

site_config/urls.py routes pages here under Wagtail's own URL name
(`wagtail_serve`), so `pageurl` and `Page.url` build the same URLs.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse

from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.views import serve_chain

from serving.cache.lookups import active_locale
from serving.cache.memo import memoize


def language_root(site: Site) -> Page:
    """`site.root_page.localized.specific`: the site's home page in the active
    language (its own when that translation is not live)."""
    return memoize(
        "language-root",
        site.pk,
        active_locale().pk,
        compute=lambda: site.root_page.localized.specific,
    )


def serve(request, path):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [component for component in path.split("/") if component]
    page, args, kwargs = language_root(site).route(request, components)

    on_serve_chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        on_serve_chain = fn(on_serve_chain)

    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result

    return on_serve_chain(page, request, args, kwargs)
