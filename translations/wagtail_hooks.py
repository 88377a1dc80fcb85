"""Admin hooks: nothing untranslated is published, and marketers see the Chinese
copies they may not edit (translations/refusals.py, translations/views.py)."""

from django.urls import path

from wagtail import hooks

from translations.refusals import refuse_untranslated_publish
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
        )
    ]


# Order 1: after Wagtail's own "Publish", which it replaces.
hooks.register("register_bulk_action", PublishTranslatedBulkAction, order=1)
