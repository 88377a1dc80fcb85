"""Admin report (Reports → Content checks): every live page the user may edit that
has open findings, filterable by severity, kind and language, each linking to the
editor. Findings are computed on demand (content_checks.pages gives the cost)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page

import django_filters

from content_checks.findings import SEVERITY_LABELS, Kind, Severity
from content_checks.pages import live_pages, pages_with_findings

KIND_CHOICES = [
    (Kind.SEO, _("SEO")),
    (Kind.READABILITY, _("Readability")),
    (Kind.ADVERTISING, _("Advertising rules")),
]
SEVERITY_CHOICES = [
    (str(severity.value), SEVERITY_LABELS[severity]) for severity in Severity
]


class ContentChecksFilterSet(WagtailFilterSet):
    # Severity and kind filter the findings, not the pages: the view applies them.
    severity = django_filters.ChoiceFilter(
        label=_("Severity (at least)"),
        choices=SEVERITY_CHOICES,
        empty_label=_("All"),
        method="findings_filter",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=KIND_CHOICES,
        empty_label=_("All types"),
        method="findings_filter",
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        field_name="locale__language_code",
        choices=settings.LANGUAGES,
        empty_label=_("All languages"),
    )

    class Meta:
        model = Page
        fields = []

    def findings_filter(self, queryset, name, value):
        return queryset


class ContentChecksReportView(PageReportView):
    page_title = _("Content checks")
    header_icon = "tasks"
    results_template_name = "content_checks/admin/report_results.html"
    index_url_name = "content_checks_report"
    index_results_url_name = "content_checks_report_results"
    filterset_class = ContentChecksFilterSet
    list_export = []
    any_permission_required = ["add", "change", "publish"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # No spreadsheet: rows are findings, not columns (`manage.py content_checks`
        # prints them for scripts).
        self.is_export = False

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return live_pages().filter(pk__in=editable.values("pk"))

    def get_filtered_queryset(self):
        pages = self.filter_queryset(self.get_queryset())
        minimum, kind = Severity.INFO, None
        if self.filters and self.filters.is_valid():
            data = self.filters.form.cleaned_data
            if data.get("severity"):
                minimum = Severity(int(data["severity"]))
            kind = data.get("kind") or None
        return pages_with_findings(pages, minimum=minimum, kind=kind)
