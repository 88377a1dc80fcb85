"""Admin hooks: translators keep to translations and marketers to the English
originals, publishing to publishers, and the second factor's pages."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import TranslatableMixin

from staff.roles import is_marketer_only, is_translator_only
from staff.two_factor import views as two_factor_views
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


def _refuse_translation(request, instance):
    """Marketers may edit the source-language snippets, never their translations:
    a snippet has no drafts, so saving a translation publishes it."""
    if not isinstance(instance, TranslatableMixin) or not is_marketer_only(
        request.user
    ):
        return None
    if (
        instance.locale_id is None
        or instance.locale.language_code == settings.LANGUAGE_CODE
    ):
        return None
    messages.error(
        request, _("Marketers edit the English original; translators its translations.")
    )
    return redirect("wagtailadmin_home")


def _refuse_other_role(request, instance):
    return _refuse_source_language(request, instance) or _refuse_translation(
        request, instance
    )


@hooks.register("before_edit_snippet")
def refuse_editing_another_roles_snippet(request, instance):
    return _refuse_other_role(request, instance)


@hooks.register("before_delete_snippet")
def refuse_deleting_another_roles_snippet(request, instances):
    for instance in instances:
        response = _refuse_other_role(request, instance)
        if response:
            return response
    return None


# --- Second factor (staff/two_factor/) ----------------------------------------------


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path(
            "two-factor/verify/",
            two_factor_views.VerifyView.as_view(),
            name="staff_2fa_verify",
        ),
        path(
            "two-factor/enrol/",
            two_factor_views.EnrolView.as_view(),
            name="staff_2fa_enrol",
        ),
        path(
            "two-factor/",
            two_factor_views.AccountView.as_view(),
            name="staff_2fa_account",
        ),
        path(
            "two-factor/reset/<int:user_id>/",
            two_factor_views.ResetView.as_view(),
            name="staff_2fa_reset",
        ),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("staff_2fa_account"),
        "label": _("Two-factor authentication"),
        "help_text": _(
            "Set up or replace the authenticator app that gives your sign-in codes."
        ),
    }


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    # Superusers only: a reset lets the next person with the password enrol.
    if request_user.is_superuser:
        yield Button(
            _("Reset two-factor authentication"),
            reverse("staff_2fa_reset", args=[user.pk]),
            icon_name="key",
            priority=90,
        )
