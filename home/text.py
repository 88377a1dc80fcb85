"""Plain text of StreamField content: reading time and the table of contents."""

import math
import re
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
CJK_CHARACTER = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ENGLISH_WORDS_PER_MINUTE = 220
CHINESE_CHARACTERS_PER_MINUTE = 400


def stream_text(stream_value) -> str:
    """All visible text of a StreamField value, tags stripped (Wagtail's extraction)."""
    if not stream_value:
        return ""
    block = stream_value.stream_block
    return " ".join(block.get_searchable_content(stream_value))


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
