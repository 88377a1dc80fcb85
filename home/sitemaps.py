"""/sitemap.xml over every language tree, each URL with its hreflang alternates.

Wagtail's own sitemap covers only the current site root's tree (English); ours
walks the root's translations too and links each page to its live translations.
"""

from collections import defaultdict

from django.conf import settings

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class TranslatedSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True).live()
        queryset = Page.objects.none()
        for root in roots:
            queryset |= Page.objects.descendant_of(root, inclusive=True)
        return (
            queryset.live()
            .public()
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        locations = {item.pk: item.get_full_url(self.request) for item in items}
        translations = defaultdict(list)
        for item in self.items():  # alternates may sit on another sitemap page
            translations[item.translation_key].append(item)

        urls = []
        for item in items:
            versions = translations[item.translation_key]
            alternates = [
                {
                    "lang_code": version.locale.language_code,
                    "location": locations.get(version.pk)
                    or version.get_full_url(self.request),
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
            urls.append(
                {
                    "item": item,
                    "location": locations[item.pk],
                    "lastmod": item.last_published_at
                    or item.latest_revision_created_at,
                    "alternates": alternates if len(alternates) > 1 else [],
                }
            )
        lastmods = [url["lastmod"] for url in urls if url["lastmod"]]
        if lastmods:
            self.latest_lastmod = max(lastmods)
        return urls
