"""`make restore ARCHIVE=...`: put a backup's database and media back (tools/backup.py).

Stop the site (or at least its workers) first: the database is replaced under it.
An encrypted archive is decrypted with BACKUP_KEY and checked whole first: a wrong
key or a damaged archive changes nothing. The current state is backed up first
unless --no-safety-backup is given, so a restore of the wrong archive can itself
be undone.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tools import backup


class Command(BaseCommand):
    help = "Restore the database and media files from an archive written by `backup`."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            type=Path,
            help="The .tar.gz or .tar.gz.enc written by `backup`.",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--no-safety-backup",
            action="store_false",
            dest="safety_backup",
            help="Do not back up the current database and media before restoring.",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, archive, interactive, safety_backup, database, **options):
        try:
            with backup.plain_archive(archive) as plain:
                self.restore(plain, archive, interactive, safety_backup, database)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored {archive}.")
            + " If the code is newer than the backup, run `manage.py migrate` now."
        )

    def restore(self, plain, archive, interactive, safety_backup, database):
        """`plain`: the archive, decrypted if it was encrypted."""
        manifest = backup.read_manifest(plain)
        self.stdout.write(
            f"Archive from {manifest['created_at']}: {manifest['database']['vendor']} "
            f"database, {manifest['media']['files']} media files."
        )
        if interactive:
            try:
                answer = input(
                    "This replaces the current database and writes over the media "
                    "files. Type 'yes' to continue: "
                )
            except EOFError:  # no terminal to ask
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        if safety_backup:
            before = backup.create_backup(
                settings.BACKUP_DIR, using=database, label="pre-restore-backup"
            )
            if backup.configured_key() is None:
                self.stderr.write(self.style.WARNING(backup.UNENCRYPTED_WARNING))
            self.stdout.write(f"The current state is saved first in {before}")
        backup.restore_backup(plain, using=database)
