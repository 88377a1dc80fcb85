"""The Insights queries that views, feeds, models and template tags share."""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from django.apps import apps
from django.db.models import Count, prefetch_related_objects

from wagtail.models import Locale, Page

from blog.snippets import Category, MedicalDisclaimer, Tag
from home.i18n import localize, localize_all
from home.models import DoctorPage, Person
from serving.cache.lookups import active_locale, public_q
from serving.cache.memo import memoize

if TYPE_CHECKING:
    from blog.models import ArticlePage, BlogIndexPage

RECENT_ARTICLES = 5
RELATED_ARTICLES = 3
PERSON_ARTICLES = 10


# blog.models imports this module (its routes and get_context() are views), so
# the page models are looked up when a query runs instead of imported here.
def _article_page() -> type[ArticlePage]:
    return apps.get_model("blog", "ArticlePage")


def _blog_index_page() -> type[BlogIndexPage]:
    return apps.get_model("blog", "BlogIndexPage")


# -- what a visitor may see ------------------------------------------------------


def live_public(pages):
    """`pages` that are live and outside private subtrees."""
    # public_q(): Wagtail's .public() without its query (view restrictions memoised).
    return pages.live().filter(public_q())


def live_articles(locale: Locale):
    """Live, public articles in `locale`."""
    return live_public(_article_page().objects).filter(locale=locale)


def with_display_categories(articles: Iterable[ArticlePage]) -> list[ArticlePage]:
    """Articles with `display_category` set to their category in the active language.

    One query for the whole list, however long (articles in every language point
    at the source-language category).
    """
    articles = list(articles)
    categories = localize_all(
        article.category for article in articles if article.category
    )
    by_key = {category.translation_key: category for category in categories}
    for article in articles:
        article.display_category = (
            by_key.get(article.category.translation_key) if article.category else None
        )
    return articles


# -- an index's listings and feeds ------------------------------------------------


def index_articles(index: BlogIndexPage, *, category=None, tag=None, author=None):
    """Live, public articles under `index` (so in its language), newest first; only
    those of `category`, `tag` or `author` when given."""
    posts = (
        live_public(_article_page().objects.child_of(index))
        .select_related("category", "author", "cover_image")
        .prefetch_related("cover_image__renditions")  # cards' pictures, one query
        .order_by("-date", "-pk")
    )
    # Articles in every language link the source-language category, tags, author.
    if category is not None:
        posts = posts.filter(category__translation_key=category.translation_key)
    if author is not None:
        posts = posts.filter(author__translation_key=author.translation_key)
    if tag is not None:
        posts = posts.filter(tags__translation_key=tag.translation_key).distinct()
    return posts


def listing_length(index: BlogIndexPage, *, category=None, tag=None, author=None):
    """How many articles index_articles() lists: one count per content version,
    instead of counting the whole listing for every page of it."""
    filters = {"category": category, "tag": tag, "author": author}
    return memoize(
        "listing-length",
        index.pk,
        *(value.translation_key if value else "" for value in filters.values()),
        compute=lambda: index_articles(index, **filters).count(),
    )


def index_translations(index: BlogIndexPage) -> list[BlogIndexPage]:
    """The live translations of `index` (not itself), memoised."""
    return memoize(
        "index-translations",
        index.pk,
        compute=lambda: list(index.get_translations().live()),
    )


def feed_articles(index: BlogIndexPage, limit: int, category=None) -> list[ArticlePage]:
    """The newest `limit` articles of a feed, with `display_category` and
    `display_author` in the active language: one query each, whatever `limit`."""
    articles = with_display_categories(index_articles(index, category=category)[:limit])
    authors = {
        author.translation_key: author
        for author in localize_all(a.author for a in articles if a.author)
    }
    for article in articles:
        article.display_author = (
            authors.get(article.author.translation_key) if article.author else None
        )
    return articles


def taxonomy_by_slug(model, slug: str, page: Page):
    """A category, tag or author by slug, in `page`'s language if translated; None
    if there is none."""
    matches = list(model.objects.filter(slug=slug))
    if not matches:
        return None
    for match in matches:
        if match.locale_id == page.locale_id:
            return match
    return localize(matches[0], page.locale)


# -- an article's neighbours -------------------------------------------------------


@dataclass(frozen=True)
class IndexSummary:
    """What ranking an index's articles needs, for all its live, public articles,
    oldest first (date, then id): small numbers stand for the category and tag
    translation keys, so that it stays small in the cache."""

    ids: list[int]
    dates: list[int]  # proleptic ordinals
    categories: list[int]  # -1: none
    tags: list[tuple[int, ...]]
    category_codes: dict[UUID, int]
    tag_codes: dict[UUID, int]


def _index_summary(article: ArticlePage) -> IndexSummary:
    articles = live_public(_article_page().objects.sibling_of(article))
    rows = list(
        articles.order_by("date", "pk").values_list(
            "pk", "date", "category__translation_key"
        )
    )
    links = _article_page().tags.through.objects.filter(
        articlepage__in=articles.values("pk")
    )
    category_codes: dict[UUID, int] = {}
    tag_codes: dict[UUID, int] = {}
    tags: dict[int, list[int]] = {}
    for article_id, key in links.values_list("articlepage_id", "tag__translation_key"):
        tags.setdefault(article_id, []).append(
            tag_codes.setdefault(key, len(tag_codes))
        )
    return IndexSummary(
        ids=[pk for pk, _date, _key in rows],
        dates=[date.toordinal() for _pk, date, _key in rows],
        categories=[
            -1 if key is None else category_codes.setdefault(key, len(category_codes))
            for _pk, _date, key in rows
        ],
        tags=[tuple(tags.get(pk, ())) for pk, _date, _key in rows],
        category_codes=category_codes,
        tag_codes=tag_codes,
    )


def index_summary(article: ArticlePage) -> IndexSummary:
    """The articles of `article`'s index: two queries per content version for the
    whole index (its path keys it), instead of sorting and grouping the index in
    the database for each article's neighbours and related articles."""
    return memoize(
        "index-summary",
        article.path[: -article.steplen],
        compute=lambda: _index_summary(article),
    )


def neighbour_ids(
    index: IndexSummary, article: ArticlePage
) -> tuple[int | None, int | None]:
    """The ids of the next older and the next newer article."""
    key = (article.date.toordinal(), article.pk)
    # The article itself may be missing (a draft in preview): found by its place.
    position = bisect.bisect_left(
        range(len(index.ids)), key, key=lambda i: (index.dates[i], index.ids[i])
    )
    after = (
        position + 1 if index.ids[position : position + 1] == [article.pk] else position
    )
    return (
        index.ids[position - 1] if position > 0 else None,
        index.ids[after] if after < len(index.ids) else None,
    )


def related_ids(
    index: IndexSummary, article: ArticlePage, limit: int = RELATED_ARTICLES
) -> list[int]:
    """Same category first, then most shared tags, then newest; only articles that
    share the category or a tag."""
    category = (
        index.category_codes.get(article.category.translation_key)
        if article.category_id
        else None
    )
    tags = {
        index.tag_codes[tag.translation_key]
        for tag in article.tags.all()
        if tag.translation_key in index.tag_codes
    }
    ranked = []
    for pk, date, their_category, their_tags in zip(
        index.ids, index.dates, index.categories, index.tags, strict=True
    ):
        same_category = category is not None and their_category == category
        shared = sum(1 for tag in their_tags if tag in tags)
        if pk != article.pk and (same_category or shared):
            ranked.append((same_category, shared, date, pk))
    return [pk for *_rank, pk in heapq.nlargest(limit, ranked)]


def article_navigation(article: ArticlePage) -> dict:
    """Previous, next and related articles, loaded in one query: the same for
    every visitor until something is published, so computed once per content
    version (serving/cache)."""

    def compute():
        index = index_summary(article)
        previous, next_one = neighbour_ids(index, article)
        related = related_ids(index, article)
        wanted = {previous, next_one, *related} - {None}
        # Links and cards show no body: the StreamFields stay in the database.
        loaded = (
            _article_page()
            .objects.filter(pk__in=wanted)
            .select_related("category", "cover_image")
            .defer_streamfields()
            if wanted
            else []
        )
        by_pk = {page.pk: page for page in loaded}
        return {
            "previous_article": by_pk.get(previous),
            "next_article": by_pk.get(next_one),
            "related_articles": with_display_categories(
                by_pk[pk] for pk in related if pk in by_pk
            ),
        }

    return memoize("article-navigation", article.pk, compute=compute)


RELATIONS = ("category", "author", "reviewer", "cover_image")


def article_for_route(index: BlogIndexPage, slug: str) -> ArticlePage | None:
    """The article `slug` of `index` with its RELATIONS joined in: what routing to
    it and `load_relations` would read, in one query. None when no article has
    the slug (Wagtail's routing then looks for another child)."""
    try:
        return (
            _article_page()
            .objects.child_of(index)
            .select_related(*RELATIONS)
            .get(slug=slug)
        )
    except _article_page().DoesNotExist:
        return None


def load_relations(article: ArticlePage) -> None:
    """Set the article's category, author, reviewer and cover image in one query,
    instead of one each when first used (none when routing joined them in)."""
    meta = _article_page()._meta
    names = [
        name
        for name in RELATIONS
        if getattr(article, f"{name}_id") is not None
        and not meta.get_field(name).is_cached(article)
    ]
    if names:
        loaded = (
            _article_page()
            .objects.select_related(*names)
            .only(*names)
            .get(pk=article.pk)
        )
        for name in names:
            setattr(article, name, getattr(loaded, name))


def person_profile(person: Person | None, locale_id: int) -> DoctorPage | None:
    """`person`'s profile in a language: the same for all their articles, so read
    once per content version."""
    if person is None:
        return None
    return memoize(
        "person-profile",
        person.pk,
        locale_id,
        compute=lambda: DoctorPage.profile_of(person, locale_id),
    )


def article_taxonomy(article: ArticlePage) -> dict:
    """Category, tags, author and reviewer in the visitor's language, and the
    author's and reviewer's profiles: read once per content version and language."""

    def compute():
        load_relations(article)
        # Kept on the article: related_articles() reads them too.
        prefetch_related_objects([article], "tags")
        category = localize(article.category)
        # A tag named as the category ("Chronic Diseases" both) would show twice.
        same_as_category = category.name.casefold() if category else None
        return {
            "category": category,
            "tags": [
                tag
                for tag in localize_all(article.tags.all())
                if tag.name.casefold() != same_as_category
            ],
            "author": localize(article.author),
            "reviewer": localize(article.reviewer),
            # Their profiles in the article's language: bylines link them.
            "author_profile": person_profile(article.author, article.locale_id),
            "reviewer_profile": person_profile(article.reviewer, article.locale_id),
        }

    return memoize("article-taxonomy", article.pk, active_locale().pk, compute=compute)


def article_disclaimer(article: ArticlePage) -> MedicalDisclaimer | None:
    """The medical disclaimer shown under articles in `article`'s language."""
    return memoize(
        "disclaimer",
        article.locale_id,
        compute=lambda: MedicalDisclaimer.for_locale(article.locale),
    )


def person_articles(person: Person, locale: Locale) -> dict:
    """The newest articles `person` wrote and reviewed in `locale` (a profile's
    lists): `PERSON_ARTICLES` of each, and whether more were written. Two queries
    whatever their number, once per content version."""

    def newest(role: str) -> list[ArticlePage]:
        return list(
            live_articles(locale)
            .filter(**{f"{role}__translation_key": person.translation_key})
            .defer_streamfields()
            .order_by("-date", "-pk")[: PERSON_ARTICLES + 1]
        )

    def compute():
        written = newest("author")
        return {
            "written": written[:PERSON_ARTICLES],
            "more_written": len(written) > PERSON_ARTICLES,
            "reviewed": newest("reviewer")[:PERSON_ARTICLES],
        }

    return memoize(
        "person-articles", person.translation_key, locale.pk, compute=compute
    )


# -- a language's sidebar ------------------------------------------------------------
# The sidebar's data is the same on every page of a language until something is
# published: each function below is computed once per content version
# (serving/cache/memo.py), and costs no query until the next publish.


def _pick_localized(objects, locale: Locale) -> dict:
    """translation_key -> the object in `locale`, else any translation of it."""
    chosen = {}
    for obj in objects:
        if obj.translation_key not in chosen or obj.locale_id == locale.pk:
            chosen[obj.translation_key] = obj
    return chosen


def blog_index_for(locale: Locale) -> BlogIndexPage | None:
    return memoize(
        "blog-index",
        locale.pk,
        compute=lambda: _blog_index_page().objects.live().filter(locale=locale).first(),
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
