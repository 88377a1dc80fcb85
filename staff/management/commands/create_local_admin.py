"""Create the local superuser `admin` once, with a random password printed once.

For `make run` on a laptop only: it refuses to run with DEBUG off, so production
never gets a known account.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the local superuser 'admin' (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_local_admin is for development (DEBUG=True) only."
            )
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            self.stdout.write("Superuser 'admin' already exists; password unchanged.")
            self.explain_two_factor()
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@localhost", password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created superuser 'admin' with password: {password}\n"
                f"Log in at {settings.WAGTAILADMIN_BASE_URL}/admin/ "
                "(shown only this once)."
            )
        )
        self.explain_two_factor()

    def explain_two_factor(self):
        if not settings.STAFF_2FA_REQUIRED:
            self.stdout.write("Two-factor authentication is off (STAFF_2FA_REQUIRED).")
            return
        self.stdout.write(
            "The admin asks superusers for a second factor: the first sign-in shows a "
            "QR code to scan with an authenticator app (or a key to type in), then "
            "asks for the code it shows; later sign-ins ask for a fresh code.\n"
            "Lost the app: .venv/bin/python manage.py reset_2fa admin. "
            "Skip it on this laptop: STAFF_2FA_REQUIRED=false make run"
        )
