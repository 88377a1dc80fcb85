"""Block-editor (Gutenberg) content: `<!-- wp:name {"attrs"} -->html<!-- /wp:name -->`.

Only the top level is split into blocks; nested blocks (list items, columns) stay
inside their parent's HTML, whose markup already says what they are. Content
without block comments is classic-editor content: one freeform block.
"""

import json
import re
from dataclasses import dataclass, field

# WordPress's own tokenizer pattern, simplified: block attributes are JSON in which
# WordPress escapes "-->", so the first "} -->" ends them.
_TOKEN = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{.*?\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)


@dataclass
class Block:
    name: str | None  # "core/heading", "yoast/faq-block"; None for freeform HTML
    html: str
    attrs: dict = field(default_factory=dict)


def has_blocks(content: str) -> bool:
    return "<!-- wp:" in content


def split_blocks(content: str) -> list[Block]:
    if not has_blocks(content):
        return [Block(None, content)]
    blocks: list[Block] = []
    stack: list[tuple[str, dict, int]] = []
    position = 0
    for token in _TOKEN.finditer(content):
        name = _full_name(token.group("name"))
        if not stack and token.start() > position:
            _freeform(blocks, content[position : token.start()])
        if token.group("void"):
            if not stack:
                blocks.append(Block(name, "", _attrs(token.group("attrs"))))
        elif token.group("closer"):
            if stack:
                opener_name, attrs, start = stack.pop()
                if not stack:
                    blocks.append(
                        Block(opener_name, content[start : token.start()], attrs)
                    )
        else:
            stack.append((name, _attrs(token.group("attrs")), token.end()))
        if not stack:
            position = token.end()
    if stack:  # an unclosed block: keep its HTML rather than lose it
        name, attrs, start = stack[0]
        blocks.append(Block(name, content[start:], attrs))
    elif position < len(content):
        _freeform(blocks, content[position:])
    return blocks


def _freeform(blocks: list[Block], html: str) -> None:
    if html.strip():
        blocks.append(Block(None, html))


def _full_name(name: str) -> str:
    return name if "/" in name else f"core/{name}"


def _attrs(text: str | None) -> dict:
    if not text:
        return {}
    try:
        attrs = json.loads(text)
    except ValueError:
        return {}
    return attrs if isinstance(attrs, dict) else {}
