"""Pages for the search tests: a knee article in English and, through
wagtail-localize, in Chinese (the Chinese demo text of tools/search_corpus.py), plus
helpers to read the search page."""

import datetime

from wagtail.rich_text import RichText

import pytest
from bs4 import BeautifulSoup

from home.models import SiteText
from home.translation import translate
from search import stats
from tests.factories import ArticlePageFactory, CategoryFactory
from tests.i18n_utils import translate_fully
from tools import search_corpus as corpus

ZH_KNEE = corpus.ARTICLES_ZH[0]
KNEE_EN = {
    "title": "Stem Cell Therapy for Knee Osteoarthritis",
    "excerpt": "How stem cells repair cartilage in knee osteoarthritis, how long the "
    "effect of a single injection lasts, and who is a suitable candidate.",
    "body": [
        "Knee Osteoarthritis (KOA) is a common degenerative joint disease. Its core "
        "pathology lies in cartilage degeneration and persistent inflammation.",
        "Stem cells can differentiate into chondrocytes, directly repairing damaged "
        "joint cartilage, and secrete anti-inflammatory factors.",
        "Treatment method: intra-articular injection, not intravenous infusion. The "
        "cells are placed directly into the joint cavity.",
        "How long does the effect of a single stem cell injection last? According to "
        "clinical research data, joint pain often eases within 1-3 months.",
        "Patients with mild to moderate knee osteoarthritis whose cartilage is not "
        "completely worn away are suitable candidates.",
    ],
}


def chinese_paragraphs(article: dict, count: int) -> list[str]:
    """The Chinese body in `count` paragraphs (one per English paragraph)."""
    body = article["body"]
    bounds = [len(body) * i // count for i in range(count + 1)]
    return ["".join(body[bounds[i] : bounds[i + 1]]) for i in range(count)]


def paragraphs(texts: list[str]) -> list:
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


def translate_with(instance, zh, catalogue: dict[str, str]):
    missing = translate(instance, zh, catalogue.get)
    assert missing == []
    return instance.get_translation(zh)


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def search(client, language: str, query: str, **params) -> BeautifulSoup:
    return soup(client.get(f"/{language}/search/", {"q": query, **params}))


def result_titles(html: BeautifulSoup) -> list[str]:
    return [a.text for a in html.select(".search-result h2 a")]


def result_links(html: BeautifulSoup) -> list[str]:
    return [a["href"] for a in html.select(".search-result h2 a")]


@pytest.fixture(autouse=True)
def _empty_search_counts(settings):
    """No buffered counts from other tests; no page cache (these tests create pages
    without the publish signals that renew it, and count the view's queries)."""
    settings.PAGE_CACHE_ENABLED = False
    stats.discard()
    yield
    stats.discard()


@pytest.fixture
def zh_home(home, zh, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        translate_fully(SiteText.objects.get(locale__language_code="en"), zh)
        return translate_fully(home, zh)


@pytest.fixture
def zh_blog_index(blog_index, zh_home, zh, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return translate_fully(blog_index, zh)


@pytest.fixture
def chronic(zh, django_capture_on_commit_callbacks):
    category = CategoryFactory(name="Chronic Diseases", slug="chronic-diseases")
    with django_capture_on_commit_callbacks(execute=True):
        translate_with(category, zh, {"Chronic Diseases": "慢性疾病"})
    return category


def make_article(blog_index, english: dict, **kwargs):
    return ArticlePageFactory(
        parent=blog_index,
        title=english["title"],
        excerpt=english["excerpt"],
        body=paragraphs(english["body"]),
        **kwargs,
    )


@pytest.fixture
def knee(blog_index, zh_blog_index, zh, chronic, django_capture_on_commit_callbacks):
    """The knee article in both languages: {"en": page, "zh": page}."""
    with django_capture_on_commit_callbacks(execute=True):
        english = make_article(
            blog_index,
            KNEE_EN,
            slug="knee",
            category=chronic,
            date=datetime.date(2025, 10, 27),
        )
    catalogue = {
        KNEE_EN["title"]: ZH_KNEE["title"],
        KNEE_EN["excerpt"]: ZH_KNEE["excerpt"],
        **dict(
            zip(
                KNEE_EN["body"],
                chinese_paragraphs(ZH_KNEE, len(KNEE_EN["body"])),
                strict=True,
            )
        ),
    }
    with django_capture_on_commit_callbacks(execute=True):
        chinese = translate_with(english, zh, catalogue)
    return {"en": english, "zh": chinese}
