"""Admin report: what visitors searched for and did not find, per language.

Marketers read it as a list of articles to write (or of promotions to add).
"""

import datetime

from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn

import django_filters

from home.reports import DailyCountsReportView, LanguageColumn
from search.models import DailySearchCount

DEFAULT_DAYS = 90
PERMISSION = "search.view_dailysearchcount"


def can_view(user) -> bool:
    return user.has_perm(PERMISSION)


def unanswered_searches(counts):
    """(language, query) pairs of `counts` that found nothing, most frequent first."""
    return (
        counts.values("language_code", "query_string")
        .annotate(times=Sum("no_results"), last_searched=Max("date"))
        .order_by("-times", "language_code", "query_string")
    )


class UnansweredSearchesFilterSet(WagtailFilterSet):
    language_code = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All languages")
    )
    date = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = DailySearchCount
        fields = ["language_code", "date"]


class UnansweredSearchesReportView(DailyCountsReportView):
    page_title = _("Searches with no results")
    header_icon = "search"
    index_url_name = "unanswered_searches_report"
    index_results_url_name = "unanswered_searches_report_results"
    filterset_class = UnansweredSearchesFilterSet
    columns = [
        Column("query_string", label=_("Search term")),
        LanguageColumn("language_code", label=_("Language")),
        NumberColumn("times", label=_("Searches with no results")),
        DateColumn("last_searched", label=_("Last searched")),
    ]
    list_export = ["query_string", "language_code", "times", "last_searched"]
    export_headings = {
        "query_string": _("Search term"),
        "language_code": _("Language"),
        "times": _("Searches with no results"),
        "last_searched": _("Last searched"),
    }

    count_model = DailySearchCount
    can_view = staticmethod(can_view)

    def get_queryset(self):
        # Filter the daily rows first (language, dates), then add them up.
        counts = self.filter_queryset(DailySearchCount.objects.filter(no_results__gt=0))
        if not self.is_filtering:
            counts = counts.filter(
                date__gte=timezone.localdate() - datetime.timedelta(days=DEFAULT_DAYS)
            )
        return unanswered_searches(counts)
