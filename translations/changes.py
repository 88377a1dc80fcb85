"""What changed in the English since a segment was last translated.

StringTranslation rows are keyed by (English String, locale, context). A sync
gives a changed segment a new String but keeps its context (the content path), so
the translation made at the same context for an earlier String is the previous
translation: its String is the old English, its data the old Chinese. That old
Chinese is only offered as a suggestion; nothing is saved until the translator
accepts it, so it is never counted as translated nor published.
"""

import difflib
import re
from dataclasses import dataclass

from wagtail_localize.models import StringTranslation

_WORD = re.compile(r"<[^>]+>|\s+|[^\s<]+")


@dataclass(frozen=True)
class PreviousTranslation:
    old_source: str
    old_translation: str
    diff: list[tuple[str, str]]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) runs, op "equal", "delete" or "insert", turning `old` into `new`."""
    old_words, new_words = _WORD.findall(old), _WORD.findall(new)
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "delete", "replace") and i1 < i2:
            runs.append(
                ("equal" if op == "equal" else "delete", "".join(old_words[i1:i2]))
            )
        if op in ("insert", "replace") and j1 < j2:
            runs.append(("insert", "".join(new_words[j1:j2])))
    return runs


def previous_translations(segments, locale) -> dict[int, PreviousTranslation]:
    """Segment id -> previous translation, for the untranslated ones of `segments`.

    `segments` are StringSegments with `string` loaded; one query for them all.
    """
    by_context = {segment.context_id: segment for segment in segments}
    if not by_context:
        return {}
    rows = (
        StringTranslation.objects.filter(
            locale=locale, context_id__in=by_context, has_error=False
        )
        .select_related("translation_of")
        .order_by("-updated_at")
    )
    translated, newest = set(), {}
    for row in rows:
        if row.translation_of_id == by_context[row.context_id].string_id:
            translated.add(row.context_id)
        else:
            newest.setdefault(row.context_id, row)  # the newest earlier one wins
    return {
        by_context[context_id].id: PreviousTranslation(
            old_source=row.translation_of.data,
            old_translation=row.data,
            diff=word_diff(row.translation_of.data, by_context[context_id].string.data),
        )
        for context_id, row in newest.items()
        if context_id not in translated
    }
