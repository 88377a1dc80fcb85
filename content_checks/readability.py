"""Readability: for English, average sentence length, Flesch reading ease and the
share of passive sentences; for Chinese, sentence and paragraph length in
characters. Patients read these pages, often worried: plain words help."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content_checks.content import PageContent, read_page
from content_checks.findings import Finding, Kind, Severity
from home.text import CJK_CHARACTER, WORD

# Below these amounts of text the averages say nothing.
MIN_ENGLISH_WORDS = 60
MIN_CHINESE_CHARACTERS = 100

# English: (info above, warning above). Plain-language guides aim at 15-20 words a
# sentence; Flesch 60+ is plain English, below 30 is for graduates; Yoast warns
# above 10 % passive sentences.
SENTENCE_WORDS = (20, 25)
FLESCH = (50, 30)  # info below 50, warning below 30
PASSIVE_SHARE = (0.10, 0.20)
# Chinese: readable sentences run to about 25-35 characters; paragraphs beyond
# about 150-250 characters read as a wall of text on a phone.
CHINESE_SENTENCE_CHARACTERS = (40, 60)
CHINESE_PARAGRAPH_CHARACTERS = (200, 300)

ENGLISH_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")
CHINESE_SENTENCE_END = re.compile(r"[。！？；!?;]+")
VOWEL_GROUPS = re.compile(r"[aeiouy]+")
BE = r"(?:am|is|are|was|were|be|been|being)"
IRREGULAR_PARTICIPLES = (
    "born|done|given|known|made|seen|shown|taken|found|held|kept|left|built|"
    "brought|thought|told|sent|set|put|grown|drawn|chosen|written|spent|paid|"
    "understood|undergone|frozen|broken|worn|sold|led|fed|bought"
)
PASSIVE = re.compile(
    rf"\b{BE}\s+(?:\w+ly\s+)?(?:\w+ed|{IRREGULAR_PARTICIPLES})\b", re.IGNORECASE
)


def syllables(word: str) -> int:
    """Vowel groups, less a silent final e (make, take), at least one."""
    word = word.lower().strip("'’")
    count = len(VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def english_sentences(paragraphs: list[str]) -> list[str]:
    return [
        sentence.strip()
        for paragraph in paragraphs
        for sentence in ENGLISH_SENTENCE_END.split(paragraph)
        if WORD.search(sentence)
    ]


@dataclass(frozen=True)
class EnglishStats:
    sentences: int
    words: int
    words_per_sentence: float
    flesch: float
    passive_share: float


def english_stats(paragraphs: list[str]) -> EnglishStats:
    sentences = english_sentences(paragraphs)
    words = [word for sentence in sentences for word in WORD.findall(sentence)]
    if not sentences or not words:
        return EnglishStats(0, 0, 0.0, 100.0, 0.0)
    per_sentence = len(words) / len(sentences)
    per_word = sum(syllables(word) for word in words) / len(words)
    passive = sum(1 for sentence in sentences if PASSIVE.search(sentence))
    return EnglishStats(
        sentences=len(sentences),
        words=len(words),
        words_per_sentence=per_sentence,
        flesch=206.835 - 1.015 * per_sentence - 84.6 * per_word,
        passive_share=passive / len(sentences),
    )


def chinese_length(text: str) -> int:
    """Characters a reader reads: CJK characters, and each Latin word as one."""
    return len(CJK_CHARACTER.findall(text)) + len(WORD.findall(text))


@dataclass(frozen=True)
class ChineseStats:
    characters: int
    characters_per_sentence: float
    long_paragraphs: int
    longest_paragraph: int


def chinese_stats(paragraphs: list[str]) -> ChineseStats:
    sentences = [
        length
        for paragraph in paragraphs
        for sentence in CHINESE_SENTENCE_END.split(paragraph)
        if (length := chinese_length(sentence))
    ]
    lengths = [chinese_length(paragraph) for paragraph in paragraphs]
    return ChineseStats(
        characters=sum(sentences),
        characters_per_sentence=sum(sentences) / len(sentences) if sentences else 0,
        long_paragraphs=sum(
            1 for length in lengths if length > CHINESE_PARAGRAPH_CHARACTERS[0]
        ),
        longest_paragraph=max(lengths, default=0),
    )


def _level(value: float, limits: tuple[float, float], lower_is_worse=False):
    info, warning = limits
    if lower_is_worse:
        value, info, warning = -value, -info, -warning
    if value > warning:
        return Severity.WARNING
    if value > info:
        return Severity.INFO
    return None


def _finding(code, severity, message, fix) -> Finding:
    return Finding(Kind.READABILITY, code, severity, _("Readability"), message, fix=fix)


def check_english(paragraphs: list[str]) -> list[Finding]:
    stats = english_stats(paragraphs)
    if stats.words < MIN_ENGLISH_WORDS:
        return []
    findings = []
    if severity := _level(stats.words_per_sentence, SENTENCE_WORDS):
        findings.append(
            _finding(
                "readability.sentence_length",
                severity,
                _("Sentences average %(words).1f words (aim for %(aim)d or fewer).")
                % {"words": stats.words_per_sentence, "aim": SENTENCE_WORDS[0]},
                _("Split long sentences; one idea a sentence."),
            )
        )
    if severity := _level(stats.flesch, FLESCH, lower_is_worse=True):
        findings.append(
            _finding(
                "readability.flesch",
                severity,
                _("Flesch reading ease is %(score).0f (60 or more reads easily).")
                % {"score": stats.flesch},
                _("Prefer short, everyday words and shorter sentences."),
            )
        )
    if severity := _level(stats.passive_share, PASSIVE_SHARE):
        findings.append(
            _finding(
                "readability.passive",
                severity,
                _(
                    "%(share).0f%% of sentences are passive (aim for %(aim).0f%% "
                    "or less)."
                )
                % {"share": stats.passive_share * 100, "aim": PASSIVE_SHARE[0] * 100},
                _(
                    "Say who does what: “our doctors assess you”, not “you are "
                    "assessed”."
                ),
            )
        )
    return findings


def check_chinese(paragraphs: list[str]) -> list[Finding]:
    stats = chinese_stats(paragraphs)
    if stats.characters < MIN_CHINESE_CHARACTERS:
        return []
    findings = []
    if severity := _level(stats.characters_per_sentence, CHINESE_SENTENCE_CHARACTERS):
        findings.append(
            _finding(
                "readability.sentence_length",
                severity,
                _(
                    "Sentences average %(characters).0f characters (aim for "
                    "%(aim)d or fewer)."
                )
                % {
                    "characters": stats.characters_per_sentence,
                    "aim": CHINESE_SENTENCE_CHARACTERS[0],
                },
                _("Split long sentences at a full stop (。)."),
            )
        )
    if severity := _level(stats.longest_paragraph, CHINESE_PARAGRAPH_CHARACTERS):
        findings.append(
            _finding(
                "readability.paragraph_length",
                severity,
                ngettext(
                    "%(count)d paragraph is over %(limit)d characters; the longest "
                    "has %(longest)d.",
                    "%(count)d paragraphs are over %(limit)d characters; the longest "
                    "has %(longest)d.",
                    stats.long_paragraphs,
                )
                % {
                    "count": stats.long_paragraphs,
                    "limit": CHINESE_PARAGRAPH_CHARACTERS[0],
                    "longest": stats.longest_paragraph,
                },
                _("Break long paragraphs into shorter ones."),
            )
        )
    return findings


def check(page, content: PageContent | None = None) -> list[Finding]:
    content = content or read_page(page)
    if content.language.startswith("zh"):
        return check_chinese(content.paragraphs)
    return check_english(content.paragraphs)
