"""After conversion: deterministic block ids, and WordPress's automatic excerpt."""

import re
import uuid

from django.utils.text import Truncator

from bs4 import BeautifulSoup

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
ID_NAMESPACE = uuid.UUID("8f1c6a52-33f4-4c1e-9a56-2f0f3f5b7d11")


def with_ids(blocks: list[dict], seed: str) -> list[dict]:
    """Raw stream data with ids derived from `seed` and each block's position.

    Re-importing the same post gives the same ids (so translations of unchanged
    segments survive); converting the Chinese post with the English post's seed
    gives the same wagtail-localize segment paths when the structures match.
    """

    def make(path: str) -> str:
        return str(uuid.uuid5(ID_NAMESPACE, f"{seed}/{path}"))

    def item(path: str, value) -> dict:
        return {"type": "item", "value": value, "id": make(path)}

    raw = []
    for i, block in enumerate(blocks):
        value = block["value"]
        if block["type"] == "list":
            items = [
                item(
                    f"{i}/{j}",
                    {
                        "text": entry["text"],
                        "children": [
                            item(f"{i}/{j}/{k}", child)
                            for k, child in enumerate(entry["children"])
                        ],
                    },
                )
                for j, entry in enumerate(value["items"])
            ]
            value = {**value, "items": items}
        elif block["type"] == "faq":
            value = {
                **value,
                "items": [
                    item(f"{i}/{j}", entry) for j, entry in enumerate(value["items"])
                ],
            }
        raw.append({"type": block["type"], "value": value, "id": make(str(i))})
    return raw


def excerpt_from(blocks: list[dict]) -> str:
    """WordPress's automatic excerpt: the first 55 words (CJK text: characters)."""
    texts = []
    for block in blocks:
        if block["type"] == "paragraph":
            texts.append(BeautifulSoup(block["value"], "html.parser").get_text(" "))
        if sum(map(len, texts)) > 1000:
            break
    text = " ".join(" ".join(texts).split())
    if CJK.search(text):
        return Truncator(text).chars(110)
    return Truncator(text).words(55, truncate=" […]")
