from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from staff.roles import ENQUIRIES, MEDICAL_REVIEWERS, ensure_roles


class Command(BaseCommand):
    help = (
        "Create or update the Marketers, Translators, Enquiries and Medical "
        "reviewers groups and their permissions."
    )

    def handle(self, *args, **options):
        marketers, translators = ensure_roles()
        self.stdout.write(
            f"Roles ready: {marketers.name} ({marketers.page_permissions.count()} page "
            f"permissions), {translators.name} "
            f"({translators.page_permissions.count()}), "
            f"{ENQUIRIES} ({Group.objects.get(name=ENQUIRIES).permissions.count()} "
            "permissions), "
            f"{MEDICAL_REVIEWERS} "
            f"({Group.objects.get(name=MEDICAL_REVIEWERS).page_permissions.count()} "
            "page permissions)."
        )
