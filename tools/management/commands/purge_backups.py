"""Retention for backups: delete archives in BACKUP_DIR older than DAYS.

Archives hold patients' enquiries, so they are kept no longer than the enquiries
themselves: the daily retention job (deploy/systemd/clinic-retention.service, or
deploy/cron/clinic-retention) runs `purge_submissions --older-than DAYS` and then
this with the same DAYS. Only files named as `backup` names its archives
(`<label>-<UTC time>.tar.gz[.enc]`, and a crash's `.partial`) are deleted, by the
time in their name; each run is recorded for the admin (RetentionRun).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from enquiries.models import RetentionRun
from tools.backup import archives_older_than


class Command(BaseCommand):
    help = "Delete backup archives in BACKUP_DIR older than --older-than DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            required=True,
            metavar="DAYS",
            dest="days",
            help="Delete archives written more than DAYS days ago (use the "
            "enquiries' retention period).",
        )
        parser.add_argument(
            "--backup-dir",
            type=Path,
            default=None,
            help="Where the archives are (default: BACKUP_DIR, ./backups).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be deleted."
        )

    def handle(self, *args, days, backup_dir, dry_run, **options):
        if days < 1:
            raise CommandError("--older-than must be at least 1 day.")
        directory = Path(backup_dir or settings.BACKUP_DIR)
        old = archives_older_than(directory, days)
        for archive in old:
            self.stdout.write(f"{'Would delete' if dry_run else 'Deleting'} {archive}")
            if not dry_run:
                archive.unlink(missing_ok=True)
        RetentionRun.objects.create(
            task=RetentionRun.Task.BACKUPS,
            ran_at=timezone.now(),
            older_than_days=days,
            removed=len(old),
            dry_run=dry_run,
        )
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {len(old)} backup archive(s) older than {days} days "
            f"in {directory}."
        )
