"""`make backup`: one archive with the database and the media (tools/backup.py),
encrypted with BACKUP_KEY; production settings refuse to write one without it."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tools import backup


class Command(BaseCommand):
    help = (
        "Write one archive holding the database and the media files, encrypted "
        "with BACKUP_KEY (.tar.gz.enc)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="Where to write the archive (default: BACKUP_DIR, ./backups).",
        )
        parser.add_argument("--database", default="default", help="Database alias.")
        parser.add_argument(
            "--generate-key",
            action="store_true",
            dest="new_key",
            help="Print a new random BACKUP_KEY and exit (keep it safe: without it "
            "the archives cannot be restored).",
        )

    def handle(self, *args, output_dir, database, new_key, **options):
        if new_key:
            self.stdout.write(backup.generate_key())
            return
        try:
            encrypted = backup.configured_key() is not None
            archive = backup.create_backup(
                output_dir or settings.BACKUP_DIR, using=database
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if not encrypted:
            self.stderr.write(self.style.WARNING(backup.UNENCRYPTED_WARNING))
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))
