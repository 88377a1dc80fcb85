"""Make the default Site name the address the site is served at (home/site_url.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.site_url import default_site, parse


class Command(BaseCommand):
    help = "Set the default Site's hostname and port from SITE_URL (or the argument)."

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="e.g. http://127.0.0.1:8000")

    def handle(self, *args, url=None, **options):
        url = url or settings.SITE_URL
        if not url:
            raise CommandError("Give the address, or set SITE_URL.")
        try:
            hostname, port = parse(url)
        except ValueError as error:
            raise CommandError(str(error)) from error
        site = default_site()
        if site is None:
            raise CommandError("There is no default Site yet (load the content first).")
        if (site.hostname, site.port) == (hostname, port):
            self.stdout.write(f"The site is at {site.root_url}.")
            return
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
        self.stdout.write(f"The site is at {site.root_url} now.")
