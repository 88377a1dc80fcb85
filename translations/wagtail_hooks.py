"""Admin hooks of the translators' cockpit:

- nothing untranslated is published (translations/refusals.py), and marketers see
  the Chinese copies they may not edit (translations/views.py);
- the translation status report, its dashboard panel, starting a missing
  translation (translations/status_views.py), and syncing a source snippet when it
  is saved (translations/sync.py);
- the glossary, readable PO files, and the glossary warning when a translation is
  published (translations/editor_views.py, translations/glossary.py).
"""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_localize.models import Translation

from staff.roles import TRANSLATORS
from translations.editor_views import download_pofile_with_places
from translations.glossary import glossary_warnings
from translations.models import GlossaryTerm
from translations.panels import TranslationStatusPanel
from translations.refusals import (
    CONVERT_TO_ALIAS,
    refuse_convert_to_alias,
    refuse_untranslated_publish,
)
from translations.status_views import (
    StartTranslationView,
    StatusReportView,
    may_see_status,
)
from translations.sync import sync_source
from translations.views import PublishTranslatedBulkAction, SubmitPageTranslationView


# The refusals are registered first: with the same order, a refused publish returns
# its response before the glossary warning below would run.
# Order -1: before wagtail-localize's hooks, which publish whatever is posted.
@hooks.register("before_edit_page", order=-1)
def refuse_untranslated_page_publish(request, page):
    return refuse_untranslated_publish(request, page)


@hooks.register("before_edit_snippet", order=-1)
def refuse_untranslated_snippet_publish(request, instance):
    return refuse_untranslated_publish(request, instance)


# Order -1: before wagtail-localize's own URLs, so that its URL name reaches this.
@hooks.register("register_admin_urls", order=-1)
def register_submit_page_translation_url():
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            SubmitPageTranslationView.as_view(),
            name="translations_submit_page_translation",
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            refuse_convert_to_alias,
            name="translations_refuse_convert_to_alias",
        ),
    ]


@hooks.register("construct_page_action_menu")
def hide_convert_to_alias(menu_items, request, context):
    menu_items[:] = [item for item in menu_items if item.name != CONVERT_TO_ALIAS]


# Order 1: after Wagtail's own "Publish", which it replaces.
hooks.register("register_bulk_action", PublishTranslatedBulkAction, order=1)


# Order -1: before wagtail-localize's own URLs, so its URL (reversed as
# "wagtail_localize:download_pofile") reaches this view.
@hooks.register("register_admin_urls", order=-1)
def register_pofile_download_url():
    return [
        path(
            "localize/translate/<int:translation_id>/pofile/download/",
            download_pofile_with_places,
            name="translations_download_pofile",
        )
    ]


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Glossary")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["english", "chinese", "note"]
    search_fields = ["english", "chinese"]


register_snippet(GlossaryViewSet)


def _warn_about_glossary(request, instance):
    """Before wagtail-localize publishes a translation: say which terms it lacks."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return
    if not isinstance(instance, TranslatableMixin):
        return
    translation = Translation.objects.filter(
        source__object_id=instance.translation_key,
        target_locale_id=instance.locale_id,
        enabled=True,
    ).first()
    if translation is None:
        return
    lines = glossary_warnings(translation)
    if lines:
        messages.warning(
            request,
            _("Glossary: the translation does not use these terms. %(lines)s")
            % {"lines": " ".join(lines)},
        )


# Order -1: before wagtail-localize's hooks, which answer the publish themselves;
# after the refusals above (registered first).
@hooks.register("before_edit_page", order=-1)
def warn_about_glossary_on_page_publish(request, page):
    _warn_about_glossary(request, page)


@hooks.register("before_edit_snippet", order=-1)
def warn_about_glossary_on_snippet_publish(request, instance):
    _warn_about_glossary(request, instance)


# -- Status -----------------------------------------------------------------------


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
        gettext_lazy("Translations status"),
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
