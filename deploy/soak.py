"""`make soak`: the site under steady load while an editor publishes, patients write
in, and its parts fail.

Builds a site with the demo content (once, kept in SOAK_DIR: SQLite, or with
DATABASE_URL=postgres://…/NAME a PostgreSQL cluster of its own in SOAK_DIR/postgres,
database NAME), starts a private redis-server and gunicorn with production settings
(Django's cache in that Redis), then for SOAK_SECONDS:

* SOAK_CLIENTS readers, each on one keep-alive connection, go round home, the
  insights index, a category, the seed article and a search, in both languages;
* a publisher (Django with the site's settings, doing what the admin's Publish
  button does) gives the seed article a new title every second and polls the
  article through gunicorn until the title shows: the time from the click to a
  visitor seeing it. The article was in the page cache just before;
* the readers check every English page that names the article: once a publish
  has returned, an older title is a stale page (the page cache was not purged);
* patients send the contact form (deploy/soak_faults.py), sending a "not sent"
  page again as its button offers;
* at 10 % the seed article's cover loses its original file and renditions (back at
  40 %); on PostgreSQL, at 25 % the database stops for SOAK_DB_DOWN_SECONDS (3) and
  starts again;
* at half time Redis is killed (SIGKILL); a quarter of the run later it starts
  again with what it held (append-only file), as a Redis on disk or the end of a
  network partition would bring it back.

Prints requests served, req/s, non-2xx by status, latency, the publish figures
each fault's window and the enquiries. Exits 1 if a request failed (but a 503 with
Retry-After while the database is down), a publish took more than 1 s to show
(but while the database or Redis was away: "once the parts are back"), a stale
page was served, or an enquiry was lost,
stored twice or emailed without being stored: usable as a gate.

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
from urllib.parse import quote, urlparse

import soak_faults
from harness import (
    PROXY_HEADERS,
    PYTHON,
    ROOT,
    PrivatePostgres,
    Workspace,
    fetch,
    find,
    free_port,
    log,
)

SOAK_DIR = Path(os.environ.get("SOAK_DIR", ROOT / "var" / "soak"))
SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "8"))
WORKERS = os.environ.get("SOAK_WORKERS", "2")
# postgres://…/NAME: the site runs on PostgreSQL, in a cluster of the soak's own
# (SOAK_DIR/postgres, database NAME), since the soak stops and restarts it.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
POSTGRES_DB = (
    urlparse(DATABASE_URL).path.lstrip("/") or "soak"
    if DATABASE_URL.startswith("postgres")
    else ""
)
DB_DOWN_SECONDS = float(os.environ.get("SOAK_DB_DOWN_SECONDS", "3"))
SEED_ARTICLE = "stem-cell-therapy-for-knee-osteoarthritis"
SEARCH_TERMS = {"en": "stem cells", "zh-hans": "干细胞"}
PUBLISH_EVERY = 1.0
VISIBLE_WITHIN = 1.0  # the gate
# The publisher's titles, and the number of the last publish that has returned.
TITLE = "Soak {run} publish {number}"
TITLE_NUMBER = re.compile(rb"Soak [0-9a-f]+ publish (\d+)")
LAST_PUBLISHED = SOAK_DIR / "last-published"

WORKSPACE = Workspace(SOAK_DIR, workers=WORKERS)


def prepare_site(database: dict) -> None:
    # Migrating every time keeps a kept site in step with the code (else a no-op).
    WORKSPACE.manage("migrate", "--noinput", "-v0", **database)
    marker = SOAK_DIR / (f"ready-postgres-{POSTGRES_DB}" if POSTGRES_DB else "ready")
    if marker.exists():
        log(f"Site in {SOAK_DIR} is ready (demo content).")
    else:
        log(f"Building the site in {SOAK_DIR} (demo content)...")
        WORKSPACE.manage("load_demo_content", **database)
        marker.write_text("ok\n")
    # A cover a run stopped midway left without its file gets it back.
    for held in (SOAK_DIR / "media").glob("original_images/*.held"):
        held.rename(held.with_suffix(""))
    # Renditions of a release's new sizes, and of that cover.
    WORKSPACE.manage("make_renditions", "-v0", **database)
    WORKSPACE.manage("collectstatic", "--noinput", "-v0", **database)


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
    retry_after: bool  # said when to try again (a 503 must)


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
            retry_after = bool(response.getheader("Retry-After"))
        except (OSError, http.client.HTTPException):
            status, body, hit, retry_after = 0, b"", False, False
            connection.close()
        shown = [int(n) for n in TITLE_NUMBER.findall(body)]
        stale = bool(shown) and min(shown) < published
        took = time.monotonic() - start
        requests.append(
            Request(start, took, status, paths[index], stale, hit, retry_after)
        )
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
    from django.core.signals import request_finished, request_started
    from django.db import DatabaseError
    from django.db import connection as database

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
    plan = json.loads(sys.stdin.readline())
    until = plan["until"]
    faults = sorted(
        [(plan["media_gone"], "media gone", soak_faults.break_media),
         (plan["media_back"], "media back", soak_faults.restore_media)]
    )  # fmt: skip
    run = secrets.token_hex(3)
    number = 0
    next_at = time.monotonic()
    try:
        while next_at + PUBLISH_EVERY <= until:
            # Faults between two publishes: a marketer's click is not interrupted.
            while faults and faults[0][0] <= time.monotonic():
                _at, event, bring_on = faults.pop(0)
                bring_on()
                print(json.dumps({"event": event, "at": time.monotonic()}), flush=True)
            number += 1
            get()
            cached = get()[1] == "HIT"  # so the publish has a cached page to purge
            start = time.monotonic()
            try:
                # As the admin's Publish button does, in a request: what waits for
                # the request's end (translations/sync.py) runs after the click.
                request_started.send(sender=None, environ={})
                page = ArticlePage.objects.get(pk=page.pk)
                page.title = title = TITLE.format(run=run, number=number)
                page.save_revision().publish()
            except DatabaseError as error:
                # The database is down: the marketer sees an error and tries
                # again a second later, on a fresh connection.
                database.close()
                failed = {"start": start, "failed": str(error)[:200], "cached": cached}
                print(json.dumps({**failed, "publish": None, "visible": None}))
                sys.stdout.flush()
                next_at = max(next_at + PUBLISH_EVERY, time.monotonic())
                time.sleep(max(0.0, next_at - time.monotonic()))
                continue
            published = time.monotonic()
            # Atomically, for the readers: from now on, no older title.
            LAST_PUBLISHED.with_suffix(".tmp").write_text(str(number))
            LAST_PUBLISHED.with_suffix(".tmp").replace(LAST_PUBLISHED)
            visible = None
            while visible is None and time.monotonic() - start < 10:
                if title.encode() in get()[0]:
                    visible = time.monotonic()
            request_finished.send(sender=None)
            record = {
                "start": start,
                "publish": published - start,
                "visible": None if visible is None else visible - start,
                "cached": cached,
                "failed": None,
            }
            print(json.dumps(record), flush=True)
            # Every second; after a publish that took longer, the next at once.
            next_at = max(next_at + PUBLISH_EVERY, time.monotonic())
            time.sleep(max(0.0, next_at - time.monotonic()))
    finally:
        remaining = [event for _at, event, _bring_on in faults]
        if remaining == ["media back"]:  # the run ended before the file came back
            soak_faults.restore_media()
        page = ArticlePage.objects.get(pk=page.pk)
        page.title = original_title
        page.save_revision().publish()
    # Once the patients are done: how often each of their enquiries was stored.
    enquiries_run = sys.stdin.readline().strip()
    stored = soak_faults.stored_enquiries(enquiries_run)
    print(json.dumps({"stored": stored}), flush=True)


# The run


def main() -> None:
    redis_binary = find("redis-server")
    with ExitStack() as stack:
        # TRUSTED_PROXY_COUNT: each patient writes in from an address of their own.
        extra = {"TRUSTED_PROXY_COUNT": 1}
        postgres = None
        if POSTGRES_DB:
            postgres = PrivatePostgres(SOAK_DIR / "postgres")
            if postgres.bin is None:
                sys.exit("PostgreSQL's binaries are not installed (postgresql)")
            postgres.init()
            postgres.start()
            stack.callback(postgres.close)
            postgres.create_database(POSTGRES_DB)
            extra["DATABASE_URL"] = postgres.url(POSTGRES_DB)
        prepare_site(extra)
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
        gunicorn_log = SOAK_DIR / "gunicorn.log"
        log_start = gunicorn_log.stat().st_size if gunicorn_log.exists() else 0
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

        log(
            f"Soaking for {SECONDS} s: {CLIENTS} readers, a publish every second, "
            "patients writing in..."
        )
        start = time.monotonic()
        until = start + SECONDS
        plan = {
            "until": until,
            "media_gone": start + SECONDS * 0.10,
            "media_back": start + SECONDS * 0.40,
        }
        publisher.stdin.write(f"{json.dumps(plan)}\n".encode())
        publisher.stdin.flush()
        fork = multiprocessing.get_context("fork")
        results = fork.Queue()
        readers = [
            fork.Process(target=read_pages, args=(port, paths, until, n, results))
            for n in range(CLIENTS)
        ]
        run = secrets.token_hex(3)
        enquiries_queue = fork.Queue()
        enquirer = fork.Process(
            target=soak_faults.send_enquiries,
            args=(port, run, until, enquiries_queue),
        )
        for process in [*readers, enquirer]:
            process.start()

        def at(fraction: float) -> None:
            time.sleep(max(0.0, start + SECONDS * fraction - time.monotonic()))

        def note(event: str) -> float:
            now = time.monotonic()
            log(f"{now - start:5.1f} s  {event}")
            return now

        windows = {}
        if postgres:
            at(0.25)
            # The outage starts when the shutdown does: PostgreSQL refuses new
            # connections before `pg_ctl stop` returns.
            db_down = note("PostgreSQL stopping (fast shutdown)")
            postgres.stop()
            note("PostgreSQL stopped")
            time.sleep(DB_DOWN_SECONDS)
            postgres.start()
            note("PostgreSQL started")
            while fetch(f"http://127.0.0.1:{port}/healthz")[0] != 200:
                time.sleep(0.05)
            windows["Database down"] = (db_down, note("The site answers /healthz"))
        if redis_binary:
            at(0.50)
            os.killpg(redis.pid, signal.SIGKILL)
            redis.wait()
            down = note("Redis killed")
            at(0.75)
            stack.enter_context(WORKSPACE.process(redis_args))
            wait_for_redis(redis_port)
            windows["Redis down"] = (down, note("Redis back, with what it held"))

        requests = [request for _ in readers for request in results.get()]
        for reader in readers:
            reader.join()
        enquiries = enquiries_queue.get()
        enquirer.join()
        out, _err = publisher.communicate(f"{run}\n".encode(), timeout=120)
        if publisher.returncode:
            sys.exit(f"The publisher failed: see {publisher_log.name}")
        lines = [json.loads(line) for line in out.decode().splitlines()]
        publishes = [line for line in lines if "start" in line]
        (SOAK_DIR / "publishes.json").write_text(json.dumps(publishes, indent=1))
        events = {line["event"]: line["at"] for line in lines if "event" in line}
        for event, at_time in sorted(events.items(), key=lambda item: item[1]):
            log(f"{at_time - start:5.1f} s  {event} (done by the publisher)")
        windows["Media missing"] = (events["media gone"], events["media back"])
        stored = next(line["stored"] for line in lines if "stored" in line)
        with open(gunicorn_log, "rb") as file:
            file.seek(log_start)
            emails = file.read().count(b"\nSubject: ")

    ok = report(requests, paths, publishes, start, cache, windows)
    lines, enquiries_ok = soak_faults.enquiry_verdict(enquiries, stored, emails)
    log("\n".join(lines))
    if not enquiries_ok:
        log("FAIL: an enquiry was lost, duplicated, refused, or emailed wrongly.")
    sys.exit(0 if ok and enquiries_ok else 1)


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
        f"p99 {ms(percentile(latencies, 0.99))}, "
        f"worst {ms(max(latencies, default=None))}"
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


def report(requests, paths, publishes, start, cache, windows) -> bool:
    """Prints the figures, overall and per fault window; True if the run passes.

    Allowed: a 503 with Retry-After while the database is down (until the site
    answers /healthz again); a publish that failed or was slow while a part was
    away (the database, or Redis until it is back): the rule is "visible within
    1 s once the parts are back"."""
    end = max(r.start + r.seconds for r in requests)
    db_window = windows.get("Database down")
    parts_away = [
        windows[name] for name in ("Database down", "Redis down") if name in windows
    ]

    def during_db_outage(since: float, until: float) -> bool:
        return bool(db_window) and until >= db_window[0] and since <= db_window[1]

    def while_a_part_was_away(publish: dict) -> bool:
        # Its first second (or longer, if it took longer to return) met an outage.
        since = publish["start"]
        until = since + max(VISIBLE_WITHIN, publish["publish"] or 0)
        return any(until >= away[0] and since <= away[1] for away in parts_away)

    def allowed(r: Request) -> bool:
        return (
            r.status == 503
            and r.retry_after
            and during_db_outage(r.start, r.start + r.seconds)
        )

    errors = [r for r in requests if not 200 <= r.status < 300 and not allowed(r)]
    stale = [r for r in requests if r.stale]
    judged = [p for p in publishes if not while_a_part_was_away(p)]
    late = [p for p in judged if not is_visible_in_time(p)]
    database = f"PostgreSQL (a private cluster, database {POSTGRES_DB})"
    lines = [
        "",
        f"Soak: {CLIENTS} readers on keep-alive connections over {len(paths)} pages"
        " (home, insights, a category, the seed article, a search; en and "
        f"zh-hans); gunicorn {WORKERS} workers (gthread), production settings, "
        f"{database if POSTGRES_DB else 'SQLite'}, cache: {cache}; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end.",
        f"Served: {served(requests, end - start)}; {failed(requests)}.",
        f"Publishes: {visibility(judged, start)}; measured from the click, "
        "the publish itself taking p50 "
        f"{ms(statistics.median(p['publish'] for p in judged if p['publish']))}; "
        f"{sum(p['cached'] for p in judged)} had a cached page to purge; "
        f"{len(publishes) - len(judged)} while the database or Redis was away, "
        f"{sum(bool(p['failed']) for p in publishes)} of them refused.",
        f"Stale pages (an older title after its publish had returned): {len(stale)}"
        + (
            " ("
            + ", ".join(
                f"{path} {count}"
                for path, count in Counter(r.path for r in stale).most_common()
            )
            + f"; first at {min(r.start for r in stale) - start:.1f} s)"
            if stale
            else ""
        )
        + ".",
        "Slowest requests: "
        + "; ".join(
            f"{ms(r.seconds)} from {r.start - start:.1f} s, {r.status or 'failed'} "
            f"{r.path}"
            for r in sorted(requests, key=lambda r: -r.seconds)[:3]
        )
        + ".",
    ]
    if "Redis down" in windows:
        windows = {**windows, "Redis back": (windows["Redis down"][1], end)}
    for label, (since, until) in windows.items():
        served_then = [r for r in requests if since <= r.start < until]
        published_then = [p for p in publishes if since <= p["start"] < until]
        lines.append(
            f"{label} {since - start:.1f}-{until - start:.1f} s: "
            f"{served(served_then, until - since)}; {failed(served_then)}; "
            f"stale {sum(r.stale for r in served_then)}; "
            f"{visibility(published_then, start)}."
        )
    ok = bool(judged) and not (errors or late or stale)
    lines.append(
        "PASS: no failed request (but 503s with Retry-After while the database was "
        "down), no stale page, every publish visible within 1 s."
        if ok
        else f"FAIL: {len(errors)} failed requests, {len(late)} publishes later "
        f"than 1 s, {len(stale)} stale pages."
    )
    if errors:
        lines.append(
            "Failed requests: "
            + "; ".join(
                f"{r.status or 'failed'} {r.path} from {r.start - start:.2f} s "
                f"({ms(r.seconds)}{', Retry-After' if r.retry_after else ''})"
                for r in errors[:8]
            )
            + (f"; and {len(errors) - 8} more" if len(errors) > 8 else "")
            + "."
        )
    log("\n".join(lines))
    return ok


if __name__ == "__main__":
    if sys.argv[1:2] == ["publish"]:
        publish_every_second(int(sys.argv[2]))
    else:
        main()
