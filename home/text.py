"""Plain text of StreamField content: reading time and the table of contents."""

import math
import re
from dataclasses import dataclass

from django.utils.html import strip_tags

WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
CJK_CHARACTER = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ENGLISH_WORDS_PER_MINUTE = 220
CHINESE_CHARACTERS_PER_MINUTE = 400


def stream_text(stream_value) -> str:
    """All visible text of a StreamField value, tags stripped, read from its stored
    JSON: a fifth of the time of building block values and asking each for its
    searchable content."""
    return raw_stream_text(getattr(stream_value, "raw_data", None))


# StreamField JSON keys whose values are not visible text.
_NOT_TEXT_KEYS = frozenset(
    {"id", "type", "anchor", "level", "style", "url", "page", "image", "decorative"}
)


def raw_stream_text(raw) -> str:
    """Visible text of StreamField JSON, without loading images or pages."""
    pieces = []

    def walk(value):
        if isinstance(value, str):
            pieces.append(strip_tags(value))
        elif isinstance(value, dict):
            if "type" in value and "value" in value:  # a block: its value only
                walk(value["value"])
                return
            for key, item in value.items():
                if key not in _NOT_TEXT_KEYS:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(list(raw or []))
    return " ".join(pieces)


def reading_minutes(text: str) -> int:
    """Minutes to read: words for English, characters for Chinese (never under 1)."""
    words = len(WORD.findall(text))
    characters = len(CJK_CHARACTER.findall(text))
    minutes = (
        words / ENGLISH_WORDS_PER_MINUTE + characters / CHINESE_CHARACTERS_PER_MINUTE
    )
    return max(1, math.ceil(minutes))


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    text: str
    level: int


def table_of_contents(stream_value) -> list[TocEntry]:
    """The heading blocks, in order, with the anchors their templates render."""
    return [
        TocEntry(
            block.value.anchor_id(), block.value["text"], int(block.value.tag()[1])
        )
        for block in stream_value or []
        if block.block_type == "heading"
    ]
