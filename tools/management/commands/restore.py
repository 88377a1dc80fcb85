"""`make restore ARCHIVE=...`: put a backup's database and media back (tools/backup.py).

Stop the site (or at least its workers) first: the database is replaced under it.
The current state is backed up first unless --no-safety-backup is given, so a
restore of the wrong archive can itself be undone.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tools.backup import BackupError, create_backup, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Restore the database and media files from an archive written by `backup`."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", type=Path, help="The .tar.gz written by `backup`."
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
            manifest = read_manifest(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
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
        try:
            if safety_backup:
                before = create_backup(
                    settings.BACKUP_DIR, using=database, label="pre-restore-backup"
                )
                self.stdout.write(f"The current state is saved first in {before}")
            restore_backup(archive, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored {archive}.")
            + " If the code is newer than the backup, run `manage.py migrate` now."
        )
