"""Read a WordPress eXtended RSS export (Tools > Export) into plain dataclasses.

Parsing streams through defusedxml's iterparse with DTDs forbidden: a WordPress
export never has a <!DOCTYPE>, and refusing it outright stops entity expansion
("billion laughs") and external entities before anything is read. Every problem
becomes a one-line `WXRError`; nothing here touches the database.

`parse()` keeps every item in memory (tests, small files). `scan()` is what the
import uses: it reads the file once, keeps only what deciding the order needs
(a slim copy of each post and page, and of each attachment) and spools the full
posts to a temporary file, read back one at a time, so memory stays flat
whatever the number of posts.
"""

import hashlib
import pickle
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import unquote, urlparse

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml import ElementTree as SafeET
from defusedxml.ElementTree import ParseError

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")

# Posts, pages and attachments are kept; other types (menus…) are only counted.
KEPT_TYPES = {"post", "page", "attachment"}
KEY_LENGTH = 255
_WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/(?:excerpt/)?$")
_WP_VERSION = re.compile(r"/export/(\d+\.\d+)/$")
_WELL_KNOWN = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}


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


@dataclass(frozen=True)
class Comment:
    comment_id: int
    parent_id: int
    author: str
    email: str
    url: str
    date: str
    status: str  # 1 approved, 0 waiting, spam, trash
    kind: str  # "" or comment, pingback, trackback
    content: str


@dataclass(eq=False, slots=True)
class Item:
    post_id: int
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    guid: str = ""
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
    comments: tuple[Comment, ...] = ()
    # Set by assign_keys(): what blog.WordPressPost remembers the item by, and the
    # earlier item that already has this item's WordPress ID, if any.
    key: str = ""
    duplicate_of: "Item | None" = None

    @property
    def owns_id(self) -> bool:
        return bool(self.post_id) and self.duplicate_of is None

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
    base_blog_url: str = ""
    authors: dict[str, Author] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    other_types: Counter = field(default_factory=Counter)
    # From scan(): where the full posts and pages are; `items` holds slim copies.
    spool: "Spool | None" = None

    def load(self, item: Item) -> Item:
        """The full item (content, comments…) for one of `items`."""
        return self.spool.load(item) if self.spool is not None else item

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()

    @property
    def source_key(self) -> str:
        """Which WordPress site this came from: host and path, no scheme.

        The site URL, unless it is WordPress.com's own (every site hosted there
        exports https://wordpress.com/): then the blog's address.
        """
        url = self.base_site_url or self.link
        if urlparse(url).netloc.lower() in {"wordpress.com", "www.wordpress.com"}:
            url = self.base_blog_url or self.link or url
        parsed = urlparse(url)
        key = (parsed.netloc + parsed.path).rstrip("/").lower()
        return key[:200] or "wordpress"


def parse(source) -> Export:
    """Parse a WXR file (a path or a binary file object) with every item in memory.

    Each <item> is read into an `Item` as soon as it ends and its elements are
    dropped, so memory grows with the posts' text, never with the XML tree.
    """
    keys = _Keys()

    def keep(export: Export, item: Item) -> None:
        keys.assign(item, item)
        export.items.append(item)

    return _read(source, keep)


def scan(source) -> Export:
    """Parse a WXR file for importing, keeping slim items; the full ones are spooled.

    `Export.items` holds, in file order, a slim copy of every post and page (what
    ordering and translation groups read) and of every attachment (what images
    and galleries read); `Export.load(item)` reads a post's full item back.
    """
    keys = _Keys()
    spool = Spool()

    def keep(export: Export, item: Item) -> None:
        slim = _slim(item)
        keys.assign(item, slim)
        slim.key, slim.duplicate_of = item.key, item.duplicate_of
        if item.post_type != "attachment":
            if item.duplicate_of is not None:  # rare: the report names the other
                item.duplicate_of = spool.load(item.duplicate_of)
            spool.store(item)
        export.items.append(slim)

    try:
        export = _read(source, keep)
    except BaseException:
        spool.close()
        raise
    export.spool = spool
    return export


def _read(source, keep) -> Export:
    reader = _Reader(keep)
    try:
        for event, value in SafeET.iterparse(
            source, events=("start-ns", "start", "end"), forbid_dtd=True
        ):
            reader.feed(event, value)
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
    return reader.finish()


# What a slim item keeps of the meta and terms: languages and translation groups
# (blog.wordpress.languages), an attachment's file and alt text (images).
_SLIM_META = {
    "_wpml_language",
    "_icl_lang_code",
    "_wpml_translation_group",
    "trid",
    "_wp_attached_file",
    "_wp_attachment_image_alt",
}
_SLIM_DOMAINS = {"language", "post_translations"}


def _slim(item: Item) -> Item:
    attachment = item.post_type == "attachment"
    return replace(
        item,
        # An attachment's title names its image, its excerpt is its caption.
        title=item.title if attachment else "",
        excerpt=item.excerpt if attachment else "",
        attachment_url=item.attachment_url if attachment else "",
        link="",
        guid="",
        creator="",
        content="",
        slug="",
        password="",
        post_date_gmt=None,
        terms=tuple(term for term in item.terms if term.domain in _SLIM_DOMAINS),
        meta={key: value for key, value in item.meta.items() if key in _SLIM_META},
        comments=(),
    )


class Spool:
    """Full items in a temporary file, each read back by its key when its turn comes.

    Pickle is safe here: the file is private to this process and holds only what
    it wrote itself.
    """

    def __init__(self):
        self.file = tempfile.TemporaryFile(prefix="wxr-")  # noqa: SIM115 (closed by close())
        self.where: dict[str, tuple[int, int]] = {}  # key -> (offset, length)

    def store(self, item: Item) -> None:
        data = pickle.dumps(item, pickle.HIGHEST_PROTOCOL)
        self.file.seek(0, 2)
        self.where[item.key] = (self.file.tell(), len(data))
        self.file.write(data)

    def load(self, item: Item) -> Item:
        offset, length = self.where[item.key]
        self.file.seek(offset)
        return pickle.loads(self.file.read(length))  # noqa: S301 (our own file)

    def close(self) -> None:
        self.file.close()


class _Reader:
    """Builds the Export from iterparse events, one channel child at a time."""

    def __init__(self, keep):
        self.keep = keep  # called with (export, item) for each kept item
        self.depth = 0
        self.bindings: dict[str, str] = {}  # prefixes the root element declares
        self.roles: dict[str, str] = {}
        self.channel = None
        self.declared_version = ""
        self.export = Export(version="")

    def feed(self, event: str, value) -> None:
        if event == "start-ns":
            if self.depth == 0:
                prefix, uri = value
                self.bindings.setdefault(prefix, uri)
            return
        if event == "start":
            self.depth += 1
            if self.depth == 1:
                self.roles = _roles(self.bindings)
                if _local(value.tag) != "rss":
                    raise WXRError(
                        f"not a WordPress export: the root element is "
                        f"<{_local(value.tag)}>, expected <rss> with a <channel>"
                    )
            elif self.depth == 2 and value.tag == "channel":
                self.channel = value
            return
        self.depth -= 1
        if self.depth == 2 and self.channel is not None:
            self.channel_child(value)
            self.channel.remove(value)  # read: let it go

    def channel_child(self, element) -> None:
        kind = (self.kind(element.tag), _local(element.tag))
        export = self.export
        if kind == ("", "item"):
            item = _item(element, self.kind)
            if item.post_type in KEPT_TYPES:
                self.keep(export, item)
            else:
                export.other_types[item.post_type] += 1
            return
        text = (element.text or "").strip()
        if kind == ("wp", "wxr_version"):
            self.declared_version = self.declared_version or text
        elif kind == ("", "title"):
            export.title = export.title or text
        elif kind == ("", "link"):
            export.link = export.link or text
        elif kind == ("wp", "base_site_url"):
            export.base_site_url = export.base_site_url or text
        elif kind == ("wp", "base_blog_url"):
            export.base_blog_url = export.base_blog_url or text
        elif kind == ("wp", "author"):
            author = _children(element, self.kind)
            login = _text(author, "wp", "author_login")
            if login:
                export.authors.setdefault(
                    login,
                    Author(
                        login=login,
                        display_name=_text(author, "wp", "author_display_name")
                        or login,
                        email=_text(author, "wp", "author_email"),
                    ),
                )
        elif kind[0] == "wp" and kind[1] in _TERM_READERS:
            export.terms.append(_TERM_READERS[kind[1]](_children(element, self.kind)))

    def kind(self, tag: str) -> str:
        return _kind(_namespace(tag), self.roles)

    def finish(self) -> Export:
        if self.channel is None:
            raise WXRError(
                "not a WordPress export: the root element is <rss> without a <channel>"
            )
        self.export.version = self.version()
        return self.export

    def version(self) -> str:
        uris = [uri for uri, role in self.roles.items() if role == "wp"]
        from_namespace = sorted(
            match.group(1) for uri in uris if (match := _WP_VERSION.search(uri))
        )
        version = self.declared_version or next(iter(from_namespace), "")
        if not version:
            raise WXRError(
                "not a WordPress export: no <wp:wxr_version> and no WordPress "
                "namespace (xmlns:wp)"
            )
        if version not in SUPPORTED_VERSIONS:
            supported = ", ".join(SUPPORTED_VERSIONS)
            raise WXRError(
                f"unsupported WXR version {version} (supported: {supported})"
            )
        return version


def _roles(bindings: dict[str, str]) -> dict[str, str]:
    """Namespace URI -> role (wp, excerpt, content, dc).

    As WordPress's importer does, a prefix means what the root element binds it
    to (https://wordpress.org/export/1.2/ as well as http://…); the well-known
    URIs count under any prefix. Other URIs, and a prefix rebound to an unknown
    URI inside the file, are someone else's elements and are not read.
    """
    roles = {}
    for prefix in ("wp", "excerpt", "content", "dc"):
        if bindings.get(prefix):
            roles.setdefault(bindings[prefix], prefix)
    return roles


def _item(element, kind) -> Item:
    fields = _children(element, kind)
    meta = {}
    for entry in (_children(e, kind) for e in fields[("wp", "postmeta")]):
        meta.setdefault(
            _text(entry, "wp", "meta_key"), _text(entry, "wp", "meta_value")
        )
    post_type = _text(fields, "wp", "post_type") or "post"
    kept = post_type in KEPT_TYPES
    return Item(
        post_id=_int(_text(fields, "wp", "post_id")),
        post_type=post_type,
        status=_text(fields, "wp", "status") or "draft",
        title=_raw_text(fields, "", "title"),
        link=_text(fields, "", "link"),
        guid=_text(fields, "", "guid"),
        creator=_text(fields, "dc", "creator"),
        content=_raw_text(fields, "content", "encoded") if kept else "",
        excerpt=_raw_text(fields, "excerpt", "encoded") if kept else "",
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
        comments=tuple(
            _comment(_children(entry, kind)) for entry in fields[("wp", "comment")]
        )
        if kept
        else (),
    )


def _comment(fields) -> Comment:
    return Comment(
        comment_id=_int(_text(fields, "wp", "comment_id")),
        parent_id=_int(_text(fields, "wp", "comment_parent")),
        author=_text(fields, "wp", "comment_author"),
        email=_text(fields, "wp", "comment_author_email"),
        url=_text(fields, "wp", "comment_author_url"),
        date=_text(fields, "wp", "comment_date"),
        status=_text(fields, "wp", "comment_approved"),
        kind=_text(fields, "wp", "comment_type"),
        content=_raw_text(fields, "wp", "comment_content"),
    )


def assign_keys(items: list[Item]) -> None:
    """Give every post and page a key that stays the same from run to run.

    The WordPress ID when the item has one no earlier item used; otherwise its
    GUID, otherwise type + slug + date (numbered if even that repeats). Items
    that share an ID are told so (`duplicate_of`), never merged into one page.
    """
    keys = _Keys()
    for item in items:
        keys.assign(item, item)


class _Keys:
    """assign_keys() one item at a time, in file order."""

    def __init__(self):
        self.owners: dict[tuple[bool, int], Item] = {}
        self.used: set[str] = set()

    def assign(self, item: Item, kept: Item) -> None:
        """Set item.key and item.duplicate_of; `kept` is what later items are
        told they duplicate, if this item owns its ID."""
        group = (item.post_type == "attachment", item.post_id)
        owner = self.owners.setdefault(group, kept) if item.post_id else None
        if owner is kept:
            item.key = str(item.post_id)
        else:
            item.duplicate_of = owner
            item.key = _fallback_key(item, self.used)
        self.used.add(item.key)


def _fallback_key(item: Item, used: set[str]) -> str:
    candidates = [f"guid:{item.guid}"] if item.guid else []
    date = item.post_date.isoformat() if item.post_date else ""
    candidates.append(f"{item.post_type}:{item.slug}:{date}")
    for candidate in candidates:
        if len(candidate) > KEY_LENGTH:
            candidate = "sha256:" + hashlib.sha256(candidate.encode()).hexdigest()
        if candidate not in used:
            return candidate
    number = 2
    while f"{candidate}#{number}" in used:
        number += 1
    return f"{candidate}#{number}"


_TERM_READERS = {
    "category": lambda term: Term(
        "category",
        _text(term, "wp", "category_nicename"),
        _text(term, "wp", "cat_name"),
        _text(term, "wp", "category_description"),
    ),
    "tag": lambda term: Term(
        "post_tag", _text(term, "wp", "tag_slug"), _text(term, "wp", "tag_name")
    ),
    "term": lambda term: Term(
        _text(term, "wp", "term_taxonomy"),
        _text(term, "wp", "term_slug"),
        _text(term, "wp", "term_name"),
        _text(term, "wp", "term_description"),
    ),
}


# -- element helpers ---------------------------------------------------------------


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _kind(namespace: str, roles: dict[str, str]) -> str:
    """An element's role by its namespace: the root's bindings, then well-known URIs."""
    if not namespace:
        return ""
    if namespace in roles:
        return roles[namespace]
    if _WP_NAMESPACE.match(namespace):
        return "excerpt" if namespace.endswith("/excerpt/") else "wp"
    return _WELL_KNOWN.get(namespace.replace("https://", "http://", 1), "other")


def _children(element, kind) -> dict:
    children = defaultdict(list)
    for child in element:
        if isinstance(child.tag, str):
            children[(kind(child.tag), _local(child.tag))].append(child)
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
