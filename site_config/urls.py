import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from consultations import views as consultation_views
from editorial import views as editorial_views
from home import sitemaps
from home import views as home_views
from search import views as search_views
from serving import health, media
from serving import views as serving_views

# Admin and documents stay unprefixed; everything a visitor reads is under /en/ or
# /zh-hans/. i18n_patterns sends `/` to the language the browser asks for.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap_section,
        name="sitemap_section",
    ),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    # A person's editorial calendar for their calendar app: the token is the key
    # (no session), so it lives outside the admin; never cached (editorial/views.py).
    path("calendar/<str:token>.ics", editorial_views.feed, name="editorial_feed"),
    # Never cached: the load balancer's check.
    path("healthz", health.healthz, name="healthz"),
    # Never cached, no cookie: clicks on the contact links (consultations/).
    path(
        "counts/consultation/",
        consultation_views.count_click,
        name="consultation_count",
    ),
]

# A database outage answers a plain 503 page (serving/health.py), not a 500.
handler500 = "serving.health.server_error"
handler404 = "home.views.page_not_found"

if settings.SERVE_MEDIA:
    # Media on local disk (the default) is served by Django itself; with object
    # storage (or a web server in front), SERVE_MEDIA=false turns this off. Never
    # the documents' folder: documents go through /documents/ and its restriction
    # check (serving/media.py).
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            media.serve_media,
        )
    ]

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("no-translation/", home_views.no_translation, name="no_translation"),
    # Wagtail's own page URLs (the forms for private pages), except that pages are
    # served by serving/views.py: Wagtail's view, starting from the memo.
    *[url for url in wagtail_urls.urlpatterns if url.name != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, serving_views.serve, name="wagtail_serve"),
)
