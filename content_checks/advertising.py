"""The healthcare advertising guard: the Healthcare Services (Advertisement)
Regulations 2021 ban, in reg. 5, testimonials and reviews, before-and-after
pictures and laudatory or superlative claims, and in reg. 16, links to places
that carry them.

The words come from the AdvertisingTerm snippets (content_checks.models), matched
with their context: a question ("Can cell therapy cure cancer?"), a negation ("not
a cure", 不能保证) or a listed compound (第一步) is not a claim.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from content_checks.content import PageContent, has_cjk, read_page
from content_checks.findings import Finding, Kind, Severity
from content_checks.models import AdvertisingTerm, Category

REG_5 = "HCSA (Advertisement) Regulations 2021, reg. 5"
REG_16 = "HCSA (Advertisement) Regulations 2021, reg. 16"
CONTEXT = 30  # characters quoted either side of the words found

# A sentence ends at these (an English full stop only before a space or the end,
# so "No. 1" stays one sentence's words).
SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[。！？；\n]")
CLAUSE_BREAK = re.compile(r"[,;:，、；：]")
QUESTION_END = re.compile(r"[?？]|[吗呢][。]?$")
ENGLISH_NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "cannot",
        "can't",
        "cant",
        "won't",
        "don't",
        "doesn't",
        "isn't",
        "aren't",
        "nothing",
        "nobody",
        "none",
        "neither",
        "nor",
        "without",
    ]
)
ENGLISH_NEGATION_WINDOW = 4  # words before the term
# 不 but not 不少 (many), 不仅/不但 (not only), 不断 (constantly); 非 but not 非常.
CHINESE_NEGATION = re.compile(r"不(?![少仅但断])|没|无法|并非|未|勿|别|(?<!除)非(?!常)")
CHINESE_NEGATION_WINDOW = 6  # characters before the term

# Quotations attributed to patients (testimonials), in either language.
PATIENT_WORDS = re.compile(
    r"\b(?:patient|client|customer|mr|mrs|ms|madam)\b|患者|病人|客户|顾客|女士|先生",
    re.IGNORECASE,
)
PATIENT = r"(?:patient|client|customer)s?\b"
ATTRIBUTED_QUOTE = re.compile(
    # “…,” says one patient / “…” — Mary, a patient of ours
    rf"[“\"][^”\"]{{8,}}[”\"][^.!?。！？“\"]{{0,40}}?\b{PATIENT}"
    # A patient, Mary, said: “…”
    rf"|\b{PATIENT}[^.!?。！？“\"]{{0,40}}?\b(?:says|said|writes|wrote|shares)\b"
    r"[^“\"]{0,3}[“\"]"
    # 患者张女士说：“…”
    r"|(?:患者|病人|客户|顾客)[^，。！？\s]{0,6}(?:说|表示|反馈|分享)[：:]?\s*[“\"]",
    re.IGNORECASE,
)

RULES = {
    Category.SUPERLATIVE: REG_5,
    Category.GUARANTEE: REG_5,
    Category.TESTIMONIAL: REG_5,
    Category.BEFORE_AFTER: REG_5,
    Category.REVIEW_SITE: REG_16,
}


def fix_for(category: str) -> str:
    return {
        Category.SUPERLATIVE: _(
            "State facts the reader can check; remove praise and comparisons."
        ),
        Category.GUARANTEE: _(
            "Describe what the treatment involves, its aims and risks; do not "
            "promise a result."
        ),
        Category.TESTIMONIAL: _(
            "Remove the testimonial; describe the treatment in the clinic's own words."
        ),
        Category.BEFORE_AFTER: _("Remove the before-and-after picture."),
        Category.REVIEW_SITE: _(
            "Remove the link, or link a page that carries no reviews."
        ),
    }[category]


@dataclass(frozen=True)
class Term:
    term: str
    category: str
    severity: Severity
    exceptions: tuple[str, ...] = ()
    note: str = ""

    @classmethod
    def from_snippet(cls, snippet: AdvertisingTerm) -> "Term":
        return cls(
            snippet.term,
            snippet.category,
            Severity(snippet.severity),
            tuple(snippet.exception_list),
            snippet.note,
        )

    @property
    def pattern(self) -> re.Pattern:
        """Chinese terms match anywhere; others on word boundaries, in any case,
        with plural and past endings (cure, cures, cured)."""
        if has_cjk(self.term):
            return re.compile(re.escape(self.term))
        ending = r"(?:s|es|d|ed)?" if self.term[-1].isalpha() else ""
        # Latin word boundaries: a Chinese character next to "100%" is one too.
        return re.compile(
            rf"(?<![A-Za-z0-9]){re.escape(self.term)}{ending}(?![A-Za-z0-9])",
            re.IGNORECASE,
        )


def load_terms(language: str) -> list[Term]:
    """The page language's terms (one query): the report and the command load them
    once and pass them to every page."""
    return [
        Term.from_snippet(snippet)
        for snippet in AdvertisingTerm.objects.for_language(language)
    ]


def sentence_around(text: str, start: int, end: int) -> tuple[str, str]:
    """(the sentence's words before the match, the sentence from the match on)."""
    before = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    sentence_start = before[-1] if before else 0
    after = SENTENCE_END.search(text, end)
    sentence_end = after.end() if after else len(text)
    return text[sentence_start:start], text[start:sentence_end].strip()


def is_question(rest_of_sentence: str) -> bool:
    return bool(QUESTION_END.search(rest_of_sentence.rstrip()[-2:]))


def is_negated(before: str) -> bool:
    clause = CLAUSE_BREAK.split(before)[-1]
    if has_cjk(clause[-CHINESE_NEGATION_WINDOW:]):
        return bool(CHINESE_NEGATION.search(clause[-CHINESE_NEGATION_WINDOW:]))
    words = re.findall(r"[\w'’]+", clause.lower())[-ENGLISH_NEGATION_WINDOW:]
    return any(
        word.replace("’", "'") in ENGLISH_NEGATIONS or word.endswith(("n't", "n’t"))
        for word in words
    )


def in_exception(text: str, start: int, end: int, term: Term) -> bool:
    """Whether the match is part of a listed compound (第一步, best practice)."""
    lowered, matched = text.lower(), text[start:end].lower()
    for exception in term.exceptions:
        exception = exception.lower()
        offset = exception.find(matched)
        while offset != -1:
            begin = start - offset
            if begin >= 0 and lowered[begin : begin + len(exception)] == exception:
                return True
            offset = exception.find(matched, offset + 1)
    return False


def quote(text: str, start: int, end: int) -> str:
    left = max(0, start - CONTEXT)
    right = min(len(text), end + CONTEXT)
    return "".join(
        [
            "…" if left else "",
            text[left:right].strip(),
            "…" if right < len(text) else "",
        ]
    )


def claims(text: str, term: Term) -> Iterator[tuple[int, int]]:
    """Where `term` is used as a claim in `text`."""
    for match in term.pattern.finditer(text):
        start, end = match.span()
        if in_exception(text, start, end, term):
            continue
        before, rest = sentence_around(text, start, end)
        if is_question(rest) or is_negated(before):
            continue
        yield start, end


def _finding(term: Term, category: str, where_quote: str, words: str) -> Finding:
    label = Category(category).label
    fix = fix_for(category)
    if term.note:
        fix = f"{fix} ({term.note})"
    return Finding(
        kind=Kind.ADVERTISING,
        code=f"advertising.{category}",
        severity=term.severity,
        rule=RULES[category],
        message=_("%(label)s: “%(words)s”") % {"label": label, "words": words},
        quote=where_quote,
        fix=fix,
        words=words,
    )


def scan(texts: Iterable[str], terms: Iterable[Term]) -> list[Finding]:
    findings = []
    for text in texts:
        for term in terms:
            for start, end in claims(text, term):
                words = text[start:end]
                findings.append(
                    _finding(term, term.category, quote(text, start, end), words)
                )
    return findings


def image_texts(content: PageContent) -> list[str]:
    return [
        text
        for picture in content.pictures
        for text in (picture.title, picture.alt, picture.caption)
        if text
    ]


def check_quotations(content: PageContent) -> list[Finding]:
    """Quotation blocks attributed to a patient, and quotes in the text that are."""
    findings = []
    testimonial = Term("", Category.TESTIMONIAL, Severity.BLOCKING)
    for attribution, words in content.quotations:
        if PATIENT_WORDS.search(attribution):
            findings.append(
                _finding(
                    testimonial,
                    Category.TESTIMONIAL,
                    quote(f"{words} — {attribution}", 0, 0),
                    attribution,
                )
            )
    for _where, text in content.texts:
        for match in ATTRIBUTED_QUOTE.finditer(text):
            findings.append(
                _finding(
                    testimonial,
                    Category.TESTIMONIAL,
                    quote(text, *match.span()),
                    match.group(0),
                )
            )
    return findings


def check_links(content: PageContent, terms: Iterable[Term]) -> list[Finding]:
    findings = []
    for link in content.links:
        if link.internal or not link.href:
            continue
        for term in terms:
            if term.term.lower() in link.href.lower():
                words = link.text or term.term
                findings.append(_finding(term, Category.REVIEW_SITE, link.href, words))
                break
    return findings


def check(
    page, content: PageContent | None = None, terms: list[Term] | None = None
) -> list[Finding]:
    content = content or read_page(page)
    if terms is None:
        terms = load_terms(content.language)
    by_category = {category: [] for category in Category}
    for term in terms:
        by_category[Category(term.category)].append(term)
    text_terms = [
        *by_category[Category.SUPERLATIVE],
        *by_category[Category.GUARANTEE],
        *by_category[Category.TESTIMONIAL],
    ]
    findings = [
        *scan((text for _where, text in content.texts), text_terms),
        *scan(image_texts(content), by_category[Category.BEFORE_AFTER]),
        *check_quotations(content),
        *check_links(content, by_category[Category.REVIEW_SITE]),
    ]
    return list(dict.fromkeys(findings))  # the same words twice: one finding
