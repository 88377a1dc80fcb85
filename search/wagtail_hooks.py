"""Search admin: the report of searches that found nothing, under Reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.reports import UnansweredSearchesReportView, can_view


@hooks.register("register_admin_urls")
def register_unanswered_searches_report_urls():
    return [
        path(
            "reports/unanswered-searches/",
            UnansweredSearchesReportView.as_view(),
            name="unanswered_searches_report",
        ),
        path(
            "reports/unanswered-searches/results/",
            UnansweredSearchesReportView.as_view(results_only=True),
            name="unanswered_searches_report_results",
        ),
    ]


class UnansweredSearchesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view(request.user)


@hooks.register("register_reports_menu_item")
def register_unanswered_searches_menu_item():
    return UnansweredSearchesMenuItem(
        _("Searches with no results"),
        reverse("unanswered_searches_report"),
        icon_name="search",
        order=800,
    )
