"""Search latency with thousands of articles, on a throwaway database.

    manage.py search_benchmark [--articles 1000 10000] [--queries 20] [--repeat 5]
    manage.py search_benchmark --existing     # time DATABASE_URL's site as it is

Creates a separate database (Django's test-database machinery: a temporary
SQLite file, or `<name>_search_benchmark` on PostgreSQL), migrates it, builds a
minimal English and Chinese site, then for each N (ascending) grows the Insights
index to N synthetic articles *per language* (tools/search_corpus.py: mixed English
and Chinese medical text), indexes them, and times the search page for
`--queries` representative queries per language. Prints p50/p99 of the search
itself (promotions, tiers, count, first page with excerpts) and of the whole
page (a request through the test client: header, sidebar, template). The
database is dropped at the end, whatever happens.

`--existing` builds nothing: it times the site already in the database (e.g. one
left by `bench_scale --keep`), with the page cache off, and changes nothing in it.

The database, the site and the bulk-created articles come from
tools/scratch_site.py; `time_search()` is shared with `bench_scale`.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from wagtail.models import Locale

from blog.models import ArticlePage
from search import query as search_query
from search import results as search_results
from tools import scratch_site
from tools import search_corpus as corpus


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_search(language: str, queries: list[str], repeat: int):
    """Milliseconds of the search itself and of the whole search page, `repeat`
    times per query after a warm-up; and each query's number of hits."""
    client = Client(HTTP_HOST="localhost")
    locale = Locale.objects.get(language_code=language)
    core, page, counts = [], [], []
    for text in queries:
        parsed = search_query.parse(search_query.clean_query(text))
        url = f"/{language}/search/"
        client.get(url, {"q": text})  # warm-up
        for _ in range(repeat):
            started = time.perf_counter()
            scope = search_results.Scope(locale)
            search_results.promotions(text, scope)
            outcome = search_results.run(parsed, scope)
            if outcome.results:
                outcome.results[0:10]
            core.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = client.get(url, {"q": text})
            page.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url}?q={text} answered {response.status_code}")
        counts.append(outcome.total)
    return core, page, counts


class Command(BaseCommand):
    help = "Benchmark visitor search on a throwaway database with N synthetic articles."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
        parser.add_argument("--queries", type=int, default=20)
        parser.add_argument(
            "--repeat", type=int, default=5, help="timed runs per query"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--existing",
            action="store_true",
            help="time the articles already in the database; build nothing",
        )

    def handle(self, *args, articles, queries, repeat, seed, existing, **options):
        if existing:
            # As on the throwaway site: no debug query log, no page cache.
            with override_settings(DEBUG=False, PAGE_CACHE_ENABLED=False):
                self.time_existing(queries, repeat)
            return
        self.rng = random.Random(seed)  # noqa: S311 (synthetic text, not secrets)
        # The page cache is off (scratch_site): it would answer every repeated query
        # from memory and time nothing but a cache read.
        with scratch_site.throwaway_database("search_benchmark", self.stdout):
            self.run(sorted(articles), queries, repeat)

    def time_existing(self, queries: int, repeat: int) -> None:
        rows = []
        for language in scratch_site.LANGUAGES:
            size = ArticlePage.objects.live().filter(locale__language_code=language)
            core, page, counts = time_search(
                language, corpus.BENCHMARK_QUERIES[language][:queries], repeat
            )
            rows.append((size.count(), language, core, page, statistics.median(counts)))
        self.print_rows(rows, queries, repeat)

    def run(self, sizes: list[int], queries: int, repeat: int) -> None:
        indexes = scratch_site.build_site()
        categories, _tags = scratch_site.add_taxonomy()
        rows = []
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
                    progress=self.stdout.write,
                )
            current = size
            scratch_site.analyze()
            self.stdout.write(
                f"  built and indexed in {time.perf_counter() - started:.0f} s"
            )
            for language in indexes:
                core, page, counts = time_search(
                    language, corpus.BENCHMARK_QUERIES[language][:queries], repeat
                )
                rows.append((size, language, core, page, statistics.median(counts)))
        self.print_rows(rows, queries, repeat)

    def print_rows(self, rows, queries: int, repeat: int) -> None:
        self.stdout.write("")
        self.stdout.write(
            f"{connection.vendor}: {queries} queries per language, "
            f"{repeat} timed runs each"
        )
        self.stdout.write(
            f"{'articles/lang':>13} {'lang':>8} {'search p50':>11} {'p99':>8}"
            f" {'page p50':>9} {'p99':>8} {'median hits':>12}"
        )
        for size, language, core, page, hits in rows:
            self.stdout.write(
                f"{size:>13} {language:>8} {statistics.median(core):>9.1f}ms"
                f" {percentile(core, 0.99):>6.1f}ms {statistics.median(page):>7.1f}ms"
                f" {percentile(page, 0.99):>6.1f}ms {hits:>12.0f}"
            )
