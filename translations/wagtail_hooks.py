"""Admin hooks: the translation status report, its dashboard panel, starting a
missing translation, and syncing a source snippet when it is saved."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from staff.roles import TRANSLATORS
from translations.panels import TranslationStatusPanel
from translations.sync import sync_source
from translations.views import StartTranslationView, StatusReportView, may_see_status


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path(
            "reports/translation-status/",
            StatusReportView.as_view(),
            name="translation_status",
        ),
        path(
            "reports/translation-status/results/",
            StatusReportView.as_view(results_only=True),
            name="translation_status_results",
        ),
        path(
            "translations/start/<str:app_label>/<str:model_name>/<int:pk>/<str:locale>/",
            StartTranslationView.as_view(),
            name="translation_start",
        ),
    ]


class StatusMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_status(request.user)


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return StatusMenuItem(
        _("Translations status"),
        reverse("translation_status"),
        icon_name="site",
        order=8990,  # just before wagtail-localize's "Translations"
    )


@hooks.register("construct_homepage_panels")
def add_translation_status_panel(request, panels):
    user = request.user
    if user.is_superuser or user.groups.filter(name=TRANSLATORS).exists():
        panels.append(TranslationStatusPanel())


@hooks.register("after_edit_snippet")
def sync_saved_snippet(request, instance):
    # Snippets without drafts go live when saved: the counterpart of page_published.
    sync_source(instance)
    return None
