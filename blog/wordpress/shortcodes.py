"""WordPress shortcodes: [caption] becomes a <figure>, [gallery] the gallery markup
the caller makes (`expand`), every other one is removed.

WordPress only expands shortcodes a plugin registered, so plain text in brackets
("[sic]", "[1]") must survive. A bracketed word counts as a shortcode when it is a
well-known one, has attributes (`[contact-form-7 id="5"]`) or a closing tag.
Enclosing shortcodes keep their text, except media ones whose content is a URL.
"""

import re
from collections import Counter
from collections.abc import Callable

KNOWN = {
    "audio", "caption", "contact-form", "contact-form-7", "embed", "gallery",
    "gravityform", "playlist", "video", "wp_caption", "wpforms",
}  # fmt: skip
# Their enclosed content is a URL or media list, not text a reader should see.
MEDIA = {"audio", "embed", "playlist", "video"}

_NAME = r"[a-zA-Z][\w-]*"
_ENCLOSING = re.compile(rf"\[({_NAME})(\s[^\[\]]*)?\](.*?)\[/\1\]", re.DOTALL)
_SINGLE = re.compile(rf"\[({_NAME})(\s[^\[\]]*?)?\s*/?\]")
_CLOSER = re.compile(rf"\[/({_NAME})\]")
_IMAGE = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.IGNORECASE)
_CAPTION_ATTR = re.compile(r"""\bcaption=(["'])(.*?)\1""", re.DOTALL)


Expanders = dict[str, Callable[[str], str]]  # name -> HTML for its attributes


def process(text: str, expand: Expanders | None = None) -> tuple[str, Counter]:
    """The text with shortcodes handled, and how many of each were removed."""
    found: Counter = Counter()
    expand = expand or {}

    def enclosing(match: re.Match) -> str:
        name, attrs, inner = match.group(1), match.group(2) or "", match.group(3)
        found[name] += 1
        if name.lower() in {"caption", "wp_caption"}:
            return _figure(attrs, process_into(inner, found, expand))
        if name.lower() in MEDIA:
            return ""
        return process_into(inner, found, expand)

    def single(match: re.Match) -> str:
        name, attrs = match.group(1), match.group(2) or ""
        if name.lower() in expand:
            return expand[name.lower()](attrs)
        if name.lower() not in KNOWN and "=" not in attrs:
            return match.group(0)
        found[name] += 1
        return ""

    text = _ENCLOSING.sub(enclosing, text)
    text = _SINGLE.sub(single, text)
    # A stray closing tag ("[/gallery]" whose opener sat in another paragraph).
    text = _CLOSER.sub(lambda m: "" if _is_known(m[1], found) else m[0], text)
    return text, found


def process_into(text: str, found: Counter, expand: Expanders) -> str:
    processed, inner_found = process(text, expand)
    found.update(inner_found)
    return processed


def _is_known(name: str, found: Counter) -> bool:
    return name.lower() in KNOWN or name in found


def _figure(attrs: str, inner: str) -> str:
    """[caption]<img …> Text[/caption] as the <figure> the block editor would save."""
    image = _IMAGE.search(inner)
    if not image:
        return inner
    caption = (inner[: image.start()] + inner[image.end() :]).strip()
    if not caption and (attribute := _CAPTION_ATTR.search(attrs)):
        caption = attribute.group(2).strip()
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="wp-caption">{image.group(0)}{figcaption}</figure>'
