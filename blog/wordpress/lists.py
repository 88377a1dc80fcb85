"""<ul>/<ol> -> a list block: items of rich text, each with one level of children.

Our ListBlock nests one level (the seed article's sections are two deep); deeper
levels are flattened into their level-two item as extra "– " lines. Two WordPress
habits get special treatment:

- a list whose every item starts with a heading is a run of numbered section
  titles (`<ol><li><h3>How…</h3></li></ol>`, each restarting at "1."): the items
  become heading blocks, which also feed the table of contents;
- items that all start with a check mark (✅) make a check-mark list; the list
  style draws the mark, so the character is dropped from the text.
"""

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from blog.wordpress.richtext import ITEM_FEATURES, inline_html, paragraph

_MARK = r"[\u2705\u2714\u2611\u2713][\ufe0e\ufe0f]?"
_LEADING_MARK = re.compile(rf"^\s*{_MARK}")
_MARK_IN_HTML = re.compile(rf"^(<p>(?:<[^>]+>)*)\s*{_MARK}\s*")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LISTS = ("ul", "ol")


class ListConverter:
    def __init__(self, builder):
        self.builder = builder
        self.force_check = False  # set by a Gutenberg list block with a check style

    def convert(self, node: Tag) -> None:
        items = self.items(node)
        if items and all(_leading_heading(li) for li in items):
            self.section_titles(items, numbered=node.name == "ol")
            return
        values = [value for li in items for value in self.item(li)]
        if not values:
            return
        style = "numbered" if node.name == "ol" else "bulleted"
        if self.force_check or all(
            _LEADING_MARK.match(_text(v["text"])) for v in values
        ):
            style = "check"
            for value in values:
                value["text"] = _MARK_IN_HTML.sub(r"\1", value["text"], count=1)
        self.builder.add("list", {"style": style, "items": values})

    def items(self, node: Tag) -> list[Tag]:
        """The <li>s of a list; a list nested right in a list joins the item before."""
        items: list[Tag] = []
        for child in list(node.children):
            if not isinstance(child, Tag):
                continue
            if child.name == "li":
                items.append(child)
            elif child.name in _LISTS and items:
                items[-1].append(child.extract())
            elif child.name in _LISTS:
                items.extend(self.items(child))
        return items

    def section_titles(self, items: list[Tag], numbered: bool) -> None:
        for li in items:
            self.builder.heading(_leading_heading(li).extract())
            self.builder.end_paragraph()
            self.builder.walk(li)  # whatever follows the title in the item
            self.builder.end_paragraph()
        self.builder.note(
            "numbered section titles became headings"
            if numbered
            else "list of headings became headings"
        )

    def item(self, li: Tag) -> list[dict]:
        nested = self.nested_lists(li)
        text = paragraph(inline_html(li), ITEM_FEATURES)
        children = [
            html
            for node in nested
            for child in self.items(node)
            if (html := self.child(child))
        ]
        if not text:  # an item that only wraps a list: its items move up a level
            return [{"text": child, "children": []} for child in children]
        return [{"text": text, "children": children}]

    def child(self, li: Tag) -> str:
        deeper = self.nested_lists(li)
        parts = [paragraph(inline_html(li), ITEM_FEATURES)]
        for node in deeper:
            parts += self.flatten(node)
        if deeper:
            self.builder.note("deeper list levels flattened into their parent item")
        return "".join(part for part in parts if part)

    def flatten(self, node: Tag) -> list[str]:
        lines = []
        for li in self.items(node):
            deeper = self.nested_lists(li)
            own = inline_html(li)
            if own:
                lines.append(paragraph(f"– {own}", ITEM_FEATURES))
            for inner in deeper:
                lines += self.flatten(inner)
        return lines

    def nested_lists(self, li: Tag) -> list[Tag]:
        """Take out the item's own sub-lists (and images, which items cannot hold)."""
        nested = [
            node.extract()
            for node in li.find_all(_LISTS)
            if node.find_parent("li") is li
        ]
        for image in li.find_all("img"):
            image.extract()
            self.builder.note("image inside a list item left out")
        return nested


def _leading_heading(li: Tag) -> Tag | None:
    for child in li.children:
        if isinstance(child, PreformattedString):
            continue
        if isinstance(child, NavigableString):
            if child.strip():
                return None
            continue
        return child if child.name in _HEADINGS else None
    return None


def _text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text()
