"""The memo of site-wide data (serving/cache/memo.py): `memoize_many` and the
article teasers built on it (blog/queries.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from blog.queries import article_teasers
from serving.cache import version
from serving.cache.memo import memoize, memoize_many
from tests.factories import ArticlePageFactory, CategoryFactory


@pytest.fixture(autouse=True)
def _memo_on(settings):
    settings.MEMO_CACHE_ENABLED = True
    settings.PAGE_CACHE_ENABLED = False


class Computer:
    """A compute function that records what it was asked for."""

    def __init__(self, values: dict):
        self.values = values
        self.calls: list[list] = []

    def __call__(self, missing: list) -> dict:
        self.calls.append(list(missing))
        return {item: self.values[item] for item in missing if item in self.values}


def test_computes_the_missing_items_at_once_and_caches_each(db):
    compute = Computer({1: "one", 2: "two", 3: "three"})
    with version.request_scope():
        assert memoize_many("numbers", [1, 2], compute=compute) == {1: "one", 2: "two"}
    with version.request_scope():
        found = memoize_many("numbers", [2, 3, 1], compute=compute)

    assert found == {2: "two", 3: "three", 1: "one"}
    assert list(found) == [2, 3, 1]  # in the order asked
    assert compute.calls == [[1, 2], [3]]
    # Under the keys memoize() uses: either reads the other's entries.
    with version.request_scope():
        assert memoize("numbers", 3, compute=lambda: "not computed") == "three"


def test_items_without_a_value_are_left_out_and_asked_again(db):
    compute = Computer({1: "one"})
    with version.request_scope():
        assert memoize_many("numbers", [1, 99], compute=compute) == {1: "one"}
    with version.request_scope():
        assert memoize_many("numbers", [1, 99], compute=compute) == {1: "one"}
    assert compute.calls == [[1, 99], [99]]


def test_a_new_content_version_computes_again(db):
    compute = Computer({1: "one"})
    with version.request_scope():
        memoize_many("numbers", [1], compute=compute)
    version.bump()
    with version.request_scope():
        memoize_many("numbers", [1], compute=compute)
    assert compute.calls == [[1], [1]]


def test_a_failing_cache_means_computing_never_an_error(db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    compute = Computer({1: "one", 2: "two"})
    with version.request_scope():
        assert memoize_many("numbers", [1, 2], compute=compute) == {
            1: "one",
            2: "two",
        }


def test_switched_off_it_computes_once_per_request(db, settings):
    settings.MEMO_CACHE_ENABLED = False
    compute = Computer({1: "one"})
    with version.request_scope():
        memoize_many("numbers", [1], compute=compute)
        memoize_many("numbers", [1], compute=compute)
    with version.request_scope():
        memoize_many("numbers", [1], compute=compute)
    assert compute.calls == [[1], [1]]


def test_teasers_are_read_once_for_every_page_that_shows_them(blog_index):
    category = CategoryFactory()
    articles = [
        ArticlePageFactory(parent=blog_index, category=category) for _ in range(4)
    ]
    ids = [article.pk for article in articles]
    with version.request_scope():
        first = article_teasers(ids[:2])

    with CaptureQueriesContext(connection) as captured, version.request_scope():
        teasers = article_teasers(ids)

    assert [teasers[pk].title for pk in ids] == [a.title for a in articles]
    assert teasers[ids[0]].category == category  # joined in, no query
    assert first[ids[0]].pk == ids[0]
    # One query for the two not read before, none for the first two.
    assert len(captured) == 1, [q["sql"] for q in captured]
    assert all(str(pk) not in captured[0]["sql"] for pk in ids[:2])


def test_a_page_whose_neighbours_were_shown_reads_no_teaser(client, blog_index):
    category = CategoryFactory()
    articles = [
        ArticlePageFactory(parent=blog_index, category=category) for _ in range(5)
    ]
    for article in articles[:4]:
        client.get(article.url)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(articles[2].url)

    assert response.status_code == 200
    assert response.context["related_articles"]
    assert not any(
        '"blog_articlepage"."page_ptr_id" IN' in query["sql"] for query in captured
    ), [query["sql"][:120] for query in captured]
