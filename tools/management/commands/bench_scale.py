"""What grows with the number of articles: `make bench-scale`.

    manage.py bench_scale [--sizes 100 1000 10000] [--repeat 5] [--queries 20]

On a throwaway PostgreSQL database (DATABASE_URL; tools/scratch_site.py), grows one
bilingual site to each size in turn (articles *per language*, synthetic medical
text, categories and tags, indexed for search) and prints one table per figure,
a column per size:

- search p50/p99 in English and Chinese: the search itself and the whole page
  (search_benchmark's queries and timing);
- Insights listing, page 1, the middle and the last page (`?page=N`);
- a category listing, and the sidebar's queries computed afresh (category counts,
  tags, recent articles: what the memo holds until the next publish);
- /sitemap.xml (an index of files past SITEMAP_URLS_PER_FILE URLs) and one file;
- the RSS and Atom feeds, with their number of items;
- the admin's page explorer of the Insights index and the page chooser (browse
  and search) for a marketer and a superuser;
- an article, page cache off, with the memo warm and cold.

Each figure is the median wall time of `--repeat` requests through Django's test
client, in process (so server time, no network), after one warm-up; the queries
are those of one request (CaptureQueriesContext). The page cache is off, the memo
of site-wide fragments on (as in production) unless a row says "cold".

The last column extrapolates to 100,000 articles per language from the last two
sizes: times as a power law through those two points (t ∝ N^k, k from their ratio,
never below 0), counts as a straight line (a count that does not grow stays).

A management command rather than a deploy/ script: everything it measures is
in-process (test client, force_login, CaptureQueriesContext, the backend's bulk
indexing), which needs Django set up, and it shares its site with search_benchmark.
SQLite is refused unless --allow-sqlite: its figures say nothing about the
PostgreSQL production runs on, and the tables then say "sqlite".
"""

from __future__ import annotations

import math
import random
import statistics
import time
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from wagtail.models import Locale, Page

from blog import queries
from blog.models import ARTICLES_PER_PAGE
from staff.roles import MARKETERS, ensure_roles
from tools import scratch_site
from tools import search_corpus as corpus
from tools.management.commands.search_benchmark import percentile, time_search

EXTRAPOLATE_TO = 100_000


def extrapolate(points: dict[int, float], unit: str) -> float | None:
    """The value at EXTRAPOLATE_TO from the last two sizes (see the docstring)."""
    if len(points) < 2:
        return None
    (n1, v1), (n2, v2) = sorted(points.items())[-2:]
    if unit == "ms":
        if v1 <= 0 or v2 <= 0:
            return None
        k = max(0.0, math.log(v2 / v1) / math.log(n2 / n1))
        return v2 * (EXTRAPOLATE_TO / n2) ** k
    return v2 + (v2 - v1) / (n2 - n1) * (EXTRAPOLATE_TO - n2)


class Command(BaseCommand):
    help = "Time search, listings, sitemap, feeds, admin and articles at 100 to 10k."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
        parser.add_argument("--repeat", type=int, default=5, help="timed requests")
        parser.add_argument("--queries", type=int, default=20, help="search queries")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--keep",
            action="store_true",
            help="keep the database afterwards (PostgreSQL: <name>_bench_scale)",
        )
        parser.add_argument(
            "--allow-sqlite",
            action="store_true",
            help="run on SQLite anyway (figures labelled sqlite)",
        )

    def handle(
        self, *args, sizes, repeat, queries, seed, keep, allow_sqlite, **options
    ):
        if connection.vendor == "sqlite" and not allow_sqlite:
            raise CommandError(
                "bench_scale measures PostgreSQL, as production runs: set "
                "DATABASE_URL=postgres://USER@HOST:PORT/NAME (make bench-scale does), "
                "or pass --allow-sqlite for figures labelled sqlite."
            )
        self.rng = random.Random(seed)  # noqa: S311 (synthetic text, not secrets)
        self.repeat = repeat
        self.queries = queries
        # (table, row, unit) -> {size: value}
        self.figures: dict[tuple[str, str, str], dict[int, float]] = defaultdict(dict)
        # In process, so no second factor: the admin's own cost is measured.
        with scratch_site.throwaway_database(
            "bench_scale", self.stdout, keep=keep, STAFF_2FA_REQUIRED=False
        ):
            try:
                self.run(sorted(set(sizes)))
            finally:  # what was measured, even when a step failed
                self.print_tables(sorted(set(sizes)))

    # -- measuring ----------------------------------------------------------------

    def record(self, table: str, row: str, unit: str, size: int, value: float):
        self.figures[table, row, unit][size] = value

    def get(self, client: Client, url: str, data=None):
        """Median ms over `repeat` requests and the queries of one, after a warm-up."""
        response = client.get(url, data)
        if response.status_code != 200:
            raise CommandError(f"{url} {data or ''} answered {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(url, data)
        # Counted now: the next request empties the connection's log.
        count = len(captured)
        times = []
        for _ in range(self.repeat):
            started = time.perf_counter()
            client.get(url, data)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times), count, response

    def page(self, table: str, row: str, size: int, client, url, data=None):
        ms, count, response = self.get(client, url, data)
        self.record(table, f"{row} ms", "ms", size, ms)
        self.record(table, f"{row} queries", "queries", size, count)
        return response

    def run(self, sizes: list[int]) -> None:
        indexes = scratch_site.build_site()
        categories, tags = scratch_site.add_taxonomy()
        ensure_roles()
        users = self.make_users()
        current = 0
        for size in sizes:
            self.stdout.write(f"Growing to {size} articles per language…")
            started = time.perf_counter()
            for index in indexes.values():
                scratch_site.add_articles(
                    index,
                    size - current,
                    self.rng,
                    categories,
                    tags,
                    progress=self.stdout.write,
                )
            current = size
            scratch_site.analyze()
            cache.clear()  # bulk inserts publish nothing: the memo would be stale
            self.stdout.write(
                f"  built and indexed in {time.perf_counter() - started:.0f} s; "
                "measuring…"
            )
            started = time.perf_counter()
            self.measure(size, indexes, users)
            self.stdout.write(f"  measured in {time.perf_counter() - started:.0f} s")

    def make_users(self) -> dict[str, Client]:
        user_model = get_user_model()
        marketer = user_model.objects.create_user("bench-marketer", password=None)
        marketer.groups.add(Group.objects.get(name=MARKETERS))
        admin = user_model.objects.create_superuser(
            "bench-admin", "admin@example.com", None
        )
        clients = {}
        for name, user in (("marketer", marketer), ("superuser", admin)):
            clients[name] = Client(HTTP_HOST="localhost")
            clients[name].force_login(user)
        return clients

    def measure(self, size: int, indexes, users) -> None:
        visitor = Client(HTTP_HOST="localhost")
        self.measure_search(size)
        self.measure_listings(size, visitor, indexes["en"])
        self.measure_sidebar(size)
        self.measure_sitemap(size, visitor)
        self.measure_feeds(size, visitor, indexes)
        self.measure_admin(size, users, indexes["en"])
        self.measure_article(size, visitor)

    def measure_search(self, size: int) -> None:
        for language in ("en", "zh-hans"):
            core, whole, _hits = time_search(
                language,
                corpus.BENCHMARK_QUERIES[language][: self.queries],
                self.repeat,
            )
            for label, samples in (("search", core), ("page", whole)):
                table = "Search (ms)"
                row = f"{language} {label}"
                self.record(table, f"{row} p50", "ms", size, statistics.median(samples))
                self.record(table, f"{row} p99", "ms", size, percentile(samples, 0.99))

    def measure_listings(self, size: int, visitor: Client, index) -> None:
        table = "Insights listing"
        self.page(table, "page 1", size, visitor, index.url)
        last = math.ceil(size / ARTICLES_PER_PAGE)
        self.record(table, "last page number", "count", size, last)
        self.page(table, "last page", size, visitor, index.url, {"page": last})
        middle = max(1, last // 2)
        self.page(table, "middle page", size, visitor, index.url, {"page": middle})
        category_url = f"{index.url}category/category-1/"
        table = "Category listing and sidebar"
        self.page(table, "category page 1", size, visitor, category_url)
        with override_settings(MEMO_CACHE_ENABLED=False):
            self.page(table, "category page 1, cold", size, visitor, category_url)

    def measure_sidebar(self, size: int) -> None:
        table = "Category listing and sidebar"
        locale = Locale.objects.get(language_code="zh-hans")
        parts = {
            "sidebar category counts": lambda: queries.category_counts(locale),
            "sidebar tags": lambda: queries.used_tags(locale),
            "sidebar recent": lambda: queries.recent_articles(locale),
        }
        with override_settings(MEMO_CACHE_ENABLED=False):
            for row, compute in parts.items():
                with CaptureQueriesContext(connection) as captured:
                    compute()
                count = len(captured)
                times = []
                for _ in range(self.repeat):
                    started = time.perf_counter()
                    compute()
                    times.append((time.perf_counter() - started) * 1000)
                self.record(
                    table, f"{row} (zh) ms", "ms", size, statistics.median(times)
                )
                self.record(table, f"{row} (zh) queries", "queries", size, count)

    def measure_sitemap(self, size: int, visitor: Client) -> None:
        table = "Sitemap"
        response = self.page(table, "/sitemap.xml", size, visitor, "/sitemap.xml")
        files = response.content.count(b"<sitemap>")
        self.record(
            table, "/sitemap.xml files listed (0: one file)", "count", size, files
        )
        self.page(
            table,
            "one file (sitemap-pages.xml?p=1)",
            size,
            visitor,
            "/sitemap-pages.xml",
            {"p": 1},
        )

    def measure_feeds(self, size: int, visitor: Client, indexes) -> None:
        table = "Feeds"
        for language, index in indexes.items():
            for kind, path, tag in (
                ("RSS", "feed/", b"<item>"),
                ("Atom", "feed/atom/", b"<entry>"),
            ):
                row = f"{language} {kind}"
                response = self.page(table, row, size, visitor, f"{index.url}{path}")
                self.record(
                    table, f"{row} items", "count", size, response.content.count(tag)
                )

    def measure_admin(self, size: int, users: dict[str, Client], index) -> None:
        table = "Admin (Insights index)"
        explore = reverse("wagtailadmin_explore", args=[index.pk])
        choose = reverse("wagtailadmin_choose_page_child", args=[index.pk])
        search = reverse("wagtailadmin_choose_page_search")
        for role, client in users.items():
            self.page(table, f"{role} explorer", size, client, explore)
            self.page(table, f"{role} chooser browse", size, client, choose)
            self.page(
                table,
                f"{role} chooser search",
                size,
                client,
                search,
                {"q": "stem cell"},
            )

    def measure_article(self, size: int, visitor: Client) -> None:
        table = "Article page (page cache off)"
        for language in ("en", "zh-hans"):
            article = Page.objects.get(
                slug=f"synthetic-{max(1, size // 2)}", locale__language_code=language
            )
            self.page(table, f"{language} warm memo", size, visitor, article.url)
            self.first_visits(table, f"{language} first visit", size, visitor, language)
            with override_settings(MEMO_CACHE_ENABLED=False):
                self.page(table, f"{language} cold", size, visitor, article.url)

    def first_visits(self, table, row, size: int, visitor: Client, language: str):
        """Articles nobody has asked for since the last publish, each once: their
        own memo cold, the site-wide one warm (what an uncached article costs)."""
        step = max(1, size // (2 * self.repeat + 2))
        pages = Page.objects.filter(
            slug__in=[
                f"synthetic-{n}"
                for n in range(step, size, step)
                if n != max(1, size // 2)  # the "warm memo" row's
            ],
            locale__language_code=language,
        )
        urls = [page.url for page in pages][: self.repeat + 1]
        times = []
        for url in urls[:-1]:
            started = time.perf_counter()
            response = visitor.get(url)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as captured:  # one more, counted
            visitor.get(urls[-1])
        count = len(captured)
        self.record(table, f"{row} ms", "ms", size, statistics.median(times))
        self.record(table, f"{row} queries", "queries", size, count)

    # -- printing -----------------------------------------------------------------

    def print_tables(self, sizes: list[int]) -> None:
        if not self.figures:
            return
        width = max(len(row) for _table, row, _unit in self.figures) + 2
        header = "".join(f"{size:>10,}" for size in sizes) + f"{'100k est.':>11}"
        self.stdout.write("")
        self.stdout.write(
            f"{connection.vendor}: articles per language; median of {self.repeat} "
            "requests (test client, in process); 100k est.: times as a power law "
            "through the last two sizes, counts as a straight line"
        )
        tables = defaultdict(list)
        for (table, row, unit), points in self.figures.items():
            tables[table].append((row, unit, points))
        for table, rows in tables.items():
            self.stdout.write("")
            self.stdout.write(f"{table} [{connection.vendor}]".ljust(width) + header)
            for row, unit, points in rows:
                line = row.ljust(width)
                decimals = 1 if unit == "ms" else 0
                for size in sizes:
                    value = points.get(size)
                    line += (
                        f"{value:>10.{decimals}f}"
                        if value is not None
                        else f"{'–':>10}"
                    )
                estimate = extrapolate(points, unit)
                line += (
                    f"{estimate:>11.{decimals}f}"
                    if estimate is not None
                    else f"{'–':>11}"
                )
                self.stdout.write(line)
