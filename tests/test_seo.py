"""Feeds, sitemap, robots.txt, head tags, JSON-LD, reading aids, review, redirects."""

import datetime
import json

from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.rich_text import RichText

import feedparser
import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET

from blog import review
from blog.models import ArticlePage, InsightsSettings, MedicalDisclaimer
from home.models import ClinicSettings
from home.sitemaps import TranslatedSitemap
from tests.factories import (
    ArticlePageFactory,
    CategoryFactory,
    ImageFactory,
    PersonFactory,
    StandardPageFactory,
)
from tests.i18n_utils import translate_fully

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def json_ld(html) -> dict:
    """JSON-LD blocks of a page by @type (each must parse as JSON)."""
    blocks = [
        json.loads(s.string)
        for s in html.find_all("script", type="application/ld+json")
    ]
    return {block["@type"]: block for block in blocks}


def assert_no_empty_values(data):
    if isinstance(data, dict):
        for key, value in data.items():
            assert value not in (None, "", [], {}), key
            assert_no_empty_values(value)
    elif isinstance(data, list):
        for value in data:
            assert_no_empty_values(value)


FAQ_BODY = [
    ("heading", {"text": "How it works", "level": "h2", "anchor": "how-it-works"}),
    ("paragraph", RichText("<p>" + "Cartilage repair takes time. " * 100 + "</p>")),
    ("heading", {"text": "Aftercare", "level": "h3", "anchor": ""}),
    (
        "faq",
        {
            "heading": "FAQ",
            "items": [
                {
                    "question": "Does it hurt?",
                    "answer": RichText("<p>Only <b>briefly</b>.</p>"),
                },
                {"question": "How long?", "answer": RichText("<p>About an hour.</p>")},
            ],
        },
    ),
]


@pytest.fixture
def bilingual(home, blog_index, zh):
    """An English and a Chinese article (and English draft, private, untranslated)."""
    category = CategoryFactory(name="Chronic Diseases", slug="chronic-diseases")
    author = PersonFactory(name="Editorial Team", slug="editorial-team")
    reviewer = PersonFactory(name="Dr. Lim", slug="dr-lim", credentials="MBBS")
    article = ArticlePageFactory(
        parent=blog_index,
        title="Knee repair",
        slug="knee",
        category=category,
        author=author,
        reviewer=reviewer,
        last_reviewed=datetime.date(2025, 11, 3),
        body=FAQ_BODY,
        cover_image=ImageFactory(),
        date=datetime.date(2025, 10, 27),
        excerpt="How knees heal.",
    )
    MedicalDisclaimer.objects.create(
        locale=home.locale, text="<p>General information, not advice.</p>"
    )
    for obj in (
        home,
        blog_index,
        category,
        author,
        reviewer,
        MedicalDisclaimer.objects.get(),
        article,
    ):
        translate_fully(obj, zh)
    draft = ArticlePageFactory(
        parent=blog_index, title="Draft", slug="draft", live=False
    )
    private = ArticlePageFactory(parent=blog_index, title="Private", slug="private")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="x"
    )
    StandardPageFactory(parent=home, title="About", slug="about")
    return {
        "article": article,
        "zh_article": article.get_translation(zh),
        "draft": draft,
        "private": private,
    }


# --- Feeds ----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_feeds_per_language_parse_with_a_real_feed_reader(client, bilingual, suffix):
    english = feedparser.parse(client.get(f"/en/insights/{suffix}").content)
    chinese = feedparser.parse(client.get(f"/zh-hans/insights/{suffix}").content)
    assert not english.bozo and not chinese.bozo
    assert [e.link for e in english.entries] == ["http://testserver/en/insights/knee/"]
    assert [e.link for e in chinese.entries] == [
        "http://testserver/zh-hans/insights/knee/"
    ]
    entry = english.entries[0]
    assert entry.title == "Knee repair"
    assert entry.summary == "How knees heal."
    assert entry.author == "Editorial Team"
    assert [t.term for t in entry.tags] == ["Chronic Diseases"]
    assert entry.published_parsed[:3] == (2025, 10, 27)
    zh_entry = chinese.entries[0]
    assert "Editorial" not in zh_entry.author and zh_entry.tags[0].term == "译 译"


def test_category_feed_and_unknown_category(client, bilingual):
    parsed = feedparser.parse(
        client.get("/en/insights/category/chronic-diseases/feed/").content
    )
    assert [e.title for e in parsed.entries] == ["Knee repair"]
    assert client.get("/en/insights/category/no-such/feed/").status_code == 404


def test_feeds_are_advertised(client, bilingual):
    for url in ["/en/insights/", "/en/insights/knee/"]:
        links = soup(client.get(url)).find_all(
            "link", rel="alternate", type="application/rss+xml"
        )
        assert links and links[0]["href"] == "/en/insights/feed/"


# --- Sitemap and robots ---------------------------------------------------------------


def sitemap_urls(response) -> dict[str, dict[str, str]]:
    """Each <url>'s location and its hreflang alternates."""
    assert response.status_code == 200, response.status_code
    tree = ET.fromstring(response.content)
    return {
        url.find("s:loc", SITEMAP_NS).text: {
            link.get("hreflang"): link.get("href")
            for link in url.findall("x:link", SITEMAP_NS)
        }
        for url in tree.findall("s:url", SITEMAP_NS)
    }


def test_a_long_sitemap_becomes_an_index_of_files(
    client, bilingual, settings, django_assert_max_num_queries
):
    single = sitemap_urls(client.get("/sitemap.xml"))
    settings.SITEMAP_URLS_PER_FILE = 3

    index = ET.fromstring(client.get("/sitemap.xml").content)
    files = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert index.tag == f"{{{SITEMAP_NS['s']}}}sitemapindex"
    assert len(files) == -(-len(single) // 3) > 1
    assert files[0] == "http://testserver/sitemap-pages.xml"
    assert files[1] == "http://testserver/sitemap-pages.xml?p=2"

    split = {}
    for file in files:
        # a query per page type in the file and among its translations, never per page
        with django_assert_max_num_queries(16):
            part = sitemap_urls(client.get(file.removeprefix("http://testserver")))
        assert len(part) <= 3
        split.update(part)
    # the same URLs, each still naming its translation wherever that one is listed
    assert split == single
    assert client.get("/sitemap-pages.xml?p=99").status_code == 404
    assert client.get("/sitemap-other.xml").status_code == 404


def test_the_sitemap_index_dates_itself_without_reading_every_page(
    client, bilingual, settings, monkeypatch
):
    """Django's index calls the sitemap's lastmod() on every page of the site
    (seconds at 20,000 pages); ours asks the database for the newest date."""
    settings.SITEMAP_URLS_PER_FILE = 3
    newest = (  # NULLs last: PostgreSQL sorts them first in a descending order
        Page.objects.live()
        .public()
        .order_by(F("last_published_at").desc(nulls_last=True))
        .first()
    )
    calls = []
    monkeypatch.setattr(
        TranslatedSitemap, "lastmod", lambda self, page: calls.append(page)
    )
    index = ET.fromstring(client.get("/sitemap.xml").content)
    dates = {
        datetime.datetime.fromisoformat(m.text)
        for m in index.findall("s:sitemap/s:lastmod", SITEMAP_NS)
    }
    assert calls == []
    assert dates == {newest.last_published_at}


def test_sitemap_lists_both_trees_with_reciprocal_alternates(client, bilingual):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    urls = {
        url.find("s:loc", SITEMAP_NS).text: {
            link.get("hreflang"): link.get("href")
            for link in url.findall("x:link", SITEMAP_NS)
        }
        for url in tree.findall("s:url", SITEMAP_NS)
    }
    en, zh = (
        "http://testserver/en/insights/knee/",
        "http://testserver/zh-hans/insights/knee/",
    )
    assert urls[en] == {"en": en, "zh-hans": zh, "x-default": en}
    assert urls[zh] == urls[en]
    assert "http://testserver/zh-hans/" in urls
    assert (
        "http://testserver/en/about/" in urls
        and urls["http://testserver/en/about/"] == {}
    )
    assert "http://testserver/zh-hans/about/" not in urls
    assert not any("draft" in url or "private" in url for url in urls)
    lastmods = {
        url.find("s:loc", SITEMAP_NS).text: url.find("s:lastmod", SITEMAP_NS)
        for url in tree.findall("s:url", SITEMAP_NS)
    }
    assert (
        lastmods[zh] is not None
    )  # published through wagtail-localize: a last publish date


@pytest.mark.parametrize("per_file", [3, 5000])
def test_sitemap_urls_are_wagtails_own(
    client, bilingual, home, settings, monkeypatch, per_file
):
    """The sitemap builds most URLs from its roots' URLs (home/sitemaps.py): the
    index and every file, in one file or in files of three (alternates in other
    files), are byte for byte what asking Wagtail's get_full_url() of each page
    gives, a Unicode slug (that Wagtail escapes) included."""
    settings.SITEMAP_URLS_PER_FILE = per_file
    StandardPageFactory(parent=home, title="膝盖", slug="膝盖")
    paths = ["/sitemap.xml", *(f"/sitemap-pages.xml?p={n}" for n in range(1, 5))]
    ours = [client.get(path).content for path in paths]
    assert b"http://testserver/en/%E8%86%9D%E7%9B%96/" in b"".join(ours)
    monkeypatch.setattr(
        TranslatedSitemap,
        "full_urls",
        lambda self, pages: {
            page.pk: page.get_full_url(self.request) for page in pages
        },
    )
    assert [client.get(path).content for path in paths] == ours


def test_a_sitemap_file_reads_no_page_twice(client, bilingual, blog_index):
    """Pages are read with only the columns a URL, its alternates and a date need
    (home/sitemaps.py): a column used but left out would cost a query per page."""

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/sitemap.xml").status_code == 200
        return len(captured)

    before = queries()
    for n in range(5):
        ArticlePageFactory(parent=blog_index, slug=f"more-{n}")
    assert queries() == before


def test_sitemap_dates_are_the_sites_days(client, bilingual):
    """A page last published at 20:00 UTC on 1 March was published on 2 March in
    Singapore (TIME_ZONE), as Django's own sitemap template dates it."""
    evening = datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)
    Page.objects.filter(slug="knee").update(last_published_at=evening)
    tree = ET.fromstring(client.get("/sitemap.xml").content)
    days = {
        url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for url in tree.findall("s:url", SITEMAP_NS)
    }
    assert days["http://testserver/en/insights/knee/"] == "2026-03-02"


def test_robots_txt(client, home):
    settings = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    settings.robots_txt = "User-agent: BadBot\nDisallow: /"
    settings.save()
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert "User-agent: BadBot" in text
    assert text.strip().endswith("Sitemap: http://testserver/sitemap.xml")


# --- Head tags ------------------------------------------------------------------------


def test_article_head_tags(client, bilingual):
    head = soup(client.get("/en/insights/knee/")).find("head")
    assert head.find("title").text == "Knee repair | Leaven Biotechnology"
    assert (
        head.find("meta", attrs={"name": "description"})["content"] == "How knees heal."
    )
    assert (
        head.find("link", rel="canonical")["href"]
        == "http://testserver/en/insights/knee/"
    )
    og = {m["property"]: m["content"] for m in head.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:locale"] == "en_US" and og["og:locale:alternate"] == "zh_CN"
    assert og["og:image"].startswith("http://testserver/media/images/")
    assert (
        head.find("meta", attrs={"name": "twitter:card"})["content"]
        == "summary_large_image"
    )


def test_seo_title_and_description_win(client, bilingual):
    article = bilingual["article"]
    article.seo_title = "Knee cartilage repair explained"
    article.search_description = "Written for patients."
    article.save_revision().publish()
    head = soup(client.get("/en/insights/knee/")).find("head")
    assert (
        head.find("title").text
        == "Knee cartilage repair explained | Leaven Biotechnology"
    )
    assert (
        head.find("meta", attrs={"name": "description"})["content"]
        == "Written for patients."
    )


def test_page_without_image_or_excerpt_has_valid_tags(client, blog_index):
    ArticlePageFactory(parent=blog_index, slug="bare", excerpt="", body=[])
    html = soup(client.get("/en/insights/bare/"))
    assert html.find("meta", attrs={"name": "description"}) is None
    assert html.find("meta", property="og:image") is None
    for block in json_ld(html).values():
        assert_no_empty_values(block)
    assert "FAQPage" not in json_ld(html)
    assert "MedicalWebPage" not in json_ld(html)


# --- JSON-LD --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_article_json_ld(client, bilingual, lang):
    data = json_ld(soup(client.get(f"/{lang}/insights/knee/")))
    posting = data["BlogPosting"]
    for key in [
        "headline",
        "datePublished",
        "author",
        "image",
        "publisher",
        "inLanguage",
        "articleSection",
    ]:
        assert posting[key], key
    assert posting["inLanguage"] == lang
    assert posting["datePublished"] == "2025-10-27"
    review = data["MedicalWebPage"]
    assert review["lastReviewed"] == "2025-11-03"
    assert review["reviewedBy"]["@type"] == "Person"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert crumbs[-1]["item"] == f"http://testserver/{lang}/insights/knee/"
    faq = data["FAQPage"]["mainEntity"]
    assert len(faq) == 2
    for block in data.values():
        assert_no_empty_values(block)
    if lang == "en":
        assert [q["name"] for q in faq] == ["Does it hurt?", "How long?"]
        assert faq[0]["acceptedAnswer"]["text"] == "Only briefly."  # text, not HTML
        assert posting["articleSection"] == "Chronic Diseases"
    else:
        assert faq[0]["name"] == "译 译 译?"
        assert "<" not in faq[0]["acceptedAnswer"]["text"]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_home_json_ld(client, bilingual, lang):
    settings = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "+60 12-987 0817"
    settings.social_links = "https://www.facebook.com/example\n"
    settings.logo = ImageFactory()
    settings.opening_hours = [
        (
            "hours",
            {
                "days": ["0", "1", "2", "3", "4"],
                "opens": datetime.time(9),
                "closes": datetime.time(21),
            },
        ),
        (
            "hours",
            {"days": ["5"], "opens": datetime.time(9), "closes": datetime.time(18)},
        ),
    ]
    settings.save()
    data = json_ld(soup(client.get(f"/{lang}/")))
    clinic = data["MedicalClinic"]
    assert clinic["telephone"] == "+60 12-987 0817"
    assert clinic["sameAs"] == ["https://www.facebook.com/example"]
    assert clinic["logo"].startswith("http://testserver/media/images/")
    assert clinic["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            "opens": "09:00",
            "closes": "21:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["Saturday"],
            "opens": "09:00",
            "closes": "18:00",
        },
    ]
    action = data["WebSite"]["potentialAction"]
    assert (
        action["target"]["urlTemplate"]
        == f"http://testserver/{lang}/search/?q={{search_term_string}}"
    )
    assert data["WebSite"]["inLanguage"] == lang


def test_json_ld_escapes_markup(client, blog_index):
    ArticlePageFactory(
        parent=blog_index,
        slug="xss",
        title="</script><script>alert(1)</script>",
        body=[],
    )
    html = client.get("/en/insights/xss/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "\\u003c/script\\u003e" in html


# --- Reading aids, review, authors ----------------------------------------------------


def test_reading_time_and_table_of_contents(client, bilingual):
    html = soup(client.get("/en/insights/knee/"))
    assert html.select_one(".reading-time").text == "2 min read"  # ~410 words
    toc = [(a["href"], a.text) for a in html.select(".toc a")]
    assert toc == [("#how-it-works", "How it works"), ("#aftercare", "Aftercare")]
    for href, _text in toc:
        assert html.find(id=href[1:])
    crumbs = [a.text for a in html.select(".breadcrumbs a")]
    assert crumbs == ["Home", "Insights"]


def test_chinese_reading_time_counts_characters(bilingual):
    from home.text import reading_minutes

    assert reading_minutes("干细胞" * 400) == 3
    assert reading_minutes("word " * 440) == 2


def test_medical_review_line_and_disclaimer(client, bilingual):
    html = soup(client.get("/en/insights/knee/"))
    assert " ".join(html.select_one(".review-line").text.split()) == (
        "Medically reviewed by Dr. Lim (MBBS) Last reviewed November 3, 2025 · "
        "Next review due November 3, 2026"
    )
    assert (
        html.select_one(".disclaimer").text.strip()
        == "General information, not advice."
    )
    zh = soup(client.get("/zh-hans/insights/knee/"))
    assert "2025年11月3日" in zh.select_one(".review-line").text
    assert "General" not in zh.select_one(".disclaimer").text


def test_review_report_lists_overdue_articles(client, bilingual, admin_user):
    settings = InsightsSettings.for_site(Site.objects.get(is_default_site=True))
    settings.review_interval_months = 6
    settings.save()
    today = datetime.date(2026, 6, 1)
    articles = ArticlePage.objects.all()
    overdue = {
        page.slug for page in review.due_by(articles, today, default=6, today=today)
    }
    assert "knee" in overdue  # reviewed 2025-11-03, due 2026-05-03
    assert {
        page.slug for page in review.due_by(articles, today, default=12, today=today)
    } == {
        "draft",
        "private",
    }
    assert review.add_months(datetime.date(2026, 3, 31), -1) == datetime.date(
        2026, 2, 28
    )
    client.force_login(admin_user)
    response = client.get(reverse("review_due_report"))
    assert response.status_code == 200
    assert "Draft" in response.content.decode()


def test_author_page_lists_their_articles(client, bilingual):
    html = soup(client.get("/en/insights/knee/"))
    byline = html.select_one(".byline a")
    assert byline["href"] == "/en/insights/author/editorial-team/"
    listing = soup(client.get(byline["href"]))
    assert listing.find("h1").text == "Editorial Team"
    assert [a.text for a in listing.select(".card__title a")] == ["Knee repair"]
    assert client.get("/en/insights/author/nobody/").status_code == 404


# --- Redirects ------------------------------------------------------------------------


def test_changed_slug_keeps_the_old_url_working(
    client, bilingual, admin_user, django_capture_on_commit_callbacks
):
    article = bilingual["article"]
    article.slug = "knee-cartilage"
    with django_capture_on_commit_callbacks(
        execute=True
    ):  # redirects are made on commit
        article.save_revision(user=admin_user).publish(user=admin_user)
    assert Redirect.objects.filter(redirect_page=article, is_permanent=True).exists()
    response = client.get("/en/insights/knee/")
    assert response.status_code == 301
    assert response["Location"].endswith("/en/insights/knee-cartilage/")
