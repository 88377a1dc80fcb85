"""Parts the admin's reports of daily counts share (search's unanswered searches,
consultations by page): a language column, and a report view whose filters apply
to the daily rows before it adds them up, read only by those its check admits."""

from django.conf import settings

from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView


class LanguageColumn(Column):
    """A row's `language_code` shown by its name (settings.LANGUAGES)."""

    def get_value(self, instance):
        code = instance["language_code"]
        return dict(settings.LANGUAGES).get(code, code)


class DailyCountsReportView(ReportView):
    """Filtered over `count_model`'s daily rows; `get_queryset()` adds them up.
    `can_view(user)` says who may read it (also the menu item's check)."""

    count_model = None

    @staticmethod
    def can_view(user) -> bool:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.can_view(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.count_model.objects.all()
        return kwargs

    def get_filtered_queryset(self):
        return self.get_queryset()
