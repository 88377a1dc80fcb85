"""Redis failing under the site: hung, stopped, or full of a visitor's junk.

Each test uses its own throwaway Redis (tests/redis_faults.py), never the shared
one: a black hole, or a private redis-server (skipped without one, except in
CI). Timings are not asserted (deploy/cache_faults.py measures them against
gunicorn): what is asserted is how often the site asked Redis, what it served
and what it stored.
"""

import threading
import time
import types

from django.core.cache import cache

import pytest

from enquiries.models import ContactSubmission
from serving.cache import breaker, page_cache, version
from site_config.settings.base import redis_cache
from tests.factories import StandardPageFactory
from tests.redis_faults import BlackHole, PrivateRedis, require_redis_server
from tests.test_admin_security import page_messages, sign_in, signed_in
from tests.test_contact_safety import LANDING, send, soup, template_names


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def use_redis(settings):
    """Point Django's cache at `url`, with production's options (settings/base.py)."""

    def use(url: str, retry_after: float = 5) -> None:
        settings.CACHES = {"default": redis_cache(url)}
        settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
        settings.REDIS_RETRY_AFTER = retry_after

    yield use


@pytest.fixture
def breaker_clock(monkeypatch):
    """The circuit breaker's clock, still until a test moves it: no test depends
    on how fast this machine serves a page."""
    now = [time.monotonic()]
    monkeypatch.setattr(
        breaker, "time", types.SimpleNamespace(monotonic=lambda: now[0])
    )
    return now


@pytest.fixture
def black_hole():
    hole = BlackHole()
    yield hole
    hole.close()


@pytest.fixture
def private_redis(tmp_path):
    require_redis_server()
    server = PrivateRedis(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def page(home):
    return StandardPageFactory(parent=home, title="About us", slug="about")


def test_a_hung_redis_is_asked_once_then_left_alone(
    client, page, use_redis, black_hole, breaker_clock
):
    use_redis(black_hole.url)
    for _ in range(5):
        response = client.get(page.url)
        assert response.status_code == 200
        assert "About us" in response.content.decode()
        assert response.get("X-Cache") is None  # served uncached
    # One connection, its first command unanswered: then no more for a while.
    assert len(black_hole.accepted) == 1
    assert breaker.cache_unavailable(cache)


def test_sixteen_threads_each_wait_for_a_hung_redis_at_most_once(use_redis, black_hole):
    # As 16 visitors at once, each making ten look-ups (the page itself is served
    # by gunicorn in deploy/cache_faults.py, which prints the request times).
    use_redis(black_hole.url)
    done = []

    def visitor():
        for number in range(10):
            assert cache.get(f"fragment-{number}") is None
        done.append(True)

    threads = [threading.Thread(target=visitor) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(done) == 16
    # At most one connection per visitor, however many look-ups each made.
    assert len(black_hole.accepted) <= 16


def test_after_the_pause_one_request_tries_redis_again(
    client, page, use_redis, black_hole, monkeypatch
):
    use_redis(black_hole.url, retry_after=5)
    now = [time.monotonic()]  # the breaker's clock, moved by hand
    monkeypatch.setattr(
        breaker, "time", types.SimpleNamespace(monotonic=lambda: now[0])
    )
    client.get(page.url)
    assert len(black_hole.accepted) == 1
    now[0] += 4
    client.get(page.url)
    assert len(black_hole.accepted) == 1  # left alone
    now[0] += 2
    client.get(page.url)
    assert len(black_hole.accepted) == 2  # tried again, once


def test_healthz_names_a_hung_cache_and_stays_200(client, db, use_redis, black_hole):
    use_redis(black_hole.url)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"degraded: cache\n"


def test_healthz_is_ok_with_a_redis_that_answers(client, db, use_redis, private_redis):
    use_redis(private_redis.url)
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_a_stopped_redis_serves_pages_uncached_then_cached_again(
    client, page, use_redis, private_redis
):
    use_redis(private_redis.url, retry_after=0.2)
    client.get(page.url)
    assert client.get(page.url)["X-Cache"] == "HIT"
    private_redis.stop()
    for _ in range(3):
        response = client.get(page.url)
        assert response.status_code == 200 and response.get("X-Cache") is None
    assert client.get("/healthz").content == b"degraded: cache\n"
    private_redis.start()
    time.sleep(0.3)
    states = [client.get(page.url)["X-Cache"] for _ in range(2)]
    assert states == ["MISS", "HIT"]
    assert client.get("/healthz").content == b"ok\n"


def test_no_stale_page_after_a_publish_made_while_redis_was_stopped(
    client, page, use_redis, private_redis, django_capture_on_commit_callbacks
):
    use_redis(private_redis.url, retry_after=0.2)
    client.get(page.url)
    assert client.get(page.url)["X-Cache"] == "HIT"
    # Stopped with the old version and page on its disk, and restarted from them.
    private_redis.stop(save=True)
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Published while Redis was stopped"
        page.save_revision().publish()
    assert page.title in client.get(page.url).content.decode()
    private_redis.start()
    assert private_redis.client().dbsize() > 0  # it came back with the old pages
    time.sleep(0.3)
    for _ in range(3):
        assert page.title in client.get(page.url).content.decode()


def test_a_redis_that_was_only_slow_keeps_its_pages(
    client, page, use_redis, private_redis, breaker_clock
):
    # A timeout on a busy machine: emptying the cache would make it busier still.
    use_redis(private_redis.url)
    client.get(page.url)
    assert client.get(page.url)["X-Cache"] == "HIT"
    private_redis.client().client_pause(500)  # Redis answers nothing for 0.5 s
    response = client.get(page.url)
    assert response.status_code == 200 and response.get("X-Cache") is None
    time.sleep(0.6)
    breaker_clock[0] += 6  # past REDIS_RETRY_AFTER
    assert client.get(page.url)["X-Cache"] == "HIT"


def test_a_publish_while_redis_hangs_shows_once_it_answers(
    client,
    page,
    use_redis,
    private_redis,
    breaker_clock,
    django_capture_on_commit_callbacks,
):
    use_redis(private_redis.url)
    client.get(page.url)
    assert client.get(page.url)["X-Cache"] == "HIT"
    private_redis.client().client_pause(500)
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Published while Redis hung"
        page.save_revision().publish()  # its new version cannot be stored
    time.sleep(0.6)
    breaker_clock[0] += 6
    response = client.get(page.url)
    assert response["X-Cache"] == "MISS" and page.title in response.text


def version_in_redis(server) -> bytes | None:
    """The content version as another worker would read it from Redis."""
    keys = server.client().keys("*content-version")
    return server.client().get(keys[0]) if keys else None


# Committed for real (transaction=True): the new version reaches Redis at commit.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_stores_its_version_while_this_process_pauses_redis(
    client, page, use_redis, private_redis, breaker_clock
):
    # Redis answers again, but this worker still pauses it after a timeout (its
    # clock stands still): the publish must not wait the pause out, or the other
    # workers serve the old pages meanwhile.
    use_redis(private_redis.url)
    client.get(page.url)
    assert client.get(page.url)["X-Cache"] == "HIT"
    before = version_in_redis(private_redis)
    private_redis.client().client_pause(300)
    assert client.get(page.url).get("X-Cache") is None  # timed out: paused now
    time.sleep(0.4)
    page.title = "Published while this worker paused Redis"
    page.save_revision().publish()
    assert version_in_redis(private_redis) not in (None, before)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_version_left_pending_is_stored_without_another_request(
    client, page, use_redis, private_redis
):
    # The worker that published gets no further request: its pending version must
    # still reach Redis when it answers, for the other workers to see the publish.
    use_redis(private_redis.url, retry_after=0.2)
    client.get(page.url)
    before = version_in_redis(private_redis)
    private_redis.stop(save=True)
    page.title = "Published while Redis was stopped"
    page.save_revision().publish()
    private_redis.start()
    assert version_in_redis(private_redis) == before  # back from its disk
    deadline = time.monotonic() + 10
    while version_in_redis(private_redis) == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert version_in_redis(private_redis) != before


def test_a_dropped_connection_starts_a_new_version(
    client, page, use_redis, private_redis
):
    # Redis restarted between two requests of this process (which never saw it
    # down): it may have come back without a publish another process made.
    use_redis(private_redis.url)
    client.get(page.url)
    before = version.get()
    assert client.get(page.url)["X-Cache"] == "HIT"
    private_redis.client().client_kill_filter(skipme=True)
    assert client.get(page.url)["X-Cache"] == "MISS"
    assert version.get() != before


def test_the_page_cache_claim_fails_open_on_a_hung_redis(
    rf, page, use_redis, black_hole
):
    use_redis(black_hole.url)
    key = page_cache.cache_key(rf.get(page.url), "v")
    assert page_cache.claim(key)  # nobody else is rendering it, as far as we know


# --- Counters that protect sign-in and the contact form -----------------------------


def test_sign_in_stays_locked_with_redis_unreachable(
    client, admin_user, use_redis, black_hole
):
    use_redis(black_hole.url)
    for _attempt in range(8):
        response = sign_in(client, password="wrong")
        assert response.status_code == 200 and not signed_in(client)
    response = sign_in(client)  # the right password
    assert not signed_in(client)
    assert "Too many failed sign-in attempts" in page_messages(response)


def test_the_sixth_enquiry_is_refused_with_redis_unreachable(
    client, contact_page, use_redis, private_redis
):
    use_redis(private_redis.url)
    private_redis.stop()
    for number in range(5):
        response = send(client, contact_page, full_name=f"Visitor {number}")
        assert template_names(response)[0] == LANDING
    response = send(client, contact_page, full_name="Visitor 6")
    html = soup(response)
    assert "Too many messages" in html.select_one(".form-errors").text
    assert html.find("input", attrs={"name": "full_name"})["value"] == "Visitor 6"
    assert ContactSubmission.objects.count() == 5


# --- A flood of made-up URLs into a capped Redis -----------------------------------


FLOOD = 200  # of each kind; deploy/cache_faults.py sends 2,000 to gunicorn


@pytest.fixture
def capped_redis(tmp_path):
    require_redis_server()
    server = PrivateRedis(
        tmp_path, "--maxmemory", "4mb", "--maxmemory-policy", "allkeys-lru"
    ).start()
    yield server
    server.stop()


def stored_keys(server) -> set[bytes]:
    # Not the claims of pages being rendered: each is deleted when its page is
    # done, or expires within RENDER_CLAIM_SECONDS should the delete time out.
    keys = server.client().scan_iter()
    return {key for key in keys if not key.endswith(b":rendering")}


def test_a_flood_of_made_up_urls_adds_nothing_to_a_capped_redis(
    client, home, page, blog_index, admin_user, use_redis, capped_redis
):
    use_redis(capped_redis.url)
    pages = [home.url, page.url, blog_index.url, blog_index.url + "?page=1"]
    for url in pages:
        client.get(url)
    assert {client.get(url)["X-Cache"] for url in pages} == {"HIT"}
    # The site-wide fragments a missing page and a search show, once.
    client.get("/en/no-such-page/")
    client.get("/en/search/?q=knee")
    for _attempt in range(5):
        sign_in(client, password="wrong")
    keys = stored_keys(capped_redis)

    for number in range(FLOOD):
        assert client.get(f"/en/?junk={number}").status_code == 200
        assert client.get(f"/en/no-such-page-{number}/").status_code == 404
        client.get(f"/en/search/?q=junk{number}")

    assert stored_keys(capped_redis) == keys
    assert {client.get(url)["X-Cache"] for url in pages} == {"HIT"}
    sign_in(client)  # the right password, after the flood: still locked
    assert not signed_in(client)
