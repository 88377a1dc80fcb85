from django.core.management.base import BaseCommand

from demo.glossary import load_glossary
from demo.loader import DemoLoader
from staff.roles import ensure_roles


class Command(BaseCommand):
    help = (
        "Load the demo content in English and Chinese. Idempotent: creates only what "
        "is missing and never changes what exists."
    )

    def handle(self, *args, **options):
        DemoLoader(self.stdout.write).run()
        if created := load_glossary():
            self.stdout.write(f"Created {created} glossary terms.")
        # staff/roles.py expects the demo content to (re)apply the editorial roles.
        marketers, translators = ensure_roles()
        self.stdout.write(f"Roles ready: {marketers.name}, {translators.name}.")
