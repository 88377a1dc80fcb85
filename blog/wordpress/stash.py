"""Uploaded files kept between the admin's dry run and its Confirm button.

The files go to a private temporary folder named by a random token; only the
token is kept, in the user's session, so a form field can never point the import
at another path. A zip of uploads is unpacked with every member's path checked
(no absolute paths, no "..") and the unpacked size capped (no zip bombs); only
image files are kept, as nothing else is used. Folders older than a day are
removed at the next upload.
"""

import re
import secrets
import shutil
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath

from blog.wordpress.images import EXTENSIONS

SESSION_KEY = "blog_wordpress_import"
ROOT = Path(tempfile.gettempdir()) / "wagtail-wordpress-import"
MAX_AGE_SECONDS = 24 * 3600
MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_MEMBERS = 50_000
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class ArchiveError(ValueError):
    """The uploads zip cannot be used; the message says why."""


def stash(session, export, uploads=None) -> Path:
    """Keep an uploaded export (and uploads zip) for this session; return the folder."""
    discard(session)
    _remove_stale()
    token = secrets.token_hex(16)
    folder = ROOT / token
    folder.mkdir(parents=True, mode=0o700)
    try:
        with open(folder / "export.xml", "wb") as target:
            for chunk in export.chunks():
                target.write(chunk)
        if uploads is not None:
            unpack(uploads, folder / "uploads")
    except ArchiveError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    session[SESSION_KEY] = token
    return folder


def stashed(session) -> Path | None:
    token = session.get(SESSION_KEY, "")
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    folder = ROOT / token
    return folder if (folder / "export.xml").is_file() else None


def discard(session) -> None:
    folder = stashed(session)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    session.pop(SESSION_KEY, None)


def unpack(upload, target: Path) -> None:
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile as error:
        raise ArchiveError("the uploads file is not a zip archive") from error
    with archive:
        members = [member for member in archive.infolist() if not member.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise ArchiveError(f"the zip holds more than {MAX_MEMBERS} files")
        budget = MAX_UNPACKED_BYTES
        for member in members:
            path = PurePosixPath(member.filename.replace("\\", "/"))
            if path.is_absolute() or ".." in path.parts:
                continue
            if path.suffix.lower() not in EXTENSIONS:
                continue
            destination = target.joinpath(*path.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            budget = _copy(archive, member, destination, budget)


def _copy(archive: zipfile.ZipFile, member, destination: Path, budget: int) -> int:
    # Counted while reading: a member's declared size may lie.
    with archive.open(member) as source, open(destination, "wb") as target:
        while chunk := source.read(1024 * 1024):
            budget -= len(chunk)
            if budget < 0:
                raise ArchiveError("the zip unpacks to more than 2 GB")
            target.write(chunk)
    return budget


def _remove_stale() -> None:
    if not ROOT.is_dir():
        return
    cutoff = time.time() - MAX_AGE_SECONDS
    for folder in ROOT.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
