"""The demo's Chinese site: every English demo page and snippet translated through
wagtail-localize, from the catalogues in `locale/` (PO files, English -> Chinese).

Objects that are translated already are left alone (a translator may have edited
them); an object whose strings the catalogues do not cover is skipped with a
warning rather than published half in English.
"""

from pathlib import Path

from django.apps import apps

from wagtail.models import Locale, Page

import polib

from home.models import Person, SiteText
from home.translation import translate

CATALOGUE_DIR = Path(__file__).parent / "locale"
SNIPPET_MODELS = ["blog.Category", "blog.Tag", "blog.MedicalDisclaimer"]


def load_catalogue() -> dict[str, str]:
    catalogue = {}
    for path in sorted(CATALOGUE_DIR.glob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete:
                catalogue[entry.msgid] = entry.msgstr
    return catalogue


def objects_to_translate(source: Locale, home: Page) -> list:
    """Snippets first (pages show them), then pages parents-first."""
    snippets = [
        *SiteText.objects.filter(locale=source),
        *Person.objects.filter(locale=source),
    ]
    for name in SNIPPET_MODELS:
        snippets += list(apps.get_model(name).objects.filter(locale=source))
    pages = (
        home.get_descendants(inclusive=True)
        .filter(locale=source)
        .order_by("path")
        .specific()
    )
    return [*snippets, *pages]


def missing_strings(instance, catalogue: dict[str, str]) -> list[str]:
    from wagtail_localize.models import TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(instance)
    return [entry.msgid for entry in source.export_po() if entry.msgid not in catalogue]


def translate_demo_content(home: Page, write) -> tuple[int, int, int]:
    """Returns (translated, already present, skipped)."""
    source = home.locale
    target = Locale.objects.get(language_code="zh-hans")
    catalogue = load_catalogue()
    translated = present = skipped = 0
    for instance in objects_to_translate(source, home):
        if instance.get_translation_or_none(target):
            present += 1
            continue
        missing = missing_strings(instance, catalogue)
        if missing:
            skipped += 1
            write(
                f"Skipped Chinese for '{instance}': {len(missing)} strings "
                "not in the catalogue"
            )
            continue
        translate(instance, target, catalogue.get, tool_name="demo content")
        translated += 1
        write(f"Translated '{instance}' into Chinese")
    return translated, present, skipped
