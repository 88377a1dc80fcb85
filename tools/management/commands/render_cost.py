"""CPU time of an uncached article page, in-process: what one page miss costs.

    export DATABASE_URL=sqlite:////tmp/render-cost/db.sqlite3
    export MEDIA_ROOT=/tmp/render-cost/media
    manage.py render_cost --setup [--articles 500] [--profile 30] [--show-queries]

Each request is a different generated article (both languages, rotated over
`--articles` of them, none asked twice), through the test client and every
middleware, with the page cache off (PAGE_CACHE_ENABLED=False): no per-article
cache can help. Site-wide fragments (menu, sidebar, settings: serving/cache/memo.py)
are warm first, as on a site that has been serving since its last publish. Prints
the CPU time per request (`time.process_time()`, so other load on the machine
changes little), its median and 90th percentile, and the queries per request;
`--profile N` adds the N costliest functions (cProfile: cumulative, then own
time) over the same requests.

`--setup` fills the database first when it lacks the articles (migrate,
load_demo_content, generate_articles): point DATABASE_URL and MEDIA_ROOT at a
throwaway place, never at a site's own database. Without it, run it against a
database made by `make bench` (BENCH_DIR's db.sqlite3) or by hand.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time
import traceback
from contextlib import nullcontext

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from blog.models import ArticlePage
from serving.cache import version
from tools.management.commands.generate_articles import (
    SLUG_PREFIX,
    generated_article_urls,
)

# Room for every article's own entries: a small cache evicting site-wide
# fragments in the middle of the run would measure the cache, not the page.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "render-cost",
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
}


class QueryCounter:
    """Counts queries at the cursor, without recording them (no timing cost)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class QueryRecorder:
    """Each query's SQL, and the innermost lines of code that led to it."""

    def __init__(self) -> None:
        self.queries: list[tuple[str, str]] = []

    def __call__(self, execute, sql, params, many, context):
        frames = []
        for frame in traceback.extract_stack():
            if "/django/db/" in frame.filename:
                break  # what follows wraps the cursor
            frames.append(frame)
        where = [
            f"{frame.filename.split('site-packages/')[-1]}:{frame.lineno}"
            for frame in frames[-6:]
        ]
        self.queries.append((sql[:300], " <- ".join(reversed(where))))
        return execute(sql, params, many, context)


class Command(BaseCommand):
    help = "CPU time and queries per uncached article page (page cache off)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=500,
            help="different article pages to request, once each (both languages)",
        )
        parser.add_argument(
            "--profile",
            type=int,
            default=0,
            metavar="N",
            help="print the N costliest functions (cProfile)",
        )
        parser.add_argument(
            "--show-queries",
            action="store_true",
            help="print the SQL of the last request",
        )
        parser.add_argument(
            "--again",
            action="store_true",
            help="then ask for the same articles once more (their own memo warm)",
        )
        parser.add_argument(
            "--setup",
            action="store_true",
            help="migrate and load the demo and generated articles when missing",
        )

    def handle(self, *args, articles, profile, setup, show_queries, again, **options):
        if setup:
            self.setup(articles)
        urls = generated_article_urls(articles + 4)
        if len(urls) < articles + 4:
            raise CommandError(
                f"{len(urls)} generated articles, {articles + 4} wanted: run with "
                "--setup on a throwaway database, or generate_articles."
            )
        with override_settings(
            DEBUG=False,
            PAGE_CACHE_ENABLED=False,
            MEMO_CACHE_ENABLED=True,
            ALLOWED_HOSTS=["*"],
            CACHES=CACHES,
        ):
            self.measure(urls[:articles], urls[articles:], profile, show_queries, again)

    def setup(self, articles: int) -> None:
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_demo_content", stdout=io.StringIO())
        existing = ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX).count()
        if existing < 2 * (articles + 4):
            # Each in both languages (one of them measured); 4 more to warm up on.
            call_command("generate_articles", count=articles + 4, stdout=io.StringIO())

    def measure(
        self,
        urls: list[str],
        warm_urls: list[str],
        profile: int,
        show_queries: bool,
        again: bool,
    ) -> None:
        client = Client()
        version.bump()  # a fresh start: nothing of a previous run's is warm
        # Site-wide fragments warm (both languages), on articles not measured.
        warm = ArticlePage.objects.live().exclude(slug__startswith=SLUG_PREFIX)
        for page in warm[:4]:
            client.get(page.url)
        for url in warm_urls:
            client.get(url)

        counter = QueryCounter()
        profiler = cProfile.Profile() if profile else None
        cpu, queries = [], []
        wall = time.perf_counter()
        with connection.execute_wrapper(counter):
            for url in urls:
                before_queries = counter.count
                last = url is urls[-1]
                captured = QueryRecorder()
                if profiler:
                    profiler.enable()
                start = time.process_time()
                recording = last and show_queries
                wrapper = connection.execute_wrapper(captured)
                with wrapper if recording else nullcontext():
                    response = client.get(url)
                spent = time.process_time() - start
                if profiler:
                    profiler.disable()
                if response.status_code != 200:
                    raise CommandError(f"{url}: {response.status_code}")
                cpu.append(spent * 1000)
                queries.append(counter.count - before_queries)
        wall = time.perf_counter() - wall
        if show_queries:
            self.stdout.write(f"Queries of {urls[-1]}, with where our code asked:")
            for sql, where in captured.queries:
                self.stdout.write(f"  {sql}\n    <- {where}")

        deciles = statistics.quantiles(cpu, n=10)
        self.stdout.write(
            f"{len(urls)} different articles, page cache off, site-wide memo warm"
            f"{' (under cProfile: slower)' if profiler else ''}:\n"
            f"  CPU per request: mean {statistics.fmean(cpu):.2f} ms, "
            f"median {statistics.median(cpu):.2f} ms, p90 {deciles[-1]:.2f} ms\n"
            f"  queries per request: mean {statistics.fmean(queries):.1f}, "
            f"max {max(queries)}\n"
            f"  wall clock: {wall / len(urls) * 1000:.2f} ms per request"
        )
        if again:
            # Their own memo entries (taxonomy, navigation, cards) are warm now.
            again_cpu = []
            for url in urls:
                start = time.process_time()
                client.get(url)
                again_cpu.append((time.process_time() - start) * 1000)
            self.stdout.write(
                "  the same articles again (page cache off, their own memo warm): "
                f"mean {statistics.fmean(again_cpu):.2f} ms, "
                f"median {statistics.median(again_cpu):.2f} ms"
            )
        if profiler:
            ours = f"^{settings.BASE_DIR}/(?!\\.venv)"
            for order, title, restrictions in (
                ("cumulative", "everything, by cumulative time", (profile,)),
                ("tottime", "everything, by own time", (profile,)),
                ("cumulative", "our code, by cumulative time", (ours, profile)),
            ):
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out).sort_stats(order)
                stats.print_stats(*restrictions)
                text = out.getvalue().replace(f"{settings.BASE_DIR}/", "")
                self.stdout.write(f"\n-- {title} --\n{text}")
