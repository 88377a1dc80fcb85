"""What the checks read of a page, gathered once: its texts, headings, links and
images, walked from the block definitions (any page type, saved or not).

Nothing here queries per block: a StreamField converts each block type's values in
one go, and rich text links are read from their `linktype` attributes.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db import models

from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.rich_text import RichText

from home.text import CJK_CHARACTER

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div"}


@dataclass(frozen=True)
class Link:
    href: str = ""
    internal: bool = False  # a link to a page of the site (chosen, or relative)
    text: str = ""


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Picture:
    title: str
    alt: str
    decorative: bool
    caption: str = ""


@dataclass
class PageContent:
    language: str
    title: str
    seo_title: str
    description: str
    slug: str
    # (where, text): every piece of visible text, for the advertising check.
    texts: list[tuple[str, str]] = field(default_factory=list)
    # Running prose, one item a paragraph, for readability.
    paragraphs: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    # (attribution, quote) of quotation blocks: testimonials name a patient.
    quotations: list[tuple[str, str]] = field(default_factory=list)


class _RichTextReader(HTMLParser):
    """Paragraphs and links of a rich text's stored HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.links: list[Link] = []
        self._text: list[str] = []
        self._link: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCK_TAGS:
            self._flush()
        elif tag == "a":
            self._link = {"attrs": attrs, "text": []}

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()
        elif tag == "a" and self._link is not None:
            attrs, text = self._link["attrs"], "".join(self._link["text"])
            linktype = attrs.get("linktype", "")
            href = attrs.get("href") or ""
            self.links.append(
                Link(
                    href=href,
                    internal=linktype == "page" or is_relative(href),
                    text=text.strip(),
                )
            )
            self._link = None

    def handle_data(self, data):
        self._text.append(data)
        if self._link is not None:
            self._link["text"].append(data)

    def _flush(self):
        text = " ".join("".join(self._text).split())
        if text:
            self.paragraphs.append(text)
        self._text = []

    def close(self):
        super().close()
        self._flush()


def is_relative(href: str) -> bool:
    return href.startswith("/") and not href.startswith("//")


def read_rich_text(html: str) -> tuple[list[str], list[Link]]:
    reader = _RichTextReader()
    reader.feed(html or "")
    reader.close()
    return reader.paragraphs, reader.links


def has_cjk(text: str) -> bool:
    return bool(CJK_CHARACTER.search(text or ""))


# A word, not an acronym (MRI, NK): acronyms stay Latin in Chinese text.
LATIN_WORD = re.compile(r"[A-Za-z][a-z]+")


def has_latin_words(text: str) -> bool:
    return bool(LATIN_WORD.search(text or ""))


class _Walker:
    def __init__(self, content: PageContent):
        self.content = content

    def text(self, where: str, value: str, prose: bool = False):
        value = " ".join(str(value or "").split())
        if not value:
            return
        self.content.texts.append((where, value))
        if prose:
            self.content.paragraphs.append(value)

    def rich_text(self, where: str, html: str):
        paragraphs, links = read_rich_text(html)
        for paragraph in paragraphs:
            self.text(where, paragraph, prose=True)
        self.content.links.extend(links)

    def block(self, where: str, block, value):
        """Dispatch on the block definition, so any page type's blocks are read."""
        if value is None:
            return
        if isinstance(block, blocks.StreamBlock):
            for child in value:
                self.block(where, child.block, child.value)
        elif isinstance(block, blocks.ListBlock):
            for item in value:
                self.block(where, block.child_block, item)
        elif isinstance(block, ImageBlock):
            self.picture(value)
        elif isinstance(block, blocks.StructBlock):
            self.struct(where, block, value)
        elif isinstance(block, blocks.RichTextBlock):
            source = value.source if isinstance(value, RichText) else str(value)
            self.rich_text(where, source)
        elif isinstance(block, blocks.PageChooserBlock):
            self.content.links.append(Link(internal=True))
        elif isinstance(block, blocks.URLBlock):
            self.content.links.append(Link(href=str(value)))
        elif isinstance(block, blocks.TextBlock):
            self.text(where, value, prose=True)
        elif isinstance(block, blocks.RegexBlock):
            return  # anchors and codes, not text
        elif isinstance(block, blocks.CharBlock):
            self.text(where, value)

    def struct(self, where: str, block, value):
        names = set(block.child_blocks)
        if {"text", "level"} <= names:  # a heading (home.blocks.HeadingBlock)
            level = str(value.get("level") or "h2").lstrip("h")
            heading = Heading(int(level) if level.isdigit() else 2, value.get("text"))
            self.content.headings.append(heading)
            self.text(where, heading.text)
            return
        if {"quote", "attribution"} <= names:
            self.content.quotations.append(
                (value.get("attribution") or "", value.get("quote") or "")
            )
        image_name = next(
            (
                name
                for name, child in block.child_blocks.items()
                if isinstance(child, ImageBlock)
            ),
            None,
        )
        for name, child in block.child_blocks.items():
            if name == image_name:
                continue
            self.block(where, child, value.get(name))
        if image_name:
            self.picture(value.get(image_name), caption=value.get("caption") or "")

    def picture(self, image, caption: str = ""):
        if image is None:
            return
        alt = getattr(image, "contextual_alt_text", None) or ""
        decorative = bool(getattr(image, "decorative", False))
        self.content.pictures.append(Picture(image.title, alt, decorative, caption))


def page_fields(page) -> list[models.Field]:
    """The text fields a page type adds to Wagtail's Page (intro, excerpt, body…)."""
    return [
        field
        for field in page._meta.concrete_fields
        if field.model is not Page
        and isinstance(field, models.CharField | models.TextField | StreamField)
        and not field.choices
        and not isinstance(field, models.EmailField | models.URLField)
    ]


def read_page(page) -> PageContent:
    locale = getattr(page, "locale", None)
    content = PageContent(
        language=locale.language_code if locale else "en",
        title=page.title or "",
        seo_title=page.seo_title or "",
        description=page.search_description or "",
        slug=page.slug or "",
    )
    walker = _Walker(content)
    walker.text("title", page.title)
    walker.text("seo_title", page.seo_title)
    walker.text("search_description", page.search_description)
    for model_field in page_fields(page):
        value = getattr(page, model_field.attname, None)
        if isinstance(model_field, StreamField):
            walker.block(model_field.name, model_field.stream_block, value)
        elif isinstance(model_field, RichTextField):
            walker.rich_text(model_field.name, value)
        else:
            walker.text(
                model_field.name, value, prose=isinstance(model_field, models.TextField)
            )
    return content
