"""A Chinese post -> the wagtail-localize translation of its imported English page.

The same path a translator's PO upload takes: the English page's TranslationSource,
a Translation into Chinese, its PO file filled in and imported, the target saved.
The PO entries are filled by pairing segments: the Chinese post is converted with
the English post's block-id seed and its values are put on a copy of the English
page, so wagtail-localize extracts both with the same segment paths (msgctxt)
wherever the structures agree. The body is paired only when its whole sequence of
segment paths matches; otherwise only title, excerpt and SEO fields are, and the
body waits in wagtail-localize's editor (the page stays a draft until complete).
"""

import copy
from collections import defaultdict
from dataclasses import dataclass

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from bs4 import BeautifulSoup

TOOL_NAME = "WordPress import"
BODY_PREFIX = "body."


@dataclass
class Pairing:
    page: Page  # the Chinese page
    body_matches: bool
    untranslated: int


def translate_page(
    english: Page, values: dict, locale: Locale, *, overwrite: bool, publish: bool
) -> Pairing:
    """Create or update the `locale` translation of `english` from `values`.

    `overwrite` replaces strings already translated (the Chinese post changed);
    otherwise only untranslated strings are filled, so a translator's later edits
    in Wagtail survive a re-import. The page is published (on commit, as
    wagtail-localize does) only when `publish` and every string is translated; a
    live translation with strings missing is left as visitors see it.
    """
    english = english.specific
    source, _created = TranslationSource.update_or_create_from_instance(english)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    lookup, body_matches = segment_lookup(english, values)
    po = translation.export_po()
    untranslated = 0
    for entry in po:
        if entry.obsolete:
            continue
        chinese = lookup.get((entry.msgctxt, entry.msgid))
        if chinese and (overwrite or not entry.msgstr):
            entry.msgstr = chinese
        untranslated += not entry.msgstr
    translation.import_po(po, tool_name=TOOL_NAME)
    existing = english.get_translation_or_none(locale)
    if untranslated and existing is not None and existing.live:
        # save_target writes the page row itself even when it only saves a draft:
        # English would stand in for the missing strings on the live Chinese page.
        # The strings are imported; the translator finishes and publishes them.
        return Pairing(existing.specific, body_matches, untranslated)
    translation.save_target(publish=publish and not untranslated)
    return Pairing(english.get_translation(locale).specific, body_matches, untranslated)


def untranslated(english: Page, locale: Locale) -> int:
    """How many strings of the translation still fall back to English."""
    translation = Translation.objects.filter(
        source__object_id=english.translation_key,
        source__locale_id=english.locale_id,
        target_locale=locale,
    ).first()
    if translation is None:
        return 0
    total, done = translation.get_progress()
    return total - done


def segment_lookup(english: Page, values: dict) -> tuple[dict, bool]:
    """(msgctxt, English msgid) -> Chinese string, and whether the bodies matched."""
    shadow = copy.copy(english)  # never saved: only read by extract_segments
    for name, value in values.items():
        setattr(shadow, name, value)
    english_segments = _by_path(english)
    chinese_segments = _by_path(shadow)
    body_matches = _body_paths(english_segments) == _body_paths(chinese_segments)
    lookup = {}
    for path, segments in english_segments.items():
        if path.startswith(BODY_PREFIX) and not body_matches:
            continue
        translated = chinese_segments.get(path, [])
        if len(translated) != len(segments):
            continue
        for segment, chinese in zip(segments, translated, strict=True):
            lookup[(path, segment.string.data)] = _fit_links(
                chinese.string.data, segment.attrs
            )
    return lookup, body_matches


def _by_path(instance) -> dict[str, list[StringSegmentValue]]:
    found = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            found[segment.path].append(segment)
    return found


def _body_paths(segments: dict[str, list]) -> list[tuple[str, int]]:
    return sorted(
        (path, len(found))
        for path, found in segments.items()
        if path.startswith(BODY_PREFIX)
    )


def _fit_links(data: str, attrs: dict | None) -> str:
    """Chinese links the English string does not have are unwrapped.

    wagtail-localize renders a translation's <a id="a1"> with the English link's
    href; an id the English string lacks would have no href to take.
    """
    soup = BeautifulSoup(data, "html.parser")
    for link in soup.find_all("a"):
        if link.get("id") not in (attrs or {}):
            link.unwrap()
    return str(soup)
