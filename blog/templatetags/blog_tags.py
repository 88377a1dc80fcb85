"""Insights template tags: the sidebar and the home page's latest articles.

The home page shows latest articles through this tag so that `home` never
imports `blog`. The tags only present data: their queries are in blog/queries.py,
which views call too (no module imports this one).
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Site

from blog import queries, structured_data
from blog.citations import cite
from blog.models import ArticlePage, BlogIndexPage, Category
from home import images
from home.i18n import site_text
from home.models import ClinicSettings
from home.structured_data import json_ld_script
from serving.cache.lookups import active_locale, locale_of, site_settings
from serving.cache.memo import memoize, memoize_many

register = template.Library()


@register.simple_tag(takes_context=True)
def blog_sidebar(context) -> str:
    """blog/tags/sidebar.html: the same on every page of a language until the
    next publish, so rendered once per content version (unless it shows what a
    visitor searched for)."""
    request = context["request"]
    search_query = context.get("search_query", "")

    def render() -> str:
        locale = active_locale()
        return render_to_string(
            "blog/tags/sidebar.html",
            {
                "request": request,
                "blog_index": queries.blog_index_for(locale),
                "category_counts": queries.category_counts(locale),
                "recent_articles": queries.recent_articles(locale),
                "tags": queries.used_tags(locale),
                "search_query": search_query,
            },
        )

    if search_query:
        return render()
    site = Site.find_for_request(request)
    return memoize(
        "sidebar",
        site.pk if site else 0,
        get_language(),
        compute=render,
        in_process=True,
    )


@register.inclusion_tag("blog/tags/latest_articles.html", takes_context=True)
def latest_articles(context, count: int = 3, heading: str = ""):
    locale = active_locale()
    return {
        "request": context["request"],
        "heading": heading,
        "blog_index": queries.blog_index_for(locale),
        "articles": queries.with_display_categories(
            queries.recent_articles(locale, count)
        ),
    }


@register.simple_tag(takes_context=True)
def article_cards(context, articles, level: int = 2) -> str:
    """components/article_card.html for each article, each rendered once per
    content version and language (its picture, three formats in two sizes, is
    the costliest part of a listing), all of them read in one cache round trip."""
    request = context["request"]
    site = Site.find_for_request(request)
    language = get_language()
    by_key = {}
    for article in articles:
        category = getattr(article, "display_category", None)
        key = (
            site.pk if site else 0,
            language,
            article.pk,
            level,
            category.pk if category else 0,
        )
        by_key[key] = article

    def render(missing):
        return {
            key: render_to_string(
                "components/article_card.html",
                {"article": by_key[key], "level": level, "request": request},
            )
            for key in missing
        }

    cards = memoize_many("article-card", by_key, compute=render)
    return mark_safe("".join(cards[key] for key in by_key))  # noqa: S308 (templates)


@register.simple_tag(takes_context=True)
def article_card(context, article: ArticlePage, level: int = 2) -> str:
    """One article's card (`article_cards`)."""
    return article_cards(context, [article], level)


@register.inclusion_tag("blog/tags/person_articles.html", takes_context=True)
def person_articles(context, person):
    """A doctor profile's lists: the articles `person` wrote and reviewed."""
    locale = active_locale()
    return {
        "request": context["request"],
        "person": person,
        "blog_index": queries.blog_index_for(locale),
        **queries.person_articles(person, locale),
    }


def person_url(request, blog_index, person, profile) -> str:
    """Where a named author or reviewer links: their profile, else (authors) their
    articles' listing, else nowhere."""
    if profile is not None:
        return profile.get_url(request) or ""
    if person is None or blog_index is None:
        return ""
    return (blog_index.get_url(request) or "") + blog_index.reverse_subpage(
        "author_route", kwargs={"slug": person.slug}
    )


@register.simple_tag(takes_context=True)
def byline_url(context, role: str) -> str:
    """The article's author's (`role` "author") or reviewer's link (reviewers
    without a profile have none: no listing of what they reviewed)."""
    person = context.get(role)
    profile = context.get(f"{role}_profile")
    if role != "author" and profile is None:
        return ""
    return person_url(context["request"], context.get("blog_index"), person, profile)


@register.simple_tag(takes_context=True)
def reviewer_name(context) -> str:
    """The reviewer's name for the review line: a link to their profile if any."""
    reviewer = context.get("reviewer")
    if reviewer is None:
        return ""
    url = byline_url(context, "reviewer")
    if not url:
        return conditional_escape(reviewer.name)
    return format_html('<a href="{}">{}</a>', url, reviewer.name)


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
def cited_article(context, page: ArticlePage) -> dict:
    """The article's body with its [1] markers linked to its references, and the
    references numbered, each with a back link to where the text first cites it
    (blog/citations.py). `language` is set where the list's language, the source
    language the references are written in, is not the page's."""
    body, references = cite(
        page.body.render_as_block(context=context.flatten()), page.references
    )
    source = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    page_language = locale_of(page).language_code
    return {
        "body": body,
        "references": references,
        "language": source if source != page_language else "",
    }


@register.simple_tag(takes_context=True)
def article_json_ld(context):
    """BlogPosting, MedicalWebPage (review) and FAQPage from the article's context."""
    request = context["request"]
    page = context["page"]
    url = page.get_full_url(request)
    language = locale_of(page).language_code
    site = Site.find_for_request(request)
    clinic = site_settings(ClinicSettings, request)
    text = site_text()
    logo = images.url(clinic.logo if clinic else None, "logo")
    logo_url = request.build_absolute_uri(logo) if logo else ""
    image = images.url(page.cover_image, "article_json_ld")
    image_url = request.build_absolute_uri(image) if image else ""
    author = context.get("author")
    author_url = byline_url(context, "author")
    reviewer_url = byline_url(context, "reviewer")
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
            author_url=request.build_absolute_uri(author_url) if author_url else "",
            image_url=image_url,
            publisher=publisher,
        ),
        structured_data.medical_web_page(
            article=page,
            url=url,
            language=language,
            reviewer=context.get("reviewer"),
            reviewer_url=request.build_absolute_uri(reviewer_url)
            if reviewer_url
            else "",
        ),
        structured_data.faq_page(page.body),
    ]
    return mark_safe("".join(json_ld_script(graph) for graph in graphs if graph))  # noqa: S308
