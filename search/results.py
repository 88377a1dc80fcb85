"""Running a visitor's search: locale, tiers, articles first, promotions, excerpts.

Query budget (checked by tests): one for view restrictions, one or two for
promotions, one count per tier tried (capped: past MATCH_COUNT_CAP matches the
page says "more than"; counting every match of a broad query at 10,000 articles
was a scan of them all), then one fetch of articles (and a count of
them only when a page reaches past them), one fetch of other pages when the page
reaches them (plus one per page type, for `.specific()`), and one for the
categories of the articles shown (Chinese only). Never one per result.
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page
from wagtail.search.utils import normalise_query_string

from blog.models import ArticlePage
from blog.queries import with_display_categories
from home.languages import language_name
from home.text import stream_text
from search.query import (
    ParsedQuery,
    Tier,
    highlight_pattern,
    highlighted_excerpt,
    tiers,
)


def page_text(page) -> str:
    """Summary first (an article's excerpt, a page's introduction), then the body."""
    summary = strip_tags(str(page.summary())) if hasattr(page, "summary") else ""
    body = stream_text(getattr(page, "body", None))
    return " ".join(filter(None, [summary or page.search_description, body]))


@dataclass
class Result:
    page: Page
    excerpt: SafeString
    is_article: bool
    category: object = None
    promoted: bool = False
    url: str = ""
    title: str = ""


# Matches are counted up to one past this; the visitor is told "more than" and
# can page through this many.
MATCH_COUNT_CAP = 1000


def count_matches(scope: "Scope", query) -> int:
    """Pages of `scope` matching `query`, counted up to MATCH_COUNT_CAP + 1, in no
    order: ranking is for the results shown, and a count of a slice stops at
    its end."""
    matches = scope.pages().order_by().search(query, order_by_relevance=False)
    return matches[: MATCH_COUNT_CAP + 1].count()


def more_than_cap(count: int) -> bool:
    return count > MATCH_COUNT_CAP


class Scope:
    """The pages a visitor may find: live, public, in one language, minus `exclude`.

    Wagtail's `.public()` reads the view restrictions on every call; a scope reads
    them once for all the querysets of a request.
    """

    def __init__(self, locale: Locale, exclude=(), private=None):
        self.locale = locale
        self.exclude = list(exclude)
        self.private = Page.objects.private_q() if private is None else private

    def in_language(self, locale: Locale) -> "Scope":
        return Scope(locale, private=self.private)

    def _restrict(self, queryset):
        queryset = queryset.live().filter(locale=self.locale).exclude(self.private)
        return queryset.exclude(id__in=self.exclude) if self.exclude else queryset

    def pages(self):
        return self._restrict(Page.objects.all())

    def articles(self):
        return self._restrict(ArticlePage.objects.all())


class ArticlesFirst:
    """Articles by relevance, then other pages by relevance; sliceable for Paginator."""

    def __init__(self, tier: Tier, scope: Scope, total: int):
        self.articles = scope.articles().select_related("category").search(tier.query)
        self.others = scope.pages().not_type(ArticlePage).specific().search(tier.query)
        self.total = min(total, MATCH_COUNT_CAP)  # what can be paged through
        self.pattern = highlight_pattern(tier.highlight)

    @cached_property
    def article_count(self) -> int:
        return self.articles.count()

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[Result]:
        start, stop = index.start or 0, index.stop or self.total
        # A full slice of articles needs no count of them: that count is one more
        # pass over every match (a third of a search's time at 10,000 articles).
        pages = with_display_categories(self.articles[start:stop])
        if len(pages) < stop - start:
            article_count = start + len(pages) if pages else self.article_count
            if stop > article_count < self.total:
                pages += list(
                    self.others[max(start - article_count, 0) : stop - article_count]
                )
        return [self.result(page) for page in pages]

    def result(self, page) -> Result:
        is_article = isinstance(page, ArticlePage)
        return Result(
            page=page,
            title=page.title,
            excerpt=highlighted_excerpt(page_text(page), self.pattern),
            is_article=is_article,
            category=getattr(page, "display_category", None) if is_article else None,
        )


@dataclass
class Outcome:
    results: ArticlesFirst | None
    total: int  # up to MATCH_COUNT_CAP + 1: see more_than_cap()


def run(parsed: ParsedQuery, scope: Scope) -> Outcome:
    """The first tier that finds anything in `scope` (one count per tier tried)."""
    for tier in tiers(parsed):
        total = count_matches(scope, tier.query)
        if total:
            return Outcome(ArticlesFirst(tier, scope, total), total)
    return Outcome(None, 0)


@dataclass
class OtherLanguage:
    code: str
    name: str
    url: str
    count: int  # up to MATCH_COUNT_CAP + 1

    @property
    def more_than_cap(self) -> bool:
        return more_than_cap(self.count)


def other_language(parsed: ParsedQuery, scope: Scope) -> OtherLanguage | None:
    """Where a search that found nothing here finds something in another language.

    Only the all-words tiers count: "any word" would point visitors at noise.
    """
    candidate_tiers = [tier for tier in tiers(parsed) if not tier.any_word]
    for other in Locale.objects.exclude(pk=scope.locale.pk).order_by("pk"):
        for tier in candidate_tiers:
            count = count_matches(scope.in_language(other), tier.query)
            if count:
                with translation.override(other.language_code):
                    url = reverse("search")
                return OtherLanguage(
                    other.language_code,
                    language_name(other.language_code),
                    f"{url}?{urlencode({'q': parsed.text})}",
                    count,
                )
    return None


def promotions(text: str, scope: Scope) -> list[Result]:
    """Marketers' promoted results for this query, in the visitor's language.

    A promoted page shows in the scope's translation, or not at all: a Chinese
    visitor is never sent to an English page. External links show everywhere.
    """
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(text))
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    keys = [pick.page.translation_key for pick in picks if pick.page_id]
    translations = {}
    if keys:
        translations = {
            page.translation_key: page
            for page in scope.pages().filter(translation_key__in=keys).specific()
        }
    results = []
    for pick in picks:
        if pick.page_id:
            page = translations.get(pick.page.translation_key)
            if page is None:
                continue
            description = pick.description or page_text(page)
            results.append(
                Result(
                    page=page,
                    title=page.title,
                    excerpt=highlighted_excerpt(description, None),
                    is_article=isinstance(page, ArticlePage),
                    promoted=True,
                )
            )
        elif pick.external_link_url:
            results.append(
                Result(
                    page=None,
                    title=pick.external_link_text or pick.external_link_url,
                    url=pick.external_link_url,
                    excerpt=highlighted_excerpt(pick.description, None),
                    is_article=False,
                    promoted=True,
                )
            )
    return results
