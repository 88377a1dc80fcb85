"""Admin report: articles whose medical review is due (never, or too long ago)."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.reports import PageReportView
from wagtail.models import Site

from blog.models import ArticlePage, InsightsSettings


def months_ago(today: datetime.date, months: int) -> datetime.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, 28)  # every month has a 28th
    return datetime.date(year, month + 1, day)


def articles_due_for_review(months: int, today: datetime.date | None = None):
    cutoff = months_ago(today or timezone.localdate(), months)
    return (
        ArticlePage.objects.filter(
            Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff)
        )
        .select_related("reviewer", "locale")
        .order_by("last_reviewed", "title")
    )


class ReviewDueReportView(PageReportView):
    page_title = _("Medical review due")
    header_icon = "time"
    results_template_name = "blog/admin/review_due_results.html"
    index_url_name = "review_due_report"
    index_results_url_name = "review_due_report_results"
    list_export = ["title", "locale", "reviewer", "last_reviewed"]
    export_headings = {"reviewer": _("Reviewer"), "last_reviewed": _("Last reviewed")}
    any_permission_required = ["add", "change", "publish"]

    def get_queryset(self):
        site = Site.find_for_request(self.request)
        self.months = InsightsSettings.for_site(site).review_interval_months
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return articles_due_for_review(self.months).filter(pk__in=editable.values("pk"))

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["months"] = self.months
        return context
