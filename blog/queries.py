"""The Insights queries that views, feeds, models and template tags share."""

from django.db.models import Count

from wagtail.models import Locale

from blog.models import ArticlePage, BlogIndexPage, Category, Tag
from home.cache.lookups import public_q
from home.cache.memo import memoize

RECENT_ARTICLES = 5


def live_articles(locale: Locale):
    """Live, public articles in `locale`."""
    # public_q(): Wagtail's .public() without its query (view restrictions memoised).
    return ArticlePage.objects.live().filter(public_q()).filter(locale=locale)


def _pick_localized(objects, locale: Locale) -> dict:
    """translation_key -> the object in `locale`, else any translation of it."""
    chosen = {}
    for obj in objects:
        if obj.translation_key not in chosen or obj.locale_id == locale.pk:
            chosen[obj.translation_key] = obj
    return chosen


# The sidebar's data is the same on every page of a language until something is
# published: each function below is computed once per content version
# (home/cache/memo.py), and costs no query until the next publish.


def blog_index_for(locale: Locale) -> BlogIndexPage | None:
    return memoize(
        "blog-index",
        locale.pk,
        compute=lambda: BlogIndexPage.objects.live().filter(locale=locale).first(),
    )


def category_counts(locale: Locale) -> list[tuple[Category, int]]:
    """Categories with their number of live articles in `locale`, in sidebar order.

    Two queries whatever the number of articles: one aggregate, one for names.
    """
    return memoize(
        "category-counts", locale.pk, compute=lambda: _category_counts(locale)
    )


def _category_counts(locale: Locale) -> list[tuple[Category, int]]:
    counts = dict(
        live_articles(locale)
        .exclude(category=None)
        .order_by()  # no default ordering, or it would join the GROUP BY
        .values_list("category__translation_key")
        .annotate(n=Count("pk"))
    )
    if not counts:
        return []
    categories = _pick_localized(
        Category.objects.filter(translation_key__in=counts), locale
    )
    ordered = sorted(categories.values(), key=lambda c: (c.sort_order, c.name))
    return [(category, counts[category.translation_key]) for category in ordered]


def used_tags(locale: Locale) -> list[Tag]:
    """Tags of live articles in `locale`, by name."""
    return memoize("used-tags", locale.pk, compute=lambda: _used_tags(locale))


def _used_tags(locale: Locale) -> list[Tag]:
    keys = set(
        live_articles(locale)
        .exclude(tags=None)
        .order_by()  # no default ordering, so that DISTINCT is on the keys alone
        .values_list("tags__translation_key", flat=True)
        .distinct()
    )
    tags = _pick_localized(Tag.objects.filter(translation_key__in=keys), locale)
    return sorted(tags.values(), key=lambda t: t.name.lower())


def recent_articles(locale: Locale, count: int = RECENT_ARTICLES) -> list[ArticlePage]:
    """The `count` newest live articles in `locale`."""
    # Listings show no body: leaving the StreamFields out keeps the memo small.
    return memoize(
        "recent-articles",
        locale.pk,
        count,
        compute=lambda: list(
            live_articles(locale)
            .defer_streamfields()
            .select_related("category", "cover_image")
            .order_by("-date", "-pk")[:count]
        ),
    )
