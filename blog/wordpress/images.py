"""Images of imported posts: files from a copy of wp-content/uploads -> Wagtail images.

An <img src="https://old.site/wp-content/uploads/2025/10/knee-1024x683.jpg"> is
looked up under the --uploads folder as 2025/10/knee-1024x683.jpg, then as the
original upload (knee.jpg, without WordPress's size suffix), then as the file of
the attachment it names (class "wp-image-31"). Paths never leave that folder.
Images are found again by content hash, so a re-import or a second post using
the same file reuses the Wagtail image instead of uploading a copy.
"""

import re
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.files.images import ImageFile
from django.core.files.storage import default_storage

from wagtail.images.models import Image
from wagtail.utils.file import hash_filelike

from PIL import Image as PillowImage

from blog.wordpress.convert import FoundImage, ImageRef
from blog.wordpress.wxr import Item

EXTENSIONS = {".avif", ".gif", ".jpeg", ".jpg", ".png", ".webp"}
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
_MARKER = "wp-content/uploads/"


class UploadsLibrary:
    def __init__(self, root: Path | None, attachments: dict[int, Item]):
        self.root = Path(root).resolve() if root else None
        self.attachments = attachments
        self.found: dict[Path, FoundImage | None] = {}
        self.created_files: list[str] = []  # storage names, to delete on rollback

    def resolve(self, ref: ImageRef) -> FoundImage | None:
        if self.root is None:
            return None
        attachment = self.attachments.get(ref.attachment_id or 0)
        for relative in self.candidates(ref, attachment):
            path = self.locate(relative)
            if path:
                return self.image_for(path, attachment)
        return None

    def resolve_attachment(self, attachment_id: int) -> tuple[FoundImage | None, str]:
        """A featured image (postmeta _thumbnail_id): the image and its report label."""
        attachment = self.attachments.get(attachment_id)
        if attachment is None:
            return None, f"attachment {attachment_id} (not in the export)"
        ref = ImageRef(attachment.attachment_url, "", attachment_id)
        return self.resolve(ref), ref.label

    def candidates(self, ref: ImageRef, attachment: Item | None) -> list[str]:
        paths = []
        for url in (ref.src, attachment.attachment_url if attachment else ""):
            relative = _uploads_path(url)
            if relative:
                paths += [relative, _SIZE_SUFFIX.sub("", relative)]
        if attachment and attachment.meta.get("_wp_attached_file"):
            paths.append(attachment.meta["_wp_attached_file"])
        return list(dict.fromkeys(paths))

    def locate(self, relative: str) -> Path | None:
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

    def image_for(self, path: Path, attachment: Item | None) -> FoundImage | None:
        if path not in self.found:
            self.found[path] = self.load(path, attachment)
        return self.found[path]

    def load(self, path: Path, attachment: Item | None) -> FoundImage | None:
        data = path.read_bytes()
        alt = (
            attachment.meta.get("_wp_attachment_image_alt", "").strip()
            if attachment
            else ""
        )
        image = Image.objects.filter(file_hash=hash_filelike(BytesIO(data))).first()
        if image is None:
            try:
                PillowImage.open(BytesIO(data)).verify()
            except (OSError, SyntaxError, ValueError):
                return None  # reported as missing: a broken file is no image
            title = (attachment.title if attachment else "") or path.stem
            image = Image(title=title[:255], description=alt[:255])
            image.file = ImageFile(BytesIO(data), name=path.name)
            # File size and hash, as an upload sets them (the hash finds duplicates).
            image.file_size = len(data)
            image.file_hash = hash_filelike(BytesIO(data))
            image.save()
            self.created_files.append(image.file.name)
        return FoundImage(image.pk, alt)

    def discard_files(self) -> None:
        """The database rolled back (dry run or failure): remove the files too."""
        for name in self.created_files:
            default_storage.delete(name)
        self.created_files = []


def _uploads_path(url: str) -> str:
    path = unquote(urlparse(url).path)
    return path.split(_MARKER, 1)[1] if _MARKER in path else ""
