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
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@localhost", password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created superuser 'admin' with password: {password}\n"
                "Log in at http://127.0.0.1:8000/admin/ (shown only this once)."
            )
        )
