"""The memo of site-wide data (serving/cache/memo.py): `memoize_many` and the
article teasers built on it (blog/queries.py)."""

from unittest import mock

from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest

from blog.queries import article_teasers
from serving.cache import version
from serving.cache.memo import ProcessMemo, memoize, memoize_many
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


# -- site-wide values kept in the process (memoize(..., in_process=True)) ---------


class Counted:
    """A compute function returning a new object each call, counting them."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict:
        self.calls += 1
        return {"call": self.calls}


def test_a_site_wide_value_is_the_same_object_for_every_request(db):
    compute = Counted()
    with version.request_scope():
        first = memoize("menu-like", 1, compute=compute, in_process=True)
    with version.request_scope():
        again = memoize("menu-like", 1, compute=compute, in_process=True)

    # Not unpickled from Django's cache again: the object itself.
    assert again is first
    assert compute.calls == 1


def test_other_values_are_copies_from_the_shared_cache(db):
    compute = Counted()
    with version.request_scope():
        first = memoize("per-page", 1, compute=compute)
    with version.request_scope():
        again = memoize("per-page", 1, compute=compute)

    assert again == first and again is not first
    assert compute.calls == 1


def test_a_new_content_version_reaches_the_process_memo_at_once(db):
    compute = Counted()
    with version.request_scope():
        memoize("menu-like", 1, compute=compute, in_process=True)
    version.bump()  # a publish, maybe in another process
    with version.request_scope():
        fresh = memoize("menu-like", 1, compute=compute, in_process=True)

    assert fresh == {"call": 2}


def test_another_process_publishing_is_seen_at_once(db, settings, tmp_path):
    # gunicorn workers on one machine share the version through a file.
    settings.CONTENT_VERSION_FILE = str(tmp_path / "content-version")
    compute = Counted()
    with version.request_scope():
        memoize("menu-like", 1, compute=compute, in_process=True)
    (tmp_path / "content-version").write_text("published-by-another-worker")
    with version.request_scope():
        fresh = memoize("menu-like", 1, compute=compute, in_process=True)

    assert fresh == {"call": 2}


def test_a_transactions_own_changes_are_not_kept_for_other_requests(db):
    compute = Counted()
    with version.request_scope():
        live = memoize("menu-like", 1, compute=compute, in_process=True)

    with pytest.raises(RuntimeError), transaction.atomic():
        version.bump_on_commit()  # an editor's change, not committed yet
        with version.request_scope():
            draft = memoize("menu-like", 1, compute=compute, in_process=True)
        raise RuntimeError("rolled back")

    with version.request_scope():
        again = memoize("menu-like", 1, compute=compute, in_process=True)
    assert draft == {"call": 2}
    # The live value is still the one kept: the draft neither replaced it nor
    # made the process drop it.
    assert again is live


def test_the_process_memo_stays_small(db, monkeypatch):
    monkeypatch.setattr(ProcessMemo, "MAX_ENTRIES", 3)
    compute = Counted()
    with version.request_scope():
        first = memoize("menu-like", 0, compute=compute, in_process=True)
    for part in range(1, 4):  # the fourth value empties it before it is kept
        with version.request_scope():
            memoize("menu-like", part, compute=compute, in_process=True)
    with version.request_scope():
        again = memoize("menu-like", 0, compute=compute, in_process=True)

    assert again == first and again is not first  # from Django's cache again
    assert compute.calls == 4


def test_kept_no_longer_than_the_shared_memo(db, settings):
    settings.MEMO_CACHE_SECONDS = -1  # already expired when kept
    compute = Counted()
    for _ in range(2):
        with version.request_scope():
            memoize("menu-like", 1, compute=compute, in_process=True)
    assert compute.calls == 2


# Committed (and the migrated tree restored after): inside the test's transaction,
# every version would be that transaction's own, which is never kept in the process.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_article_reads_the_site_wide_values_from_the_process(client, blog_index):
    articles = [ArticlePageFactory(parent=blog_index) for _ in range(3)]
    client.get(articles[0].url)  # the first page after a publish: everything read

    read: list[str] = []
    real_get, real_get_many = version.cache_get, version.cache_get_many

    def cache_get(key, default=None):
        read.append(key)
        return real_get(key, default)

    def cache_get_many(keys):
        read.extend(keys)
        return real_get_many(keys)

    with (
        mock.patch.object(version, "cache_get", cache_get),
        mock.patch.object(version, "cache_get_many", cache_get_many),
    ):
        assert client.get(articles[1].url).status_code == 200

    names = {key.split(":")[2] for key in read if key.startswith("memo:")}
    # The article's own entries come from Django's cache; the menu, the settings,
    # the locales and the index's summary do not.
    assert "route-child" in names
    assert not names & {
        "menu",
        "site-settings",
        "locales",
        "index-summary",
        "parent",
    }, " ".join(sorted(names))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_served_page_is_never_shared_between_requests(client, home):
    # before_serve_page hooks may set attributes on the page being served.
    first = client.get(home.url).context["page"]
    again = client.get(home.url).context["page"]
    assert first == again and first is not again


def test_showing_more_teasers_costs_no_more_queries(client, blog_index):
    """Teasers are read with only the columns they show: a column a card or a
    link used but the query left out would cost one query per teaser."""
    category = CategoryFactory()

    def first_visit_queries(count: int) -> int:
        articles = [
            ArticlePageFactory(parent=blog_index, category=category)
            for _ in range(count)
        ]
        middle = articles[count // 2]
        cache.clear()  # nothing shown yet: every teaser and card made afresh
        with CaptureQueriesContext(connection) as captured:
            response = client.get(middle.url)
        assert response.status_code == 200
        return len(captured), len(response.context["related_articles"])

    few, none_related = first_visit_queries(1)
    many, related = first_visit_queries(6)
    assert none_related == 0 and related == 3
    assert many == few + 1, "one query for all the teasers, whatever their number"
