"""Admin report: which pages bring consultations (Reports → Consultations by page).

For marketers: every page from which visitors called, opened WhatsApp, followed
the Consultation link or sent an enquiry in the last PERIOD_DAYS days, most first,
each kind's count, and the change against the PERIOD_DAYS before. Read by
Marketers and superusers (`consultations.view_dailyconsultationcount`, granted in
staff/roles.py); not Translators, and not Enquiries staff, who answer the
enquiries themselves and have no use for a marketing ranking.
"""

import datetime

from django.conf import settings
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn

import django_filters

from consultations.models import DailyConsultationCount, Kind
from home.reports import DailyCountsReportView, LanguageColumn

PERIOD_DAYS = 30
PERMISSION = "consultations.view_dailyconsultationcount"


def can_view(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


def consultations_by_page(counts, today: datetime.date | None = None):
    """Per page (and its language): each kind's count over the last PERIOD_DAYS
    days, their total, the total of the PERIOD_DAYS before, and the change."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=PERIOD_DAYS - 1)
    previous_start = start - datetime.timedelta(days=PERIOD_DAYS)
    recent = Q(date__gte=start, date__lte=today)

    def total(condition: Q):
        return Coalesce(Sum("count", filter=condition), 0)

    return (
        counts.filter(date__gte=previous_start, date__lte=today)
        .values("page", "page__title", "language_code")
        .annotate(
            **{kind.value: total(recent & Q(kind=kind)) for kind in Kind},
            total=total(recent),
            previous=total(Q(date__lt=start)),
        )
        .annotate(change=F("total") - F("previous"))
        .order_by("-total", "-change", "page__title", "language_code")
    )


class ConsultationsFilterSet(WagtailFilterSet):
    language_code = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All languages")
    )

    class Meta:
        model = DailyConsultationCount
        fields = ["language_code"]


class ChangeColumn(Column):
    """+3, −2 or 0: more or fewer consultations than in the period before."""

    def get_value(self, instance):
        change = instance["change"]
        return f"+{change}" if change > 0 else str(change).replace("-", "−")


def _editor_url(row) -> str:
    return reverse("wagtailadmin_pages:edit", args=[row["page"]])


class ConsultationsReportView(DailyCountsReportView):
    page_title = _("Consultations by page")
    header_icon = "mail"
    index_url_name = "consultations_report"
    index_results_url_name = "consultations_report_results"
    filterset_class = ConsultationsFilterSet
    columns = [
        TitleColumn("page__title", label=_("Page"), get_url=_editor_url),
        LanguageColumn("language_code", label=_("Language")),
        NumberColumn(Kind.PHONE.value, label=Kind.PHONE.label),
        NumberColumn(Kind.WHATSAPP.value, label=Kind.WHATSAPP.label),
        NumberColumn(Kind.CONSULTATION.value, label=Kind.CONSULTATION.label),
        NumberColumn(Kind.ENQUIRY.value, label=Kind.ENQUIRY.label),
        NumberColumn("total", label=_("Last 30 days")),
        NumberColumn("previous", label=_("30 days before")),
        ChangeColumn("change", label=_("Change")),
    ]
    list_export = [
        "page__title",
        "language_code",
        *(kind.value for kind in Kind),
        "total",
        "previous",
        "change",
    ]
    export_headings = {
        "page__title": _("Page"),
        "language_code": _("Language"),
        **{kind.value: kind.label for kind in Kind},
        "total": _("Last 30 days"),
        "previous": _("30 days before"),
        "change": _("Change"),
    }

    count_model = DailyConsultationCount
    can_view = staticmethod(can_view)

    def get_queryset(self):
        # Filter the daily rows first (language), then add them up per page.
        return consultations_by_page(
            self.filter_queryset(DailyConsultationCount.objects.all())
        )
