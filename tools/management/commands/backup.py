"""`make backup`: one archive with the database and the media (tools/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tools.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write one .tar.gz archive holding the database and the media files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="Where to write the archive (default: BACKUP_DIR, ./backups).",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, output_dir, database, **options):
        try:
            archive = create_backup(output_dir or settings.BACKUP_DIR, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))
