"""Insights template tags: the sidebar and the home page's latest articles.

The home page shows latest articles through this tag so that `home` never
imports `blog`.
"""

from django import template
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.models import Locale, Site

from blog import structured_data
from blog.models import (
    ArticlePage,
    BlogIndexPage,
    Category,
    Tag,
    with_display_categories,
)
from home.cache.lookups import (
    active_locale,
    locale_of,
    public_q,
    site_settings,
    site_text,
)
from home.cache.memo import memoize
from home.models import ClinicSettings
from home.structured_data import json_ld_script

register = template.Library()

RECENT_ARTICLES = 5


def _live_articles(locale: Locale):
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
        _live_articles(locale)
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
    return memoize("used-tags", locale.pk, compute=lambda: _used_tags(locale))


def _used_tags(locale: Locale) -> list[Tag]:
    keys = set(
        _live_articles(locale)
        .exclude(tags=None)
        .order_by()  # no default ordering, so that DISTINCT is on the keys alone
        .values_list("tags__translation_key", flat=True)
        .distinct()
    )
    tags = _pick_localized(Tag.objects.filter(translation_key__in=keys), locale)
    return sorted(tags.values(), key=lambda t: t.name.lower())


def recent_articles(locale: Locale, count: int = RECENT_ARTICLES) -> list[ArticlePage]:
    # Listings show no body: leaving the StreamFields out keeps the memo small.
    return memoize(
        "recent-articles",
        locale.pk,
        count,
        compute=lambda: list(
            _live_articles(locale)
            .defer_streamfields()
            .select_related("category", "cover_image")
            .order_by("-date", "-pk")[:count]
        ),
    )


@register.inclusion_tag("blog/tags/sidebar.html", takes_context=True)
def blog_sidebar(context):
    locale = active_locale()
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
    locale = active_locale()
    return {
        "request": context["request"],
        "heading": heading,
        "blog_index": blog_index_for(locale),
        "articles": with_display_categories(recent_articles(locale, count)),
    }


@register.simple_tag(takes_context=True)
def article_card(context, article: ArticlePage, level: int = 2) -> str:
    """components/article_card.html, rendered once per content version and language:
    its picture (three formats, two sizes) is the costliest part of a listing."""
    request = context["request"]
    site = Site.find_for_request(request)
    category = getattr(article, "display_category", None)
    return memoize(
        "article-card",
        site.pk if site else 0,
        get_language(),
        article.pk,
        level,
        category.pk if category else 0,
        compute=lambda: render_to_string(
            "components/article_card.html",
            {"article": article, "level": level, "request": request},
        ),
    )


@register.simple_tag(takes_context=True)
def taxonomy_url(
    context, blog_index: BlogIndexPage | None, route: str, slug: str
) -> str:
    """URL of a category or tag listing (`route` is "category" or "tag")."""
    if blog_index is None:
        return ""
    base = blog_index.get_url(context["request"]) or ""
    return base + blog_index.reverse_subpage(f"{route}_route", kwargs={"slug": slug})


@register.simple_tag(takes_context=True)
def feed_links(
    context, blog_index: BlogIndexPage | None, category: Category | None = None
):
    """<link rel="alternate"> for the RSS and Atom feeds (of a category, when given)."""
    if blog_index is None:
        return ""
    base = blog_index.get_url(context["request"]) or ""
    if category:
        rss = base + blog_index.reverse_subpage(
            "category_feed", kwargs={"slug": category.slug}
        )
        atom = base + blog_index.reverse_subpage(
            "category_atom_feed", kwargs={"slug": category.slug}
        )
        title = f"{blog_index.title}: {category.name}"
    else:
        rss = base + blog_index.reverse_subpage("feed")
        atom = base + blog_index.reverse_subpage("atom_feed")
        title = blog_index.title
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="{} (RSS)" href="{}">'
        '<link rel="alternate" type="application/atom+xml" title="{} (Atom)" '
        'href="{}">',
        title,
        rss,
        title,
        atom,
    )


@register.simple_tag(takes_context=True)
def article_json_ld(context):
    """BlogPosting, MedicalWebPage (review) and FAQPage from the article's context."""
    request = context["request"]
    page = context["page"]
    blog_index = context["blog_index"]
    url = page.get_full_url(request)
    language = locale_of(page).language_code
    site = Site.find_for_request(request)
    clinic = site_settings(ClinicSettings, request)
    text = site_text()
    logo_url = (
        request.build_absolute_uri(
            clinic.logo.get_rendition("max-600x600|format-png").url
        )
        if clinic and clinic.logo
        else ""
    )
    image = page.cover_image
    image_url = (
        request.build_absolute_uri(image.get_rendition("fill-1200x675|format-jpeg").url)
        if image
        else ""
    )
    author = context.get("author")
    author_url = ""
    if author:
        author_url = request.build_absolute_uri(
            (blog_index.get_url(request) or "")
            + blog_index.reverse_subpage("author_route", kwargs={"slug": author.slug})
        )
    publisher = {
        "@type": "Organization",
        "name": text.organisation_name if text else site.site_name,
        "logo": {"@type": "ImageObject", "url": logo_url} if logo_url else None,
    }
    graphs = [
        structured_data.blog_posting(
            article=page,
            url=url,
            language=language,
            category=context.get("category"),
            author=author,
            author_url=author_url,
            image_url=image_url,
            publisher=publisher,
        ),
        structured_data.medical_web_page(
            article=page, url=url, language=language, reviewer=context.get("reviewer")
        ),
        structured_data.faq_page(page.body),
    ]
    return mark_safe("".join(json_ld_script(graph) for graph in graphs if graph))  # noqa: S308
