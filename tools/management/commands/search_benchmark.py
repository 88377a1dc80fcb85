"""Search latency with thousands of articles, on a throwaway database.

    manage.py search_benchmark [--articles 1000 10000] [--queries 20] [--repeat 5]

Creates a separate database (Django's test-database machinery: a temporary
SQLite file, or `<name>_search_benchmark` on PostgreSQL), migrates it, builds a
minimal English and Chinese site, then for each N (ascending) grows the Insights
index to N synthetic articles *per language* (tools/search_corpus.py: mixed English
and Chinese medical text), indexes them, and times the search page for
`--queries` representative queries per language. Prints p50/p99 of the search
itself (promotions, tiers, count, first page with excerpts) and of the whole
page (a request through the test client: header, sidebar, template). The
database is dropped at the end, whatever happens.

Articles are created in bulk, honestly but not through `add_child` one by one
(that takes ~50 ms per page): page rows go in with treebeard paths computed
here, article rows with Django's bulk insert, and the search index is built
with the backend's own `add_bulk`, as `update_index` does. They are published
pages in every way the search sees (live, public, in the tree, indexed).
"""

import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import F
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from blog.models import ArticlePage, BlogIndexPage, Category
from home.models import HomePage
from search import query as search_query
from search import results as search_results
from tools import search_corpus as corpus

BATCH = 500


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Benchmark visitor search on a throwaway database with N synthetic articles."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
        parser.add_argument("--queries", type=int, default=20)
        parser.add_argument(
            "--repeat", type=int, default=5, help="timed runs per query"
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles, queries, repeat, seed, **options):
        self.rng = random.Random(seed)  # noqa: S311 (synthetic text, not secrets)
        settings_dict = connection.settings_dict
        vendor = connection.vendor
        old_name = settings_dict["NAME"]
        test_settings = settings_dict.setdefault("TEST", {})
        saved_test_name = test_settings.get("NAME")
        tmp = None
        if vendor == "sqlite":
            tmp = tempfile.TemporaryDirectory(prefix="search-benchmark-")
            test_settings["NAME"] = str(Path(tmp.name) / "benchmark.sqlite3")
        else:
            test_settings["NAME"] = f"{old_name}_search_benchmark"
        self.stdout.write(
            f"Creating a throwaway {vendor} database ({test_settings['NAME']})…"
        )
        started = time.perf_counter()
        # Our own cache, so that a shared Redis never sees the throwaway site.
        # The page cache is off: it would answer every repeated query from memory and
        # time nothing but a cache read.
        with override_settings(
            DEBUG=False,
            PAGE_CACHE_ENABLED=False,
            CACHES={
                "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
            },
        ):
            connection.creation.create_test_db(
                verbosity=0, autoclobber=True, serialize=False
            )
            try:
                self.stdout.write(
                    f"  migrated in {time.perf_counter() - started:.0f} s"
                )
                self.run(sorted(articles), queries, repeat)
            finally:
                connection.creation.destroy_test_db(old_name, verbosity=0)
                test_settings["NAME"] = saved_test_name
                if tmp:
                    tmp.cleanup()
                self.stdout.write("Throwaway database dropped.")

    # -- site -------------------------------------------------------------------------

    def build_site(self):
        en, _ = Locale.objects.get_or_create(language_code="en")
        zh, _ = Locale.objects.get_or_create(language_code="zh-hans")
        root = Page.get_first_root_node()
        root.get_children().delete()
        home = root.add_child(
            instance=HomePage(
                title="Home", slug="home", hero_heading="Cell therapy", locale=en
            )
        )
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        index = home.add_child(
            instance=BlogIndexPage(title="Insights", slug="insights")
        )
        zh_home = home.copy_for_translation(zh)
        zh_home.save_revision().publish()
        zh_index = index.copy_for_translation(zh)
        zh_index.title = "洞见"
        zh_index.save_revision().publish()
        self.categories = list(
            Category.objects.bulk_create(
                Category(name=f"Category {n}", slug=f"category-{n}", locale=en)
                for n in range(6)
            )
        )
        return {"en": index, "zh-hans": zh_index}

    # -- bulk articles ----------------------------------------------------------------

    def add_articles(self, index: BlogIndexPage, language: str, count: int) -> None:
        index.refresh_from_db()
        content_type = ContentType.objects.get_for_model(ArticlePage)
        now = timezone.now()
        first = index.numchild + 1
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            with transaction.atomic():
                pages = []
                for n in range(first + done, first + done + size):
                    text = corpus.synthetic_article(
                        self.rng, "en" if language == "en" else "zh"
                    )
                    slug = f"synthetic-{n}"
                    page = Page(
                        title=text["title"],
                        draft_title=text["title"],
                        slug=slug,
                        content_type=content_type,
                        path=Page._get_path(index.path, index.depth + 1, n),
                        depth=index.depth + 1,
                        numchild=0,
                        url_path=f"{index.url_path}{slug}/",
                        locale_id=index.locale_id,
                        translation_key=uuid.uuid4(),
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                    )
                    page._synthetic = text
                    pages.append(page)
                Page.objects.bulk_create(pages)
                rows = [
                    ArticlePage(
                        page_ptr_id=page.pk,
                        date=(now - timezone.timedelta(days=n % 900)).date(),
                        category=self.categories[n % len(self.categories)],
                        excerpt=page._synthetic["excerpt"],
                        body=[
                            ("paragraph", RichText(f"<p>{p}</p>"))
                            for p in page._synthetic["body"]
                        ],
                    )
                    for n, page in enumerate(pages)
                ]
                # Multi-table inheritance: bulk_create refuses child models; insert
                # the child rows the way it would.
                ArticlePage._base_manager._insert(
                    rows, fields=ArticlePage._meta.local_concrete_fields
                )
                Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + size)
                objs = list(ArticlePage.objects.filter(pk__in=[p.pk for p in pages]))
                get_search_backend().add_bulk(ArticlePage, objs)
            done += size
            if done % 2000 == 0 or done == count:
                self.stdout.write(
                    f"    {language}: {done}/{count} articles added and indexed"
                )

    # -- timing -----------------------------------------------------------------------

    def time_queries(self, language: str, queries: list[str], repeat: int):
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
                    raise RuntimeError(
                        f"{url}?q={text} answered {response.status_code}"
                    )
            counts.append(outcome.total)
        return core, page, counts

    def run(self, sizes: list[int], queries: int, repeat: int) -> None:
        indexes = self.build_site()
        rows = []
        current = 0
        for size in sizes:
            self.stdout.write(f"Growing to {size} articles per language…")
            started = time.perf_counter()
            for language, index in indexes.items():
                self.add_articles(index, language, size - current)
            current = size
            # Fresh statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE keep
            # them on a live site: without them the planner takes the bulk-loaded
            # tables for empty and joins them in the wrong order.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stdout.write(
                f"  built and indexed in {time.perf_counter() - started:.0f} s"
            )
            for language in indexes:
                core, page, counts = self.time_queries(
                    language, corpus.BENCHMARK_QUERIES[language][:queries], repeat
                )
                rows.append((size, language, core, page, statistics.median(counts)))
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
