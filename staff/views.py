"""wagtail-localize's "Sync translated pages", with publishing left to those who may.

Marketers sync an English page into its translations (the changed segments turn
untranslated for the translators). The form's "Publish immediately" would publish
every translation as the syncing user; it is offered only to someone who may
publish each of them, and otherwise ignored even when posted. home/publishing.py
refuses such a publish anyway; this keeps the form honest about it.

For those who may, "Publish immediately" publishes each translation that has no
untranslated segment left after the sync, and names the others (still waiting for
their translators) instead of publishing English in their place.
"""

import contextlib

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import DraftStateMixin, Page
from wagtail.permissions import policy_registry
from wagtail_localize.views.update_translations import UpdateTranslationsView

from home.publishing import untranslated_message
from staff.roles import is_marketer_only


def may_publish_translation(user, translation) -> bool:
    """Whether `user` may publish the target of a wagtail-localize Translation."""
    try:
        target = translation.get_target_instance()
    except ObjectDoesNotExist:
        # Publishing would create the page (and any missing parents) in a tree
        # whose permissions cannot be asked yet.
        return user.is_superuser
    if isinstance(target, Page):
        return target.permissions_for_user(user).can_publish()
    if isinstance(target, DraftStateMixin):
        return policy_registry.get(target).user_has_permission_for_instance(
            user, "publish", target
        )
    # A snippet without drafts is simply saved: publishing is editing it, which
    # Marketers may not do to a translation (staff/wagtail_hooks.py).
    return not is_marketer_only(user)


class SyncTranslationsView(UpdateTranslationsView):
    """Mounted on wagtail-localize's own URL (staff/wagtail_hooks.py)."""

    def may_publish(self) -> bool:
        return all(
            may_publish_translation(self.request.user, translation)
            for translation in self.object.translations.filter(enabled=True)
        )

    def get_form(self):
        form = super().get_form()
        if not self.may_publish():
            field = form.fields["publish_translations"]
            # A disabled field keeps its initial value (off) whatever is posted.
            field.disabled = True
            field.widget = forms.HiddenInput()
        return form

    def get(self, request, *args, **kwargs):
        if not self.may_publish():
            messages.info(
                request,
                _(
                    "Syncing updates what translators translate; it does not "
                    "publish the translations. Translators publish them."
                ),
            )
        return super().get(request, *args, **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        if not form.cleaned_data["publish_translations"]:
            return super().form_valid(form)
        form.cleaned_data["publish_translations"] = False
        response = super().form_valid(form)  # syncs without publishing
        for translation in self.object.translations.filter(enabled=True).select_related(
            "target_locale"
        ):
            total, translated = translation.get_progress()
            if total > translated:
                message = untranslated_message(
                    self.object.get_source_instance(),
                    total - translated,
                    translation.target_locale,
                )
                messages.warning(self.request, message)
                continue
            # As wagtail-localize's own view: a translation that no longer
            # validates is left for its translator.
            with contextlib.suppress(ValidationError):
                translation.save_target(user=self.request.user, publish=True)
        return response
