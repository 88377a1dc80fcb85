"""The site shell's template tags: menu, language switcher, site-wide text."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Page, Site

from home.models import SiteText

register = template.Library()


def _request_cache(request, name, compute):
    """Compute once per request: the header and footer ask for the same things."""
    cache = request.__dict__.setdefault("_site_tags_cache", {})
    if name not in cache:
        cache[name] = compute()
    return cache[name]


def _home_page(request) -> Page | None:
    """The site's home page in the active language (the default one if untranslated)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


@register.simple_tag(takes_context=True)
def site_text(context) -> SiteText | None:
    return _request_cache(context["request"], "site_text", SiteText.for_active_locale)


@register.simple_tag(takes_context=True)
def home_page(context) -> Page | None:
    request = context["request"]
    return _request_cache(request, "home_page", lambda: _home_page(request))


@register.simple_tag(takes_context=True)
def menu_pages(context) -> list[Page]:
    """The home page's live children marked "show in menus", in tree order."""
    request = context["request"]

    def compute():
        home = _home_page(request)
        if home is None:
            return []
        return list(home.get_children().live().public().in_menu().specific())

    return _request_cache(request, "menu_pages", compute)


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    is_translation: bool  # False when it falls back to that language's home page


def _translations_by_language(page: Page) -> dict[str, Page]:
    pages = page.get_translations(inclusive=True).live().public().select_related("locale")
    return {p.locale.language_code: p for p in pages}


def _suffix_within(page: Page, request) -> str:
    """The part of the path below the page, e.g. `category/stem-cells/` on a route."""
    page_path = page.get_url(request) or ""
    if page_path and request.path.startswith(page_path):
        return request.path[len(page_path) :]
    return ""


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per language: the same page in it, else that language's home page.

    Pages not yet translated into a language are absent from it (no English
    served as Chinese), so the switcher falls back to that language's home page,
    never to a 404. Views that are not pages (search) keep their path.
    """
    request = context["request"]

    def compute():
        current = get_language()
        page = context.get("page")
        links = []
        if isinstance(page, Page):
            translations = _translations_by_language(page)
            suffix = _suffix_within(page, request)
            site = Site.find_for_request(request)
            homes = _translations_by_language(site.root_page) if site else {}
            for code, name in settings.LANGUAGES:
                if code in translations:
                    url = translations[code].get_url(request) + suffix
                    is_translation = True
                elif code in homes:
                    url = homes[code].get_url(request)
                    is_translation = False
                else:
                    url = f"/{code}/"
                    is_translation = False
                links.append(LanguageLink(code, name, url, code == current, is_translation))
        else:
            for code, name in settings.LANGUAGES:
                url = translate_url(request.get_full_path(), code)
                links.append(LanguageLink(code, name, url, code == current, True))
        return links

    return _request_cache(request, "language_links", compute)


@register.simple_tag(takes_context=True)
def alternate_links(context) -> list[LanguageLink]:
    """hreflang alternates: only real translations, plus x-default (the source)."""
    request = context["request"]
    links = [
        LanguageLink(link.code, link.name, request.build_absolute_uri(link.url), False, True)
        for link in language_links(context)
        if link.is_translation
    ]
    default = next((link for link in links if link.code == settings.LANGUAGE_CODE), None)
    if default:
        links.append(LanguageLink("x-default", default.name, default.url, False, True))
    return links
