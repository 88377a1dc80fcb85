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
from html import escape
from urllib.parse import unquote, urlparse

from django.utils.text import Truncator

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
GALLERY_CLASSES = {"wp-block-gallery", "blocks-gallery-grid", "gallery"}
_DATED_UPLOAD = re.compile(r"(?:^|/)(\d{4}/\d{2}/[^/]+)$")


@dataclass(frozen=True)
class ImageRef:
    src: str
    alt: str = ""
    attachment_id: int | None = None

    @property
    def label(self) -> str:
        """How the report names the file: its upload path (2013/03/photo.jpg)."""
        if not self.src and self.attachment_id:
            return f"attachment {self.attachment_id} (not in the export)"
        path = unquote(urlparse(self.src).path)
        if "/wp-content/uploads/" in path:
            return path.split("/wp-content/uploads/", 1)[1]
        dated = _DATED_UPLOAD.search(path)
        return dated.group(1) if dated else (path or self.src)[:80]


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


def convert(
    content: str,
    resolve_image: ImageResolver | None = None,
    expand: shortcodes.Expanders | None = None,
) -> Conversion:
    """`expand` turns shortcodes into HTML (the importer's [gallery])."""
    result = Conversion()
    content, result.shortcodes = shortcodes.process(
        content.replace("\r\n", "\n"), expand
    )
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
        elif GALLERY_CLASSES & set(classes):
            self.gallery(node)
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
            self.preformatted(node)
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

    def preformatted(self, node: Tag) -> None:
        """<pre> (poems, ASCII art, code): every line break and space kept."""
        for br in node.find_all("br"):
            br.replace_with("\n")
        self.end_paragraph()
        lines = node.get_text().strip("\n").split("\n")
        self.inline.append("<br/>".join(_keep_spaces(line) for line in lines))
        self.end_paragraph()

    def gallery(self, node: Tag) -> None:
        """Each image with its own caption, then the gallery's caption, if any."""
        images = node.find_all("img")
        own = [c for c in node.find_all(_is_caption) if _holder(c, node) is node]
        caption = plain_text(own[0].extract()) if own else ""
        for image in images:
            holder = _holder(image, node)
            inner = holder.find(_is_caption) if holder is not node else None
            self.image(image, plain_text(inner))
        if caption:
            self.end_paragraph()
            self.inline.append(text_html(caption))
            self.end_paragraph()

    def figure(self, node: Tag) -> None:
        images = node.find_all("img")
        if len(images) > 1:  # several images in one figure: a gallery by another name
            self.gallery(node)
            return
        caption_node = node.find("figcaption") or node.find(class_="wp-caption-text")
        caption = plain_text(caption_node.extract()) if caption_node else ""
        if images:
            self.image(images[0], caption)
        elif node.find("blockquote"):
            self.quote(node.find("blockquote"), caption)
        elif "wp-block-embed" in (node.get("class") or []):
            self.link(plain_text(node), "embed became a link")
            if caption:
                self.inline.append(text_html(caption))
                self.end_paragraph()
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
            self.result.missing_images.append(ref.label or "an <img> without a src")
            if caption:
                self.note("caption of a missing image left out")
            return
        alt = (ref.alt or found.alt)[:MAX_CHARS]
        image = {"image": found.pk, "alt_text": alt, "decorative": not alt}
        if len(caption) > MAX_CHARS:
            caption = Truncator(caption).chars(MAX_CHARS)
            self.note("caption shortened to 255 characters")
        self.add("image", {"image": image, "caption": caption})

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


def _is_caption(tag: Tag) -> bool:
    classes = set(tag.get("class") or [])
    return tag.name in ("figcaption", "dd") or bool(classes & _CAPTION_CLASSES)


_CAPTION_CLASSES = {"wp-caption-text", "gallery-caption", "blocks-gallery-caption"}


def _holder(node: Tag, gallery: Tag) -> Tag:
    """The gallery item (li, figure, dl) a node sits in, or the gallery itself."""
    for parent in node.parents:
        if parent is gallery:
            return gallery
        if parent.name in ("li", "figure", "dl"):
            return parent
    return gallery


def _keep_spaces(line: str) -> str:
    """A <pre> line as rich text: indents and runs of spaces survive, words wrap."""
    line = escape(line.rstrip().replace("\t", "    "), quote=False)
    indent = len(line) - len(line.lstrip(" "))
    return "\u00a0" * indent + re.sub(r"(?<= ) ", "\u00a0", line[indent:])
