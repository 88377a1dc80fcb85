"""Admin hooks: keep translators to the translations, and publishing to publishers."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.models import TranslatableMixin

from staff.roles import is_translator_only
from staff.views import SyncTranslationsView


# Order -1: before wagtail-localize's own URLs, so its URL (and every link to it,
# reversed as "wagtail_localize:update_translations") reaches this subclass.
@hooks.register("register_admin_urls", order=-1)
def register_sync_translations_url():
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            SyncTranslationsView.as_view(),
            name="staff_sync_translations",
        )
    ]


def _refuse_source_language(request, instance):
    """Translators may edit translations of snippets, never the source-language ones."""
    if not isinstance(instance, TranslatableMixin) or not is_translator_only(
        request.user
    ):
        return None
    if (
        instance.locale_id is not None
        and instance.locale.language_code != settings.LANGUAGE_CODE
    ):
        return None
    messages.error(
        request, _("Translators can only edit translations, not the English original.")
    )
    return redirect("wagtailadmin_home")


@hooks.register("before_edit_snippet")
def refuse_translator_editing_source_snippet(request, instance):
    return _refuse_source_language(request, instance)


@hooks.register("before_delete_snippet")
def refuse_translator_deleting_source_snippet(request, instances):
    for instance in instances:
        response = _refuse_source_language(request, instance)
        if response:
            return response
    return None
