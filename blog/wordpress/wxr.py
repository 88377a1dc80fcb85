"""Read a WordPress eXtended RSS export (Tools > Export) into plain dataclasses.

Parsing goes through defusedxml with DTDs forbidden: a WordPress export never has
a <!DOCTYPE>, and refusing it outright stops entity expansion ("billion laughs")
and external entities before anything is read. Every problem becomes a one-line
`WXRError`; nothing here touches the database.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote, urlparse

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml import ElementTree as SafeET
from defusedxml.ElementTree import ParseError

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")

_WP_NAMESPACE = re.compile(r"^http://wordpress\.org/export/(\d+\.\d+)/$")
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_DC_NS = "http://purl.org/dc/elements/1.1/"


class WXRError(Exception):
    """The file cannot be imported; the message is one line a marketer can act on."""


@dataclass(frozen=True)
class Author:
    login: str
    display_name: str
    email: str = ""


@dataclass(frozen=True)
class Term:
    """A channel-level term (category, tag, or e.g. Polylang's post_translations)."""

    taxonomy: str
    slug: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class ItemTerm:
    """One <category domain="…" nicename="…">Name</category> of an item."""

    domain: str
    slug: str
    name: str


@dataclass
class Item:
    post_id: int
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    slug: str = ""
    post_date: datetime | None = None  # the site's local time, naive
    post_date_gmt: datetime | None = None  # UTC, naive; None for unsent drafts
    parent_id: int = 0
    menu_order: int = 0
    password: str = ""
    attachment_url: str = ""
    terms: tuple[ItemTerm, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)

    def terms_in(self, domain: str) -> list[ItemTerm]:
        return [term for term in self.terms if term.domain == domain]

    @property
    def path(self) -> str:
        """The permalink's path (and query), e.g. /2025/10/27/slug/ or /?p=12."""
        parsed = urlparse(self.link)
        path = parsed.path or "/"
        return f"{path}?{parsed.query}" if parsed.query else path


@dataclass
class Export:
    version: str
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    authors: dict[str, Author] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def source_key(self) -> str:
        """Which WordPress site this came from: host and path, no scheme."""
        url = self.base_site_url or self.link
        parsed = urlparse(url)
        key = (parsed.netloc + parsed.path).rstrip("/").lower()
        return key[:200] or "wordpress"


def parse(source) -> Export:
    """Parse a WXR file (a path or a binary file object)."""
    try:
        tree = SafeET.parse(source, forbid_dtd=True)
    except DTDForbidden as error:
        raise WXRError(
            "refused: the file declares a DTD (<!DOCTYPE>); WordPress exports never "
            "do, and entity expansion or external entities are not allowed"
        ) from error
    except DefusedXmlException as error:
        raise WXRError(f"refused: unsafe XML ({type(error).__name__})") from error
    except ParseError as error:
        raise WXRError(f"not well-formed XML: {error}") from error
    except OSError as error:
        raise WXRError(f"cannot read the file: {error.strerror or error}") from error
    return _read_export(tree.getroot())


def _read_export(root) -> Export:
    if _local(root.tag) != "rss" or root.find("channel") is None:
        raise WXRError(
            f"not a WordPress export: the root element is <{_local(root.tag)}>, "
            "expected <rss> with a <channel>"
        )
    channel = root.find("channel")
    fields = _children(channel)
    export = Export(
        version=_version(channel, fields),
        title=_text(fields, "", "title"),
        link=_text(fields, "", "link"),
        base_site_url=_text(fields, "wp", "base_site_url"),
    )
    for element in fields[("wp", "author")]:
        author = _children(element)
        login = _text(author, "wp", "author_login")
        if login:
            export.authors[login] = Author(
                login=login,
                display_name=_text(author, "wp", "author_display_name") or login,
                email=_text(author, "wp", "author_email"),
            )
    export.terms = [*_categories(fields), *_tags(fields), *_terms(fields)]
    export.items = [_item(element) for element in channel.findall("item")]
    return export


def _version(channel, fields) -> str:
    declared = _text(fields, "wp", "wxr_version")
    namespaces = {
        match.group(1)
        for element in channel.iter()
        if (match := _WP_NAMESPACE.match(_namespace(element.tag)))
    }
    version = declared or next(iter(sorted(namespaces)), "")
    if not version:
        raise WXRError(
            "not a WordPress export: no <wp:wxr_version> and no WordPress namespace"
        )
    if version not in SUPPORTED_VERSIONS:
        supported = ", ".join(SUPPORTED_VERSIONS)
        raise WXRError(f"unsupported WXR version {version} (supported: {supported})")
    return version


def _categories(fields) -> list[Term]:
    return [
        Term(
            "category",
            _text(term, "wp", "category_nicename"),
            _text(term, "wp", "cat_name"),
            _text(term, "wp", "category_description"),
        )
        for term in map(_children, fields[("wp", "category")])
    ]


def _tags(fields) -> list[Term]:
    return [
        Term("post_tag", _text(term, "wp", "tag_slug"), _text(term, "wp", "tag_name"))
        for term in map(_children, fields[("wp", "tag")])
    ]


def _terms(fields) -> list[Term]:
    return [
        Term(
            _text(term, "wp", "term_taxonomy"),
            _text(term, "wp", "term_slug"),
            _text(term, "wp", "term_name"),
            _text(term, "wp", "term_description"),
        )
        for term in map(_children, fields[("wp", "term")])
    ]


def _item(element) -> Item:
    fields = _children(element)
    meta = {}
    for entry in map(_children, fields[("wp", "postmeta")]):
        meta[_text(entry, "wp", "meta_key")] = _text(entry, "wp", "meta_value")
    return Item(
        post_id=_int(_text(fields, "wp", "post_id")),
        post_type=_text(fields, "wp", "post_type") or "post",
        status=_text(fields, "wp", "status") or "draft",
        title=_text(fields, "", "title"),
        link=_text(fields, "", "link"),
        creator=_text(fields, "dc", "creator"),
        content=_raw_text(fields, "content", "encoded"),
        excerpt=_raw_text(fields, "excerpt", "encoded"),
        slug=unquote(_text(fields, "wp", "post_name")),
        post_date=_datetime(_text(fields, "wp", "post_date")),
        post_date_gmt=_datetime(_text(fields, "wp", "post_date_gmt")),
        parent_id=_int(_text(fields, "wp", "post_parent")),
        menu_order=_int(_text(fields, "wp", "menu_order")),
        password=_text(fields, "wp", "post_password"),
        attachment_url=_text(fields, "wp", "attachment_url"),
        terms=tuple(
            ItemTerm(
                category.get("domain", "category"),
                unquote(category.get("nicename", "")),
                (category.text or "").strip(),
            )
            for category in fields[("", "category")]
        ),
        meta=meta,
    )


# -- element helpers ---------------------------------------------------------------


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _kind(namespace: str) -> str:
    """Namespaces by role: the WordPress one's URI changes with the WXR version."""
    if namespace.startswith("http://wordpress.org/export/"):
        return "excerpt" if namespace.rstrip("/").endswith("/excerpt") else "wp"
    return {_CONTENT_NS: "content", _DC_NS: "dc", "": ""}.get(namespace, "other")


def _children(element) -> dict:
    children = defaultdict(list)
    for child in element:
        if isinstance(child.tag, str):
            children[(_kind(_namespace(child.tag)), _local(child.tag))].append(child)
    return children


def _raw_text(fields, kind: str, local: str) -> str:
    found = fields.get((kind, local))
    return (found[0].text or "") if found else ""


def _text(fields, kind: str, local: str) -> str:
    return _raw_text(fields, kind, local).strip()


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _datetime(text: str) -> datetime | None:
    # Unsent drafts carry "0000-00-00 00:00:00", which is no date at all.
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
