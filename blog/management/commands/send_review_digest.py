"""Weekly: email each medical reviewer the reviews due in the next 30 days.

Run by deploy/systemd/clinic-review-digest.timer (or deploy/cron/clinic-review-digest).
"""

from django.core.management.base import BaseCommand, CommandError

from blog.digest import send_digests


class Command(BaseCommand):
    help = (
        "Email each member of Medical reviewers the articles whose review is "
        "overdue or due in the next 30 days."
    )

    def handle(self, *args, **options):
        sent, failed = send_digests()
        self.stdout.write(f"Review digests sent: {sent}, failed: {failed}.")
        if failed:
            raise CommandError(f"{failed} review digest(s) could not be sent.")
