"""Admin report: articles whose medical review is due (never, or too long ago)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.reports import PageReportView
from wagtail.models import Site

from blog import review
from blog.models import ArticlePage


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
        self.months = review.default_interval(Site.find_for_request(self.request))
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        # Due on or before today: overdue, due today, or never reviewed.
        return (
            review.due_by(
                ArticlePage.objects.filter(pk__in=editable.values("pk")),
                timezone.localdate(),
                default=self.months,
            )
            .select_related("reviewer", "locale", "category")
            .order_by("last_reviewed", "title")
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["months"] = self.months
        today = timezone.localdate()
        for page in context["object_list"]:
            page.review = review.review_state(page, default=self.months, today=today)
        return context
