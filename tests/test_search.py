"""Visitor search: Chinese words inside sentences, English stems, locale, ranking,
highlighting, pagination, promotions, counts and the no-results report.

Every test runs on SQLite and on PostgreSQL (DATABASE_URL=postgres://…)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.contrib.search_promotions.models import (
    Query,
    QueryDailyHits,
    SearchPromotion,
)
from wagtail.models import PageViewRestriction

import pytest

from search import cjk, results, stats, views
from search.models import DailySearchCount
from search.query import parse, tiers
from tests import search_fixtures
from tests.factories import ArticlePageFactory, CategoryFactory, StandardPageFactory
from tests.search_fixtures import (
    KNEE_EN,
    chinese_paragraphs,
    make_article,
    result_links,
    result_titles,
    search,
    soup,
    translate_with,
)
from tools import search_corpus as corpus

# Fixtures from tests/search_fixtures.py (pytest finds them as module attributes).
_empty_search_counts = search_fixtures._empty_search_counts
chronic = search_fixtures.chronic
knee = search_fixtures.knee
zh_blog_index = search_fixtures.zh_blog_index
zh_home = search_fixtures.zh_home

ISSUE_QUERIES_ZH = ["干细胞", "膝骨关节炎", "软骨", "关节"]
MORE_QUERIES_ZH = [
    "骨关节炎",
    "关节腔",
    "半月板",
    "干细胞治疗膝关节",
    "膝关节炎",
    "膝",
    "干细胞 软骨",
]


# -- Chinese -------------------------------------------------------------------------


@pytest.mark.parametrize("query", ISSUE_QUERIES_ZH + MORE_QUERIES_ZH)
def test_chinese_words_inside_sentences_find_the_chinese_article(client, knee, query):
    html = search(client, "zh-hans", query)
    assert result_titles(html) == [knee["zh"].title]
    assert result_links(html) == ["/zh-hans/insights/knee/"]


@pytest.mark.parametrize("query", ISSUE_QUERIES_ZH)
def test_chinese_queries_find_no_english_page(client, knee, query):
    html = search(client, "en", query)
    assert result_titles(html) == []


def test_a_chinese_run_is_one_word_to_the_backend_without_our_index_text(knee):
    """Without search/cjk.py's tokens only a whole run matches (what the issue saw)."""
    assert cjk.index_text("干细胞治疗膝骨关节炎").startswith("干细 细胞 胞治")
    assert cjk.index_text("Stem cells only") == ""


def test_chinese_unrelated_article_is_not_found(
    client, knee, blog_index, zh, django_capture_on_commit_callbacks
):
    nk_zh = corpus.ARTICLES_ZH[6]
    english = {
        "title": "NK Cells",
        "excerpt": "NK cells and the immune system.",
        "body": ["Natural killer cells patrol the blood."],
    }
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(blog_index, english, slug="nk-cells")
    with django_capture_on_commit_callbacks(execute=True):
        translate_with(
            article,
            zh,
            {
                english["title"]: nk_zh["title"],
                english["excerpt"]: nk_zh["excerpt"],
                english["body"][0]: "".join(nk_zh["body"]),
            },
        )
    assert result_titles(search(client, "zh-hans", "软骨")) == [knee["zh"].title]
    assert result_titles(search(client, "zh-hans", "自然杀伤细胞")) == [nk_zh["title"]]
    assert result_titles(search(client, "zh-hans", "白细胞")) == [nk_zh["title"]]


def test_demo_corpus_recall_through_the_database(
    client, blog_index, zh_blog_index, zh, django_capture_on_commit_callbacks
):
    """The real backend answers the judged queries as `search_recall` measured."""
    for article in corpus.ARTICLES_ZH:
        size = min(3, len(article["body"]))
        english = {
            "title": f"Title of {article['slug']}",
            "excerpt": f"Excerpt of {article['slug']}",
            "body": [f"Paragraph {n} of {article['slug']}" for n in range(size)],
        }
        with django_capture_on_commit_callbacks(execute=True):
            page = make_article(blog_index, english, slug=article["slug"])
        with django_capture_on_commit_callbacks(execute=True):
            translate_with(
                page,
                zh,
                {
                    english["title"]: article["title"],
                    english["excerpt"]: article["excerpt"],
                    **dict(
                        zip(
                            english["body"],
                            chinese_paragraphs(article, size),
                            strict=True,
                        )
                    ),
                },
            )
    recall = precision = 0.0
    for query, relevant in corpus.JUDGED_QUERIES_ZH:
        outcome = results.run(parse(query), results.Scope(zh))
        found = (
            {r.page.slug for r in outcome.results[0:50]} if outcome.results else set()
        )
        recall += len(found & relevant) / len(relevant)
        precision += len(found & relevant) / len(found) if found else 1.0
    count = len(corpus.JUDGED_QUERIES_ZH)
    assert (round(recall / count, 3), round(precision / count, 3)) == (0.991, 0.941)


# -- English -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["stem cell injections", "injected", "repairs", "cartilages", "Osteoarthritis"],
)
def test_english_stems(client, knee, query):
    html = search(client, "en", query)
    assert result_titles(html) == [KNEE_EN["title"]]


def test_english_queries_find_no_chinese_page(client, knee):
    html = search(client, "en", "KOA")  # in both the English and the Chinese article
    assert result_links(html) == ["/en/insights/knee/"]
    html = search(client, "zh-hans", "KOA")
    assert result_links(html) == ["/zh-hans/insights/knee/"]


def test_all_words_first_then_any_word(
    client, knee, blog_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(parent=blog_index, title="Sleep and fatigue", slug="sleep")
    assert result_titles(search(client, "en", "knee cartilage")) == [KNEE_EN["title"]]
    # No page has both words: any word, best first.
    assert set(result_titles(search(client, "en", "knee sleep"))) == {
        KNEE_EN["title"],
        "Sleep and fatigue",
    }


# -- Results: locale, live, public, ordering, excerpts, count, pagination ------------


def test_drafts_and_private_pages_are_not_found(
    client, blog_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        live = ArticlePageFactory(
            parent=blog_index, title="Cartilage live", slug="live"
        )
        draft = ArticlePageFactory(
            parent=blog_index, title="Cartilage draft", slug="draft"
        )
        private = ArticlePageFactory(
            parent=blog_index, title="Cartilage private", slug="private"
        )
    draft.unpublish()
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="x"
    )
    assert result_titles(search(client, "en", "cartilage")) == [live.title]


def test_articles_come_first_then_other_pages(
    client, home, blog_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        StandardPageFactory(
            parent=home,
            title="Cartilage cartilage cartilage",
            slug="services",
            intro="Cartilage.",
        )
        ArticlePageFactory(
            parent=blog_index, title="A note", slug="note", excerpt="About cartilage."
        )
    assert result_titles(search(client, "en", "cartilage")) == [
        "A note",
        "Cartilage cartilage cartilage",
    ]


def test_result_shows_title_category_date_and_highlighted_excerpt(client, knee):
    html = search(client, "en", "stem cell injections")
    result = html.select_one(".search-result")
    assert result.select_one(".eyebrow").text == "Chronic Diseases"
    assert result.find("time")["datetime"] == "2025-10-27"
    marks = [m.text.lower() for m in result.select(".search-result__excerpt mark")]
    assert {"stem", "cells", "injection"} <= set(marks)
    assert (
        html.select_one(".search-count").text == "1 result for “stem cell injections”"
    )
    assert html.select_one("#search-page-q")["value"] == "stem cell injections"

    html = search(client, "zh-hans", "软骨")
    result = html.select_one(".search-result")
    assert result.select_one(".eyebrow").text == "慢性疾病"
    assert result.find("time").text == "2025年10月27日"
    assert {m.text for m in result.select("mark")} == {"软骨"}
    assert html.select_one("#search-page-q")["value"] == "软骨"
    assert html.select_one("#header-search-q")["value"] == "软骨"


def test_highlighting_cut_words_of_a_sentence_query(client, knee):
    html = search(client, "zh-hans", "干细胞治疗膝关节")
    marks = {m.text for m in html.select(".search-result mark")}
    assert marks <= {"干细胞", "治疗", "膝关节"} and "干细胞" in marks


def test_excerpt_escapes_page_text():
    pattern = results.highlight_pattern(parse("cartilage").english)
    excerpt = results.highlighted_excerpt(
        "<b>x</b> &amp; <script>alert(1)</script> cartilage", pattern
    )
    assert "<script>" not in excerpt and "<b>" not in excerpt
    assert excerpt.endswith("<mark>cartilage</mark>")


def test_pagination(client, blog_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(23):
            ArticlePageFactory(parent=blog_index, title=f"Cartilage {n}", slug=f"c{n}")
    first = search(client, "en", "cartilage")
    assert len(result_titles(first)) == 10
    assert first.select_one(".search-count").text.startswith("23 results")
    assert first.select_one("a[rel=next]")["href"] == "?q=cartilage&page=2"
    third = search(client, "en", "cartilage", page=3)
    assert len(result_titles(third)) == 3
    assert third.select_one("a[rel=next]") is None
    every = (
        result_titles(first)
        + result_titles(search(client, "en", "cartilage", page=2))
        + result_titles(third)
    )
    assert len(set(every)) == 23
    for odd in ["abc", "-1", "0", "99999", ""]:
        assert result_titles(search(client, "en", "cartilage", page=odd))


def test_more_matches_than_the_cap_are_told_not_counted(
    client, knee, zh_blog_index, monkeypatch, django_capture_on_commit_callbacks
):
    # Counting stops one past the cap (a scan of every match at 10,000 articles);
    # the page says "more than" in both languages and pages through the cap.
    monkeypatch.setattr(results, "MATCH_COUNT_CAP", 1)
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(parent=zh_blog_index, title="软骨修复", slug="ruangu")
    html = search(client, "zh-hans", "软骨")
    assert html.select_one(".search-count").text == "找到超过 1 条与“软骨”相关的结果"
    assert len(result_titles(html)) == 1
    assert html.select_one(".pagination") is None

    html = search(client, "en", "软骨")  # no English page: the hint, capped too
    assert html.select_one(".search-count").text == "0 results for “软骨”"
    assert html.select_one(".search-other-language").text.startswith(
        "Also found in Chinese: more than 1 results."
    )
    monkeypatch.setattr(results, "MATCH_COUNT_CAP", 1000)
    html = search(client, "zh-hans", "软骨")
    assert html.select_one(".search-count").text == "找到 2 条与“软骨”相关的结果"


def test_title_match_first_when_matches_outnumber_the_ranked_window(
    client, blog_index, monkeypatch, django_capture_on_commit_callbacks
):
    # On PostgreSQL the first results rank only a window of candidates (the newest
    # matches and the newest title matches); the oldest article, the best match
    # and the only one with the word in its title, must still lead, and paging past
    # the window must neither repeat nor skip a result. SQLite ranks every match.
    monkeypatch.setattr(views, "RESULTS_PER_PAGE", 2)
    if connection.vendor == "postgresql":
        from search.backends import postgres

        monkeypatch.setattr(postgres, "RANKED_WINDOW", 2)
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(
            parent=blog_index,
            title="Meniscus repair",
            slug="title-match",
            excerpt="Meniscus: how a meniscus wears and how a meniscus heals.",
        )
        for n in range(4):
            ArticlePageFactory(
                parent=blog_index,
                title=f"Note {n}",
                slug=f"note-{n}",
                excerpt="Knees and the meniscus.",
            )
        # Pages without the word, so that SQLite's bm25 weighs it at all.
        for n in range(6):
            ArticlePageFactory(parent=blog_index, title=f"Other {n}", slug=f"o-{n}")
    first = search(client, "en", "meniscus")
    assert result_titles(first)[0] == "Meniscus repair"
    assert first.select_one(".search-count").text == "5 results for “meniscus”"
    every = [
        title
        for page in (1, 2, 3)
        for title in result_titles(search(client, "en", "meniscus", page=page))
    ]
    assert len(every) == len(set(every)) == 5


def test_search_page_queries_do_not_grow_with_results(
    client, knee, blog_index, en, django_capture_on_commit_callbacks
):
    def page_queries(url):
        client.get(url)  # warm the site-wide caches (root paths, header and footer)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def search_queries(query):
        """The search's own queries (the header, footer and sidebar left out)."""
        with CaptureQueriesContext(connection) as queries:
            scope = results.Scope(en)
            results.promotions(query, scope)
            outcome = results.run(parse(query), scope)
            list(outcome.results[0:10]) if outcome.results else None
        return len(queries)

    one = page_queries("/en/search/?q=cartilage")
    assert search_queries("cartilage") <= 6
    with django_capture_on_commit_callbacks(execute=True):
        category = CategoryFactory(name="Stem Cells", slug="stem-cells")
        for n in range(12):
            ArticlePageFactory(
                parent=blog_index,
                title=f"Cartilage {n}",
                slug=f"c{n}",
                category=category,
            )
    assert page_queries("/en/search/?q=cartilage") == one <= 12
    assert search_queries("cartilage") <= 6
    assert search_queries("zzzz") <= 4


# -- Empty query, no results ---------------------------------------------------------


def test_empty_query_shows_recent_articles_and_categories(client, knee):
    for query in ["", "   "]:
        html = search(client, "en", query)
        assert html.select_one(".search-recent .card__title a").text == KNEE_EN["title"]
        assert (
            html.select_one(".search-categories a")["href"]
            == "/en/insights/category/chronic-diseases/"
        )
        assert html.select_one(".search-count") is None
    html = search(client, "zh-hans", "")
    assert html.select_one(".search-recent .card__title a").text == knee["zh"].title
    assert "慢性疾病" in html.select_one(".search-categories").text


def test_no_results_helps_and_points_to_the_other_language(client, knee):
    html = search(client, "en", "半月板")
    assert result_titles(html) == []
    assert html.select_one(".search-count").text == "0 results for “半月板”"
    assert "Nothing matched your search" in html.select_one(".search-empty").text
    assert (
        html.select_one(".search-categories a")["href"]
        == "/en/insights/category/chronic-diseases/"
    )
    other = html.select_one(".search-other-language a")
    assert other["href"] == "/zh-hans/search/?q=%E5%8D%8A%E6%9C%88%E6%9D%BF"
    # Language names in the visitor's language, never "在English内容中".
    assert other.text == "See the results in Chinese"

    html = search(
        client, "zh-hans", "meniscus"
    )  # only the English article… has no such word
    assert html.select_one(".search-other-language") is None
    html = search(client, "zh-hans", "chondrocytes")
    other = html.select_one(".search-other-language a")
    assert other["href"] == "/en/search/?q=chondrocytes"
    assert other.text == "查看英文结果"
    assert "English" not in html.select_one(".search-other-language").text
    assert "没有找到" in html.select_one(".search-empty").text


# -- Promotions ----------------------------------------------------------------------


def test_promoted_pages_come_first_in_the_visitors_language(
    client, knee, home, zh, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services = StandardPageFactory(
            parent=home, title="Services", slug="services", intro="Our treatments."
        )
    query = Query.get("Cartilage")
    SearchPromotion.objects.create(
        query=query, page=services, description="Book a knee assessment.", sort_order=0
    )
    SearchPromotion.objects.create(query=query, page=knee["en"], sort_order=1)

    html = search(client, "en", "CARTILAGE ")
    promoted = html.select(".search-result--promoted")
    assert [p.select_one("h2 a").text for p in promoted] == [
        "Services",
        KNEE_EN["title"],
    ]
    assert all(
        p.select_one(".search-result__badge").text == "Recommended" for p in promoted
    )
    assert (
        promoted[0].select_one(".search-result__excerpt").text
        == "Book a knee assessment."
    )
    # not repeated among the ranked results
    assert result_titles(html).count(KNEE_EN["title"]) == 1

    # Chinese: the translation of a promoted page, never the English page.
    html = search(client, "zh-hans", "cartilage")
    assert [
        p.select_one("h2 a")["href"] for p in html.select(".search-result--promoted")
    ] == ["/zh-hans/insights/knee/"]
    assert html.select_one(".search-result__badge").text == "推荐"


# -- Counting searches, the report ---------------------------------------------------


def test_searches_are_counted_in_batches_not_on_the_request(client, knee):
    search(client, "en", "Cartilage")
    search(client, "en", "cartilage", page=2)  # paging is not a new search
    search(client, "en", "unicorn")
    search(client, "zh-hans", "独角兽")
    search(client, "zh-hans", "独角兽")
    assert not DailySearchCount.objects.exists()
    today = timezone.localdate()
    assert stats.pending() == {
        (today, "en", "cartilage"): [1, 0],
        (today, "en", "unicorn"): [1, 1],
        (today, "zh-hans", "独角兽"): [2, 2],
    }
    assert stats.flush() == 3
    rows = {
        (r.language_code, r.query_string): (r.searches, r.no_results)
        for r in DailySearchCount.objects.all()
    }
    assert rows == {
        ("en", "cartilage"): (1, 0),
        ("en", "unicorn"): (1, 1),
        ("zh-hans", "独角兽"): (2, 2),
    }
    search(client, "zh-hans", "独角兽")
    stats.flush()
    assert DailySearchCount.objects.get(query_string="独角兽").no_results == 3
    # Wagtail's own search terms (the promotions admin's "popular searches")
    assert QueryDailyHits.objects.get(query__query_string="独角兽").hits == 3


def test_unanswered_searches_report(client, knee, admin_user):
    for query in ["unicorn", "unicorn", "cartilage"]:
        search(client, "en", query)
    search(client, "zh-hans", "独角兽")
    search(client, "zh-hans", "unicorn")
    stats.flush()
    client.force_login(admin_user)
    response = client.get("/admin/reports/unanswered-searches/")
    html = soup(response)
    rows = [
        [td.text.strip() for td in tr.select("td")][:3]
        for tr in html.select("table tbody tr")
    ]
    assert rows == [
        ["unicorn", "English", "2"],
        ["unicorn", "中文", "1"],
        ["独角兽", "中文", "1"],
    ]
    html = soup(
        client.get("/admin/reports/unanswered-searches/", {"language_code": "zh-hans"})
    )
    assert [
        tr.select("td")[0].text.strip() for tr in html.select("table tbody tr")
    ] == ["unicorn", "独角兽"]
    menu = client.get("/admin/").content.decode()
    assert "/admin/reports/unanswered-searches/" in menu


def test_unanswered_searches_report_needs_permission(client, db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    user = get_user_model().objects.create_user("editor", password="x")
    group = Group.objects.create(name="Editors only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    assert client.get("/admin/reports/unanswered-searches/").status_code in (302, 403)
    group.permissions.add(Permission.objects.get(codename="view_dailysearchcount"))
    assert client.get("/admin/reports/unanswered-searches/").status_code == 200


# -- How queries are read ------------------------------------------------------------


def test_query_tiers():
    parsed = parse("干细胞治疗膝关节 Knee")
    assert [t.text for t in parsed.english] == ["knee"]
    levels = list(tiers(parsed))
    assert len(levels) == 3
    assert [t.text for t in levels[1].highlight] == ["knee", "干细胞", "治疗", "膝关节"]
    assert levels[2].any_word
    assert len(list(tiers(parse("软骨")))) == 1
    assert list(tiers(parse("a AND OR NOT"))) == []


def test_marketers_see_the_report_and_manage_promotions(client, home, db):
    from django.contrib.auth import get_user_model

    from staff.roles import ensure_roles

    marketers, translators = ensure_roles()
    user = get_user_model().objects.create_user("mia", password="x")
    user.groups.add(marketers)
    assert user.has_perm("search.view_dailysearchcount")
    assert user.has_perm("wagtailsearchpromotions.add_searchpromotion")
    client.force_login(user)
    assert client.get("/admin/reports/unanswered-searches/").status_code == 200
