"""What search engines and people read on listings, 404s and untranslated pages:
each listing page's own title, description, breadcrumb and canonical; reciprocal
hreflang across languages; no alternates for a 404; the switcher's dead ends; the
Site that names the address the site is served at."""

import re
from io import StringIO

from django.core.cache import cache
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory, CategoryFactory
from tests.i18n_utils import translate_fully

ARTICLES = 12  # two pages of ten


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def alternates(html) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in html.select("link[rel=alternate][hreflang]")
    }


def canonical(html) -> str:
    return html.select_one("link[rel=canonical]")["href"]


@pytest.fixture
def listing(home, zh, blog_index):
    """Insights in both languages, ARTICLES articles in one category; the Chinese
    side has `zh_articles` of them translated."""
    translate_fully(home, zh)
    zh_index = translate_fully(blog_index, zh)
    category = CategoryFactory(name="Stem Cells", slug="stem-cells")
    articles = [
        ArticlePageFactory(parent=blog_index, category=category, slug=f"article-{n}")
        for n in range(ARTICLES)
    ]
    return {"en": blog_index, "zh": zh_index, "articles": articles}


def test_each_page_of_a_category_names_itself(client, listing):
    html = soup(client.get("/en/insights/category/stem-cells/?page=2&utm_source=x"))
    assert html.title.text == "Stem Cells – Insights – page 2 | Leaven Biotechnology"
    description = html.select_one("meta[name=description]")["content"]
    assert description == "Articles on Stem Cells, newest first."
    assert (
        canonical(html) == "http://testserver/en/insights/category/stem-cells/?page=2"
    )
    assert html.select_one("meta[property='og:url']")["content"] == canonical(html)
    crumbs = html.select(".breadcrumbs li")
    assert [li.text.strip() for li in crumbs][-2:] == ["Insights", "Stem Cells"]
    assert crumbs[-2].a["href"] == "/en/insights/"  # the index is a link now
    assert crumbs[-1].select_one("[aria-current=page]")

    first = soup(client.get("/en/insights/category/stem-cells/"))
    assert first.title.text == "Stem Cells – Insights | Leaven Biotechnology"
    assert canonical(first) == "http://testserver/en/insights/category/stem-cells/"


def test_paginated_listings_name_each_other_in_both_languages(client, listing):
    for article in listing["articles"][:10]:
        translate_fully(article, listing["zh"].locale)
    # Chinese has one page of ten, English two.
    en_1 = alternates(soup(client.get("/en/insights/")))
    zh_1 = alternates(soup(client.get("/zh-hans/insights/")))
    assert en_1 == zh_1
    assert en_1["zh-hans"] == "http://testserver/zh-hans/insights/"

    en_2 = soup(client.get("/en/insights/?page=2"))
    # No Chinese page 2: no alternate for it (it would not name this one back).
    assert alternates(en_2) == {
        "en": "http://testserver/en/insights/?page=2",
        "x-default": "http://testserver/en/insights/?page=2",
    }
    switcher = en_2.select_one(".language-switcher a[hreflang=zh-hans]")
    assert switcher["href"] == "/zh-hans/insights/"

    for article in listing["articles"][10:]:
        translate_fully(article, listing["zh"].locale)
    en_2 = alternates(soup(client.get("/en/insights/?page=2")))
    zh_2 = soup(client.get("/zh-hans/insights/?page=2"))
    assert en_2 == alternates(zh_2)
    assert en_2["zh-hans"] == "http://testserver/zh-hans/insights/?page=2"
    assert canonical(zh_2) == en_2["zh-hans"]


def test_a_404_names_no_alternates_and_the_switcher_goes_home(client, listing):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = BeautifulSoup(response.content, "html.parser")
    assert alternates(html) == {}
    assert html.title.text == "Page not found | Leaven Biotechnology"
    switcher = html.select_one(".language-switcher a[hreflang=zh-hans]")
    assert switcher["href"] == "/zh-hans/"


def test_switching_to_a_missing_translation_says_so(client, listing):
    article = listing["articles"][0]
    html = soup(client.get(article.url))
    link = html.select_one(".language-switcher a[hreflang=zh-hans]")
    assert link["href"] == f"/zh-hans/no-translation/?from={article.pk}"
    assert "zh-hans" not in alternates(html)

    page = soup(client.get(link["href"]))
    assert page.html["lang"] == "zh-hans"
    assert page.h1.text == "尚未翻译"
    assert "还没有中文版本" in page.select_one("main").text
    links = {a.text: a["href"] for a in page.select("main a")}
    assert links[listing["zh"].title] == "/zh-hans/insights/"
    original = page.select_one("main a[lang=en]")
    assert original["href"] == article.url
    assert page.select_one("meta[name=robots]")["content"] == "noindex"


@pytest.mark.parametrize(
    "junk", ["", "abc", "-1", "99999999999999999", "1 OR 1=1", "%00", "９"]
)
def test_the_missing_translation_page_ignores_junk(client, listing, junk):
    html = soup(client.get("/zh-hans/no-translation/", {"from": junk}))
    assert html.select_one("main a[lang=en]") is None
    assert html.h1.text == "尚未翻译"


def test_the_missing_translation_page_never_names_a_draft(client, listing):
    draft = listing["articles"][0]
    draft.unpublish()
    html = soup(client.get(f"/zh-hans/no-translation/?from={draft.pk}"))
    assert html.select_one("main a[lang=en]") is None


def test_set_site_url_makes_links_name_the_served_address(client, listing, settings):
    out = StringIO()
    call_command("set_site_url", "http://127.0.0.1:8000", stdout=out)
    assert "http://127.0.0.1:8000" in out.getvalue()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    html = soup(client.get("/en/insights/", HTTP_HOST="127.0.0.1:8000"))
    assert canonical(html) == "http://127.0.0.1:8000/en/insights/"

    for bad in ["ftp://example.com", "https://example.com:8443", "http://x/y/"]:
        with pytest.raises(CommandError):
            call_command("set_site_url", bad, stdout=StringIO())
    assert Site.objects.get(is_default_site=True).port == 8000  # unchanged


def test_check_deploy_warns_when_the_site_disagrees_with_site_url(listing, settings):
    def warnings():
        return {m.id for m in run_checks(include_deployment_checks=True)}

    settings.SITE_URL = ""
    assert "home.W001" in warnings()
    settings.SITE_URL = "https://www.leaven-biotech.example"
    assert "home.W003" in warnings()  # the Site says http://testserver
    call_command("set_site_url", stdout=StringIO())
    assert not warnings() & {"home.W001", "home.W002", "home.W003"}


def test_an_articles_language_links_read_no_row_twice(client, listing, zh):
    """The translations behind the switcher and hreflang are read once, with only
    the columns a URL needs: a column left out but used would read each page's
    row again by id (tests/test_memo.py does the same for teasers)."""
    article = listing["articles"][5]
    zh_article = translate_fully(article, zh)
    cache.clear()  # a first visit: nothing memoised

    with CaptureQueriesContext(connection) as captured:
        html = soup(client.get(article.url))

    assert alternates(html)["zh-hans"].endswith(zh_article.url)
    by_id = [
        query["sql"]
        for query in captured
        if re.search(r'WHERE "wagtailcore_page"\."id" = \S+ LIMIT', query["sql"])
    ]
    assert not by_id, by_id
