"""From what a visitor typed to Wagtail search queries, and back to highlighted text.

A query is cleaned (printable, capped), split into English words and runs of
Chinese, and turned into up to three *tiers*, strictest first; the view uses the
first tier that finds anything (see search/results.py):

1. every word, each Chinese run matched exactly (as the phrase of its bigrams);
2. every word, Chinese runs cut into words by jieba ("干细胞治疗膝关节" becomes
   干细胞 + 治疗 + 膝关节, each matched exactly, in any order);
3. any word.

`manage.py search_recall` measured this order on the demo content: the exact
tier keeps precision, the cut tier finds sentence-like queries, the last keeps a
visitor from a dead end. No operator syntax reaches the backend: only words are
extracted, so quotes, `NEAR(…)`, `AND OR NOT` and `*` are plain text.
"""

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wagtail.search.query import And, Or, Phrase, PlainText, SearchQuery

from search import cjk
from search.backends import segments_chinese

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of Chinese, or a run of other letters and digits (no underscores).
TOKEN = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)")

# The database backends differ here (PostgreSQL's "english" configuration drops
# stop words, SQLite's porter tokenizer keeps them); dropping them from queries
# makes both answer alike.
ENGLISH_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
        "near",
    ]
)


def clean_query(raw: str) -> str:
    """What we search for: printable text, whitespace collapsed, length capped.

    NUL bytes and other control characters break database full-text parsers
    (SQLite answers "unterminated string", PostgreSQL refuses NUL), so they never
    reach them. Long queries are cut, not refused.
    """
    printable = "".join(
        ch if ch.isprintable() else " " for ch in raw[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class Term:
    text: str
    chinese: bool


@dataclass
class ParsedQuery:
    text: str
    english: list[Term] = field(default_factory=list)
    chinese: list[Term] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.english or self.chinese)


def parse(text: str) -> ParsedQuery:
    parsed = ParsedQuery(text)
    seen = set()
    for chinese, other in TOKEN.findall(text):
        word = chinese or other.lower()
        if word in seen or (other and word in ENGLISH_STOP_WORDS):
            continue
        seen.add(word)
        (parsed.chinese if chinese else parsed.english).append(
            Term(word, bool(chinese))
        )
    parsed.english = parsed.english[:MAX_TERMS]
    parsed.chinese = parsed.chinese[:MAX_TERMS]
    return parsed


def _clause(term: Term, segmented: bool) -> SearchQuery:
    if not term.chinese:
        return PlainText(term.text)
    if segmented and len(term.text) > 1:
        # Our backends index bigrams (search/backends/indexing.py): the word is
        # their adjacent sequence.
        return Phrase(" ".join(cjk.match_tokens(term.text)))
    return Phrase(term.text) if len(term.text) > 1 else PlainText(term.text)


def _combine(clauses: list[SearchQuery], combinator) -> SearchQuery:
    return clauses[0] if len(clauses) == 1 else combinator(clauses)


@dataclass
class Tier:
    query: SearchQuery
    highlight: list[Term]
    any_word: bool = False


def tiers(parsed: ParsedQuery) -> Iterator[Tier]:
    """The Wagtail queries to try, strictest first (none for an empty query).

    A generator: jieba is loaded only when the exact tier found nothing.
    """
    if parsed.is_empty:
        return
    segmented = segments_chinese()
    exact_terms = parsed.english + parsed.chinese
    yield Tier(_combine([_clause(t, segmented) for t in exact_terms], And), exact_terms)

    words = []
    for term in parsed.chinese:
        words += [Term(w, True) for w in cjk.query_words(term.text)]
    word_terms = parsed.english + list(dict.fromkeys(words))[:MAX_TERMS]
    if word_terms != exact_terms:
        yield Tier(
            _combine([_clause(t, segmented) for t in word_terms], And), word_terms
        )
    if len(word_terms) > 1:
        clauses = [_clause(t, segmented) for t in word_terms]
        yield Tier(Or(clauses), word_terms, any_word=True)


# -- Highlighting --------------------------------------------------------------------

EXCERPT_LENGTH = 240
CONTEXT_BEFORE = 60
_SUFFIXES = (
    "ations",
    "ation",
    "ions",
    "ion",
    "ings",
    "ing",
    "ies",
    "es",
    "ed",
    "s",
    "y",
)


def _stem(word: str) -> str:
    """Crude English stem for highlighting only (the index stems properly)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def highlight_pattern(terms: list[Term]) -> re.Pattern | None:
    parts = []
    for term in sorted(terms, key=lambda t: -len(t.text)):
        if term.chinese:
            parts.append(re.escape(term.text))
        else:
            parts.append(rf"\b{re.escape(_stem(term.text))}\w*")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlighted_excerpt(
    text: str, pattern: re.Pattern | None, length: int = EXCERPT_LENGTH
) -> SafeString:
    """A window of `text` around the first match, escaped, matches in <mark>.

    Without a match, the start of the text. Everything but our <mark> tags is
    escaped, so visitor input and page text can never inject markup.
    """
    text = " ".join(html.unescape(text).split())
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > CONTEXT_BEFORE:
        start = first.start() - CONTEXT_BEFORE
        space = text.rfind(" ", start - 20, start)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", end - 20, end)
        end = space if space > start else end
    window = text[start:end]
    pieces = ["…"] if start > 0 else []
    position = 0
    for match in pattern.finditer(window) if pattern else ():
        pieces.append(escape(window[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(window[position:]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 (every piece escaped above)
