"""Look-ups that every page makes, answered from the content-version memo.

Locales, the request's Site (with its specific root page), site settings and
page view restrictions change only when an editor saves them, and each save
starts a new content version (serving/cache/signals.py), so they are read from the
database once per version instead of several times per request.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, PageViewRestriction, Site

from serving.cache.memo import memoize


def locales() -> dict[str, Locale]:
    """language code -> Locale."""
    return memoize(
        "locales",
        compute=lambda: {loc.language_code: loc for loc in Locale.objects.all()},
    )


def active_locale() -> Locale:
    """`Locale.get_active()` without a query."""
    by_code = locales()
    try:
        code = get_supported_content_language_variant(get_language())
    except LookupError:
        code = settings.LANGUAGE_CODE
    locale = by_code.get(code) or by_code.get(settings.LANGUAGE_CODE)
    return locale if locale is not None else Locale.get_active()


def view_restrictions() -> list[PageViewRestriction]:
    """Every page view restriction, with its page (paths and depths)."""
    return memoize(
        "view-restrictions",
        compute=lambda: list(
            PageViewRestriction.objects.select_related("page").prefetch_related(
                "groups"
            )
        ),
    )


def public_q() -> Q:
    """Wagtail's `.public()` filter without its query: excludes restricted subtrees."""
    q = Q()
    for restriction in view_restrictions():
        page = restriction.page
        q &= ~(Q(path__startswith=page.path) & Q(depth__gte=page.depth))
    return q


def restrictions_for(page) -> list[PageViewRestriction]:
    """The restrictions on `page` and its ancestors (not for aliases: see caller)."""
    return [r for r in view_restrictions() if page.path.startswith(r.page.path)]


def _load_site(request) -> Site | None:
    site = Site._find_for_request(request)
    if site is not None:
        # The specific root page travels with the site: routing starts from it.
        site.root_page = site.root_page.specific
    return site


def site_for_request(request) -> Site | None:
    """`Site.find_for_request()` from the memo (host and port pick the site)."""
    host = request.get_host()
    return memoize("site", host, compute=lambda: _load_site(request))


def _load_site_settings(site: Site) -> dict:
    loaded = {}
    for model in settings_registry:
        if not issubclass(model, BaseSiteSetting):
            continue
        instance = model.for_site(site)
        # Follow the foreign keys now (logo, consultation page) so that using them
        # costs nothing later.
        for field in model._meta.concrete_fields:
            if field.is_relation and field.name != "site":
                getattr(instance, field.name)
        loaded[model.get_cache_attr_name()] = instance
    return loaded


def prime_request(request) -> None:
    """Give Wagtail the request's Site and site settings without a query."""
    site = site_for_request(request)
    if site is None:
        return
    request._wagtail_site = site
    for attr_name, instance in memoize(
        "site-settings", site.pk, compute=lambda: _load_site_settings(site)
    ).items():
        instance._request = request  # as for_request() does, for page URLs
        setattr(request, attr_name, instance)


def translations_in(model, locale: Locale) -> dict:
    """translation_key -> object, for every `model` object in `locale` (snippets:
    categories, tags, people are few, and this is read once per version)."""
    return memoize(
        "translations",
        model._meta.label_lower,
        locale.pk,
        compute=lambda: {
            obj.translation_key: obj for obj in model.objects.filter(locale=locale)
        },
    )
