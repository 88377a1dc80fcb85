"""A post's HTML -> raw StreamField data for `home.blocks.BodyStreamBlock`.

`convert()` handles shortcodes, Gutenberg block comments and classic-editor line
breaks, then walks the HTML once, emitting heading, paragraph, list, quote, image
and FAQ blocks. Images are looked up through a callback, so this module never
touches the database; an image the callback cannot find is left out and listed.
`blog.wordpress.streams` then gives the blocks their ids.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from blog.wordpress import gutenberg, shortcodes
from blog.wordpress.lists import ListConverter
from blog.wordpress.richtext import (
    ANSWER_FEATURES,
    BLOCK_TAGS,
    PARAGRAPH_FEATURES,
    REMOVED_WITH_CONTENT,
    paragraph,
    plain_text,
    sanitise,
    text_html,
)

HEADING_LEVELS = {
    "h1": "h2",
    "h2": "h2",
    "h3": "h3",
    "h4": "h4",
    "h5": "h4",
    "h6": "h4",
}
ANCHOR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SKIPPED_BLOCKS = {"core/more", "core/nextpage", "core/separator", "core/spacer"}
MAX_CHARS = 255  # CharBlock max_length of headings, captions, questions


@dataclass(frozen=True)
class ImageRef:
    src: str
    alt: str = ""
    attachment_id: int | None = None

    @property
    def label(self) -> str:
        """How the report names the file: its path under wp-content/uploads."""
        path = unquote(urlparse(self.src).path)
        return path.split("/wp-content/uploads/", 1)[-1] if path else self.src[:80]


@dataclass(frozen=True)
class FoundImage:
    pk: int
    alt: str = ""  # the attachment's alt text, used when the <img> has none


ImageResolver = Callable[[ImageRef], FoundImage | None]


@dataclass
class Conversion:
    blocks: list[dict] = field(default_factory=list)
    shortcodes: Counter = field(default_factory=Counter)
    missing_images: list[str] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)


def convert(content: str, resolve_image: ImageResolver | None = None) -> Conversion:
    result = Conversion()
    content, result.shortcodes = shortcodes.process(content.replace("\r\n", "\n"))
    for block in gutenberg.split_blocks(content):
        if block.name in SKIPPED_BLOCKS:
            continue
        # Classic-editor HTML relies on wpautop; block-editor HTML never does.
        builder = Builder(
            result, resolve_image, autop=block.name in (None, "core/freeform")
        )
        builder.block(block)
        builder.end_block()
    result.blocks = _merge_paragraphs(result.blocks)
    return result


def _merge_paragraphs(blocks: list[dict]) -> list[dict]:
    """Adjacent paragraph blocks (one per Gutenberg paragraph) become one rich text."""
    merged: list[dict] = []
    for block in blocks:
        if merged and block["type"] == merged[-1]["type"] == "paragraph":
            merged[-1] = {
                "type": "paragraph",
                "value": merged[-1]["value"] + block["value"],
            }
        else:
            merged.append(block)
    return merged


class Builder:
    def __init__(
        self, result: Conversion, resolve_image: ImageResolver | None, autop: bool
    ):
        self.result = result
        self.resolve_image = resolve_image
        self.autop = autop
        self.inline: list[str] = []  # HTML of the paragraph being read
        self.paragraphs: list[str] = []  # finished <p>s of the paragraph block
        self.attachment_id: int | None = None
        self.lists = ListConverter(self)

    # -- output ------------------------------------------------------------------

    def end_paragraph(self) -> None:
        html = paragraph("".join(self.inline), PARAGRAPH_FEATURES)
        self.inline = []
        if html:
            self.paragraphs.append(html)

    def end_block(self) -> None:
        self.end_paragraph()
        if self.paragraphs:
            self.result.blocks.append(
                {"type": "paragraph", "value": "".join(self.paragraphs)}
            )
            self.paragraphs = []

    def add(self, block_type: str, value: dict) -> None:
        self.end_block()
        self.result.blocks.append({"type": block_type, "value": value})

    def note(self, text: str) -> None:
        self.result.notes[text] += 1

    # -- Gutenberg blocks ----------------------------------------------------------

    def block(self, block: gutenberg.Block) -> None:
        soup = BeautifulSoup(block.html, "html.parser")
        if block.name == "yoast/faq-block":
            self.faq(soup, block.attrs)
        elif block.name == "core/embed" or (block.name or "").startswith("core-embed/"):
            self.link(block.attrs.get("url") or plain_text(soup), "embed became a link")
        else:
            if block.name == "core/image" and isinstance(block.attrs.get("id"), int):
                self.attachment_id = block.attrs["id"]
            if block.name == "core/list" and "check" in str(
                block.attrs.get("className", "")
            ):
                self.lists.force_check = True
            self.walk(soup)

    # -- HTML ------------------------------------------------------------------------

    def walk(self, node: Tag) -> None:
        for child in list(node.children):
            self.node(child)

    def node(self, node) -> None:
        if isinstance(node, PreformattedString):  # comments, CDATA, doctypes
            return
        if isinstance(node, NavigableString):
            self.text(str(node))
            return
        name = node.name
        classes = node.get("class") or []
        if name in REMOVED_WITH_CONTENT:
            self.removed(node)
        elif name == "p":
            self.end_paragraph()
            self.walk(node)
            self.end_paragraph()
        elif name == "br":
            self.inline.append("<br/>")
        elif name in HEADING_LEVELS:
            self.heading(node)
        elif name in ("ul", "ol"):
            self.lists.convert(node)
        elif name == "blockquote":
            self.quote(node)
        elif name == "img":
            self.image(node, "")
        elif name == "figure" or "wp-caption" in classes:
            self.figure(node)
        elif "schema-faq" in classes:
            self.faq(node, {})
        elif name == "table":
            self.table(node)
        elif name == "pre":
            self.end_paragraph()
            self.inline.append(text_html(node.get_text()).replace("\n", "<br/>"))
            self.end_paragraph()
        elif name == "hr":
            self.end_block()
        elif name in BLOCK_TAGS or node.find(list(BLOCK_TAGS) + ["img", "iframe"]):
            # A container (div, section…), or inline markup wrapped round blocks
            # (<a href><img></a>): its content counts, the wrapper does not.
            self.end_paragraph()
            self.walk(node)
            self.end_paragraph()
        else:
            self.inline.append(re.sub(r"\s+", " ", str(node)))

    def text(self, text: str) -> None:
        if not self.autop:
            self.inline.append(text_html(text))
            return
        # wpautop: a blank line ends a paragraph, a single line break is a <br>.
        for number, part in enumerate(re.split(r"\n[ \t]*\n\s*", text)):
            if number:
                self.end_paragraph()
            lines = re.sub(r"[ \t]*\n[ \t]*", "\n", part).split("\n")
            self.inline.append("<br/>".join(text_html(line) for line in lines))

    def removed(self, node: Tag) -> None:
        src = node.get("src", "")
        if node.name == "iframe" and src.startswith(("http://", "https://")):
            self.link(src, "embedded <iframe> became a link")
        else:
            self.note(f"removed <{node.name}>")

    def link(self, url: str, note: str) -> None:
        if not url.startswith(("http://", "https://")):
            return
        self.end_paragraph()
        self.inline.append(f'<a href="{text_html(url)}">{text_html(url)}</a>')
        self.end_paragraph()
        self.note(note)

    def heading(self, node: Tag) -> None:
        images = [img.extract() for img in node.find_all("img")]
        text = plain_text(node)
        if text:
            anchor = node.get("id", "")
            self.add(
                "heading",
                {
                    "text": text[:MAX_CHARS],
                    "level": HEADING_LEVELS[node.name],
                    "anchor": anchor
                    if ANCHOR.match(anchor) and len(anchor) <= 80
                    else "",
                },
            )
        for image in images:
            self.image(image, "")

    def quote(self, node: Tag, attribution: str = "") -> None:
        cite = node.find(["cite", "footer"])
        if cite:
            attribution = plain_text(cite.extract())
        lines = [plain_text(p) for p in node.find_all("p")] or [plain_text(node)]
        quote = "\n".join(line for line in lines if line)
        if quote:
            self.add("quote", {"quote": quote, "attribution": attribution[:MAX_CHARS]})

    def figure(self, node: Tag) -> None:
        caption_node = node.find("figcaption") or node.find(class_="wp-caption-text")
        caption = plain_text(caption_node.extract()) if caption_node else ""
        images = node.find_all("img")
        if len(images) == 1:
            self.image(images[0], caption)
        elif images:  # a gallery: each image with its own caption
            for image in images:
                inner = image.find_parent("figure")
                inner_caption = (
                    inner.find("figcaption") if inner and inner is not node else None
                )
                self.image(image, plain_text(inner_caption))
        elif node.find("blockquote"):
            self.quote(node.find("blockquote"), caption)
        elif "wp-block-embed" in (node.get("class") or []):
            self.link(plain_text(node), "embed became a link")
        else:
            self.end_paragraph()
            self.walk(node)
            self.inline.append(text_html(caption))
            self.end_paragraph()

    def image(self, img: Tag, caption: str) -> None:
        src = img.get("src") or img.get("data-src") or ""
        match = re.search(r"\bwp-image-(\d+)\b", " ".join(img.get("class") or []))
        attachment_id = int(match.group(1)) if match else self.attachment_id
        ref = ImageRef(src, (img.get("alt") or "").strip(), attachment_id)
        found = self.resolve_image(ref) if self.resolve_image and src else None
        if found is None:
            self.end_paragraph()  # text around the missing image stays in order
            self.result.missing_images.append(ref.label or "(an <img> without a src)")
            return
        alt = (ref.alt or found.alt)[:MAX_CHARS]
        image = {"image": found.pk, "alt_text": alt, "decorative": not alt}
        self.add("image", {"image": image, "caption": caption[:MAX_CHARS]})

    def table(self, node: Tag) -> None:
        # No table block: each row becomes a line "cell | cell" of a paragraph.
        self.end_paragraph()
        for row in node.find_all("tr"):
            cells = [plain_text(cell) for cell in row.find_all(["th", "td"])]
            self.inline.append(text_html(" | ".join(cell for cell in cells if cell)))
            self.end_paragraph()
        self.note("table became paragraphs")

    def faq(self, node: Tag, attrs: dict) -> None:
        pairs = [
            (
                plain_text(s.find(class_="schema-faq-question")),
                s.find(class_="schema-faq-answer"),
            )
            for s in node.find_all(class_="schema-faq-section")
        ]
        pairs = [(q, a.decode_contents() if a else "") for q, a in pairs]
        if not pairs:  # the block's attributes hold the same questions
            pairs = [
                (
                    " ".join(str(q.get("jsonQuestion", "")).split()),
                    str(q.get("jsonAnswer", "")),
                )
                for q in attrs.get("questions", [])
                if isinstance(q, dict)
            ]
        items = []
        for question, answer in pairs:
            answer_html = (
                sanitise(f"<p>{answer}</p>", ANSWER_FEATURES) if answer else ""
            )
            if (
                question
                and answer_html
                and BeautifulSoup(answer_html, "html.parser").text.strip()
            ):
                items.append({"question": question[:MAX_CHARS], "answer": answer_html})
            elif question or answer:
                self.note("FAQ entry without a question or answer left out")
        if items:
            self.add("faq", {"heading": "", "items": items})
