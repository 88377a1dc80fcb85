"""Which language each post is in, and which posts translate each other.

Accepted markup (see the import_wordpress command's docstring for examples):

Polylang
    language: the item's ``<category domain="language" nicename="…">``
    (en, zh, zh-hans, zh-cn…);
    group: the item's ``<category domain="post_translations" nicename="pll_…">``,
    whose channel ``<wp:term>`` (taxonomy ``post_translations``) has a PHP-serialized
    description ``a:2:{s:2:"en";i:10;s:2:"zh";i:11;}`` mapping language to post ID.
    Without a readable description, posts sharing the term form the group.
WPML
    language: postmeta ``_wpml_language`` or ``_icl_lang_code``;
    group: postmeta ``_wpml_translation_group`` or ``trid`` (posts sharing the value).

A post with no language markup is English.
"""

from collections import defaultdict

from blog.wordpress.php import unserialize
from blog.wordpress.wxr import Export, Item

ENGLISH = "en"
CHINESE = "zh-hans"
_CHINESE_CODES = {"zh", "zh-hans", "zh-cn", "zh-sg", "zh-hans-cn", "cn"}
WPML_LANGUAGE_KEYS = ("_wpml_language", "_icl_lang_code")
WPML_GROUP_KEYS = ("_wpml_translation_group", "trid")


def normalise(code: str) -> str:
    """Our locale code for a WordPress language code; other codes come back as-is."""
    code = code.strip().lower().replace("_", "-")
    if code == "en" or code.startswith("en-"):
        return ENGLISH
    if code in _CHINESE_CODES:
        return CHINESE
    return code  # zh-hant, fr…: not one of the site's languages


def language_of(item: Item) -> str:
    for term in item.terms_in("language"):
        return normalise(term.slug or term.name)
    for key in WPML_LANGUAGE_KEYS:
        if item.meta.get(key):
            return normalise(item.meta[key])
    return ENGLISH


def translation_groups(export: Export, items: list[Item]) -> dict[int, dict[str, int]]:
    """Post ID -> {language: post ID} of its group (itself included)."""
    by_id = {item.post_id: item for item in items}
    groups: list[dict[str, int]] = []
    pll_descriptions = {
        term.slug: term.description
        for term in export.terms
        if term.taxonomy == "post_translations"
    }
    shared: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for term in item.terms_in("post_translations"):
            shared[f"pll:{term.slug}"].append(item)
        for key in WPML_GROUP_KEYS:
            if item.meta.get(key):
                shared[f"wpml:{item.meta[key]}"].append(item)
                break
    for key, members in shared.items():
        group = _polylang_group(pll_descriptions.get(key[4:], ""), by_id)
        if not key.startswith("pll:") or not group:
            group = {}
            for member in members:
                group.setdefault(language_of(member), member.post_id)
        groups.append(group)
    result: dict[int, dict[str, int]] = {}
    for group in groups:
        for post_id in group.values():
            result.setdefault(post_id, group)
    for item in items:
        result.setdefault(item.post_id, {language_of(item): item.post_id})
    return result


def _polylang_group(description: str, by_id: dict[int, Item]) -> dict[str, int]:
    try:
        value = unserialize(description) if description else {}
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    group: dict[str, int] = {}
    for language, post_id in value.items():
        if isinstance(language, str) and isinstance(post_id, int) and post_id in by_id:
            group.setdefault(normalise(language), post_id)
    return group
