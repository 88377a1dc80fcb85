"""Turn WordPress HTML fragments into rich text our blocks accept, or plain text.

Sanitising goes through Wagtail's own whitelister (`EditorHTMLConverter`) with the
features of the block the text lands in, so imported text obeys the same rules
as text typed in the editor. Elements whose *content* is code or media (script,
style, iframe…) are removed whole first: the whitelister would keep their text.
"""

import re
from functools import lru_cache
from html import escape

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from home.blocks import BodyStreamBlock

REMOVED_WITH_CONTENT = [
    "area", "audio", "base", "button", "canvas", "embed", "form", "frame", "frameset",
    "head", "iframe", "input", "link", "map", "math", "meta", "noscript", "object",
    "script", "select", "source", "style", "svg", "template", "textarea", "title",
    "track", "video",
]  # fmt: skip

_BODY = BodyStreamBlock()
_ITEM = _BODY.child_blocks["list"].child_blocks["items"].child_block
PARAGRAPH_FEATURES = tuple(_BODY.child_blocks["paragraph"].features)
ITEM_FEATURES = tuple(_ITEM.child_blocks["text"].features)
ANSWER_FEATURES = tuple(
    _BODY.child_blocks["faq"]
    .child_blocks["items"]
    .child_block.child_blocks["answer"]
    .features
)

_EDGE_BREAKS = re.compile(r"^(?:\s|<br\s*/?>)+|(?:\s|<br\s*/?>)+$")
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "center", "dd", "details", "div",
    "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "ul",
}  # fmt: skip


@lru_cache
def _converter(features: tuple[str, ...]) -> EditorHTMLConverter:
    return EditorHTMLConverter(features=list(features))


def _is_markup_declaration(text) -> bool:
    return isinstance(text, PreformattedString)


def sanitise(html: str, features: tuple[str, ...]) -> str:
    """Rich text in Wagtail's database format, limited to `features`."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(REMOVED_WITH_CONTENT):
        tag.decompose()
    # Comments, CDATA, doctypes, processing instructions: the whitelister passes
    # all but comments through verbatim, and a browser ends `<![CDATA[` at the
    # first `>`, so `<![CDATA[><script>…` would leave a live <script>.
    for node in soup.find_all(string=_is_markup_declaration):
        node.extract()
    # Draftail saves <b>/<i>; using them now keeps a later editor save a no-op.
    for tag in soup.find_all(["strong", "em"]):
        tag.name = "b" if tag.name == "strong" else "i"
    cleaned = BeautifulSoup(
        _converter(features).to_database_format(str(soup)), "html.parser"
    )
    for link in cleaned.find_all("a"):
        if not link.get("href"):  # javascript: and empty links lose their href
            link.unwrap()
    return str(cleaned)


def paragraph(inline_html: str, features: tuple[str, ...]) -> str:
    """One <p> of sanitised rich text, or "" when nothing readable is left."""
    inline_html = _EDGE_BREAKS.sub("", inline_html)
    if not inline_html:
        return ""
    html = sanitise(f"<p>{inline_html}</p>", features)
    return html if has_text(html) else ""


def has_text(html: str) -> bool:
    return bool(BeautifulSoup(html, "html.parser").get_text().strip())


def plain_text(node: Tag | None) -> str:
    """Visible text with whitespace collapsed; <br> counts as a space."""
    if node is None:
        return ""
    for br in node.find_all("br"):
        br.replace_with(" ")
    return " ".join(node.get_text().split())


def text_html(text: str) -> str:
    """A text node as HTML: escaped, whitespace collapsed."""
    return escape(re.sub(r"\s+", " ", text), quote=False)


def inline_html(node: Tag) -> str:
    """A list item's or cell's content as inline HTML; inner blocks become <br>s.

    Nested lists and images are the caller's business and must be removed first.
    """
    segments: list[str] = []
    current: list[str] = []
    for child in node.children:
        if isinstance(child, PreformattedString):  # comments, CDATA, doctypes
            continue
        if isinstance(child, NavigableString):
            current.append(text_html(str(child)))
        elif child.name in BLOCK_TAGS:
            segments += ["".join(current), inline_html(child)]
            current = []
        elif child.name == "br":
            current.append("<br/>")
        else:
            current.append(re.sub(r"\s+", " ", str(child)))
    segments.append("".join(current))
    return "<br/>".join(s.strip() for s in segments if _EDGE_BREAKS.sub("", s))
