"""`make soak`: the site under steady load while an editor publishes and Redis fails.

Builds a SQLite site with the demo content (once, kept in SOAK_DIR), starts a
private redis-server and gunicorn with production settings (Django's cache in
that Redis), then for SOAK_SECONDS:

* SOAK_CLIENTS readers, each on one keep-alive connection, go round home, the
  insights index, a category, the seed article and a search, in both languages;
* a publisher (Django with the site's settings, doing what the admin's Publish
  button does) gives the seed article a new title every second and polls the
  article through gunicorn until the title shows: the time from the click to a
  visitor seeing it. The article was in the page cache just before;
* the readers check every English page that names the article: once a publish
  has returned, an older title is a stale page (the page cache was not purged);
* at half time Redis is killed (SIGKILL); a quarter of the run later it starts
  again with what it held (append-only file), as a Redis on disk or the end of a
  network partition would bring it back.

Prints requests served, req/s, non-2xx by status, latency, the publish figures
and the outage window. Exits 1 if a request failed, a publish took more than
1 s to show, or a stale page was served: usable as a gate.

Environment: SOAK_DIR (var/soak), SOAK_SECONDS (60), SOAK_CLIENTS (8),
SOAK_WORKERS (2 gunicorn workers). Without redis-server the cache is local
memory and there is no outage.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from harness import PROXY_HEADERS, PYTHON, ROOT, Workspace, fetch, find, free_port, log

SOAK_DIR = Path(os.environ.get("SOAK_DIR", ROOT / "var" / "soak"))
SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "8"))
WORKERS = os.environ.get("SOAK_WORKERS", "2")
SEED_ARTICLE = "stem-cell-therapy-for-knee-osteoarthritis"
SEARCH_TERMS = {"en": "stem cells", "zh-hans": "干细胞"}
PUBLISH_EVERY = 1.0
VISIBLE_WITHIN = 1.0  # the gate
# The publisher's titles, and the number of the last publish that has returned.
TITLE = "Soak {run} publish {number}"
TITLE_NUMBER = re.compile(rb"Soak [0-9a-f]+ publish (\d+)")
LAST_PUBLISHED = SOAK_DIR / "last-published"

WORKSPACE = Workspace(SOAK_DIR, workers=WORKERS)


def prepare_site() -> None:
    # Migrating every time keeps a kept site in step with the code (else a no-op).
    WORKSPACE.manage("migrate", "--noinput", "-v0")
    marker = SOAK_DIR / "ready"
    if marker.exists():
        log(f"Site in {SOAK_DIR} is ready (demo content).")
    else:
        log(f"Building the site in {SOAK_DIR} (demo content)...")
        WORKSPACE.manage("load_demo_content")
        marker.write_text("ok\n")
    WORKSPACE.manage("collectstatic", "--noinput", "-v0")


# Redis


def redis_command(port: int, data: Path) -> list[str]:
    """A private redis-server that keeps what it holds in `data` across a restart."""
    return [
        find("redis-server"),
        "--bind", "127.0.0.1",
        "--port", str(port),
        "--dir", str(data),
        "--save", "",
        # Written before each reply leaves, so a killed server loses nothing.
        "--appendonly", "yes",
        "--maxmemory", "256mb",
        "--maxmemory-policy", "allkeys-lru",
    ]  # fmt: skip


def wait_for_redis(port: int) -> None:
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit(f"redis-server on port {port} did not answer")


# Readers


class Request(NamedTuple):
    start: float  # time.monotonic(): the same clock in every process
    seconds: float
    status: int  # 0: the connection failed
    path: str
    stale: bool  # named the article by a title older than the last publish
    hit: bool  # answered from the page cache


def pick_paths(base: str) -> list[str]:
    paths = []
    for lang, term in SEARCH_TERMS.items():
        _status, html, _headers = fetch(f"{base}/{lang}/insights/")
        category = re.search(
            rf'href="(/{lang}/insights/category/[^"]+/)"', html.decode()
        )
        paths += [
            f"/{lang}/",
            f"/{lang}/insights/",
            category.group(1),
            f"/{lang}/insights/{SEED_ARTICLE}/",
            f"/{lang}/search/?q={quote(term)}",
        ]
    for path in paths:
        status, _body, _headers = fetch(base + path)
        if status != 200:
            sys.exit(f"{path} answers {status} before the soak starts")
    return paths


def last_published() -> int:
    try:
        return int(LAST_PUBLISHED.read_text())
    except (OSError, ValueError):
        return 0


def read_pages(port: int, paths: list[str], until: float, first: int, results) -> None:
    """One visitor going round the pages on one keep-alive connection (after a
    connection error it reconnects, as a browser does); puts its Requests in
    `results`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    requests = []
    index = first
    while (start := time.monotonic()) < until:
        index = (index + 1) % len(paths)
        published = last_published()
        try:
            connection.request("GET", paths[index], headers=PROXY_HEADERS)
            response = connection.getresponse()
            body = response.read()
            status, hit = response.status, response.getheader("X-Cache") == "HIT"
        except (OSError, http.client.HTTPException):
            status, body, hit = 0, b"", False
            connection.close()
        shown = [int(n) for n in TITLE_NUMBER.findall(body)]
        stale = bool(shown) and min(shown) < published
        took = time.monotonic() - start
        requests.append(Request(start, took, status, paths[index], stale, hit))
    connection.close()
    results.put(requests)


# The publisher: a Django process of its own (`soak.py publish PORT`)


def publish_every_second(port: int) -> None:
    """Give the seed article a new title every second, as the admin does; print a
    JSON line per publish: how long the publish took, and until the title showed.

    Prints "ready" once set up, then reads the end of the run (time.monotonic())
    from stdin."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from blog.models import ArticlePage

    path = f"/en/insights/{SEED_ARTICLE}/"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get() -> tuple[bytes, str]:
        try:
            connection.request("GET", path, headers=PROXY_HEADERS)
            response = connection.getresponse()
            return response.read(), response.headers.get("X-Cache", "")
        except (OSError, http.client.HTTPException):
            connection.close()
            return b"", ""

    page = ArticlePage.objects.get(slug=SEED_ARTICLE, locale__language_code="en")
    original_title = page.title
    # Not measured: a process's first publish pays for imports that a running
    # admin paid long ago.
    page.save_revision().publish()
    LAST_PUBLISHED.unlink(missing_ok=True)
    print("ready", flush=True)
    until = float(sys.stdin.readline())
    run = secrets.token_hex(3)
    number = 0
    next_at = time.monotonic()
    try:
        while next_at + PUBLISH_EVERY <= until:
            number += 1
            get()
            cached = get()[1] == "HIT"  # so the publish has a cached page to purge
            page = ArticlePage.objects.get(pk=page.pk)
            page.title = title = TITLE.format(run=run, number=number)
            start = time.monotonic()
            page.save_revision().publish()
            published = time.monotonic()
            # Atomically, for the readers: from now on, no older title.
            LAST_PUBLISHED.with_suffix(".tmp").write_text(str(number))
            LAST_PUBLISHED.with_suffix(".tmp").replace(LAST_PUBLISHED)
            visible = None
            while visible is None and time.monotonic() - start < 10:
                if title.encode() in get()[0]:
                    visible = time.monotonic()
            record = {
                "start": start,
                "publish": published - start,
                "visible": None if visible is None else visible - start,
                "cached": cached,
            }
            print(json.dumps(record), flush=True)
            # Every second; after a publish that took longer, the next at once.
            next_at = max(next_at + PUBLISH_EVERY, time.monotonic())
            time.sleep(max(0.0, next_at - time.monotonic()))
    finally:
        page = ArticlePage.objects.get(pk=page.pk)
        page.title = original_title
        page.save_revision().publish()


# The run


def main() -> None:
    redis_binary = find("redis-server")
    prepare_site()
    with ExitStack() as stack:
        extra = {}
        if redis_binary:
            redis_port = free_port()
            data = SOAK_DIR / "redis"
            shutil.rmtree(data, ignore_errors=True)  # each run starts with no cache
            data.mkdir(parents=True)
            redis_args = redis_command(redis_port, data)
            redis = stack.enter_context(WORKSPACE.process(redis_args))
            wait_for_redis(redis_port)
            extra["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
            cache = "Redis (a private redis-server)"
        else:
            cache = "local memory: redis-server is not installed, so no Redis outage"
            log(f"Cache: {cache}.")
        port = free_port()
        stack.enter_context(WORKSPACE.gunicorn(port, **extra))
        paths = pick_paths(f"http://127.0.0.1:{port}")

        publisher_log = stack.enter_context(open(SOAK_DIR / "publisher.log", "ab"))
        publisher = subprocess.Popen(
            [PYTHON, __file__, "publish", str(port)],
            cwd=ROOT,
            env=WORKSPACE.site_env(**extra),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=publisher_log,
        )
        if publisher.stdout.readline() != b"ready\n":
            sys.exit(f"The publisher did not start: see {publisher_log.name}")

        log(f"Soaking for {SECONDS} s: {CLIENTS} readers, a publish every second...")
        start = time.monotonic()
        until = start + SECONDS
        publisher.stdin.write(f"{until}\n".encode())
        publisher.stdin.flush()
        fork = multiprocessing.get_context("fork")
        results = fork.Queue()
        readers = [
            fork.Process(target=read_pages, args=(port, paths, until, n, results))
            for n in range(CLIENTS)
        ]
        for reader in readers:
            reader.start()

        outage = None
        if redis_binary:
            time.sleep(max(0.0, start + SECONDS / 2 - time.monotonic()))
            os.killpg(redis.pid, signal.SIGKILL)
            redis.wait()
            down = time.monotonic()
            log(f"{down - start:5.1f} s  Redis killed")
            time.sleep(max(0.0, start + SECONDS * 3 / 4 - time.monotonic()))
            stack.enter_context(WORKSPACE.process(redis_args))
            wait_for_redis(redis_port)
            outage = (down, time.monotonic())
            log(f"{outage[1] - start:5.1f} s  Redis back, with what it held")

        requests = [request for _ in readers for request in results.get()]
        for reader in readers:
            reader.join()
        out, _err = publisher.communicate(timeout=120)
        publishes = [json.loads(line) for line in out.decode().splitlines()]
        (SOAK_DIR / "publishes.json").write_text(json.dumps(publishes, indent=1))
        if publisher.returncode:
            sys.exit(f"The publisher failed: see {publisher_log.name}")

    sys.exit(0 if report(requests, paths, publishes, start, cache, outage) else 1)


# The report


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f} ms"


def served(requests: list[Request], seconds: float) -> str:
    latencies = [r.seconds for r in requests]
    hits = sum(r.hit for r in requests) / len(requests) if requests else 0
    return (
        f"{len(requests):,} requests in {seconds:.1f} s "
        f"({len(requests) / seconds:,.0f} req/s, {hits:.0%} from the page cache), "
        f"latency p50 {ms(percentile(latencies, 0.5))}, "
        f"p99 {ms(percentile(latencies, 0.99))}"
    )


def failed(requests: list[Request]) -> str:
    """Non-2xx answers and connection errors, by status, with the worst path."""
    bad = [r for r in requests if not 200 <= r.status < 300]
    if not bad:
        return "non-2xx 0"
    statuses = Counter("connection error" if r.status == 0 else r.status for r in bad)
    path, count = Counter(r.path for r in bad).most_common(1)[0]
    by_status = ", ".join(f"{status}: {n}" for status, n in statuses.most_common())
    return f"non-2xx or failed {len(bad)} ({by_status}; {count} on {path})"


def visibility(publishes: list[dict], start: float) -> str:
    shown = [p for p in publishes if p["visible"] is not None]
    late = [p for p in publishes if not is_visible_in_time(p)]
    if not shown:
        return f"{len(publishes)} publishes, none visible"
    longest = max(shown, key=lambda p: p["visible"])
    return (
        f"{len(publishes)} publishes, visible after p50 "
        f"{ms(statistics.median(p['visible'] for p in shown))}, longest "
        f"{ms(longest['visible'])} (at {longest['start'] - start:.1f} s), "
        f"later than 1 s: {len(late)}"
    )


def is_visible_in_time(publish: dict) -> bool:
    return publish["visible"] is not None and publish["visible"] <= VISIBLE_WITHIN


def report(requests, paths, publishes, start, cache, outage) -> bool:
    end = max(r.start + r.seconds for r in requests)
    errors = [r for r in requests if not 200 <= r.status < 300]
    stale = [r for r in requests if r.stale]
    late = [p for p in publishes if not is_visible_in_time(p)]
    lines = [
        "",
        f"Soak: {CLIENTS} readers on keep-alive connections over {len(paths)} pages"
        " (home, insights, a category, the seed article, a search; en and "
        f"zh-hans); gunicorn {WORKERS} workers (gthread), production settings, "
        f"SQLite, cache: {cache}; {os.cpu_count()} CPUs.",
        f"Served: {served(requests, end - start)}; {failed(requests)}.",
        f"Publishes: {visibility(publishes, start)}; measured from the click, "
        "the publish itself taking p50 "
        f"{ms(statistics.median(p['publish'] for p in publishes))}; "
        f"{sum(p['cached'] for p in publishes)} had a cached page to purge.",
        f"Stale pages (an older title after its publish had returned): {len(stale)}.",
    ]
    if outage:
        down, up = outage
        windows = [("Redis down", down, up), ("Redis back", up, end)]
        for label, since, until in windows:
            served_then = [r for r in requests if since <= r.start < until]
            published_then = [p for p in publishes if since <= p["start"] < until]
            lines.append(
                f"{label} {since - start:.1f}-{until - start:.1f} s: "
                f"{served(served_then, until - since)}; {failed(served_then)}; "
                f"stale {sum(r.stale for r in served_then)}; "
                f"{visibility(published_then, start)}."
            )
    ok = bool(publishes) and not (errors or late or stale)
    lines.append(
        "PASS: no failed request, no stale page, every publish visible within 1 s."
        if ok
        else f"FAIL: {len(errors)} failed requests, {len(late)} publishes later "
        f"than 1 s, {len(stale)} stale pages."
    )
    log("\n".join(lines))
    return ok


if __name__ == "__main__":
    if sys.argv[1:2] == ["publish"]:
        publish_every_second(int(sys.argv[2]))
    else:
        main()
