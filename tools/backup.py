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

Archives hold the visitors' enquiries: they are written readable by their owner
only, and should be kept no longer than the submissions' retention period.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

import wagtail
import wagtail_localize

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


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


# --- SQLite -------------------------------------------------------------------------


def _sqlite_connection(using: str) -> sqlite3.Connection:
    """Django's own connection: the backup API copies a consistent snapshot even while
    the site writes, and also reaches the in-memory database the tests run on."""
    connection = connections[using]
    connection.ensure_connection()
    return connection.connection


def _sqlite_dump(using: str, target: Path) -> None:
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
    """Write one archive of the database and the media; return its path."""
    vendor = _vendor(using)
    media_root = _media_root()
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d-%H%M%S-%f")
    archive = output_dir / f"{label}-{stamp}.tar.gz"
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
        with (
            os.fdopen(descriptor, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz") as tar,
        ):
            manifest_file = Path(workdir) / MANIFEST
            manifest_file.write_text(json.dumps(manifest, indent=2))
            tar.add(manifest_file, arcname=MANIFEST)
            tar.add(database_file, arcname=database_file.name)
            for path in media:
                tar.add(
                    path,
                    arcname=f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}",
                )
    # Only a complete archive gets the name `make restore` is given.
    partial.replace(archive)
    return archive


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
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
    """Put the archive's database and media back; return its manifest."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    vendor = _vendor(using)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"The archive holds a {manifest['database']['vendor']} database; "
            f"this site uses {vendor}."
        )
    media_root = _media_root()

    with tempfile.TemporaryDirectory() as workdir:
        try:
            with tarfile.open(archive, mode="r:gz") as tar:
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
