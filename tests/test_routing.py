"""Routing in fewer queries (serving/views.py, serving/cache/pages.py): the home
page in each language and its sections from the memo, an article in one query;
the answers stay Wagtail's.

Each test asks through the test client, page cache off and the memo on, as a
visitor's miss is served in production.
"""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import (
    ArticlePageFactory,
    CategoryFactory,
    ImageFactory,
    PersonFactory,
    StandardPageFactory,
)


@pytest.fixture(autouse=True)
def _memo_on_page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.MEMO_CACHE_ENABLED = True


def article(blog_index, n: int, **kwargs):
    kwargs.setdefault("slug", f"knee-article-{n}")
    return ArticlePageFactory(parent=blog_index, title=f"Knee article {n}", **kwargs)


def queries_of(client, url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [query["sql"] for query in captured]


def test_an_article_nobody_asked_for_is_found_in_one_query(client, blog_index):
    category = CategoryFactory()
    author = PersonFactory(name="Dr Lim")
    cover = ImageFactory()
    first = article(blog_index, 1, category=category, author=author, cover_image=cover)
    second = article(blog_index, 2, category=category, author=author, cover_image=cover)
    assert client.get(first.url).status_code == 200  # site-wide parts warm

    response, sql = queries_of(client, second.url)

    assert response.status_code == 200
    assert response.context["page"].pk == second.pk
    assert "Dr Lim" in response.content.decode()
    article_reads = [q for q in sql if 'FROM "blog_articlepage"' in q]
    # The route's query joins what the page shows; no second read of the article
    # as its specific type, none for its category, author or cover.
    route = article_reads[0]
    assert '"blog_category"' in route and '"wagtailimages_image"' in route
    assert not any(
        q.startswith('SELECT "blog_category"') or q.startswith('SELECT "home_person"')
        for q in sql
    ), sql
    assert len(sql) <= 8, "\n".join(sql)


def test_home_sections_come_from_the_memo(client, home, blog_index):
    client.get(blog_index.url)  # the first request finds it and memoises it

    response, sql = queries_of(client, blog_index.url)

    assert response.status_code == 200
    assert response.context["page"].specific_class is type(blog_index)
    # Only the site is looked up: no child by slug.
    assert not any(f"\"slug\" = '{blog_index.slug}'" in q for q in sql), "\n".join(sql)


def test_the_home_page_in_each_language_comes_from_the_memo(client, home, zh):
    from tests.i18n_utils import translate_fully

    chinese_home = translate_fully(home, zh)
    for url in ("/en/", "/zh-hans/"):
        client.get(url)  # memoised

        response, sql = queries_of(client, url)

        assert response.status_code == 200
        assert response.context["page"].pk == (
            chinese_home.pk if url == "/zh-hans/" else home.pk
        )
        # Wagtail's view would read the Locale, the translation and the specific
        # page before routing; only the request's Site is looked up now.
        assert not any('FROM "wagtailcore_locale"' in q for q in sql), sql
        assert not any('FROM "home_homepage"' in q for q in sql), sql


def test_a_chinese_home_page_taken_offline_serves_the_english_tree(client, home, zh):
    from tests.i18n_utils import translate_fully

    chinese_home = translate_fully(home, zh)
    assert client.get("/zh-hans/").context["page"].pk == chinese_home.pk

    chinese_home.unpublish()  # a new content version: the memo starts afresh

    # As Wagtail's `localized`: a translation that is not live is not used.
    assert client.get("/zh-hans/").context["page"].pk == home.pk


def test_password_pages_still_ask_for_the_password(client, blog_index):
    secret = article(blog_index, 1)
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="knee"
    )

    response = client.get(secret.url)

    # Wagtail's before_serve_page hook answers with its password form.
    assert response.status_code == 200
    assert b'name="password"' in response.content
    assert secret.title.encode() not in response.content


def test_unpublished_moved_and_renamed_sections_are_routed_afresh(client, home):
    about = StandardPageFactory(parent=home, title="About", slug="about")
    services = StandardPageFactory(parent=home, title="Services", slug="services")
    assert client.get("/en/about/").status_code == 200

    about.unpublish()
    assert client.get("/en/about/").status_code == 404

    about.save_revision().publish()
    assert client.get("/en/about/").status_code == 200
    about.slug = "about-us"
    about.save_revision().publish()
    assert_gone("/en/about/", client, moved_to="/en/about-us/")
    assert client.get("/en/about-us/").status_code == 200

    about.move(services, pos="last-child")
    assert_gone("/en/about-us/", client, moved_to="/en/services/about-us/")
    assert client.get("/en/services/about-us/").status_code == 200


def assert_gone(url: str, client, moved_to: str):
    """Not served at `url` any more: a 404, or Wagtail's redirect to `moved_to`."""
    response = client.get(url)
    assert response.status_code in (301, 404), (url, response.status_code)
    if response.status_code == 301:
        assert response["Location"] == moved_to


def test_made_up_slugs_answer_404_and_fill_no_cache(client, home, blog_index):
    client.get(home.url)
    client.get(blog_index.url)
    client.get("/en/warm-the-404-page/")
    keys_before = len(cache._cache)

    for n in range(30):
        assert client.get(f"/en/no-such-section-{n}/").status_code == 404
        assert client.get(f"{blog_index.url}no-such-article-{n}/").status_code == 404

    assert len(cache._cache) == keys_before


def test_drafts_and_private_articles_are_not_served(client, blog_index):
    draft = article(blog_index, 1)
    draft.unpublish()
    private = article(blog_index, 2)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get(f"{blog_index.url}knee-article-1/").status_code == 404
    response = client.get(private.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_child_of_another_type_under_insights_is_still_found(client, blog_index):
    # Page types allow only articles here, but the tree API does not stop code
    # (an import, a shell) from putting another page under the index.
    odd = StandardPageFactory(parent=blog_index, title="Odd one", slug="odd-one")

    response = client.get(odd.url)

    assert response.status_code == 200
    assert response.context["page"].pk == odd.pk


def test_index_routes_still_come_before_children(client, blog_index):
    category = CategoryFactory(slug="knees")
    article(blog_index, 1, category=category)
    # An article slugged like a route does not hide the route.
    article(blog_index, 2, slug="feed")

    assert client.get(f"{blog_index.url}category/knees/").status_code == 200
    feed = client.get(f"{blog_index.url}feed/")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/rss+xml")


def test_chinese_articles_are_routed_in_their_tree(client, blog_index, zh):
    from tests.i18n_utils import translate_fully

    english = article(blog_index, 1)
    chinese = translate_fully(english, zh)

    response = client.get(chinese.url)

    assert chinese.url.startswith("/zh-hans/")
    assert response.status_code == 200
    assert response.context["page"].pk == chinese.pk
    assert chinese.title in response.content.decode()
