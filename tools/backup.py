"""One archive holds everything that cannot be rebuilt: the database and the media.

`manage.py backup` (`make backup`) writes `<BACKUP_DIR>/clinic-backup-<time>.tar.gz`:

    manifest.json       what is inside, the database vendor, versions, migrations
    database.sqlite3    SQLite: a consistent copy made by SQLite's backup API
    database.dump       PostgreSQL: `pg_dump --format=custom`
    media/...           MEDIA_ROOT (original images, documents, renditions)

`manage.py restore ARCHIVE` (`make restore ARCHIVE=...`) puts both back: SQLite
through the backup API again, PostgreSQL with `pg_restore --clean --if-exists` in
one transaction; media files are written over MEDIA_ROOT (files added since the
backup stay). Connection settings come from Django's DATABASES.

Archives hold the visitors' enquiries. With `BACKUP_KEY` set (always, in
production: production settings refuse to write an archive without it) the
.tar.gz is encrypted as it is written, into `<name>.tar.gz.enc`:

    header              b"CLINICBK", format 1, a random 16-byte salt, a random
                        7-byte nonce prefix
    chunks              4-byte length, then AES-256-GCM of up to 1 MiB of the
                        .tar.gz; the key is HKDF-SHA256(BACKUP_KEY, salt), so no
                        two archives share one; the nonce is prefix + chunk number
                        + a last-chunk flag, and the header is authenticated with
                        every chunk (the STREAM construction: chunks cannot be
                        reordered, swapped between archives or cut off unnoticed)

so archives of any size are encrypted and decrypted in constant memory. `restore`
decrypts into a private temporary directory and checks every chunk before it
changes anything. Every archive is written readable by its owner only;
`purge_backups` deletes those older than the enquiries' retention period.
"""

import base64
import binascii
import contextlib
import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

import wagtail
import wagtail_localize

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
ENCRYPTED_SUFFIX = ".enc"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _media_root() -> Path:
    if not isinstance(default_storage, FileSystemStorage):
        raise BackupError(
            "Media are not on local disk (STORAGES['default']); back them up with the "
            "object storage's own tools."
        )
    return Path(settings.MEDIA_ROOT)


# --- Encryption ---------------------------------------------------------------------

MAGIC = b"CLINICBK"
CIPHER_FORMAT = 1
SALT_BYTES = 16
NONCE_PREFIX_BYTES = 7
HEADER_BYTES = len(MAGIC) + 1 + SALT_BYTES + NONCE_PREFIX_BYTES
CHUNK_BYTES = 1 << 20
TAG_BYTES = 16
KEY_BYTES = 32
HKDF_INFO = b"clinic backup archive v1"


def generate_key() -> str:
    """A new BACKUP_KEY: 32 random bytes in URL-safe base64 (Fernet's key format)."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def configured_key() -> bytes | None:
    """BACKUP_KEY's 32 bytes, None when it is not set; a malformed key is refused."""
    text = (getattr(settings, "BACKUP_KEY", "") or "").strip()
    if not text:
        return None
    try:
        key = base64.urlsafe_b64decode(text.encode("ascii"))
    except (ValueError, binascii.Error):
        key = b""
    if len(key) != KEY_BYTES:
        raise BackupError(
            "BACKUP_KEY must be 32 random bytes in URL-safe base64 "
            "(`manage.py backup --generate-key` prints a new one)."
        )
    return key


def _aead(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=HKDF_INFO
    ).derive(key)
    return AESGCM(derived)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class _EncryptingWriter:
    """A write-only file object: what is written is sealed in chunks into `raw`;
    `finish()` seals the last one (tarfile's stream mode writes through it)."""

    def __init__(self, raw, key: bytes):
        salt = os.urandom(SALT_BYTES)
        self.prefix = os.urandom(NONCE_PREFIX_BYTES)
        self.header = MAGIC + bytes([CIPHER_FORMAT]) + salt + self.prefix
        self.raw = raw
        self.aead = _aead(key, salt)
        self.counter = 0
        self.buffer = bytearray()
        raw.write(self.header)

    def write(self, data) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK_BYTES:
            self._seal(bytes(self.buffer[:CHUNK_BYTES]), last=False)
            del self.buffer[:CHUNK_BYTES]
        return len(data)

    def finish(self) -> None:
        self._seal(bytes(self.buffer), last=True)
        self.buffer.clear()

    def _seal(self, chunk: bytes, last: bool) -> None:
        if self.counter >= 2**32:
            raise BackupError("The archive is too large to encrypt (4 PiB).")
        sealed = self.aead.encrypt(
            _nonce(self.prefix, self.counter, last), chunk, self.header
        )
        self.raw.write(len(sealed).to_bytes(4, "big") + sealed)
        self.counter += 1


def is_encrypted(archive: Path) -> bool:
    try:
        with open(archive, "rb") as file:
            return file.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _decrypt(archive: Path, target: Path, key: bytes) -> None:
    """Decrypt `archive` into `target`, checking every chunk and that none is
    missing; a wrong key or a damaged or cut archive raises BackupError."""
    damaged = BackupError(
        f"{archive} cannot be decrypted with this BACKUP_KEY: the key is not the one "
        "it was written with, or the archive is damaged. Nothing was changed."
    )
    with open(archive, "rb") as source:
        header = source.read(HEADER_BYTES)
        if len(header) != HEADER_BYTES or header[len(MAGIC)] != CIPHER_FORMAT:
            raise damaged
        salt = header[len(MAGIC) + 1 : len(MAGIC) + 1 + SALT_BYTES]
        prefix = header[-NONCE_PREFIX_BYTES:]
        aead = _aead(key, salt)

        def read_chunk(size_field: bytes) -> bytes:
            size = int.from_bytes(size_field, "big")
            if len(size_field) != 4 or not TAG_BYTES <= size <= CHUNK_BYTES + TAG_BYTES:
                raise damaged
            sealed = source.read(size)
            if len(sealed) != size:
                raise damaged
            return sealed

        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as plain:
            sealed = read_chunk(source.read(4))
            counter = 0
            while True:
                following = source.read(4)
                last = not following
                try:
                    plain.write(
                        aead.decrypt(_nonce(prefix, counter, last), sealed, header)
                    )
                except InvalidTag as error:
                    raise damaged from error
                if last:
                    return
                sealed = read_chunk(following)
                counter += 1


@contextlib.contextmanager
def plain_archive(archive: Path) -> Iterator[Path]:
    """The archive as a plain .tar.gz: itself, or decrypted with BACKUP_KEY into a
    temporary directory only its owner can read, removed afterwards."""
    archive = Path(archive)
    if not is_encrypted(archive):
        yield archive
        return
    key = configured_key()
    if key is None:
        raise BackupError(
            f"{archive} is encrypted: set BACKUP_KEY to the key it was written with."
        )
    with tempfile.TemporaryDirectory(prefix="clinic-restore-") as workdir:
        plain = Path(workdir) / "archive.tar.gz"
        _decrypt(archive, plain, key)
        yield plain


UNENCRYPTED_WARNING = (
    "Warning: BACKUP_KEY is not set, so this archive is NOT encrypted and holds "
    "patients' enquiries in clear. Set BACKUP_KEY (`manage.py backup --generate-key`) "
    "before keeping archives anywhere; production settings refuse to write one."
)


def unencrypted_refused() -> bool:
    """Production settings (BACKUP_REQUIRE_KEY) never write an archive in clear."""
    return bool(getattr(settings, "BACKUP_REQUIRE_KEY", False))


# --- Retention of archives ----------------------------------------------------------

#: `<label>-<UTC time>.tar.gz` as create_backup names them, encrypted or not, and
#: the `.partial` a crash may leave.
ARCHIVE_NAME = re.compile(
    r"^[\w-]+-(?P<stamp>\d{8}-\d{6})-\d{6}\.tar\.gz(?:\.enc)?(?:\.partial)?$"
)


def archives_older_than(directory: Path, days: int) -> list[Path]:
    """The archives this module wrote in `directory` more than `days` days ago (by
    the time in their name); other files are never touched."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    cutoff = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=days)
    old = []
    for path in sorted(directory.iterdir()):
        match = ARCHIVE_NAME.match(path.name)
        if not match or not path.is_file():
            continue
        written = datetime.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").replace(
            tzinfo=datetime.UTC
        )
        if written < cutoff:
            old.append(path)
    return old


# --- SQLite -------------------------------------------------------------------------


def _sqlite_connection(using: str) -> sqlite3.Connection:
    """Django's own connection: the backup API copies a consistent snapshot even while
    the site writes, and also reaches the in-memory database the tests run on."""
    connection = connections[using]
    connection.ensure_connection()
    return connection.connection


def _sqlite_dump(using: str, target: Path) -> None:
    if connections[using].in_atomic_block:
        # The connection would hold SQLite's write lock (IMMEDIATE transactions),
        # and the backup API waits for it forever.
        raise BackupError("A backup cannot run inside a database transaction.")
    destination = sqlite3.connect(target)
    try:
        _sqlite_connection(using).backup(destination)
    finally:
        destination.close()


def _sqlite_restore(using: str, source_file: Path) -> None:
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("Cannot restore inside a transaction.")
    source = sqlite3.connect(source_file)
    try:
        source.backup(_sqlite_connection(using))
    finally:
        source.close()


# --- PostgreSQL ---------------------------------------------------------------------

_PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def _pg_environment(using: str) -> dict[str, str]:
    """libpq's environment variables from DATABASES: no password on a command line."""
    settings_dict = connections[using].settings_dict
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in _PG_OPTIONS.items():
        if settings_dict.get("OPTIONS", {}).get(option):
            env[variable] = str(settings_dict["OPTIONS"][option])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools).")
    result = subprocess.run(  # noqa: S603 - fixed programs, no shell
        [program, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _pg_dump(using: str, target: Path) -> None:
    _run(["pg_dump", "--format=custom", f"--file={target}"], _pg_environment(using))


def _pg_restore(using: str, source_file: Path) -> None:
    env = _pg_environment(using)
    # pg_restore drops the tables: Django's idle connection must not hold them.
    connections[using].close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env['PGDATABASE']}",
            str(source_file),
        ],
        env,
    )


# --- Archives -----------------------------------------------------------------------


def _applied_migrations(using: str) -> dict[str, str]:
    latest = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def create_backup(
    output_dir: Path, *, using: str = "default", label: str = "clinic-backup"
) -> Path:
    """Write one archive of the database and the media, encrypted with BACKUP_KEY
    when it is set (production refuses to write one without); return its path."""
    key = configured_key()
    if key is None and unencrypted_refused():
        raise BackupError(
            "BACKUP_KEY is not set: production settings refuse to write an "
            "unencrypted archive (it holds patients' enquiries). Set BACKUP_KEY "
            "(`manage.py backup --generate-key` prints a new one) and keep a copy of "
            "it away from the backups."
        )
    vendor = _vendor(using)
    media_root = _media_root()
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d-%H%M%S-%f")
    suffix = ENCRYPTED_SUFFIX if key else ""
    archive = output_dir / f"{label}-{stamp}.tar.gz{suffix}"
    partial = archive.with_name(archive.name + ".partial")

    with tempfile.TemporaryDirectory() as workdir:
        database_file = Path(workdir) / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            _sqlite_dump(using, database_file)
        else:
            _pg_dump(using, database_file)
        media = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(tz=datetime.UTC).isoformat(),
            "database": {"vendor": vendor, "file": database_file.name},
            "media": {
                "dir": MEDIA_DIR,
                "files": len(media),
                "bytes": sum(path.stat().st_size for path in media),
            },
            "versions": {
                "wagtail": wagtail.__version__,
                "wagtail_localize": wagtail_localize.__version__,
            },
            "migrations": _applied_migrations(using),
        }
        # Readable by the owner only, from the first byte: it holds enquiries.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw:
            # Encrypted as it is compressed: no plain copy is ever on disk.
            sink = _EncryptingWriter(raw, key) if key else raw
            with tarfile.open(fileobj=sink, mode="w|gz") as tar:
                manifest_file = Path(workdir) / MANIFEST
                manifest_file.write_text(json.dumps(manifest, indent=2))
                tar.add(manifest_file, arcname=MANIFEST)
                tar.add(database_file, arcname=database_file.name)
                for path in media:
                    tar.add(
                        path,
                        arcname=f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}",
                    )
            if key:
                sink.finish()
    # Only a complete archive gets the name `make restore` is given.
    partial.replace(archive)
    return archive


def read_manifest(archive: Path) -> dict:
    """The archive's manifest (an encrypted archive is decrypted for it first)."""
    with plain_archive(archive) as plain:
        return _read_manifest(plain, archive)


def _read_manifest(plain: Path, archive: Path) -> dict:
    try:
        with tarfile.open(plain, mode="r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.load(member)
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{archive} is not a backup archive: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive}: unknown backup format {manifest.get('format')!r}."
        )
    return manifest


def restore_backup(archive: Path, *, using: str = "default") -> dict:
    """Put the archive's database and media back; return its manifest. An
    encrypted archive is decrypted and checked whole before anything changes."""
    archive = Path(archive)
    with plain_archive(archive) as plain:
        return _restore(plain, archive, using)


def _restore(plain: Path, archive: Path, using: str) -> dict:
    manifest = _read_manifest(plain, archive)
    vendor = _vendor(using)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"The archive holds a {manifest['database']['vendor']} database; "
            f"this site uses {vendor}."
        )
    media_root = _media_root()

    with tempfile.TemporaryDirectory() as workdir:
        try:
            with tarfile.open(plain, mode="r:gz") as tar:
                # The "data" filter refuses absolute paths, `..`, links out, devices.
                tar.extractall(workdir, filter="data")
        except (OSError, tarfile.TarError) as error:
            raise BackupError(
                f"{archive} cannot be extracted safely: {error}"
            ) from error
        if not (Path(workdir) / manifest["database"]["file"]).is_file():
            raise BackupError(f"{archive} holds no database file.")
        database_file = Path(workdir) / manifest["database"]["file"]
        if vendor == "sqlite":
            _sqlite_restore(using, database_file)
        else:
            _pg_restore(using, database_file)
        media = Path(workdir) / MEDIA_DIR
        if media.is_dir():
            shutil.copytree(media, media_root, dirs_exist_ok=True)

    # Whatever was cached describes the database before the restore.
    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()
    return manifest
