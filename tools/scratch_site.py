"""A throwaway database with a minimal bilingual site, for the scale commands.

`search_benchmark`, `wordpress_scale` and `bench_scale` each measure on a database
of their own, never the site's:

    with throwaway_database("bench_scale", stdout):
        indexes = build_site()                      # {"en": index, "zh-hans": index}
        categories, tags = add_taxonomy()
        add_articles(indexes["en"], 1000, rng, categories, tags)

`throwaway_database` uses Django's test-database machinery (a temporary SQLite
file, or `<name>_<suffix>` on PostgreSQL), with a local-memory cache (a shared Redis
never sees the throwaway site) and the page cache off, and drops it at the end,
whatever happens.

`add_articles` creates published articles in bulk, honestly but not through
`add_child` one by one (that takes ~50 ms per page): page rows go in with treebeard
paths computed here, article rows with Django's bulk insert, and the search index is
built with the backend's own `add_bulk`, as `update_index` does. They are published
pages in every way visitors, the search and the admin see (live, public, in the tree,
indexed). Article N has the same translation key in every language, as
wagtail-localize would give it, so the sitemap links the two.
"""

from __future__ import annotations

import random
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from blog.models import ArticlePage, BlogIndexPage, Category, Tag
from home.models import HomePage
from tools import search_corpus as corpus

BATCH = 500
LANGUAGES = ("en", "zh-hans")
# Article N's translation key, the same in every language.
KEYS = uuid.UUID("6d1d9f0e-5b1b-4a53-9d0e-0c7a2f7f7a01")


@contextmanager
def throwaway_database(suffix: str, stdout=None, *, keep=False, **settings):
    """Create and migrate a database of its own, use it inside the block, drop it
    (unless `keep`: then left for a look, under the name it prints).

    `settings` are overridden for the block, on top of DEBUG off, a local-memory
    cache and the page cache off."""
    settings_dict = connection.settings_dict
    old_name = settings_dict["NAME"]
    test_settings = settings_dict.setdefault("TEST", {})
    saved_test_name = test_settings.get("NAME")
    tmp = None
    if connection.vendor == "sqlite":
        tmp = tempfile.TemporaryDirectory(prefix=f"{suffix}-")
        test_settings["NAME"] = str(Path(tmp.name) / f"{suffix}.sqlite3")
    else:
        test_settings["NAME"] = f"{old_name}_{suffix}"
    say = stdout.write if stdout else (lambda text: None)
    say(f"Creating a throwaway {connection.vendor} database ({test_settings['NAME']})…")
    started = time.perf_counter()
    with override_settings(
        **{
            "DEBUG": False,
            "PAGE_CACHE_ENABLED": False,
            "CACHES": {
                "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
            },
            **settings,
        }
    ):
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            say(f"  migrated in {time.perf_counter() - started:.0f} s")
            yield
        finally:
            if keep:
                kept = connection.settings_dict["NAME"]
                connection.close()
                settings_dict["NAME"] = old_name
                say(f"Database kept: {kept}")
            else:
                connection.creation.destroy_test_db(old_name, verbosity=0)
                if tmp:
                    tmp.cleanup()
                say("Throwaway database dropped.")
            test_settings["NAME"] = saved_test_name


def build_site(languages=LANGUAGES) -> dict[str, BlogIndexPage]:
    """A home page and an Insights index in each language (the first is the source,
    the others its wagtail-localize copies, published): {language: index}."""
    locales = [
        Locale.objects.get_or_create(language_code=code)[0] for code in languages
    ]
    root = Page.get_first_root_node()
    root.get_children().delete()
    home = root.add_child(
        instance=HomePage(
            title="Home", slug="home", hero_heading="Cell therapy", locale=locales[0]
        )
    )
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    index = home.add_child(instance=BlogIndexPage(title="Insights", slug="insights"))
    indexes = {languages[0]: index}
    for code, locale in zip(languages[1:], locales[1:], strict=True):
        translated_home = home.copy_for_translation(locale)
        translated_home.save_revision().publish()
        translated_index = index.copy_for_translation(locale)
        translated_index.save_revision().publish()
        indexes[code] = translated_index
    return indexes


def add_taxonomy(categories: int = 6, tags: int = 12) -> tuple[list, list]:
    """Source-language categories and tags (articles in every language link these)."""
    locale = Locale.get_default()
    return (
        list(
            Category.objects.bulk_create(
                Category(name=f"Category {n}", slug=f"category-{n}", locale=locale)
                for n in range(categories)
            )
        ),
        list(
            Tag.objects.bulk_create(
                Tag(name=f"Tag {n}", slug=f"tag-{n}", locale=locale)
                for n in range(tags)
            )
        ),
    )


def add_articles(
    index: BlogIndexPage,
    count: int,
    rng: random.Random,
    categories: list[Category],
    tags: list[Tag] = (),
    progress=None,
    **fields,
) -> None:
    """`count` more published, indexed articles under `index`, in its language:
    synthetic medical text (tools/search_corpus.py), a category, two tags, and
    `fields` (e.g. author, cover_image) as given."""
    index.refresh_from_db()
    language = "en" if index.locale.language_code == "en" else "zh"
    content_type = ContentType.objects.get_for_model(ArticlePage)
    through = ArticlePage.tags.through
    now = timezone.now()
    first = index.numchild + 1
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        with transaction.atomic():
            pages = []
            for n in range(first + done, first + done + size):
                text = corpus.synthetic_article(rng, language)
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
                    translation_key=uuid.uuid5(KEYS, slug),
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                )
                page._number = n
                page._synthetic = text
                pages.append(page)
            Page.objects.bulk_create(pages)
            rows = [
                ArticlePage(
                    page_ptr_id=page.pk,
                    date=(now - timezone.timedelta(days=page._number % 900)).date(),
                    category=categories[page._number % len(categories)],
                    excerpt=page._synthetic["excerpt"],
                    body=[
                        ("paragraph", RichText(f"<p>{p}</p>"))
                        for p in page._synthetic["body"]
                    ],
                    **fields,
                )
                for page in pages
            ]
            # Multi-table inheritance: bulk_create refuses child models; insert the
            # child rows the way it would.
            ArticlePage._base_manager._insert(
                rows, fields=ArticlePage._meta.local_concrete_fields
            )
            if tags:
                through.objects.bulk_create(
                    through(articlepage_id=page.pk, tag_id=tag.pk)
                    for page in pages
                    for tag in {
                        tags[page._number % len(tags)],
                        tags[(page._number * 7 + 3) % len(tags)],
                    }
                )
            Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + size)
            objs = list(ArticlePage.objects.filter(pk__in=[p.pk for p in pages]))
            get_search_backend().add_bulk(ArticlePage, objs)
        done += size
        if progress and (done % 2000 == 0 or done == count):
            progress(f"    {index.locale.language_code}: {done}/{count} articles")


def analyze() -> None:
    """Fresh planner statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE
    keep them on a live site: without them the planner takes bulk-loaded tables for
    empty and joins them in the wrong order. On PostgreSQL also the visibility map
    autovacuum sets after bulk inserts: without it every index-only scan reads the
    table too (a bulk-built site, not one in service)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )
