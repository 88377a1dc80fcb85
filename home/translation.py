"""Translate objects through wagtail-localize's own objects, as a translator would.

For each page or snippet: a TranslationSource (the synced English strings), a
Translation into Chinese, the PO file exported, filled from a catalogue of
English -> Chinese strings, imported back, and the target saved. The result is a
normal synced translation that a translator can open in the editor and keep
working on; nothing is copied by hand.
"""

from collections.abc import Callable

from django.db import transaction

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource


def translation_exists(instance, locale: Locale) -> bool:
    return instance.get_translation_or_none(locale) is not None


def translate(
    instance, locale: Locale, lookup: Callable[[str], str | None], tool_name: str = ""
) -> list[str]:
    """Create the `locale` translation of `instance`; return msgids left untranslated.

    `lookup` maps an English string (a PO msgid) to its translation, or None.
    Untranslated strings would fall back to English on the Chinese page, so
    callers treat a non-empty result as an error.
    """
    if isinstance(instance, Page):
        instance = instance.specific
    with transaction.atomic():
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        po = translation.export_po()
        missing = []
        for entry in po:
            translated = lookup(entry.msgid)
            if translated:
                entry.msgstr = translated
            else:
                missing.append(entry.msgid)
        translation.import_po(po, tool_name=tool_name)
        if isinstance(instance, Page):
            # save_target(publish=True) would publish on commit, from a copy taken
            # now: in one long transaction a parent published after its children
            # were added is saved over them. Save a draft and publish it at once.
            translation.save_target(publish=False)
            instance.get_translation(locale).get_latest_revision().publish()
        else:
            translation.save_target(publish=True)  # snippets are simply saved
    return missing
