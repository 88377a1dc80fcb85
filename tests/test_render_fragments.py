"""The site's chrome is rendered once per content version and language and reused
on every page (`{% fragment %}` in home/templatetags/site_tags.py, the Insights
sidebar in blog_tags.py): what differs from page to page must still differ, each
language gets its own, and a publish shows at once (page cache off, as on a miss).
"""

import datetime

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from home.models import ClinicSettings
from tests.factories import ArticlePageFactory, StandardPageFactory
from tests.i18n_utils import translate_fully


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.MEMO_CACHE_ENABLED = True


@pytest.fixture
def about(home):
    settings = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "+65 6123 4567"
    settings.save()
    return StandardPageFactory(parent=home, title="About", slug="about")


def soup(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def menu(html) -> list[str]:
    return [a.text for a in html.select(".menu a")]


def test_what_names_the_page_follows_the_page(client, about, blog_index):
    knee = ArticlePageFactory(parent=blog_index, title="Knee cartilage")
    stem = ArticlePageFactory(parent=blog_index, title="Stem cells")
    first, second = soup(client, knee.url), soup(client, stem.url)
    whatsapp = [
        html.select_one("a[data-count=whatsapp]")["href"] for html in (first, second)
    ]
    assert "Knee%20cartilage" in whatsapp[0]
    assert "Stem%20cells" in whatsapp[1]
    switcher = [
        html.select_one(".language-switcher a[hreflang=zh-hans]")["href"]
        for html in (first, second)
    ]
    assert switcher == [
        f"/zh-hans/no-translation/?from={knee.pk}",
        f"/zh-hans/no-translation/?from={stem.pk}",
    ]
    assert first.select(".menu a[aria-current]") == []
    # The same menu fragment's other key: the page it shows as current.
    assert (
        soup(client, about.url).select_one(".menu a[aria-current=page]").text == "About"
    )
    assert (
        soup(client, blog_index.url).select_one(".menu a[aria-current=page]").text
        == "Insights"
    )
    assert soup(client, knee.url).select(".menu a[aria-current]") == []
    # The sidebar shows what a visitor searched for, though articles share theirs.
    search = soup(client, "/en/search/?q=knee")
    assert search.select_one("#sidebar-search-q")["value"] == "knee"
    assert search.select_one("#header-search-q")["value"] == "knee"
    assert soup(client, stem.url).select_one("#sidebar-search-q")["value"] == ""


def test_each_language_has_its_own_chrome(client, about, blog_index, zh):
    article = ArticlePageFactory(parent=blog_index, title="Knee cartilage")
    translate_fully(blog_index.get_parent().specific, zh)
    translate_fully(blog_index, zh)
    chinese_article = translate_fully(article, zh)
    # Nothing published in between: the same content version for both.
    english, chinese = soup(client, article.url), soup(client, chinese_article.url)
    assert english.select_one("#footer-links").text == "Quick links"
    assert chinese.select_one("#footer-links").text != "Quick links"
    assert english.select_one(".brand")["href"] == "/en/"
    assert chinese.select_one(".brand")["href"] == "/zh-hans/"


def test_a_publish_shows_in_the_chrome_at_once(client, about, blog_index):
    article = ArticlePageFactory(parent=blog_index, title="Knee cartilage")
    html = soup(client, article.url)
    assert "About" in menu(html)
    assert "About" in [a.text for a in html.select(".site-footer__links a")]

    about.title = "About us"
    about.save_revision().publish()
    newest = ArticlePageFactory(
        parent=blog_index, title="Brand new", date=datetime.date(2030, 1, 1)
    )
    html = soup(client, article.url)
    assert "About us" in menu(html)
    assert "About us" in [a.text for a in html.select(".site-footer__links a")]
    recent = [a.text for a in html.select(".sidebar__list a")]
    assert newest.title in recent
