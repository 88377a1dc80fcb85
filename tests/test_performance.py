"""Query budgets: every page type costs the same number of queries with 5 articles
as with 50, and stays within its budget (page cache off; warm, as in production:
site-wide fragments are memoised per content version, see serving/cache/memo.py).

PERF_ARTICLES=2000 runs the budgets with that many articles instead of 50: the
articles past 50 are made in bulk (tools/scratch_site.py), synthetic but published,
tagged and indexed like the others.
"""

import datetime
import os
import random

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage
from blog.queries import category_counts
from home.models import ClinicSettings, SiteText
from tests.bootstrap import create_contact_page, create_home_site
from tests.factories import (
    ArticlePageFactory,
    BlogIndexPageFactory,
    CategoryFactory,
    ImageFactory,
    LocaleFactory,
    PersonFactory,
    StandardPageFactory,
    TagFactory,
    TeamPageFactory,
)
from tests.i18n_utils import translate_fully
from tools import scratch_site

# Articles the budgets are checked with (at least 50).
MANY_ARTICLES = max(50, int(os.environ.get("PERF_ARTICLES", "50")))

BUDGETS = {
    "home": 15,
    "article": 12,
    "index": 12,
    "index-middle": 12,
    "category": 12,
    "tag": 12,
    "author": 12,
    "search": 12,
    "search-empty": 12,
    "standard": 12,
    "contact": 12,
    "404": 12,
}


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.MEMO_CACHE_ENABLED = True


class Site:
    """Content like the real site's: categories, tags, authors, images everywhere."""

    def __init__(self, home, blog_index, contact_page):
        self.home, self.blog_index, self.contact_page = home, blog_index, contact_page
        self.image = ImageFactory()
        self.categories = [CategoryFactory(sort_order=n) for n in range(4)]
        self.tags = [TagFactory() for _ in range(6)]
        self.author = PersonFactory(name="Dr Tan", slug="dr-tan", photo=self.image)
        self.standard = StandardPageFactory(
            parent=home, title="About", slug="about", image=self.image
        )
        TeamPageFactory(parent=home)
        self.furnish_home()
        settings = ClinicSettings.for_site(home.get_site())
        settings.logo = self.image
        settings.phone = "+65 6123 4567"
        settings.consultation_page = contact_page
        settings.privacy_page = self.standard
        settings.save()
        self.count = 0

    def furnish_home(self) -> None:
        """As the demo's: service cards, doctors and a call to action, each linking
        a page that is shown in the visitor's language."""
        card = {"text": "", "image": self.image, "page": self.standard}
        doctors = [PersonFactory(photo=ImageFactory()) for _ in range(3)]
        self.home.hero_image = self.image
        self.home.services = [
            ("service", {**card, "heading": f"Service {n}"}) for n in range(5)
        ]
        self.home.doctors = [("person", doctor) for doctor in (*doctors, self.author)]
        self.home.body = [
            (
                "call_to_action",
                {
                    "heading": "Talk to our doctors",
                    "text": "",
                    "button_label": "Book a consultation",
                    "page": self.contact_page,
                    "url": "",
                },
            )
        ]
        self.home.save_revision().publish()

    def add_articles(self, n: int) -> None:
        for _ in range(n):
            self.count += 1
            article = ArticlePageFactory(
                parent=self.blog_index,
                title=f"Stem cell article {self.count}",
                date=datetime.date(2025, 1, 1) + datetime.timedelta(days=self.count),
                category=self.categories[self.count % len(self.categories)],
                author=self.author,
                cover_image=self.image,
            )
            article.tags.set(
                [self.tags[self.count % 6], self.tags[(self.count + 1) % 6]]
            )
            article.save()

    def add_many_articles(self) -> None:
        """Up to MANY_ARTICLES: 45 more through the factories, the rest in bulk."""
        self.add_articles(45)
        if self.count < MANY_ARTICLES:
            scratch_site.add_articles(
                self.blog_index,
                MANY_ARTICLES - self.count,
                random.Random(1),  # noqa: S311 (synthetic text)
                self.categories,
                self.tags,
                author=self.author,
                cover_image=self.image,
            )
            self.count = MANY_ARTICLES
            cache.clear()  # bulk inserts publish nothing: as after a publish

    def urls(self) -> dict[str, str]:
        index = self.blog_index.url
        article = ArticlePage.objects.filter(title="Stem cell article 3").get()
        return {
            "home": self.home.url,
            "article": article.url,
            "index": index,
            # The middle of the listing: one page of ten from its summary, no OFFSET.
            "index-middle": f"{index}?page={max(1, self.count // 20)}",
            "category": f"{index}category/{self.categories[1].slug}/",
            "tag": f"{index}tag/{self.tags[2].slug}/",
            "author": f"{index}author/{self.author.slug}/",
            "search": "/en/search/?q=stem",
            "search-empty": "/en/search/",
            "standard": self.standard.url,
            "contact": self.contact_page.url,
            "404": "/en/no-such-page/",
        }


@pytest.fixture
def site(home, blog_index, contact_page):
    content = Site(home, blog_index, contact_page)
    content.add_articles(5)
    return content


def queries(client, url: str) -> int:
    client.get(url)  # warm: memoised fragments, renditions
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    return len(captured)


@pytest.fixture(scope="module")
def query_counts(django_db_setup, django_db_blocker):
    """Each page type's queries with 5 articles, then with MANY_ARTICLES: the site
    is built once for all page types (building 2,000 or 10,000 articles for each
    would take minutes), measured, then rolled back, so the other tests start
    from an empty database as usual."""
    with (
        django_db_blocker.unblock(),
        override_settings(PAGE_CACHE_ENABLED=False, MEMO_CACHE_ENABLED=True),
        translation.override(settings.LANGUAGE_CODE),
        transaction.atomic(),
    ):
        cache.clear()
        home = create_home_site(LocaleFactory(language_code="en"))
        blog_index = BlogIndexPageFactory(parent=home)
        site = Site(home, blog_index, create_contact_page(home))
        site.add_articles(5)
        client = Client()
        with_5 = {page: queries(client, url) for page, url in site.urls().items()}
        site.add_many_articles()
        with_many = {page: queries(client, url) for page, url in site.urls().items()}
        transaction.set_rollback(True)
    cache.clear()
    return with_5, with_many


# Marked as using the database, so that pytest-django runs these among the tests
# that roll back, before any that empty the tables (Wagtail's root page included).
@pytest.mark.django_db
@pytest.mark.parametrize("page", list(BUDGETS))
def test_query_count_is_within_budget_and_independent_of_article_count(
    query_counts, page
):
    with_5, with_many = (counts[page] for counts in query_counts)
    assert with_many <= BUDGETS[page], f"{page}: {with_many} queries"
    assert with_5 == with_many, (
        f"{page}: {with_5} queries with 5 articles, {with_many} with {MANY_ARTICLES}"
    )


def test_chinese_article_and_home_stay_within_budget(client, site, zh):
    translate_fully(SiteText.objects.get(locale__language_code="en"), zh)
    zh_home = translate_fully(site.home, zh)
    zh_index = translate_fully(site.blog_index, zh)
    article = ArticlePage.objects.get(title="Stem cell article 3")
    zh_article = translate_fully(article, zh)
    for page in (zh_home, zh_index, zh_article):
        assert page.url.startswith("/zh-hans/")
    assert queries(client, zh_article.url) <= BUDGETS["article"]
    assert queries(client, zh_home.url) <= BUDGETS["home"]
    site.add_articles(10)
    assert queries(client, zh_article.url) <= BUDGETS["article"]


def test_cold_pages_also_cost_the_same_whatever_the_number_of_articles(
    client, site, settings
):
    """Without the memo (first request after a publish): more queries, but still a
    fixed number: counts are one aggregate, renditions are prefetched."""
    settings.MEMO_CACHE_ENABLED = False
    urls = site.urls()
    before = {
        page: queries(client, urls[page]) for page in ("article", "index", "home")
    }
    site.add_articles(20)
    after = {page: queries(client, urls[page]) for page in ("article", "index", "home")}
    assert before == after


def test_sidebar_counts_come_from_one_aggregate_query(
    site, settings, django_assert_max_num_queries
):
    settings.MEMO_CACHE_ENABLED = False
    site.add_articles(10)
    locale = site.home.locale
    # View restrictions (what Wagtail's .public() reads), the counts, the names.
    with django_assert_max_num_queries(3):
        counts = category_counts(locale)
    assert sum(n for _category, n in counts) == 15


def test_listings_prefetch_renditions_instead_of_one_query_per_image(client, site):
    """Ten cards with ten different pictures, all caches cold: the renditions come
    in one prefetch query, not one query (or cache round trip) per image."""
    for article in ArticlePage.objects.all():
        article.cover_image = ImageFactory()
        article.save_revision().publish()
    site.add_articles(5)
    for article in ArticlePage.objects.filter(cover_image=site.image):
        article.cover_image = ImageFactory()
        article.save_revision().publish()
    url = site.urls()["index"]
    client.get(url)  # renditions made
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert (
        len(BeautifulSoup(response.content, "html.parser").select(".card picture"))
        == 10
    )
    rendition_queries = [q for q in captured if "wagtailimages_rendition" in q["sql"]]
    # The cards' prefetch, plus the logo and hero image of the page itself.
    assert len(rendition_queries) <= 3, [q["sql"][:160] for q in rendition_queries]


def test_memoised_routes_follow_renames_and_unpublishing(client, site):
    article = ArticlePage.objects.get(title="Stem cell article 3")
    old_url = article.url
    assert client.get(old_url).status_code == 200
    article.slug = "renamed-article"
    article.save_revision().publish()
    article = Page.objects.get(pk=article.pk).specific
    assert client.get(old_url).status_code == 404
    assert client.get(article.url).status_code == 200
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_pictures_have_dimensions_and_only_below_the_fold_ones_are_lazy(client, site):
    article = BeautifulSoup(client.get(site.urls()["article"]).content, "html.parser")
    cover = article.select_one(".article__cover picture img")
    assert cover["width"] and cover["height"]
    assert cover.get("loading") != "lazy" and cover.get("fetchpriority") == "high"
    sources = {
        source["type"] for source in article.select(".article__cover picture source")
    }
    assert sources == {"image/avif", "image/webp"}
    assert "srcset" in cover.attrs and "sizes" in cover.attrs
    cards = article.select(".related .card picture img")
    assert cards and all(
        img["loading"] == "lazy" and img["width"] and img["height"] for img in cards
    )
    home = BeautifulSoup(client.get(site.urls()["home"]).content, "html.parser")
    hero = home.select_one(".hero picture img")
    assert hero["width"] and hero.get("loading") != "lazy"


@pytest.mark.parametrize("page_type", ["", "blog.articlepage"])
def test_page_chooser_costs_no_query_per_row(client, site, admin_user, page_type):
    """Browsing Insights in the page chooser (and its search): the rows' status
    comes from one annotation and one prefetch (home/wagtail_hooks.py), so rows cost
    one or two queries each rather than three: what Wagtail's views read per row
    themselves remains."""
    client.force_login(admin_user)
    browse = reverse("wagtailadmin_choose_page_child", args=[site.blog_index.pk])
    search = reverse("wagtailadmin_choose_page_search")
    params = {"page_type": page_type} if page_type else {}

    def cost(url, extra=None):
        client.get(url, {**params, **(extra or {})})
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {**params, **(extra or {})})
        assert response.status_code == 200
        return len(captured)

    few = cost(browse), cost(search, {"q": "stem"})
    site.add_articles(20)
    many = cost(browse), cost(search, {"q": "stem"})
    # Per extra row: Wagtail's children count (browse), or its parent and language
    # (search: its `.specific()` drops the locale join), no more.
    assert many[0] - few[0] <= 20, (few, many)
    assert many[1] - few[1] <= 40, (few, many)
