"""Admin hooks: keep translators to the translations."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.models import TranslatableMixin

from home import rich_text_links, throttle
from home.models import ContactPage
from home.roles import is_translator_only


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


@hooks.register("before_serve_page")
def note_contact_form_client(page, request, serve_args, serve_kwargs):
    """wagtail.contrib.forms builds the form without the request; the contact form's
    rate limit needs the client's address (ContactPage.get_form_parameters)."""
    if isinstance(page, ContactPage):
        page.client_ip = throttle.client_ip(request)


# Order 1: after Wagtail registers its "link" and "document-link" features.
@hooks.register("register_rich_text_features", order=1)
def refuse_rich_text_links_to_nothing(features):
    wagtail_rules = features.converter_rules_by_converter["contentstate"]
    for feature, entity in (("link", "LINK"), ("document-link", "DOCUMENT")):
        rule = rich_text_links.without_links_to_nothing(wagtail_rules[feature], entity)
        features.register_converter_rule("contentstate", feature, rule)
    features.register_link_type(rich_text_links.PageLinkHandler)
    features.register_link_type(rich_text_links.DocumentLinkHandler)
