"""The email to the Translators group when a source's text changed: one per publish,
listing the object and the editor of each of its translations (no text of it)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from wagtail_localize.models import TranslationSource

from staff.roles import TRANSLATORS

logger = logging.getLogger(__name__)


def translator_addresses() -> list[str]:
    """Active members of Translators who have an email address."""
    users = get_user_model().objects.filter(groups__name=TRANSLATORS, is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def admin_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notification_text(source: TranslationSource) -> tuple[str, str]:
    """(subject, body) in the site's language, as the other staff emails."""
    title = source.object_repr
    editors = []
    for item in source.translations.filter(enabled=True).select_related(
        "target_locale"
    ):
        try:
            url = admin_url(item.get_target_instance_edit_url())
        except ObjectDoesNotExist:
            continue  # no translation in that locale yet: nothing is outdated
        editors.append(f"{item.target_locale.get_display_name()}: {url}")
    report = admin_url(reverse("translation_status") + "?state=outdated")
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Translation out of date: “%(title)s”") % {"title": title}
        body = "\n\n".join(
            [
                gettext(
                    "The text of “%(title)s” changed when it was published. The "
                    "changed segments wait in the translation editor; the live "
                    "translation keeps its text until you publish it."
                )
                % {"title": title},
                "\n".join(editors),
                gettext("Every translation's status:") + "\n" + report,
            ]
        )
    return subject, body


def notify_translators(source: TranslationSource) -> None:
    """Email the Translators group; a failed email costs the publish nothing."""
    recipients = translator_addresses()
    if not recipients:
        return
    subject, body = notification_text(source)
    try:
        send_mail(subject, body, None, recipients)
    except OSError:
        logger.exception("Could not email the translators about source %s", source.pk)
