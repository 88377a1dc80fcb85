"""Visitor search over the live, public pages of the visitor's language."""

from django.core.paginator import Paginator
from django.shortcuts import render

from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def clean_query(raw: str) -> str:
    """What we search for: printable text, whitespace collapsed, length capped.

    NUL bytes and other control characters break database full-text parsers
    (SQLite answers "unterminated string"), so they never reach them.
    """
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .search(query)
        )
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {"search_query": query, "search_results": page, "result_count": page.paginator.count},
    )
