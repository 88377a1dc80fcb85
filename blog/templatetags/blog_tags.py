"""Insights template tags: the sidebar and the home page's latest articles.

The home page shows latest articles through this tag so that `home` never
imports `blog`.
"""

from django import template
from django.db.models import Count

from wagtail.models import Locale

from blog.models import ArticlePage, BlogIndexPage, Category, Tag, with_display_categories

register = template.Library()

RECENT_ARTICLES = 5


def _live_articles(locale: Locale):
    return ArticlePage.objects.live().public().filter(locale=locale)


def _pick_localized(objects, locale: Locale) -> dict:
    """translation_key -> the object in `locale`, else any translation of it."""
    chosen = {}
    for obj in objects:
        if obj.translation_key not in chosen or obj.locale_id == locale.pk:
            chosen[obj.translation_key] = obj
    return chosen


def blog_index_for(locale: Locale) -> BlogIndexPage | None:
    return BlogIndexPage.objects.live().filter(locale=locale).first()


def category_counts(locale: Locale) -> list[tuple[Category, int]]:
    """Categories with their number of live articles in `locale`, in sidebar order.

    Two queries whatever the number of articles: one aggregate, one for names.
    """
    counts = dict(
        _live_articles(locale)
        .exclude(category=None)
        .order_by()  # no default ordering, or it would join the GROUP BY
        .values_list("category__translation_key")
        .annotate(n=Count("pk"))
    )
    if not counts:
        return []
    categories = _pick_localized(Category.objects.filter(translation_key__in=counts), locale)
    ordered = sorted(categories.values(), key=lambda c: (c.sort_order, c.name))
    return [(category, counts[category.translation_key]) for category in ordered]


def used_tags(locale: Locale) -> list[Tag]:
    keys = set(
        _live_articles(locale).exclude(tags=None).values_list("tags__translation_key", flat=True)
    )
    tags = _pick_localized(Tag.objects.filter(translation_key__in=keys), locale)
    return sorted(tags.values(), key=lambda t: t.name.lower())


def recent_articles(locale: Locale, count: int = RECENT_ARTICLES) -> list[ArticlePage]:
    return list(
        _live_articles(locale).select_related("category", "cover_image").order_by("-date", "-pk")[
            :count
        ]
    )


@register.inclusion_tag("blog/tags/sidebar.html", takes_context=True)
def blog_sidebar(context):
    locale = Locale.get_active()
    return {
        "request": context["request"],
        "blog_index": blog_index_for(locale),
        "category_counts": category_counts(locale),
        "recent_articles": recent_articles(locale),
        "tags": used_tags(locale),
        "search_query": context.get("search_query", ""),
    }


@register.inclusion_tag("blog/tags/latest_articles.html", takes_context=True)
def latest_articles(context, count: int = 3, heading: str = ""):
    locale = Locale.get_active()
    return {
        "request": context["request"],
        "heading": heading,
        "blog_index": blog_index_for(locale),
        "articles": with_display_categories(recent_articles(locale, count)),
    }


@register.simple_tag(takes_context=True)
def taxonomy_url(context, blog_index: BlogIndexPage | None, route: str, slug: str) -> str:
    """URL of a category or tag listing (`route` is "category" or "tag")."""
    if blog_index is None:
        return ""
    base = blog_index.get_url(context["request"]) or ""
    return base + blog_index.reverse_subpage(f"{route}_route", kwargs={"slug": slug})
