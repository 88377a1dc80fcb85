"""The page cache: whole responses for anonymous visitors, fresh after every change."""

import os
import pickle
import re
import threading
import time

from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

import pytest
import redis
from bs4 import BeautifulSoup

from blog.models import ARTICLES_PER_PAGE
from home.models import ClinicSettings, SiteText
from search import stats
from serving.cache import page_cache, signals, version
from site_config.settings.base import redis_cache
from tests.factories import ArticlePageFactory, StandardPageFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(home):
    return StandardPageFactory(parent=home, title="About us", slug="about")


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get("X-Cache")


def test_second_anonymous_request_is_a_hit_with_the_same_content(client, page):
    first, state1 = get(client, page.url)
    second, state2 = get(client, page.url)
    assert (state1, state2) == ("MISS", "HIT")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert second["ETag"] == first["ETag"]


def test_publishing_makes_the_page_fresh_at_once(
    client, page, django_capture_on_commit_callbacks
):
    get(client, page.url)
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "About the clinic"
        page.save_revision().publish()
    response, state = get(client, page.url)
    assert state == "MISS"
    assert "About the clinic" in response.content.decode()


def test_saving_a_draft_keeps_the_cached_pages(
    client, page, django_capture_on_commit_callbacks
):
    # Editors save drafts all day: each would otherwise empty the whole cache.
    get(client, page.url)
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "A draft title"
        page.save_revision()
    response, state = get(client, page.url)
    assert state == "HIT"
    assert "A draft title" not in response.content.decode()


def test_publishing_an_article_refreshes_the_index_and_the_home_page(
    client, home, blog_index
):
    ArticlePageFactory(parent=blog_index, title="First article")
    for url in (home.url, blog_index.url):
        get(client, url)
        assert get(client, url)[1] == "HIT"
    ArticlePageFactory(parent=blog_index, title="Brand new article")
    for url in (home.url, blog_index.url):
        response, state = get(client, url)
        assert state == "MISS"
        assert "Brand new article" in response.content.decode()


def test_unpublishing_and_deleting_pages_bump(client, home, blog_index):
    article = ArticlePageFactory(parent=blog_index, title="Going away")
    url = article.url
    assert get(client, url)[0].status_code == 200
    article.unpublish()
    assert get(client, url)[0].status_code == 404
    article.save_revision().publish()
    assert get(client, url)[0].status_code == 200
    article.delete()
    assert get(client, url)[0].status_code == 404
    assert "Going away" not in get(client, blog_index.url)[0].content.decode()


def test_saving_a_setting_makes_every_page_fresh(client, page):
    get(client, page.url)
    clinic = ClinicSettings.for_site(page.get_site())
    clinic.phone = "+65 6999 0000"
    clinic.save()
    response, state = get(client, page.url)
    assert state == "MISS"
    assert "+65 6999 0000" in response.content.decode()


def test_saving_a_snippet_makes_every_page_fresh(client, page):
    get(client, page.url)
    text = SiteText.objects.get()
    text.tagline = "A brand new tagline"
    text.save()
    response, state = get(client, page.url)
    assert state == "MISS"
    assert "A brand new tagline" in response.content.decode()


def test_a_new_redirect_replaces_a_404(client, page):
    assert get(client, "/en/old-about/")[0].status_code == 404
    Redirect.objects.create(old_path="/en/old-about", redirect_page=page)
    response, _state = get(client, "/en/old-about/")
    assert response.status_code in (301, 302)


def test_logged_in_visitors_are_never_cached_nor_served_the_cache(
    client, page, admin_user
):
    get(client, page.url)
    client.force_login(admin_user)
    response, state = get(client, page.url)
    assert state is None
    assert "private" in response["Cache-Control"]
    assert "wagtail-userbar" in response.content.decode()
    client.logout()
    assert "wagtail-userbar" not in get(client, page.url)[0].content.decode()


def test_reading_the_user_of_a_shareable_request_costs_no_query(
    db, django_assert_num_queries
):
    # Shareable requests carry no session cookie: request.user is AnonymousUser
    # without a session read.
    request = RequestFactory().get("/en/about/")
    SessionMiddleware(lambda r: None).process_request(request)
    AuthenticationMiddleware(lambda r: None).process_request(request)
    assert page_cache.is_shareable_request(request)
    with django_assert_num_queries(0):
        assert page_cache.is_shareable_response(request, HttpResponse("About us"))
        assert not request.user.is_authenticated


def test_a_session_cookie_bypasses_the_cache(client, page):
    get(client, page.url)
    client.cookies["sessionid"] = "not-a-real-session"
    assert get(client, page.url)[1] is None


def test_responses_that_set_cookies_are_not_cached(client, page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    first, state = get(client, page.url)
    assert first.status_code == 200
    assert "csrftoken" in first.cookies  # the password form
    assert state is None
    assert "private" in first["Cache-Control"] or "no-store" in first["Cache-Control"]
    assert get(client, page.url)[1] is None


def test_post_requests_are_not_cached(client, contact_page):
    get(client, contact_page.url)
    response = client.post(contact_page.url, {"full_name": "Tan"})
    assert response.get("X-Cache") is None
    assert "private" in response["Cache-Control"]


def test_the_contact_page_is_private_with_a_real_csrf_token(client, contact_page):
    """Its form holds this visitor's CSRF token, so the page is never shared."""
    for _ in range(2):
        response, state = get(client, contact_page.url)
        assert response.status_code == 200
        assert state is None  # neither a HIT nor stored (MISS)
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "csrftoken" in response.cookies
        html = BeautifulSoup(response.content, "html.parser")
        token = html.select_one(".contact-form input[name=csrfmiddlewaretoken]")
        assert token is not None and len(token["value"]) == 64
        # The spam check's "form shown at" time comes with the form itself.
        assert html.select_one(".contact-form input[name=form-token]")["value"]


def test_a_post_with_the_pages_token_passes_the_csrf_check(contact_page):
    browser = Client(enforce_csrf_checks=True)
    page = BeautifulSoup(browser.get(contact_page.url).content, "html.parser")
    hidden = {
        field["name"]: field.get("value", "")
        for field in page.select(".contact-form input[type=hidden]")
    }
    response = browser.post(contact_page.url, {**hidden, "full_name": "Tan"})
    assert response.status_code == 200  # the form's own checks answer


@pytest.mark.parametrize(
    "origin", [{"HTTP_ORIGIN": "https://evil.example"}, {}], ids=["origin", "none"]
)
def test_a_cross_site_post_without_token_is_refused_and_echoes_nothing(
    contact_page, origin
):
    """Django's own 403: the visitor's (or an attacker's) text is never shown."""
    browser = Client(enforce_csrf_checks=True)
    data = {
        "full_name": "Attacker-Name-7f3a",
        "email": "attacker-7f3a@example.com",
        "message": "<b>Injected-7f3a</b> please call +65 0000 7f3a",
        "privacy-consent": "on",
        "website": "",
    }
    response = browser.post(contact_page.url, data, **origin)
    assert response.status_code == 403
    body = response.content.decode()
    assert "7f3a" not in body  # in every posted text
    assert "Injected" not in body and "Attacker" not in body
    assert "private" in response["Cache-Control"]
    assert response.get("X-Cache") is None


def test_analytics_parameters_share_the_entry_page_numbers_do_not(client, blog_index):
    for number in range(ARTICLES_PER_PAGE + 1):
        ArticlePageFactory(parent=blog_index, title=f"Article {number}")
    get(client, blog_index.url)
    assert get(client, blog_index.url + "?utm_source=newsletter&fbclid=x")[1] == "HIT"
    assert get(client, blog_index.url + "?page=2")[1] == "MISS"
    assert get(client, blog_index.url + "?page=2&utm_medium=email")[1] == "HIT"


def test_other_parameters_are_served_the_entry_without_them_never_stored(
    client, blog_index
):
    # Nothing stored for a made-up parameter, not even the page without it...
    assert get(client, blog_index.url + "?junk=1")[1] is None
    assert get(client, blog_index.url)[1] == "MISS"
    # ... which then answers it, and every other made-up parameter.
    for query in ("?junk=2", "?utm_source=mail", "?page=abc", "?page=1&page=x"):
        response, state = get(client, blog_index.url + query)
        assert (response.status_code, state) == (200, "HIT")


def test_a_copy_rendered_with_made_up_parameters_is_not_stored(client, home):
    # What a page shows may carry its full URL (the language switcher falls back
    # to it): a copy rendered for a campaign link must not be everyone's page.
    response, state = get(client, home.url + "?utm_source=attacker&x=%22%3E")
    assert response.status_code == 200 and state is None
    assert get(client, home.url)[1] == "MISS"


def test_page_numbers_past_the_end_are_not_stored(client, blog_index):
    ArticlePageFactory(parent=blog_index, title="The only article")
    response, state = get(client, blog_index.url + "?page=999")
    assert response.status_code == 200 and "The only article" in response.text
    assert state is None and "no-store" in response["Cache-Control"]
    assert get(client, blog_index.url + "?page=1")[1] == "MISS"
    assert get(client, blog_index.url + "?page=1")[1] == "HIT"


def test_a_query_of_blanks_is_not_stored(client, home):
    for query in ("?q=+", "?q=%09%0A", "?q=+&page=2"):
        response, state = get(client, "/en/search/" + query)
        assert response.status_code == 200 and state is None
    assert get(client, "/en/search/")[1] == "MISS"


def test_missing_pages_are_not_stored(client, home):
    for _ in range(2):
        response, state = get(client, "/en/no-such-page-123/")
        assert response.status_code == 404 and state is None
        assert "public" in response["Cache-Control"]  # Varnish may keep it a minute
    key = page_cache.cache_key(RequestFactory().get("/en/no-such-page-123/"), "v")
    assert cache.get(f"{key}:rendering") is None  # its claim is gone too


def test_searches_are_not_cached_and_each_is_counted_once(client, blog_index):
    stats.discard()
    ArticlePageFactory(parent=blog_index, title="Stem cells explained")
    for _ in range(2):
        response, state = get(client, "/en/search/?q=stem")
        assert response.status_code == 200
        assert "Stem cells explained" in response.content.decode()
        assert state is None
        assert "private" in response["Cache-Control"]
    counts = [value[0] for key, value in stats.pending().items() if key[2] == "stem"]
    assert counts == [2]
    stats.discard()


# Production's Redis settings (ignore errors, fail fast), with nothing listening.
REDIS_DOWN = {"default": redis_cache("redis://127.0.0.1:1/0")}


def test_when_the_cache_is_down_pages_are_served_uncached(client, page, settings):
    settings.CACHES = REDIS_DOWN
    settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    for _ in range(2):
        response, state = get(client, page.url)
        assert response.status_code == 200
        assert state is None
        assert "About us" in response.content.decode()


def test_a_cache_back_from_an_outage_does_not_serve_pages_from_before_it(
    client, page, settings
):
    # As a Redis restarted from its disk, or at the end of a network partition: the
    # cache comes back with the version and pages from before a publish it missed.
    get(client, page.url)
    assert get(client, page.url)[1] == "HIT"
    up = settings.CACHES
    settings.CACHES = REDIS_DOWN
    settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    page.title = "Published while the cache was down"
    page.save_revision().publish()
    assert page.title in get(client, page.url)[0].content.decode()
    settings.CACHES = up  # local memory: still holds the old version and page
    response, state = get(client, page.url)
    assert state == "MISS"
    assert page.title in response.content.decode()
    assert get(client, page.url)[1] == "HIT"


def test_a_page_another_request_is_rendering_is_waited_for(client, page):
    key = page_cache.cache_key(RequestFactory().get(page.url), version.get())
    assert page_cache.claim(key)  # as a request in another worker would

    def other_request_finishes():
        time.sleep(0.1)
        copy = page_cache.Entry(200, [], b"rendered by the other request", time.time())
        page_cache.store(key, copy)
        page_cache.release(key)

    threading.Thread(target=other_request_finishes).start()
    response, state = get(client, page.url)
    assert (state, response.content) == ("HIT", b"rendered by the other request")


def test_a_request_that_ends_without_a_copy_leaves_the_rendering_to_others(
    client, page
):
    key = page_cache.cache_key(RequestFactory().get(page.url), version.get())
    assert page_cache.claim(key)
    threading.Timer(0.1, page_cache.release, [key]).start()
    response, state = get(client, page.url)
    assert state == "MISS"
    assert "About us" in response.content.decode()


def test_a_claim_left_by_a_worker_that_lost_redis_holds_others_under_a_second(
    client, page
):
    # `make two-nodes` under load: a worker claimed the rendering of a page after
    # a publish, then its Redis timed out (a busy machine), so neither its copy
    # nor the release of its claim reached Redis; every other worker, on both
    # nodes and behind Varnish, waited 5 s for a copy that never came.
    key = page_cache.cache_key(RequestFactory().get(page.url), version.get())
    assert page_cache.claim(key)  # ... and that worker is never heard of again
    start = time.monotonic()
    response, state = get(client, page.url)
    assert time.monotonic() - start < 1.5
    assert state == "MISS"
    assert "About us" in response.content.decode()


def test_a_page_never_shared_is_not_waited_for(client, contact_page):
    # The contact page is private: its first answer leaves a note, so that a
    # request for it renders at once instead of waiting for another's copy.
    get(client, contact_page.url)
    key = page_cache.cache_key(RequestFactory().get(contact_page.url), version.get())
    assert isinstance(page_cache.fetch(key), page_cache.NotShared)
    assert page_cache.claim(key)  # as if another request were rendering it
    start = time.monotonic()
    response, state = get(client, contact_page.url)
    assert time.monotonic() - start < page_cache.RENDER_WAIT_SECONDS / 2
    assert response.status_code == 200 and state is None
    page_cache.release(key)


def _redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.2).ping()
    except redis.exceptions.RedisError:
        return False


@pytest.mark.skipif(not _redis_available(), reason=f"no Redis at {REDIS_URL}")
def test_with_redis_every_worker_sees_the_new_version(client, page, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{os.getpid()}",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    try:
        get(client, page.url)
        assert get(client, page.url)[1] == "HIT"
        # Another worker bumps the version in Redis: this one sees it at once.
        redis.Redis.from_url(REDIS_URL).set(
            f"test-{os.getpid()}:1:{version.VERSION_KEY}",
            pickle.dumps("from-another-worker"),
        )
        assert get(client, page.url)[1] == "MISS"
    finally:
        cache.clear()


def test_the_version_file_is_shared_by_processes(settings, tmp_path):
    settings.CONTENT_VERSION_FILE = str(tmp_path / "content-version")
    first = version.get()
    assert first and (tmp_path / "content-version").read_text() == first
    (tmp_path / "content-version").write_text("set-by-another-worker")
    assert version.get() == "set-by-another-worker"
    bumped = version.bump()
    assert bumped != "set-by-another-worker"
    assert (tmp_path / "content-version").read_text() == bumped


# serialized_rollback, like every transactional test here: the flush afterwards must
# leave the database as the next such test expects it (tests/test_backup.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_in_a_transaction_is_new_for_everyone_when_it_commits():
    def from_another_worker():
        seen = []
        thread = threading.Thread(target=lambda: seen.append(version.get()))
        thread.start()
        thread.join()
        return seen[0]

    with transaction.atomic():
        before = version.get()
        signals.content_changed()
        during = version.get()
        signals.content_changed()  # one more change: new again
        again = version.get()
        # Other workers cannot read the change yet: they keep their cached pages.
        elsewhere = from_another_worker()
    assert len({before, during, again}) == 3
    assert elsewhere == before
    assert version.get() not in {before, during, again}
    assert from_another_worker() == version.get()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_rolled_back_leaves_the_version_as_it_was():
    before = version.get()
    with pytest.raises(RuntimeError), transaction.atomic():
        signals.content_changed()
        raise RuntimeError
    assert version.get() == before


def test_a_cache_that_cannot_be_read_is_an_empty_one(client, page):
    cache.set(version.VERSION_KEY, 12345)  # not a version: e.g. another release's value
    for _ in range(2):
        response = client.get(page.url)
        assert response.status_code == 200


def test_cache_key_ignores_fragments_of_other_hosts(client, page):
    get(client, page.url)
    other_host, state = get(client, page.url, HTTP_HOST="other.example.com")
    assert state == "MISS"
    assert re.search(r"<html lang=\"en\"", other_host.content.decode())


def test_previews_never_come_from_nor_go_into_the_cache(client, blog_index):
    article = ArticlePageFactory(parent=blog_index, title="Live title")
    get(client, article.url)
    assert get(client, article.url)[1] == "HIT"
    article.title = "Draft title"
    article.body = [("paragraph", RichText("<p>" + "word " * 2000 + "</p>"))]
    article.save_revision()  # saved, not published
    draft = article.get_latest_revision_as_object()
    preview = draft.make_preview_request()
    html = preview.content.decode()
    assert preview.get("X-Cache") is None
    assert "Draft title" in html
    assert "10 min read" in html  # computed for the draft, not taken from the memo
    live, _state = get(client, article.url)
    assert "Live title" in live.content.decode()
    assert "Draft title" not in live.content.decode()


def test_view_restrictions_are_a_real_queryset_read_from_the_memo(
    home, page, django_assert_num_queries
):
    """Wagtail's documented get_view_restrictions(), answered from the memo."""
    child = StandardPageFactory(parent=page, title="Team", slug="team")
    other = StandardPageFactory(parent=home, title="Services", slug="services")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert list(child.get_view_restrictions()) == [restriction]
    assert child.get_view_restrictions().filter(password="secret").exists()
    other.get_view_restrictions()  # the memo is filled
    with django_assert_num_queries(0):  # public: an empty `pk__in`, no query
        assert list(other.get_view_restrictions()) == []
