"""Translation memory: the site's own past translations of the same or similar English.

Built once per editor page from every String that has a translation in the target
locale (one query), indexed by word so that a segment is compared only with the
strings it shares the most words with. Exact matches come from the text itself;
close ones are scored with difflib and kept from MIN_SIMILARITY up.
"""

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from wagtail_localize.models import StringTranslation

MIN_SIMILARITY = 0.7
MAX_MATCHES = 3
# Only the strings sharing the most words with a segment are scored.
CANDIDATES = 20
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class MemoryMatch:
    source: str
    translation: str
    similarity: int  # per cent


def plain(text: str) -> str:
    return " ".join(_TAG.sub(" ", text).split())


def words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text) if len(word) > 2}


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
        for source in self.translations:
            for word in words(source):
                self.index[word].append(source)

    def __len__(self) -> int:
        return len(self.translations)

    def matches(self, text: str) -> list[MemoryMatch]:
        text = plain(text)
        found = []
        if text in self.translations:
            found.append(MemoryMatch(text, self.translations[text], 100))
        shared = Counter()
        for word in words(text):
            shared.update(self.index.get(word, ()))
        for source, _count in shared.most_common(CANDIDATES):
            if source == text:
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
