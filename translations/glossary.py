"""Glossary terms in a segment's English, and whether its Chinese uses them."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wagtail_localize.models import StringTranslation

from translations.labels import readable_path
from translations.models import GlossaryTerm

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Term:
    english: str
    chinese: str
    note: str = ""


class Glossary:
    """Every term, matched in one pass: whole words, any case, plural -s/-es too."""

    def __init__(self, terms: list[Term]):
        self.terms = {term.english.lower(): term for term in terms}
        # Longest first, so "knee osteoarthritis" wins over "osteoarthritis".
        alternatives = sorted(self.terms, key=len, reverse=True)
        self.pattern = (
            re.compile(
                r"\b(" + "|".join(re.escape(t) for t in alternatives) + r")(?:e?s)?\b",
                re.IGNORECASE,
            )
            if alternatives
            else None
        )

    @classmethod
    def load(cls) -> "Glossary":
        return cls(
            [
                Term(english, chinese, note)
                for english, chinese, note in GlossaryTerm.objects.values_list(
                    "english", "chinese", "note"
                )
            ]
        )

    def terms_in(self, english: str) -> list[Term]:
        if self.pattern is None:
            return []
        found = {}
        for match in self.pattern.finditer(_TAG.sub(" ", english)):
            term = self.terms[" ".join(match.group(1).lower().split())]
            found.setdefault(term.english, term)
        return list(found.values())

    def missing_in(self, english: str, chinese: str) -> list[Term]:
        """Terms of `english` whose Chinese `chinese` lacks."""
        return [term for term in self.terms_in(english) if term.chinese not in chinese]


def glossary_warnings(translation) -> list[str]:
    """One line per translated segment whose Chinese lacks a term its English has."""
    glossary = Glossary.load()
    if glossary.pattern is None:
        return []
    segments = list(
        translation.source.stringsegment_set.select_related(
            "string", "context"
        ).order_by("order")
    )
    chinese = {
        (row.translation_of_id, row.context_id): row.data
        for row in StringTranslation.objects.filter(
            locale=translation.target_locale,
            translation_of_id__in=[s.string_id for s in segments],
            has_error=False,
        )
    }
    source_instance = None
    lines = []
    for segment in segments:
        translated = chinese.get((segment.string_id, segment.context_id))
        if translated is None:
            continue
        for term in glossary.missing_in(segment.string.data, translated):
            if source_instance is None:
                source_instance = translation.source.get_source_instance()
            lines.append(
                _("%(where)s: “%(english)s” should be “%(chinese)s”.")
                % {
                    "where": readable_path(source_instance, segment.context.path),
                    "english": term.english,
                    "chinese": term.chinese,
                }
            )
    return lines
