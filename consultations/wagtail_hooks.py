"""Consultations admin: the report of pages that bring consultations, under Reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from consultations.reports import ConsultationsReportView, can_view


@hooks.register("register_admin_urls")
def register_consultations_report_urls():
    return [
        path(
            "reports/consultations/",
            ConsultationsReportView.as_view(),
            name="consultations_report",
        ),
        path(
            "reports/consultations/results/",
            ConsultationsReportView.as_view(results_only=True),
            name="consultations_report_results",
        ),
    ]


class ConsultationsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view(request.user)


@hooks.register("register_reports_menu_item")
def register_consultations_report_menu_item():
    return ConsultationsReportMenuItem(
        _("Consultations by page"),
        reverse("consultations_report"),
        icon_name="mail",
        order=790,
    )
