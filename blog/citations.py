"""In-text citations: "[1]", "[1,2]", "[1–3]" in an article's rendered body become
links to its numbered references, and each reference learns where it is first
cited (for its back link).

This is the one place that turns markers into links. It works on the rendered
HTML with the standard library's HTML parser, so it changes text only: never a
tag, an attribute, or text already inside a link. Tags pass through exactly as
they came, text is escaped again on the way out, and what it adds is built with
format_html.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

# "[1]", "[1,2]", "[1, 3–5]": numbers, commas and ranges (en dash or hyphen).
MARKER = re.compile(r"\[(\d{1,3}(?:\s*(?:,|–|-)\s*\d{1,3})*)\]")
PART = re.compile(r"(\d{1,3})(?:\s*[–-]\s*(\d{1,3}))?")
# Text in these elements gets no links: a link inside a link is invalid HTML, and
# code is not prose. Script and style contents are not text at all: kept verbatim.
SKIPPED = {"a", "code", "pre", "script", "style"}
RAW = {"script", "style"}


@dataclass
class CitedBody:
    html: SafeString
    first_citation: dict[int, str] = field(default_factory=dict)  # number -> id


class _Linker(HTMLParser):
    def __init__(self, count: int):
        super().__init__(convert_charrefs=True)
        self.count = count
        self.out: list[str] = []
        self.skip_depth = 0
        self.raw_depth = 0
        self.markers = 0
        self.first_citation: dict[int, str] = {}

    # Markup passes through verbatim.
    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skip_depth += 1
        if tag in RAW:
            self.raw_depth += 1
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in SKIPPED and self.skip_depth:
            self.skip_depth -= 1
        if tag in RAW and self.raw_depth:
            self.raw_depth -= 1
        self.out.append(f"</{tag}>")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def handle_data(self, data):
        # The parser hands over text with its entities decoded: escape it again.
        if self.raw_depth:
            self.out.append(data)
            return
        data = escape(data)
        if self.skip_depth:
            self.out.append(data)
            return
        position = 0
        for match in MARKER.finditer(data):
            linked = self.marker(match.group(1))
            if linked is None:
                continue
            self.out.append(data[position : match.start()])
            self.out.append(linked)
            position = match.end()
        self.out.append(data[position:])

    def marker(self, inside: str) -> str | None:
        """The marker with each existing number linked, or None if none exists."""
        pieces: list[str] = []
        cited: list[int] = []
        position = 0
        for part in PART.finditer(inside):
            pieces.append(inside[position : part.start()])
            position = part.end()
            first, last = int(part.group(1)), part.group(2)
            if last is None:
                numbers = [first] if 1 <= first <= self.count else []
                pieces.append(self.link(first) if numbers else part.group(0))
            elif 1 <= first < int(last) <= self.count:
                numbers = list(range(first, int(last) + 1))
                pieces.append(
                    format_html(
                        "{}{}{}",
                        self.link(first),
                        part.group(0)[len(part.group(1)) : -len(last)],
                        self.link(int(last)),
                    )
                )
            else:
                numbers = []
                pieces.append(part.group(0))
            cited.extend(numbers)
        if not cited:
            return None
        pieces.append(inside[position:])
        self.markers += 1
        marker_id = f"cite-{self.markers}"
        for number in cited:
            self.first_citation.setdefault(number, marker_id)
        return format_html(
            '<sup class="citation" id="{}">[{}]</sup>',
            marker_id,
            mark_safe("".join(pieces)),  # noqa: S308 - escaped text and format_html links
        )

    def link(self, number: int) -> SafeString:
        return format_html(
            '<a href="#ref-{}" aria-label="{}">{}</a>',
            number,
            gettext("Reference %(number)s") % {"number": number},
            number,
        )


def link_citations(html: str, count: int) -> CitedBody:
    """`html` with markers for references 1..`count` linked (see module docstring)."""
    if count < 1 or "[" not in html:
        return CitedBody(mark_safe(html))  # noqa: S308 - html is already rendered HTML
    linker = _Linker(count)
    linker.feed(str(html))
    linker.close()
    return CitedBody(
        mark_safe("".join(linker.out)),  # noqa: S308 - tags verbatim, text as escaped
        linker.first_citation,
    )


@dataclass
class NumberedReference:
    number: int
    block: Any  # the StreamField child: rendered with {% include_block %}
    cited_at: str  # id of the first marker that cites it; "" if none does


def cite(body_html: str, references) -> tuple[SafeString, list[NumberedReference]]:
    """The body with its markers linked, and the references numbered 1..n, each
    with the first place the text cites it."""
    cited = link_citations(body_html, len(references))
    numbered = [
        NumberedReference(number, block, cited.first_citation.get(number, ""))
        for number, block in enumerate(references, start=1)
    ]
    return cited.html, numbered
