"""Plain views of the site shell that are not pages."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page, Site

from home.models import ClinicSettings
from serving.cache.lookups import public_q

DEFAULT_ROBOTS_RULES = "User-agent: *\nDisallow: /admin/\nDisallow: /*/search/"


@require_GET
def robots_txt(request):
    """robots.txt: the default rules, the marketers' extra rules, and the sitemap."""
    site = Site.find_for_request(request)
    extra = ClinicSettings.for_site(site).robots_txt.strip() if site else ""
    lines = [DEFAULT_ROBOTS_RULES]
    if extra:
        lines.append(extra)
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse(
        "\n\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


def _live_public(pages):
    return pages.live().filter(public_q())


@require_GET
def no_translation(request):
    """Where the language switcher leads from a page that is not translated into
    the visitor's chosen language: says so, in that language, and offers the
    nearest section that is (the Insights for an article), the home page and the
    original.

    `?from=` is the untranslated page's id; anything else (a draft, a private page,
    junk) just gives the same page without the original.
    """
    locale = Locale.get_active()
    original = None
    page_id = request.GET.get("from", "")
    if page_id.isascii() and page_id.isdigit() and len(page_id) < 12:
        original = _live_public(Page.objects.filter(pk=int(page_id))).first()
    section = None
    if original is not None:
        ancestors = _live_public(original.get_ancestors().filter(depth__gte=3))
        keys = list(ancestors.values_list("translation_key", flat=True))
        translated = _live_public(
            Page.objects.filter(translation_key__in=keys, locale=locale)
        )
        section = translated.order_by("-depth").first()
    site = Site.find_for_request(request)
    home = site.root_page.get_translation_or_none(locale) if site else None
    return render(
        request,
        "home/no_translation.html",
        {"original": original, "section": section, "home": home},
    )


def page_not_found(request, exception):
    """The 404 page (handler404): no alternates, and a switcher to each home."""
    return render(request, "404.html", {"not_found": True}, status=404)
