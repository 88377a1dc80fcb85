"""The Insights queries that views, feeds, models and template tags share."""

from __future__ import annotations

import bisect
import heapq
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING
from uuid import UUID

from django.apps import apps
from django.db.models import Count, prefetch_related_objects

from wagtail.models import Locale, Page

from blog.snippets import Category, MedicalDisclaimer, Tag
from home.i18n import localize, localize_all
from home.models import DoctorPage, Person
from serving.cache.lookups import active_locale, public_q
from serving.cache.memo import memoize, memoize_many
from serving.cache.version import memo_bypassed

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
        in_process=True,
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
    """What listing and ranking an index's articles needs, for all its live,
    public articles, oldest first (date, then id): small numbers stand for the
    category, tag and author translation keys. Columns are arrays of machine
    integers, so that reading the summary from the cache on every page is a copy
    of bytes, not the building of tens of thousands of Python objects (at 10,000
    articles: 0.3 ms instead of 2.6 ms as lists). 32-bit: page and tag ids are
    integer columns."""

    ids: array  # page ids
    dates: array  # proleptic ordinals
    categories: array  # category codes, -1: none
    authors: array  # author codes, -1: none
    # Each article's tags, one after the other: article i's are
    # [tag_starts[i], tag_starts[i + 1]) of these two.
    tag_starts: array
    tags: array  # tag codes
    tag_ids: array  # the ids of the tags each article links: its list, no query
    category_codes: dict[UUID, int]
    tag_codes: dict[UUID, int]
    author_codes: dict[UUID, int]

    def place(self, article: ArticlePage) -> int:
        """Where `article` is or would be, by date then id (a draft in preview is
        missing: found by its place)."""
        key = (article.date.toordinal(), article.pk)
        return bisect.bisect_left(
            range(len(self.ids)), key, key=lambda i: (self.dates[i], self.ids[i])
        )

    def holds(self, place: int, article: ArticlePage) -> bool:
        """Whether `article` itself is at `place` (see `place()`)."""
        return place < len(self.ids) and self.ids[place] == article.pk

    def position(self, article: ArticlePage) -> int | None:
        """Where `article` is, or None: a private page, or a preview (the summary
        says what the live page links; a draft may link other tags)."""
        if memo_bypassed():
            return None
        place = self.place(article)
        return place if self.holds(place, article) else None

    def tags_of(self, position: int, column: str = "tags") -> array:
        starts = self.tag_starts
        return getattr(self, column)[starts[position] : starts[position + 1]]

    @cached_property
    def tag_positions(self) -> dict[int, array]:
        """Tag code -> the positions of the articles that link it, in order: the
        tag column turned round, once per summary (kept with it in the process:
        serving/cache/memo.py), so that finding a tag's articles costs as much
        at 100,000 articles as the tag has, not a pass over every link."""
        found: dict[int, array] = {}
        starts, tags = self.tag_starts, self.tags
        for position in range(len(self.ids)):
            for offset in range(starts[position], starts[position + 1]):
                found.setdefault(tags[offset], array("i")).append(position)
        return found

    def positions_with_tags(self, codes: set[int]) -> list[int]:
        """The position of the article of each link to one of the tags `codes` (an
        article linking two of them is there twice)."""
        empty = array("i")
        return list(
            chain.from_iterable(self.tag_positions.get(code, empty) for code in codes)
        )


def _translation_keys(model, ids: Iterable[int]) -> dict[int, UUID]:
    """id -> translation key, for the few snippets (categories, tags, authors)
    that `ids` name."""
    wanted = set(ids) - {None}
    if not wanted:
        return {}
    return dict(
        model.objects.filter(pk__in=wanted).values_list("pk", "translation_key")
    )


def _index_summary(articles) -> IndexSummary:
    """The summary of `articles`: an index's children. Rows carry ids, not
    translation keys: joining categories, authors and tags for every article
    cost more than the rest of the summary (then ~200 ms at 10,000 articles)."""
    articles = live_public(articles)
    rows = list(
        articles.order_by("date", "pk").values_list(
            "pk", "date", "category_id", "author_id"
        )
    )
    links = list(
        _article_page()
        .tags.through.objects.filter(articlepage__in=articles.values("pk"))
        .order_by("pk")
        .values_list("articlepage_id", "tag_id")
    )
    tag_keys = _translation_keys(Tag, (tag_id for _article_id, tag_id in links))
    category_keys = _translation_keys(Category, (row[2] for row in rows))
    author_keys = _translation_keys(Person, (row[3] for row in rows))

    tag_codes: dict[UUID, int] = {}
    linked: dict[int, list[tuple[int, int]]] = {}  # article -> (tag code, tag id)
    for article_id, tag_id in links:
        code = tag_codes.setdefault(tag_keys[tag_id], len(tag_codes))
        linked.setdefault(article_id, []).append((code, tag_id))
    tag_starts, tags, tag_ids = array("i", [0]), array("i"), array("i")
    for pk, *_rest in rows:
        for code, tag_id in linked.get(pk, ()):
            tags.append(code)
            tag_ids.append(tag_id)
        tag_starts.append(len(tags))
    category_codes: dict[UUID, int] = {}
    author_codes: dict[UUID, int] = {}

    def codes(ids, keys: dict[int, UUID], known: dict[UUID, int]) -> array:
        return array(
            "i",
            (
                -1 if pk is None else known.setdefault(keys[pk], len(known))
                for pk in ids
            ),
        )

    return IndexSummary(
        ids=array("i", (row[0] for row in rows)),
        dates=array("i", (row[1].toordinal() for row in rows)),
        categories=codes((row[2] for row in rows), category_keys, category_codes),
        authors=codes((row[3] for row in rows), author_keys, author_codes),
        tag_starts=tag_starts,
        tags=tags,
        tag_ids=tag_ids,
        category_codes=category_codes,
        tag_codes=tag_codes,
        author_codes=author_codes,
    )


def _summary(index_path: str, articles) -> IndexSummary:
    """The summary of the index at `index_path` (its children: `articles`): five
    queries per content version for the whole index, whatever its size, instead
    of sorting and grouping the index in the database for each page that needs it."""
    return memoize(
        "index-summary",
        index_path,
        compute=lambda: _index_summary(articles),
        in_process=True,
    )


def index_summary(article: ArticlePage) -> IndexSummary:
    """The summary of `article`'s index: its neighbours and related articles."""
    return _summary(
        article.path[: -article.steplen], _article_page().objects.sibling_of(article)
    )


def listing_ids(
    index: BlogIndexPage, *, category=None, tag=None, author=None
) -> Sequence[int]:
    """The ids `index_articles()` lists, in its order (newest first), from the
    index's summary: any page of a listing is a slice of them, as cheap at page
    500 as at page 1 (an OFFSET makes the database sort and skip the rows before)."""
    summary = _summary(index.path, _article_page().objects.child_of(index))
    columns = []  # (a column of codes, the code wanted in it)
    if category is not None:
        code = summary.category_codes.get(category.translation_key, -2)
        columns.append((summary.categories, code))
    if author is not None:
        code = summary.author_codes.get(author.translation_key, -2)
        columns.append((summary.authors, code))
    if tag is None and not columns:
        return summary.ids[::-1]
    # A tag's listing reads its tag's positions only, not every article's.
    positions: Sequence[int] = range(len(summary.ids))
    if tag is not None:
        tag_code = summary.tag_codes.get(tag.translation_key, -2)
        positions = summary.tag_positions.get(tag_code, ())
    return [
        summary.ids[p]
        for p in reversed(positions)
        if all(column[p] == code for column, code in columns)
    ]


def neighbour_ids(
    index: IndexSummary, article: ArticlePage
) -> tuple[int | None, int | None]:
    """The ids of the next older and the next newer article."""
    position = index.place(article)
    after = position + 1 if index.holds(position, article) else position
    return (
        index.ids[position - 1] if position > 0 else None,
        index.ids[after] if after < len(index.ids) else None,
    )


def related_ids(
    index: IndexSummary, article: ArticlePage, limit: int = RELATED_ARTICLES
) -> list[int]:
    """Same category first, then most shared tags, then newest; only articles that
    share the category or a tag.

    Without ranking the whole index: articles sharing a tag are counted from the
    tag column (a pass over the tags, not the articles), and those of the same
    category sharing none can only come next, newest first, so they are read
    from the newest end until `limit` are found."""
    category = (
        index.category_codes.get(article.category.translation_key, -2)
        if article.category_id
        else None
    )
    position = index.position(article)
    if position is not None:
        wanted = set(index.tags_of(position))
    else:
        wanted = {
            index.tag_codes[tag.translation_key]
            for tag in article.tags.all()
            if tag.translation_key in index.tag_codes
        }
    shared = Counter(index.positions_with_tags(wanted))  # position -> tags shared
    ids, dates, categories = index.ids, index.dates, index.categories
    ranked = [
        (categories[p] == category, count, dates[p], ids[p])
        for p, count in shared.items()
        if ids[p] != article.pk
    ]
    if category is not None:
        found = 0
        for p in range(len(ids) - 1, -1, -1):
            if found == limit:
                break
            if categories[p] == category and p not in shared and ids[p] != article.pk:
                ranked.append((True, 0, dates[p], ids[p]))
                found += 1
    return [pk for *_rank, pk in heapq.nlargest(limit, ranked)]


# What teasers show (cards, the previous and next links) and their URLs need; the
# rest (the body, SEO fields, Wagtail's bookkeeping) is never read from them. A
# column used but missing here would cost a query per teaser: tests/test_memo.py.
TEASER_FIELDS = (
    "title", "slug", "url_path", "path", "depth", "locale", "translation_key",
    "live", "date", "excerpt", "category", "cover_image",
)  # fmt: skip


def article_teasers(ids: Iterable[int]) -> dict[int, ArticlePage]:
    """Articles as links and cards show them (title, URL, date, excerpt, category,
    cover; no body), by id. Each is kept once per content version: the same
    article is a neighbour or a related card on many pages, so an article nobody
    has asked for yet usually finds its neighbours' teasers ready. The missing
    ones are read in one query."""

    def load(missing: list[int]) -> dict[int, ArticlePage]:
        return {
            page.pk: page
            for page in _article_page()
            .objects.filter(pk__in=missing)
            .select_related("category", "cover_image")
            .only(*TEASER_FIELDS)
        }

    return memoize_many("article-teaser", ids, compute=load)


def article_navigation(article: ArticlePage) -> dict:
    """Previous, next and related articles: chosen from the index summary (their
    ids memoised per article and content version), shown from their teasers."""

    def choose() -> tuple[int | None, int | None, list[int]]:
        index = index_summary(article)
        return (*neighbour_ids(index, article), related_ids(index, article))

    previous, next_one, related = memoize(
        "article-neighbours", article.pk, compute=choose
    )
    teasers = article_teasers(pk for pk in (previous, next_one, *related) if pk)
    return {
        "previous_article": teasers.get(previous),
        "next_article": teasers.get(next_one),
        "related_articles": with_display_categories(
            teasers[pk] for pk in related if pk in teasers
        ),
    }


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
        in_process=True,
    )


def all_tags() -> dict[int, Tag]:
    """Every tag by id, once per content version (tags are few)."""
    return memoize(
        "all-tags",
        compute=lambda: {tag.pk: tag for tag in Tag.objects.all()},
        in_process=True,
    )


def linked_tags(article: ArticlePage) -> list[Tag]:
    """`article.tags.all()`, by name: from its index's summary when it is there (a
    live, public article: no query), else read."""
    index = index_summary(article)
    position = index.position(article)
    if position is None:
        prefetch_related_objects([article], "tags")
        return list(article.tags.all())
    tags = all_tags()
    linked = [tags[pk] for pk in index.tags_of(position, "tag_ids") if pk in tags]
    return sorted(linked, key=lambda tag: (tag.name, tag.pk))


def article_taxonomy(article: ArticlePage) -> dict:
    """Category, tags, author and reviewer in the visitor's language, and the
    author's and reviewer's profiles: read once per content version and language."""

    def compute():
        load_relations(article)
        category = localize(article.category)
        # A tag named as the category ("Chronic Diseases" both) would show twice.
        same_as_category = category.name.casefold() if category else None
        return {
            "category": category,
            "tags": [
                tag
                for tag in localize_all(linked_tags(article))
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
        in_process=True,
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
