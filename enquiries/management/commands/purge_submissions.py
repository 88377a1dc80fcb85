"""Retention: delete form submissions older than a number of days (run it daily).

Each run is recorded (RetentionRun), so the admin shows when it last ran and what
it removed, and warns when it has not run for 2 days. Deployments run it from
deploy/systemd/clinic-retention.service (or deploy/cron/clinic-retention),
followed by `purge_backups` with the same number of days.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission

from enquiries.models import ContactSubmission, RetentionRun


class Command(BaseCommand):
    help = "Delete form submissions (contact enquiries) older than --older-than DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            required=True,
            metavar="DAYS",
            dest="days",
            help="Delete submissions sent more than DAYS days ago.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, days, dry_run, **options):
        if days < 1:
            raise CommandError("--older-than must be at least 1 day.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        total = 0
        with transaction.atomic():
            # Wagtail's own table too: submissions of any other form page.
            for model in (ContactSubmission, FormSubmission):
                old = model.objects.filter(submit_time__lt=cutoff)
                if dry_run:
                    total += old.count()
                else:
                    total += old.delete()[1].get(model._meta.label, 0)
            RetentionRun.objects.create(
                task=RetentionRun.Task.SUBMISSIONS,
                older_than_days=days,
                removed=total,
                dry_run=dry_run,
            )
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {total} form submission(s) older than {days} days "
            f"(sent before {timezone.localtime(cutoff):%Y-%m-%d %H:%M})."
        )
