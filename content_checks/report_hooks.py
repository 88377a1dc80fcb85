"""The content checks report under Reports (imported by apps.ready(); the editor
panel and publish guard have their own hooks in wagtail_hooks.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from content_checks.reports import ContentChecksReportView


@hooks.register("register_admin_urls")
def register_content_checks_report_urls():
    return [
        path(
            "reports/content-checks/",
            ContentChecksReportView.as_view(),
            name="content_checks_report",
        ),
        path(
            "reports/content-checks/results/",
            ContentChecksReportView.as_view(results_only=True),
            name="content_checks_report_results",
        ),
    ]


class ContentChecksMenuItem(MenuItem):
    def is_shown(self, request):
        # Those who edit pages (not Enquiries staff, who would be refused).
        return PagePermissionPolicy().user_has_any_permission(
            request.user, ContentChecksReportView.any_permission_required
        )


@hooks.register("register_reports_menu_item")
def register_content_checks_menu_item():
    return ContentChecksMenuItem(
        _("Content checks"),
        reverse("content_checks_report"),
        icon_name="tasks",
        order=750,
    )
