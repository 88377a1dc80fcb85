"""Insights admin: WordPress import (Settings), medical review report (Reports),
"Mark as reviewed" and the medical reviewers' dashboard panel."""

from django.contrib.auth.models import Permission
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from blog.reports import ReviewDueReportView
from blog.review_admin import (
    LOG_ACTION,
    MarkReviewedMenuItem,
    MarkReviewedView,
    ReviewsDuePanel,
    sees_reviews_panel,
)
from blog.tag_chooser import matching_tags
from blog.wordpress.views import ImportWordPressView, can_import


@hooks.register("register_admin_urls")
def register_wordpress_import_url():
    return [
        path(
            "import-wordpress/",
            ImportWordPressView.as_view(),
            name="blog_import_wordpress",
        )
    ]


class WordPressImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_settings_menu_item")
def register_wordpress_import_menu_item():
    return WordPressImportMenuItem(
        _("Import from WordPress"),
        reverse("blog_import_wordpress"),
        name="import-wordpress",
        icon_name="download",
        order=900,
    )


@hooks.register("register_permissions")
def register_wordpress_import_permission():
    # Lets an admin grant the import to a group (e.g. Marketers) in Settings > Groups.
    return Permission.objects.filter(
        content_type__app_label="blog", codename="import_wordpress"
    )


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path(
            "reports/review-due/",
            ReviewDueReportView.as_view(),
            name="review_due_report",
        ),
        path(
            "reports/review-due/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="review_due_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return MenuItem(
        _("Medical review due"),
        reverse("review_due_report"),
        icon_name="time",
        order=700,
    )


def tag_autocomplete(request):
    """Tag names for the article editor's tag field (admin only, like every URL
    registered here)."""
    # PostgreSQL refuses a NUL in a query: a name has none anyway.
    term = request.GET.get("term", "").replace("\x00", "")[:80]
    return JsonResponse(list(matching_tags(term)) if term.strip() else [], safe=False)


@hooks.register("register_admin_urls")
def register_tag_autocomplete_url():
    return [path("tags/autocomplete/", tag_autocomplete, name="blog_tag_autocomplete")]


@hooks.register("register_admin_urls")
def register_mark_reviewed_url():
    return [
        path(
            "articles/<int:page_id>/mark-reviewed/",
            MarkReviewedView.as_view(),
            name="blog_mark_reviewed",
        )
    ]


@hooks.register("register_page_action_menu_item")
def register_mark_reviewed_menu_item():
    return MarkReviewedMenuItem(order=30)


@hooks.register("register_log_actions")
def register_mark_reviewed_log_action(actions):
    actions.register_action(
        LOG_ACTION, _("Mark as reviewed"), _("Marked as medically reviewed")
    )


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    if sees_reviews_panel(request.user):
        panels.append(ReviewsDuePanel(request))
