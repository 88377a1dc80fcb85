"""Images of imported posts: WordPress uploads -> Wagtail images.

Every image is known by its upload path, the part of its URL after
wp-content/uploads/ or, on any host (files.wordpress.com, a CDN, /files/ of a
multisite), its trailing YYYY/MM/name. An <img src=".../2025/10/knee-1024x683.jpg">
is looked for as 2025/10/knee-1024x683.jpg, then as the original upload
(knee.jpg, without WordPress's size suffix), then as the file of the attachment
it names (class "wp-image-31": its attachment URL and _wp_attached_file):

1. among the uploads an earlier run imported (`blog.WordPressImage`);
2. in the --uploads folder (paths never leave it);
3. at --media-from (`blog.wordpress.media`), each failure remembered for the report.

A new image takes the attachment's title and alt text (its caption is the
post's business: `[gallery]` shows it, see `gallery_html`). Images are also
found again by content hash, so one file used by two attachments is one image.
"""

import re
from html import escape, unescape
from io import BytesIO
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.utils.html import strip_tags

from wagtail.images.models import Image
from wagtail.utils.file import hash_filelike

from PIL import Image as PillowImage

from blog.models import WordPressImage
from blog.wordpress.convert import FoundImage, ImageRef
from blog.wordpress.media import FetchError, MediaFetcher
from blog.wordpress.wxr import Item

EXTENSIONS = {".avif", ".gif", ".jpeg", ".jpg", ".png", ".webp"}
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
_MARKER = "wp-content/uploads/"
_DATED = re.compile(r"(?:^|/)(\d{4}/\d{2}/[^/]+)$")


def upload_path(url: str) -> str:
    """2013/03/photo.jpg for any URL of that upload, whatever the host; or ""."""
    path = unquote(urlparse(url).path)
    if _MARKER in path:
        return path.split(_MARKER, 1)[1]
    match = _DATED.search(path)
    return match.group(1) if match else ""


def is_image(item: Item) -> bool:
    name = item.meta.get("_wp_attached_file") or urlparse(item.attachment_url).path
    return PurePosixPath(name).suffix.lower() in EXTENSIONS


class MediaLibrary:
    def __init__(
        self,
        source_key: str,
        attachments: dict[int, Item],
        uploads: Path | None = None,
        fetcher: MediaFetcher | None = None,
    ):
        self.source_key = source_key
        self.root = Path(uploads).resolve() if uploads else None
        self.fetcher = fetcher
        self.attachments = attachments
        self.known: dict[str, int] | None = None  # upload path -> image pk
        self.found: dict[str, FoundImage | None] = {}
        self.failures: dict[str, str] = {}  # report label -> why it is missing
        self.created_files: list[str] = []  # storage names, to delete on rollback
        self.counts = {"imported": 0, "reused": 0}

    @property
    def has_source(self) -> bool:
        return self.root is not None or self.fetcher is not None

    # -- lookups ---------------------------------------------------------------------

    def resolve(self, ref: ImageRef) -> FoundImage | None:
        attachment = self.attachments.get(ref.attachment_id or 0)
        candidates = self.candidates(ref, attachment)
        if not candidates:
            return None
        first = candidates[0]
        if first not in self.found:
            self.found[first] = self.look_up(candidates, attachment, ref.label)
        return self.found[first]

    def resolve_attachment(self, attachment_id: int) -> tuple[FoundImage | None, str]:
        """A featured or gallery image by attachment ID: the image and its label."""
        attachment = self.attachments.get(attachment_id)
        if attachment is None:
            return None, f"attachment {attachment_id} (not in the export)"
        ref = ImageRef(attachment.attachment_url, "", attachment_id)
        return self.resolve(ref), ref.label

    def why_missing(self, label: str) -> str:
        if label in self.failures:
            return self.failures[label]
        if label.endswith("(not in the export)"):
            return "no file to look for"
        if self.root is not None:
            return "not in --uploads"
        return "no --uploads or --media-from given"

    def candidates(self, ref: ImageRef, attachment: Item | None) -> list[str]:
        paths = []
        for url in (ref.src, attachment.attachment_url if attachment else ""):
            relative = upload_path(url)
            if relative:
                paths += [relative, _SIZE_SUFFIX.sub("", relative)]
        if attachment and attachment.meta.get("_wp_attached_file"):
            paths.append(attachment.meta["_wp_attached_file"].lstrip("/"))
        return [path for path in dict.fromkeys(paths) if len(path) <= 255]

    def look_up(
        self, candidates: list[str], attachment: Item | None, label: str
    ) -> FoundImage | None:
        alt = _alt(attachment)
        known = self.imported()
        for path in candidates:
            if path in known:
                self.counts["reused"] += 1
                return FoundImage(known[path], alt)
        data, name = self.read(candidates, label)
        if data is None:
            return None
        image = self.image_for(data, name, attachment)
        if image is None:
            self.failures[label] = "not an image file Wagtail can read"
            return None
        for path in candidates:
            known[path] = image.pk
            WordPressImage.objects.update_or_create(
                source=self.source_key, path=path, defaults={"image": image}
            )
        return FoundImage(image.pk, alt)

    def imported(self) -> dict[str, int]:
        if self.known is None:
            self.known = dict(
                WordPressImage.objects.filter(source=self.source_key).values_list(
                    "path", "image_id"
                )
            )
        return self.known

    # -- reading files -------------------------------------------------------------

    def read(self, candidates: list[str], label: str) -> tuple[bytes | None, str]:
        for relative in candidates:
            path = self.locate(relative)
            if path:
                return path.read_bytes(), path.name
        if self.fetcher is None:
            return None, ""
        reasons = []
        for relative in candidates:
            if PurePosixPath(relative).suffix.lower() not in EXTENSIONS:
                continue
            try:
                return self.fetcher.fetch(relative)
            except FetchError as error:
                reasons.append(f"{relative}: {error}")
        self.failures[label] = "--media-from: " + "; ".join(reasons or ["no image"])
        return None, ""

    def locate(self, relative: str) -> Path | None:
        if self.root is None:
            return None
        # The folder may be uploads itself, or a copy of the site with it inside.
        for base in (
            self.root,
            self.root / "uploads",
            self.root / "wp-content/uploads",
        ):
            path = (base / relative).resolve()
            if (
                path.is_relative_to(self.root)
                and path.suffix.lower() in EXTENSIONS
                and path.is_file()
            ):
                return path
        return None

    def image_for(self, data: bytes, name: str, attachment: Item | None):
        file_hash = hash_filelike(BytesIO(data))
        image = Image.objects.filter(file_hash=file_hash).first()
        if image is not None:
            self.counts["reused"] += 1
            return image
        try:
            PillowImage.open(BytesIO(data)).verify()
        except (OSError, SyntaxError, ValueError):
            return None  # reported as missing: a broken file is no image
        title = _clean(attachment.title if attachment else "") or Path(name).stem
        image = Image(title=title[:255], description=_alt(attachment)[:255])
        image.file = ImageFile(BytesIO(data), name=name)
        # File size and hash, as an upload sets them (the hash finds duplicates).
        image.file_size = len(data)
        image.file_hash = file_hash
        image.save()
        self.created_files.append(image.file.name)
        self.counts["imported"] += 1
        return image

    def discard_files(self) -> None:
        """The database rolled back (dry run or failure): remove the files too."""
        for name in self.created_files:
            default_storage.delete(name)
        self.created_files = []


def _clean(text: str) -> str:
    return " ".join(unescape(strip_tags(text or "")).split())


def _alt(attachment: Item | None) -> str:
    return (
        _clean(attachment.meta.get("_wp_attachment_image_alt", ""))
        if attachment
        else ""
    )


def gallery_html(attrs: str, post: Item, attachments: dict[int, Item]) -> str:
    """A [gallery] shortcode as the block editor's gallery markup.

    Its images are the attachments its ids="…" name, or else those attached to
    the post (WordPress's default), each captioned with the attachment's caption.
    """
    ids = re.search(r"""\bids=["']?([\d,\s]+)""", attrs)
    if ids:
        chosen = [int(n) for n in re.findall(r"\d+", ids.group(1))]
    else:
        children = [
            a
            for a in attachments.values()
            if a.parent_id == post.post_id and is_image(a)
        ]
        children.sort(key=lambda a: (a.menu_order, a.post_id))
        chosen = [a.post_id for a in children]
    figures = []
    for attachment_id in chosen:
        attachment = attachments.get(attachment_id)
        url = attachment.attachment_url if attachment else ""
        caption = escape(_clean(attachment.excerpt)) if attachment else ""
        figures.append(
            f'<li><figure><img src="{escape(url)}" alt="" '
            f'class="wp-image-{attachment_id}"/>'
            + (f"<figcaption>{caption}</figcaption>" if caption else "")
            + "</figure></li>"
        )
    return f'<figure class="wp-block-gallery"><ul>{"".join(figures)}</ul></figure>'
