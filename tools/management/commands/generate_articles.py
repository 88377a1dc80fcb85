"""Many articles in both languages, for `make bench` and load tests.

    manage.py generate_articles --count 1000

Each generated article copies the body of a demo article (so pages render like
real ones: headings, lists, FAQ, images), gets a category, two tags, an author
and a cover image from what the demo loaded, and is published in English and in
Chinese (the same translation key, as wagtail-localize would make it). Run it
after `load_demo_content`; running it again only adds what is missing.
"""

import datetime
import itertools

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale

from blog.models import ArticlePage, BlogIndexPage, Category, Tag
from home.models import Person

SLUG_PREFIX = "generated-article-"
BATCH = 100


def generated_article_urls(count: int) -> list[str]:
    """URLs of generated articles 1 to `count`: the odd ones in English, the
    even ones in Chinese, so that no two are translations of each other (a
    memo shared by a page's translations would help the second). For
    `render_cost` and `make bench-bakerydemo`: each request a real miss."""
    wanted = {}
    for number in range(1, count + 1):
        wanted[f"{SLUG_PREFIX}{number}"] = "en" if number % 2 else "zh-hans"
    found = {}
    pages = ArticlePage.objects.live().filter(slug__in=wanted).select_related("locale")
    for page in pages:
        if page.locale.language_code == wanted[page.slug]:
            found[page.slug] = page.url
    return [found[slug] for slug in wanted if slug in found]


class Command(BaseCommand):
    help = "Publish COUNT generated articles in English and Chinese (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)

    def handle(self, *args, count: int, **options):
        en, zh = (
            Locale.objects.get(language_code="en"),
            Locale.objects.get(language_code="zh-hans"),
        )
        indexes = {index.locale_id: index for index in BlogIndexPage.objects.live()}
        if en.pk not in indexes or zh.pk not in indexes:
            raise CommandError(
                "Load the demo content first (manage.py load_demo_content)."
            )
        model = (
            ArticlePage.objects.live()
            .filter(locale=en)
            .exclude(slug__startswith=SLUG_PREFIX)
            .exclude(cover_image=None)
            .first()
        )
        if model is None:
            raise CommandError("No demo article to copy.")
        existing = set(
            ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX).values_list(
                "slug", "locale_id"
            )
        )
        categories = itertools.cycle(Category.objects.filter(locale=en).order_by("pk"))
        tags = list(Tag.objects.filter(locale=en).order_by("pk")) or [None]
        author = Person.objects.filter(locale=en).first()
        start = datetime.date(2020, 1, 1)
        made = 0
        for first in range(0, count, BATCH):
            with transaction.atomic():
                for number in range(first, min(first + BATCH, count)):
                    slug = f"{SLUG_PREFIX}{number + 1}"
                    category = next(categories, None)
                    page_tags = [
                        t
                        for t in {
                            tags[number % len(tags)],
                            tags[(number * 7 + 3) % len(tags)],
                        }
                        if t
                    ]
                    fields = {
                        "slug": slug,
                        "date": start + datetime.timedelta(days=number % 1800),
                        "category": category,
                        "author": author,
                        "cover_image": model.cover_image,
                        "body": model.body.raw_data,
                        "live": True,
                        "first_published_at": timezone.now(),
                        "last_published_at": timezone.now(),
                    }
                    english = None
                    if (slug, en.pk) not in existing:
                        english = ArticlePage(
                            title=f"Generated article {number + 1}: {model.title}",
                            excerpt=f"Generated article {number + 1}. {model.excerpt}",
                            locale=en,
                            **fields,
                        )
                        indexes[en.pk].add_child(instance=english)
                        english.tags.set(page_tags)
                        english.save()
                        made += 1
                    if (slug, zh.pk) not in existing:
                        english = english or ArticlePage.objects.get(
                            slug=slug, locale=en
                        )
                        chinese = ArticlePage(
                            title=f"示例文章 {number + 1}：间充质干细胞",
                            excerpt=f"示例文章 {number + 1}。{model.excerpt}",
                            locale=zh,
                            translation_key=english.translation_key,
                            **fields,
                        )
                        indexes[zh.pk].add_child(instance=chinese)
                        chinese.tags.set(page_tags)
                        chinese.save()
                        made += 1
            self.stdout.write(f"  {min(first + BATCH, count)} / {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Generated articles: {made} pages published.")
        )
