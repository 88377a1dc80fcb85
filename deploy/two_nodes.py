"""`make two-nodes`: the site as two app nodes behind one Varnish, sharing
PostgreSQL, Redis and media, and a publish on one node seen on the other.

Node A and node B are two gunicorn servers (separate processes, so separate local
memory, on different ports; production settings), on one throwaway PostgreSQL
database, one Redis database and one media folder, behind one Varnish that sends
requests to them in turn (a round-robin director: deploy/harness.py). Each node's
FRONTEND_CACHE_URL is that Varnish, as every node's would be.

Then PUBLISHES times: the seed article is cached everywhere (Varnish, the page
cache), a marketer gives it a new title in node A's admin, in Chromium (Debian's
/usr/bin/chromium, driven by Playwright): types it into the editor and presses
Publish; and node A, node B and Varnish are polled until each serves the new
title, from the moment node A answered the editor's form. After each, the
article, the Insights index and the home page are read again from all three:
once a publish has returned, none may name an older title.

Prints a table (publish, how long it took, then ms from its return until node A,
node B and Varnish served the new title) with p50 and max, and exits 1 if a
change took more than 1 s to show anywhere, or an older title was served more
than 1 s after the publish returned (a stale page).

Everything it starts is stopped, its Redis database emptied and its PostgreSQL
database dropped at the end, whatever happens; the logs of the last run are kept
in var/two-nodes/.

Environment: TWO_NODES_POSTGRES (postgres://postgres@127.0.0.1:5432/postgres: the
server to create the throwaway database on), TWO_NODES_REDIS_URL
(redis://127.0.0.1:6379/13: a Redis database of its own, which must be empty),
TWO_NODES_PUBLISHES (20), TWO_NODES_WORKERS (2 gunicorn workers per node),
CHROMIUM (/usr/bin/chromium).
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlparse

from harness import (
    PROXY_HEADERS,
    PYTHON,
    ROOT,
    Workspace,
    find,
    free_port,
    log,
)

POSTGRES = os.environ.get(
    "TWO_NODES_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TWO_NODES_REDIS_URL", "redis://127.0.0.1:6379/13")
PUBLISHES = int(os.environ.get("TWO_NODES_PUBLISHES", "20"))
WORKERS = os.environ.get("TWO_NODES_WORKERS", "2")
THREADS = os.environ.get("GUNICORN_THREADS", "4")  # deploy/gunicorn.conf.py's
LOGS = ROOT / "var" / "two-nodes"  # the last run's logs
SEED_ARTICLE = "stem-cell-therapy-for-knee-osteoarthritis"
ARTICLE = f"/en/insights/{SEED_ARTICLE}/"
# Pages that name the article's title: itself, its index, the home page's latest.
CHECKED = [ARTICLE, "/en/insights/", "/en/"]
VISIBLE_WITHIN = 1.0  # the gate, from the publish's return
GIVE_UP_AFTER = 5.0
TITLE = "Two nodes {run} publish {number}"
TITLE_NUMBER = re.compile(rb"Two nodes [0-9a-f]+ publish (\d+)")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PUBLISHER = "two-nodes-marketer"
PUBLISHER_PASSWORD = secrets.token_urlsafe(16)


def get(port: int, path: str) -> bytes:
    """One request on a connection of its own (so each may reach another worker),
    as the TLS proxy in front sends it; b"" when it fails."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=PROXY_HEADERS)
        response = connection.getresponse()
        body = response.read()
        return body if response.status == 200 else b""
    except (OSError, http.client.HTTPException):
        return b""
    finally:
        connection.close()


# The database and Redis, throwaway


def admin_connection():
    import psycopg

    return psycopg.connect(POSTGRES, autocommit=True)


def create_database(name: str) -> str:
    with admin_connection() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlparse(POSTGRES)._replace(path=f"/{name}").geturl()


def drop_database(name: str) -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_client():
    import redis

    return redis.Redis.from_url(REDIS_URL, socket_timeout=5)


def redis_commands(redis) -> int:
    """Commands the Redis server has run (all databases; INFO itself counted)."""
    return sum(stats["calls"] for stats in redis.info("commandstats").values())


def database_connections(name: str) -> int:
    with admin_connection() as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)
        ).fetchone()
    return row[0]


def varnish_purges(workdir: Path) -> int:
    result = subprocess.run(
        [find("varnishstat"), "-1", "-n", str(workdir), "-f", "MAIN.n_purges"],
        capture_output=True,
        text=True,
        check=False,
    )
    numbers = re.findall(r"MAIN\.n_purges\s+(\d+)", result.stdout)
    return int(numbers[0]) if numbers else -1


# The publisher: a marketer in a browser, signed in to node A's admin


class AdminPublisher:
    """Chromium (Playwright, Debian's /usr/bin/chromium) signed in to node A's
    admin as a member of Marketers: each publish types the title into the
    article's editor and presses Publish, as an editor does. Timed from the click
    to the answer of the form's POST: the publish, its commit and its purges."""

    def __init__(self, stack: ExitStack, port: int, page_id: int) -> None:
        from playwright.sync_api import sync_playwright

        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        stack.callback(browser.close)
        self.base = f"http://127.0.0.1:{port}"
        self.edit_url = f"{self.base}/admin/pages/{page_id}/edit/"
        self.page = browser.new_page()
        self.page.set_default_timeout(30_000)
        self.page.goto(f"{self.base}/admin/login/")
        self.page.get_by_label("Username").fill(PUBLISHER)
        self.page.get_by_label("Password").fill(PUBLISHER_PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url(f"{self.base}/admin/")

    def publish(self, title: str | None) -> dict:
        """Publish the article (with `title`, unless None): {"start", "returned"}."""
        page = self.page
        page.goto(self.edit_url)
        if title is not None:
            page.locator("#id_title").fill(title)
        page.get_by_role("button", name="More actions").click()
        with page.expect_response(
            lambda response: (
                response.request.method == "POST" and response.url == self.edit_url
            )
        ) as posted:
            start = time.monotonic()
            page.get_by_role("button", name="Publish", exact=True).click()
        if posted.value.status != 302:  # the admin redirects after a publish
            sys.exit(f"Node A's admin refused the publish: {posted.value.status}")
        # The browser goes on to load where the admin redirects it (the explorer),
        # while the pages are polled: as after an editor's click.
        return {"start": start, "returned": time.monotonic()}


def add_publisher(workspace: Workspace, extra: dict) -> int:
    """A Marketers user to publish with; the seed article's id."""
    code = (
        "from django.contrib.auth.models import Group\n"
        "from django.contrib.auth import get_user_model\n"
        "from blog.models import ArticlePage\n"
        "user = get_user_model().objects.create_user("
        f"{PUBLISHER!r}, password={PUBLISHER_PASSWORD!r})\n"
        "user.groups.add(Group.objects.get(name='Marketers'))\n"
        f"print(ArticlePage.objects.get(slug={SEED_ARTICLE!r}, "
        "locale__language_code='en').pk)\n"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=workspace.site_env(**extra),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out.strip().splitlines()[-1])


# The run


class Run:
    def __init__(self, nodes: dict[str, int]) -> None:
        self.nodes = nodes  # "A", "B", "Varnish" -> port
        self.stale: list[str] = []
        self.rows: list[dict] = []

    def warm(self) -> None:
        """Every checked page cached: twice through each node and Varnish."""
        for _ in range(2):
            for port in self.nodes.values():
                for path in CHECKED:
                    get(port, path)

    def watch(self, number: int, title: bytes, returned: float) -> dict:
        """ms from the publish's return until each of A, B and Varnish serves
        `title` (None: not within GIVE_UP_AFTER); notes stale pages on the way."""
        seen: dict[str, float | None] = dict.fromkeys(self.nodes)
        while time.monotonic() - returned < GIVE_UP_AFTER:
            waiting = [name for name, at in seen.items() if at is None]
            if not waiting:
                break
            for name in waiting:
                body = get(self.nodes[name], ARTICLE)
                now = time.monotonic()
                if title in body:
                    seen[name] = (now - returned) * 1000
                else:
                    self.judge(name, ARTICLE, body, number, returned, now)
        return seen

    def judge(
        self, name: str, path: str, body: bytes, number: int, returned, now
    ) -> None:
        """An older title (or the original one, on the article) once the publish
        returned more than VISIBLE_WITHIN ago is a stale page."""
        if now - returned <= VISIBLE_WITHIN or not body:
            return
        shown = [int(n) for n in TITLE_NUMBER.findall(body)]
        older = any(n < number for n in shown)
        missing = path == ARTICLE and number not in shown
        if older or missing:
            late = (now - returned) * 1000
            self.stale.append(f"publish {number}: {name} {path} {late:,.0f} ms after")

    def check_all(self, number: int, returned: float) -> None:
        """Every checked page from each node and Varnish, a few times (other
        workers): none names an older title now."""
        time.sleep(max(0.0, returned + VISIBLE_WITHIN - time.monotonic()))
        for _ in range(3):
            for name, port in self.nodes.items():
                for path in CHECKED:
                    body = get(port, path)
                    self.judge(name, path, body, number, returned, time.monotonic())


def keep_logs(directory: Path) -> None:
    """The processes' logs, kept in LOGS (the rest of the run is thrown away)."""
    shutil.rmtree(LOGS, ignore_errors=True)
    LOGS.mkdir(parents=True)
    for log_file in directory.glob("*.log"):
        shutil.copy(log_file, LOGS)


def build_site(workspace: Workspace, database_url: str) -> dict:
    extra = {"DATABASE_URL": database_url, "REDIS_URL": REDIS_URL}
    log("Migrating and loading the demo content into the throwaway database...")
    workspace.manage("migrate", "--noinput", "-v0", **extra)
    workspace.manage("load_demo_content", **extra)
    workspace.manage("collectstatic", "--noinput", "-v0", **extra)
    return extra


def main() -> None:
    if not find("varnishd"):
        sys.exit("varnishd is not installed (Debian's varnish)")
    directory = Path(tempfile.mkdtemp(prefix="clinic-two-nodes-"))
    # varnishd started as root reads its VCL as the varnish user.
    directory.chmod(0o755)
    workspace = Workspace(directory, workers=WORKERS)
    database = f"clinic_two_nodes_{secrets.token_hex(4)}"
    run = secrets.token_hex(3)
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, directory, ignore_errors=True)
        stack.callback(keep_logs, directory)
        redis = redis_client()
        if redis.dbsize():
            sys.exit(f"{REDIS_URL} is not empty: set TWO_NODES_REDIS_URL to a free one")
        stack.callback(redis.flushdb)
        database_url = create_database(database)
        stack.callback(drop_database, database)
        extra = build_site(workspace, database_url)

        port_a, port_b = free_port(), free_port()
        varnish_port, varnish = workspace.varnish([port_a, port_b])
        # Every node purges the Varnish in front (a list: every Varnish).
        extra["FRONTEND_CACHE_URL"] = f"http://127.0.0.1:{varnish_port}"
        extra["SECURE_SSL_REDIRECT"] = "false"
        stack.enter_context(workspace.gunicorn(port_a, **extra))
        stack.enter_context(workspace.gunicorn(port_b, **extra))
        stack.enter_context(varnish)
        nodes = {"A": port_a, "B": port_b, "Varnish": varnish_port}
        log(
            f"Node A on {port_a}, node B on {port_b} ({WORKERS} gunicorn workers "
            f"each), Varnish on {varnish_port}; PostgreSQL database {database}, "
            f"Redis {REDIS_URL}."
        )

        publisher = AdminPublisher(stack, port_a, add_publisher(workspace, extra))
        # Not measured: the first publish pays for what a running admin paid long
        # ago (the editor's code, its first queries).
        publisher.publish(None)

        check = Run(nodes)
        check.warm()
        # Busy nodes: searches (never cached) 16 at a time, so that every gunicorn
        # thread serves some and opens its database connection.
        with ThreadPoolExecutor(16) as pool:
            list(pool.map(get, [port_a, port_b] * 32, ["/en/search/?q=stem"] * 64))
        connections = database_connections(database)
        purges_before = varnish_purges(directory / "varnish")
        for number in range(1, PUBLISHES + 1):
            check.warm()
            title = TITLE.format(run=run, number=number)
            times = publisher.publish(title)
            seen = check.watch(number, title.encode(), times["returned"])
            check.check_all(number, times["returned"])
            check.rows.append(
                {"publish": (times["returned"] - times["start"]) * 1000, **seen}
            )
        purges = varnish_purges(directory / "varnish") - purges_before
        # Redis commands for one page: a page-cache hit, and the first request
        # for it after a publish (a new content version: memo and page rebuilt).
        check.warm()
        before = redis_commands(redis)
        for _ in range(20):
            get(port_b, ARTICLE)
        per_hit = (redis_commands(redis) - before - 1) / 20
        publisher.publish(TITLE.format(run=run, number=0))
        before = redis_commands(redis)
        get(port_b, ARTICLE)
        per_miss = redis_commands(redis) - before - 1
        connections_after = database_connections(database)
    ok = report(check)
    log(
        f"Measured: PostgreSQL connections held by the two nodes after 16 searches "
        f"at a time ({WORKERS} workers × {THREADS} threads each) {connections} (the "
        f"publisher's included), after the run {connections_after}; "
        f"Varnish purges per publish {purges / PUBLISHES:.1f}; Redis commands per "
        f"page-cache hit {per_hit:.1f}, for the first request after a publish "
        f"{per_miss}."
    )
    sys.exit(0 if ok else 1)


def ms(value: float | None) -> str:
    return "never" if value is None else f"{value:,.0f}"


def report(check: Run) -> bool:
    columns = ["publish", *check.nodes]
    log("")
    log(
        "Publish  took ms  visible via node A ms  via node B ms  via Varnish ms "
        "(from the publish's return)"
    )
    for number, row in enumerate(check.rows, 1):
        log(
            f"{number:>7}  {ms(row['publish']):>7}  {ms(row['A']):>20}  "
            f"{ms(row['B']):>13}  {ms(row['Varnish']):>14}"
        )
    for label, pick in (("p50", statistics.median), ("max", max)):
        values = []
        for column in columns:
            column_values = [row[column] for row in check.rows]
            done = [v for v in column_values if v is not None]
            values.append(ms(pick(done)) if len(done) == len(column_values) else "–")
        log(
            f"{label:>7}  {values[0]:>7}  {values[1]:>20}  {values[2]:>13}  "
            f"{values[3]:>14}"
        )
    late = [
        (number, name)
        for number, row in enumerate(check.rows, 1)
        for name in check.nodes
        if row[name] is None or row[name] > VISIBLE_WITHIN * 1000
    ]
    log(
        f"{len(check.rows)} publishes on node A; {os.cpu_count()} CPUs, load "
        f"average {os.getloadavg()[0]:.1f} at the end."
    )
    for number, name in late:
        log(f"LATE: publish {number} showed via {name} after more than 1 s")
    for line in check.stale[:20]:
        log(f"STALE: {line}")
    ok = bool(check.rows) and not late and not check.stale
    log(
        "PASS: every publish visible on both nodes and through Varnish within 1 s, "
        "no older title after that."
        if ok
        else f"FAIL: {len(late)} late, {len(check.stale)} stale pages."
    )
    return ok


def stop_on_sigterm(_signum, _frame) -> None:
    # SystemExit unwinds the ExitStack: processes stopped, database dropped.
    sys.exit(1)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    main()
