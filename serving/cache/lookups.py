"""Look-ups that every page makes, answered from the content-version memo.

Locales, site settings and page view restrictions change only when an editor
saves them, and each save starts a new content version (serving/cache/signals.py),
so they are read from the database once per version instead of several times
per request. Only public APIs: the request's Site is Wagtail's
`Site.find_for_request()`, settings come from `BaseSiteSetting.for_site()`, and
templates and tags ask `site_settings()` for them (nothing is put on the request).
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, PageViewRestriction, Site

from serving.cache.memo import memoize


def locales() -> dict[str, Locale]:
    """language code -> Locale."""
    return memoize(
        "locales",
        compute=lambda: {loc.language_code: loc for loc in Locale.objects.all()},
        in_process=True,
    )


def language_codes() -> dict[int, str]:
    """locale pk -> language code (the other way round of `locales()`)."""
    return {locale.pk: code for code, locale in locales().items()}


def active_locale() -> Locale:
    """`Locale.get_active()` without a query."""
    by_code = locales()
    try:
        code = get_supported_content_language_variant(get_language())
    except LookupError:
        code = settings.LANGUAGE_CODE
    locale = by_code.get(code) or by_code.get(settings.LANGUAGE_CODE)
    return locale if locale is not None else Locale.get_active()


def locale_of(obj) -> Locale:
    """`obj.locale` (a page's, a snippet's) without a query."""
    by_pk = {locale.pk: locale for locale in locales().values()}
    return by_pk.get(obj.locale_id) or obj.locale


def localized_url(page) -> str:
    """The URL of `page` in the active language: its live translation's, else its
    own (as `page.localized.url`), once per content version and language. For the
    pages that blocks and settings link to."""
    if page is None:
        return ""
    return memoize(
        "localized-url",
        page.pk,
        active_locale().pk,
        compute=lambda: page.localized.url or "",
    )


def view_restrictions() -> list[PageViewRestriction]:
    """Every page view restriction, with its page (paths and depths)."""
    return memoize(
        "view-restrictions",
        compute=lambda: list(
            PageViewRestriction.objects.select_related("page").prefetch_related(
                "groups"
            )
        ),
        in_process=True,
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


S = TypeVar("S", bound=BaseSiteSetting)


def _load_site_settings(model: type[S], site: Site) -> S:
    # Not `model.for_site()`: it creates the row when there is none, and rendering
    # a page never writes (a read-only database still serves pages). Unsaved, the
    # defaults stand in until someone saves the settings.
    instance = model.objects.filter(site=site).first() or model(site=site)
    # Follow the foreign keys now (logo, consultation page), so that using them
    # costs nothing later (they are kept with the settings).
    for field in model._meta.concrete_fields:
        if field.is_relation and field.name != "site":
            getattr(instance, field.name)
    return instance


def site_settings(model: type[S], request) -> S | None:
    """`model.for_request(request)`, read once per content version and site (the
    tags `clinic_settings`, `consultation_page` and the JSON-LD tags use it)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    return memoize(
        "site-settings",
        model._meta.label_lower,
        site.pk,
        compute=lambda: _load_site_settings(model, site),
        in_process=True,
    )


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
        in_process=True,
    )
