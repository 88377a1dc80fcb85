"""The Chinese catalogue covers every template string and is compiled."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

import polib
import pytest

PO_FILE = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.po"
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates"
CALL = re.compile(r"\b(n?gettext)\((u'(?:[^'\\]|\\.)*'(?:, u'(?:[^'\\]|\\.)*')?)")


def template_msgids() -> set[str]:
    """Every msgid Django's own extractor (makemessages) finds in our templates."""
    msgids = set()
    for path in TEMPLATE_DIR.rglob("*.html"):
        for _func, args in CALL.findall(templatize(path.read_text(), origin=str(path))):
            python_literals = re.sub(r"(?<!\w)u'", "'", args)  # drop the u'' prefixes
            msgids.add(ast.literal_eval(f"({python_literals},)")[0])
    return msgids


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO_FILE))


def test_templates_use_translatable_strings():
    assert len(template_msgids()) > 40


def test_every_template_string_is_in_the_catalogue(catalogue):
    known = {entry.msgid for entry in catalogue if not entry.obsolete}
    assert sorted(template_msgids() - known) == []


def test_every_entry_is_translated_and_not_fuzzy(catalogue):
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_the_compiled_catalogue_is_current(catalogue):
    """The committed .mo answers every entry of the .po (so no gettext is needed)."""
    with translation.override("zh-hans"):
        stale = [
            entry.msgid
            for entry in catalogue
            if not entry.obsolete
            and not entry.msgid_plural
            and translation.gettext(entry.msgid) != entry.msgstr
        ]
    assert stale == []


def test_placeholders_survive_translation(catalogue):
    placeholder = re.compile(r"%\(\w+\)s")
    for entry in catalogue:
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert sorted(placeholder.findall(entry.msgid)) == sorted(
            placeholder.findall(translated)
        ), entry.msgid
