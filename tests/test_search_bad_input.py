"""Odd input gives a normal page in both languages: never a 500, never unescaped."""

import pytest

from search.query import MAX_QUERY_LENGTH
from tests import search_fixtures
from tests.search_fixtures import (
    result_links,
    soup,
)

# Fixtures from tests/search_fixtures.py (pytest finds them as module attributes).
_empty_search_counts = search_fixtures._empty_search_counts
chronic = search_fixtures.chronic
knee = search_fixtures.knee
zh_blog_index = search_fixtures.zh_blog_index
zh_home = search_fixtures.zh_home

BAD_QUERIES = {
    "empty": "",
    "5000 characters": "cartilage " * 500,
    "sql": "' OR 1=1 --",
    "unbalanced quote": 'stem "cell',
    "single quote": "patient's knee'",
    "near": "NEAR(a b)",
    "operators": "a AND OR NOT",
    "star": "*",
    "script": "<script>alert(1)</script>",
    "nul byte": "stem\x00cell",
    "only nul": "\x00",
    "emoji": "🦵💉 knee",
    "chinese x300": "干细胞" * 300,
    "fts column filter": "title:knee body:*",
    "backslashes": "\\\\ \\' \\\"",
    "percent": "100% %s %(x)s",
    "control": "\x1b[31mred\x07",
    "fullwidth": "ＮＫ细胞",
}
LANGUAGES = ["en", "zh-hans"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
def test_bad_query_gives_a_normal_page(client, knee, language, query):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    html = soup(response)
    shown = html.select_one("#search-page-q")["value"]
    assert "\x00" not in shown
    assert len(shown) <= MAX_QUERY_LENGTH
    assert html.select_one("main")


@pytest.mark.parametrize("language", LANGUAGES)
def test_query_is_shown_escaped(client, knee, language):
    response = client.get(f"/{language}/search/", {"q": "<script>alert(1)</script>"})
    body = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert (
        soup(response).select_one("#search-page-q")["value"]
        == "<script>alert(1)</script>"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_queries_are_cut_not_refused(client, knee, language):
    html = soup(client.get(f"/{language}/search/", {"q": "knee " * 1000}))
    assert len(html.select_one("#search-page-q")["value"]) == MAX_QUERY_LENGTH


def test_three_hundred_repetitions_still_find_the_article(client, knee):
    html = soup(client.get("/zh-hans/search/", {"q": "干细胞" * 300}))
    assert result_links(html) == ["/zh-hans/insights/knee/"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", "", "\x00"])
def test_odd_page_numbers_give_a_normal_page(client, knee, language, page):
    response = client.get(f"/{language}/search/", {"q": "knee 膝", "page": page})
    assert response.status_code == 200
