"""What a WordPress item says about its page: slug, SEO fields, dates, status.

Pure functions of the parsed item; nothing here reads or writes the database.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

from blog.wordpress.wxr import Item

SKIP_STATUSES = {"private", "trash", "auto-draft"}
DRAFT_STATUSES = {"draft", "pending"}
_YOAST_VARIABLE = re.compile(r"%%(\w+)%%")
_SEPARATORS = " -–—|·:•"
_SHORTCODE = re.compile(r"\[/?[a-zA-Z][\w-]*[^\]]*\]")


@dataclass(frozen=True)
class Publication:
    state: str  # "live", "draft" or "scheduled"
    go_live_at: datetime | None = None
    note: str = ""


def skip_reason(item: Item) -> str:
    """Why an item is not imported at all, or ""."""
    if item.status in SKIP_STATUSES:
        return item.status
    if item.password:
        return "password-protected"
    if item.status not in DRAFT_STATUSES | {"publish", "future"}:
        return f"status {item.status}"
    return ""


def publication(item: Item) -> Publication:
    if item.status == "publish":
        return Publication("live")
    if item.status == "future":
        when = published_at(item)
        if when and when > timezone.now():
            return Publication("scheduled", when)
        # WordPress would have published it by now.
        return Publication("live", note="its scheduled date has passed: published")
    return Publication("draft")


def published_at(item: Item) -> datetime | None:
    """The post's date as an aware datetime: GMT when WordPress recorded it."""
    if item.post_date_gmt:
        return item.post_date_gmt.replace(tzinfo=UTC)
    if item.post_date:
        return timezone.make_aware(item.post_date)
    return None


def title(item: Item) -> str:
    """The title as visitors read it: WordPress titles are HTML (<em>, &amp;)."""
    return (written_title(item) or untitled(item))[:255]


def written_title(item: Item) -> str:
    return " ".join(unescape(strip_tags(item.title)).split())


def untitled(item: Item) -> str:
    """A title for a post WordPress shows as "(no title)": its first words, or date."""
    text = " ".join(unescape(strip_tags(item.content)).split())
    text = _SHORTCODE.sub("", text).strip()
    if text:
        return Truncator(text).words(8, truncate="…")
    if item.post_date:
        return date_format(item.post_date.date(), "DATE_FORMAT")
    return item.slug or item.post_type


def slug_candidates(item: Item) -> tuple[str, bool]:
    """The page slug and whether WordPress chose it (else it is made from the title)."""
    slug = slugify(item.slug)[:255]
    if slug:
        return slug, True
    return slugify(title(item))[:255] or f"{item.post_type}-{item.post_id}", False


def yoast(item: Item, key: str) -> str:
    """A Yoast SEO value with its %%variables%% resolved.

    The site's <title> already ends with the site name, so Yoast's usual
    "%%title%% %%sep%% %%sitename%%" becomes the bare title (and so is dropped).
    """
    template = item.meta.get(key, "")
    values = {"title": written_title(item)}
    text = _YOAST_VARIABLE.sub(lambda m: values.get(m.group(1), " "), template)
    text = " ".join(text.split()).strip(_SEPARATORS)
    return "" if text == values["title"] else text


def import_order(items: list[Item]) -> list[Item]:
    """Pages parents first (so a child finds its parent), then posts oldest first."""
    by_id = {item.post_id: item for item in items}

    def depth(item: Item) -> int:
        seen = {item.post_id}
        while item.parent_id in by_id and item.parent_id not in seen:
            item = by_id[item.parent_id]
            seen.add(item.post_id)
        return len(seen)

    pages = sorted(
        (item for item in items if item.post_type == "page"),
        key=lambda item: (depth(item), item.menu_order, item.post_id),
    )
    posts = sorted(
        (item for item in items if item.post_type == "post"),
        key=lambda item: (item.post_date or datetime.max, item.post_id),
    )
    return pages + posts


def digest(data: dict) -> str:
    encoded = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
