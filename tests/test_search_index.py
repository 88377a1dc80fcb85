"""What the search backend stores: pages give plain text, the backend cuts Chinese.

Our backends append Chinese tokens to the entries Wagtail's database index writes
(search/backends/indexing.py). These tests read the entries themselves, so a
Wagtail upgrade that changes how its index writes them fails here, by name,
before any search quietly stops finding Chinese. Every test runs on SQLite and
on PostgreSQL (DATABASE_URL=postgres://…).
"""

import ast
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import override_settings

from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import Phrase

import pytest

from home.text import stream_text
from search import cjk
from search.backends import segments_chinese
from search.query import parse, tiers
from tests.factories import ArticlePageFactory, HomePageFactory, StandardPageFactory
from tests.search_fixtures import paragraphs

ROOT = Path(settings.BASE_DIR)
SENTENCE = "干细胞治疗膝骨关节炎，NK细胞"
UPSTREAM_CHANGED = (
    "Wagtail's database index no longer writes what search/backends/indexing.py "
    "expects: Chinese is not indexed as tokens any more"
)


def entry(page) -> IndexEntry:
    return IndexEntry.objects.get(
        content_type=ContentType.objects.get_for_model(page.specific_class),
        object_id=str(page.pk),
    )


def indexed_text(page) -> str:
    """The entry's body as text (PostgreSQL keeps a plain copy beside the vector)."""
    row = entry(page)
    return row.body_text if connection.vendor == "postgresql" else row.body


def wagtails_own_text(page) -> str:
    """What Wagtail's own database index writes as the body, tokens left out."""
    index = get_search_backend().get_index_for_model(type(page))
    indexer = index.object_indexer(page, index.backend)
    return indexer.body_text if connection.vendor == "postgresql" else indexer.body


@pytest.fixture
def chinese_pages(home, blog_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        standard = StandardPageFactory(
            parent=home,
            title="关于我们",
            slug="about",
            intro=SENTENCE,
            body=paragraphs(["脐带间充质干细胞"]),
        )
        article = ArticlePageFactory(
            parent=blog_index,
            title="膝关节",
            slug="knee",
            excerpt="软骨修复",
            body=paragraphs([SENTENCE]),
        )
    return standard, article


def test_chinese_pages_are_indexed_with_what_their_search_text_gave(chinese_pages):
    """The tokens are those the pages' own `search_text()` indexed before issue 13:
    title, then introduction or excerpt, then body, cut by `cjk.index_text()`."""
    standard, article = chinese_pages
    for page, summary in [(standard, standard.intro), (article, article.excerpt)]:
        tokens = cjk.index_text(page.title, summary, stream_text(page.body))
        assert "干细 细胞" in tokens
        assert indexed_text(page) == f"{wagtails_own_text(page)} {tokens}", (
            UPSTREAM_CHANGED
        )
    if connection.vendor == "postgresql":
        vector = entry(article).body
        assert all(f"'{t}'" in vector for t in ["干细", "细胞", "软骨", "nk"]), (
            UPSTREAM_CHANGED
        )


def test_pages_without_chinese_get_nothing_extra(
    home, blog_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = ArticlePageFactory(
            parent=blog_index,
            title="Cartilage",
            slug="c",
            excerpt="Knee repair.",
            body=paragraphs(["Cartilage repair takes time."]),
        )
    assert indexed_text(page) == wagtails_own_text(page)


def test_only_the_configured_page_types_get_tokens(
    home, django_capture_on_commit_callbacks
):
    """CHINESE_TOKENS_MODELS (settings): the home page's Chinese stays one word per
    run, as it was when pages cut their own text."""
    with django_capture_on_commit_callbacks(execute=True):
        other = HomePageFactory(
            parent=home, title="首页", slug="zh-home", hero_text=SENTENCE
        )
    assert indexed_text(other) == wagtails_own_text(other)
    assert "干细 细胞" not in indexed_text(other)


def test_indexing_a_page_again_does_not_repeat_the_tokens(chinese_pages):
    standard, _article = chinese_pages
    once = indexed_text(standard)
    get_search_backend().add(standard)
    assert indexed_text(standard) == once


def test_page_modules_know_nothing_of_chinese_segmentation():
    """Pages declare plain SearchFields; cutting Chinese is the backend's job."""
    offenders = []
    for path in [*ROOT.glob("home/**/*.py"), *ROOT.glob("blog/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(alias.name for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any("cjk" in name for name in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_queries_send_bigrams_only_to_a_backend_that_indexes_them(db):
    assert segments_chinese()
    first = next(tiers(parse("干细胞"))).query
    assert isinstance(first, Phrase) and first.query_string == "干细 细胞"
    fallback = {"default": {"BACKEND": "wagtail.search.backends.database.fallback"}}
    with override_settings(WAGTAILSEARCH_BACKENDS=fallback):
        assert not segments_chinese()
        first = next(tiers(parse("干细胞"))).query
        assert isinstance(first, Phrase) and first.query_string == "干细胞"
