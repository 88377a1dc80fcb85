"""Visitor search over the live, public pages of the visitor's language.

Articles come first, each part ranked by relevance; marketers' promotions lead
the first page. See search/query.py for how a query is read and search/results.py
for what it costs.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.formats import number_format

from wagtail.models import Locale

from blog.queries import (
    blog_index_for,
    category_counts,
    recent_articles,
    with_display_categories,
)
from search import query as search_query
from search import results as search_results
from search import stats

RESULTS_PER_PAGE = 10
RECENT_ARTICLES = 6


def search(request):
    text = search_query.clean_query(request.GET.get("q", ""))
    locale = Locale.get_active()
    context = {"search_query": text}
    if not text:
        context.update(
            recent_articles=with_display_categories(
                recent_articles(locale, RECENT_ARTICLES)
            ),
            categories=category_counts(locale),
            blog_index=blog_index_for(locale),
        )
        response = render(request, "search/search.html", context)
        if request.GET.get("q"):
            # A query of blanks shows the empty page: not one more stored copy
            # of it for each string of blanks a visitor makes up.
            response.page_cache = False
        return response

    parsed = search_query.parse(text)
    scope = search_results.Scope(locale)
    # Promoted pages lead the first page and are left out of the ranked results
    # on every page, so that paging neither repeats nor skips one.
    promoted = search_results.promotions(text, scope)
    scope.exclude = [result.page.pk for result in promoted if result.page]
    outcome = search_results.run(parsed, scope)
    page = Paginator(outcome.results or [], RESULTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    total = outcome.total + len(promoted)
    # Paging through results is not a new search: only first requests count.
    first_request = request.GET.get("page", "1") in ("", "1")
    if first_request:
        stats.record(locale.language_code, text, found=total > 0)
    context.update(
        search_results=page,
        promoted=promoted if page.number == 1 else [],
        result_count=total,
        # Counting stops past the cap: "more than 1,000 results" (search/results.py)
        more_results=search_results.more_than_cap(outcome.total),
        match_count_cap=number_format(
            search_results.MATCH_COUNT_CAP, force_grouping=True
        ),
    )
    if not total:
        context.update(
            other_language=search_results.other_language(parsed, scope),
            categories=category_counts(locale),
            blog_index=blog_index_for(locale),
        )
    response = render(request, "search/search.html", context)
    # Each search must reach this view to be counted (above): results are never
    # stored, neither by the page cache (serving/cache/) nor by Varnish.
    patch_cache_control(response, private=True, no_store=True)
    return response
