"""Admin hooks: nothing untranslated is published, and marketers see the Chinese
copies they may not edit (translations/refusals.py, translations/views.py)."""

from django.urls import path

from wagtail import hooks

from translations.refusals import (
    CONVERT_TO_ALIAS,
    refuse_convert_to_alias,
    refuse_untranslated_publish,
)
from translations.views import PublishTranslatedBulkAction, SubmitPageTranslationView


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
