"""wagtail-localize's views, adjusted for people who may not edit the Chinese tree.

"Translate this page" sends the submitter on to the new translation's editor.
A Marketers user may not edit Chinese pages, so they landed on Wagtail's "Sorry,
you do not have permission" under the success message; they go back to the page
they translated instead (its status panel links the Chinese copy).

Bulk publishing leaves out pages whose translation has untranslated segments and
says which, beside the pages the user may not publish at all.
"""

from django.urls import reverse

from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView as LocalizeSubmitPageTranslationView,
)

from home.publishing import untranslated_message, untranslated_segments


class SubmitPageTranslationView(LocalizeSubmitPageTranslationView):
    """Mounted on wagtail-localize's own URL (translations/wagtail_hooks.py)."""

    def get_default_success_url(self, translated_page=None):
        if (
            translated_page is not None
            and not translated_page.permissions_for_user(self.request.user).can_edit()
        ):
            return reverse("wagtailadmin_pages:edit", args=[self.object.pk])
        return super().get_default_success_url(translated_page)


class PublishTranslatedBulkAction(PublishBulkAction):
    """Wagtail's bulk "Publish", refusing pages with untranslated segments."""

    template_name = "translations/confirm_bulk_publish.html"

    def get_actionable_objects(self):
        objects, refused = super().get_actionable_objects()
        publishable, untranslated = [], []
        for page in objects:
            missing = untranslated_segments(page)
            if missing:
                untranslated.append(untranslated_message(page, missing))
            else:
                publishable.append(page)
        return publishable, {**refused, "items_untranslated": untranslated}
