"""Remove a staff member's two-factor device: their next sign-in enrols a new one.

For a lost phone when no other superuser can use Users → Reset two-factor
authentication (for example the only superuser's own phone):

    manage.py reset_2fa USERNAME
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from staff.two_factor import policy


class Command(BaseCommand):
    help = (
        "Remove a user's two-factor (TOTP) devices; their next admin sign-in asks "
        "them to set up a new authenticator app."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user {username!r}.") from error
        removed = policy.reset(user)
        if removed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Removed {removed} two-factor device(s) of {username!r}: their "
                    "next sign-in sets up a new authenticator app."
                )
            )
        else:
            self.stdout.write(f"{username!r} had no two-factor device.")
