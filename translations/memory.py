"""Translation memory: the site's own past translations of the same or similar English.

Built from every String that has a translation in the target locale (one query),
indexed by word so that a segment is compared only with the strings it shares the
most words with. Exact matches come from the text itself; close ones are scored
with difflib and kept from MIN_SIMILARITY up. Each process keeps the last memory
built per locale until a translation into it is added, changed or deleted
(`memory_for`): building takes a few hundred milliseconds for 10,000 strings.
"""

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max

from wagtail_localize.models import StringTranslation

MIN_SIMILARITY = 0.7
MAX_MATCHES = 3
# Only the strings with the most words in common with a segment (and at least this
# share of their words together, Jaccard) are scored with difflib.
CANDIDATES = 10
MIN_SHARED_WORDS = 0.4
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w{3,}")  # shorter words match too much to choose by


@dataclass(frozen=True)
class MemoryMatch:
    source: str
    translation: str
    similarity: int  # per cent


def plain(text: str) -> str:
    if "<" in text:
        text = _TAG.sub(" ", text)
    return " ".join(text.split())


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


class TranslationMemory:
    def __init__(self, locale):
        self.translations: dict[str, str] = {}  # English (plain) -> newest Chinese
        rows = (
            StringTranslation.objects.filter(locale=locale, has_error=False)
            .order_by("updated_at")
            .values_list("translation_of__data", "data")
        )
        for source, translation in rows:
            self.translations[plain(source)] = translation
        self.index: dict[str, list[str]] = defaultdict(list)
        self.word_counts: dict[str, int] = {}
        for source in self.translations:
            source_words = words(source)
            self.word_counts[source] = len(source_words)
            for word in source_words:
                self.index[word].append(source)

    def __len__(self) -> int:
        return len(self.translations)

    def matches(self, text: str) -> list[MemoryMatch]:
        text = plain(text)
        found = []
        if text in self.translations:
            found.append(MemoryMatch(text, self.translations[text], 100))
        text_words = words(text)
        shared = Counter()
        for word in text_words:
            shared.update(self.index.get(word, ()))
        overlap = {
            source: count / (len(text_words) + self.word_counts[source] - count)
            for source, count in shared.items()
        }
        best = sorted(overlap, key=overlap.__getitem__, reverse=True)[:CANDIDATES]
        for source in best:
            if source == text or overlap[source] < MIN_SHARED_WORDS:
                continue
            matcher = difflib.SequenceMatcher(None, text, source, autojunk=False)
            if matcher.real_quick_ratio() < MIN_SIMILARITY:
                continue
            if matcher.quick_ratio() < MIN_SIMILARITY:
                continue
            ratio = matcher.ratio()
            if ratio >= MIN_SIMILARITY:
                found.append(
                    MemoryMatch(source, self.translations[source], int(ratio * 100))
                )
        found.sort(key=lambda match: -match.similarity)
        return found[:MAX_MATCHES]


_built: dict[int, tuple[tuple, TranslationMemory]] = {}


def memory_for(locale) -> TranslationMemory:
    """The translation memory into `locale`, rebuilt only when its translations
    changed (their number and newest change, one indexed query)."""
    version = StringTranslation.objects.filter(locale=locale).aggregate(
        count=Count("pk"), newest=Max("updated_at")
    )
    key = (version["count"], version["newest"])
    kept = _built.get(locale.pk)
    if kept is not None and kept[0] == key:
        return kept[1]
    memory = TranslationMemory(locale)
    _built[locale.pk] = (key, memory)
    return memory
