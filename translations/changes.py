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
from collections import defaultdict
from dataclasses import dataclass

from wagtail_localize.models import StringSegment, StringTranslation

# How alike two versions of one paragraph of a rich-text block must be to be
# taken for the same paragraph (a block with one segment needs no likeness).
SAME_PARAGRAPH = 0.5

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
    """Segment id -> previous translation, for untranslated StringSegments.

    `segments` have `string` loaded; one query for them all. A rich-text block's
    paragraphs share one context: each is matched with the most similar earlier
    English of its context.
    """
    segments = list(segments)
    if not segments:
        return {}
    per_context = defaultdict(list)
    for segment in segments:
        per_context[segment.context_id].append(segment)
    current = defaultdict(set)  # every String a context holds now
    for row in StringSegment.objects.filter(
        context_id__in=per_context, source=segments[0].source_id
    ).values_list("context_id", "string_id"):
        current[row[0]].add(row[1])
    earlier = defaultdict(list)
    for row in (
        StringTranslation.objects.filter(
            locale=locale, context_id__in=per_context, has_error=False
        )
        .select_related("translation_of")
        .order_by("-updated_at")
    ):
        if row.translation_of_id not in current[row.context_id]:
            earlier[row.context_id].append(row)
    found = {}
    for context_id, rows in earlier.items():
        alone = len(current[context_id]) == 1
        for segment in per_context[context_id]:
            new = segment.string.data
            score, row = max(
                ((similarity(row.translation_of.data, new), row) for row in rows),
                key=lambda pair: pair[0],  # the newest of equals: max keeps the first
            )
            if alone or score >= SAME_PARAGRAPH:
                found[segment.id] = PreviousTranslation(
                    old_source=row.translation_of.data,
                    old_translation=row.data,
                    diff=word_diff(row.translation_of.data, new),
                )
    return found


def similarity(old: str, new: str) -> float:
    return difflib.SequenceMatcher(None, old, new, autojunk=False).ratio()
