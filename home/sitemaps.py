"""/sitemap.xml over every language tree, each URL with its hreflang alternates.

Wagtail's own sitemap covers only the current site root's tree (English); ours
walks the root's translations too and links each page to its live translations.
Past `SITEMAP_URLS_PER_FILE` URLs (5,000 by default; search engines take up to
50,000), /sitemap.xml becomes a sitemap index of numbered files.
"""

import re
from collections import defaultdict

from django.conf import settings
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils.timezone import localdate

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.models import Page, Site

from serving.cache.lookups import language_codes

SECTION = "pages"
TEMPLATE = "home/sitemap.xml"

# What `_urls` reads of each page (a column used but left out costs a query per
# page: tests/test_seo.py counts them).
SITEMAP_FIELDS = (
    "path", "depth", "url_path", "locale", "translation_key",
    "last_published_at", "latest_revision_created_at",
)  # fmt: skip

# A path that URL reversing leaves as it is (no percent-encoding).
PLAIN_PATH = re.compile(r"[A-Za-z0-9_/-]*")


def sitemap_xml(request):
    """The sitemap itself while it fits one file, else the index of its files."""
    sitemaps = {SECTION: TranslatedSitemap(request)}
    if sitemaps[SECTION].paginator.num_pages > 1:
        return sitemap_views.index(
            request, sitemaps, sitemap_url_name="sitemap_section"
        )
    return sitemap_views.sitemap(request, sitemaps, template_name=TEMPLATE)


def sitemap_section(request, section):
    """One numbered file of a sitemap too long for one (`?p=2`)."""
    return sitemap_views.sitemap(
        request,
        {SECTION: TranslatedSitemap(request)},
        section=section,
        template_name=TEMPLATE,
    )


class TranslatedSitemap(Sitemap):
    @property
    def limit(self) -> int:
        return settings.SITEMAP_URLS_PER_FILE

    def roots(self) -> list[Page]:
        """The site's root page in each language it is live in."""
        if not hasattr(self, "_roots"):
            site = self.get_wagtail_site()
            self._roots = list(site.root_page.get_translations(inclusive=True).live())
        return self._roots

    def items(self):
        queryset = Page.objects.none()
        for root in self.roots():
            queryset |= Page.objects.descendant_of(root, inclusive=True)
        # Plain Page rows, and of them only what a URL, its alternates and a date
        # need: `.specific()` cost a query per page type and a join per row (~40 %
        # of a file of 5,000 URLs), and Page's other columns a third of the rest.
        return queryset.live().public().order_by("path").only(*SITEMAP_FIELDS)

    def get_latest_lastmod(self):
        """The index's date: one aggregate. Django's own calls `lastmod()` on every
        page of the site (1.7 s at 20,000 pages)."""
        return self.items().aggregate(
            latest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
        )["latest"]

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        locations = self.full_urls(items)
        codes = language_codes()
        # Alternates may sit in another file: those are fetched, for this file's
        # pages only.
        keys = {item.translation_key for item in items}
        elsewhere = (
            self.items().filter(translation_key__in=keys).exclude(pk__in=locations)
        )
        elsewhere = list(elsewhere)
        translations = defaultdict(list)
        for item in sorted([*items, *elsewhere], key=lambda page: page.path):
            translations[item.translation_key].append(item)
        every_location = {**locations, **self.full_urls(elsewhere)}

        urls = []
        for item in items:
            versions = translations[item.translation_key]
            alternates = [
                {
                    "lang_code": codes[version.locale_id],
                    "location": every_location[version.pk],
                }
                for version in versions
            ]
            source = next(
                (a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE),
                None,
            )
            if len(alternates) > 1 and source:
                alternates.append(
                    {"lang_code": "x-default", "location": source["location"]}
                )
            lastmod = item.last_published_at or item.latest_revision_created_at
            urls.append(
                {
                    "item": item,
                    "location": locations[item.pk],
                    "lastmod": lastmod,
                    # As Django's template writes it (`date:"Y-m-d"`: the day in
                    # the site's time zone), once per URL, not through a filter.
                    "lastmod_day": localdate(lastmod).isoformat() if lastmod else "",
                    "alternates": alternates if len(alternates) > 1 else [],
                }
            )
        lastmods = [url["lastmod"] for url in urls if url["lastmod"]]
        if lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

    def full_urls(self, pages) -> dict[int, str]:
        """Each page's get_full_url(), by page id.

        Wagtail's costs ~0.1 ms a page (its site root paths, a language override,
        a reverse): half the time of a file of 5,000 URLs with their alternates.
        A page below a language's root has that root's URL followed by the rest of
        its url_path, as reversing it gives, when that rest needs no escaping:
        so each root is asked once, and any other page (a Unicode slug, a
        trailing-slash setting that differs, another site's root inside this
        one) is asked of Wagtail as before."""
        site = self.get_wagtail_site()
        other_sites = [
            root.root_path
            for root in Site.get_site_root_paths()
            if root.site_id != site.pk
        ]
        roots = [
            (root.url_path, root.get_full_url(self.request)) for root in self.roots()
        ]
        append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)
        urls = {}
        for page in pages:
            path = page.url_path
            root_path, root_url = next(
                (root for root in roots if path.startswith(root[0])), ("", None)
            )
            rest = path[len(root_path) :]
            if (
                root_url
                and append_slash
                and PLAIN_PATH.fullmatch(rest)
                and not any(path.startswith(other) for other in other_sites)
            ):
                urls[page.pk] = root_url + rest
            else:
                urls[page.pk] = page.get_full_url(self.request)
        return urls
