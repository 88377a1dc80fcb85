"""Make every rendition the live pages and the clinic settings show.

Pages make theirs when they are saved and published (home/images.py); run this
once after deploying a release that changes a role's sizes or formats
(home.images.RENDITIONS), or after restoring media, so that no visitor's request
has to write one. Renditions that exist already are left as they are.
"""

from django.core.management.base import BaseCommand

from wagtail.models import Page

from home import images
from home.models import ClinicSettings


class Command(BaseCommand):
    help = "Make the image renditions every live page and the clinic settings show."

    def handle(self, *args, **options):
        pages = 0
        for page in Page.objects.live().specific().iterator(chunk_size=200):
            if hasattr(page, "image_uses"):
                images.make_renditions(page.image_uses())
                pages += 1
        for clinic in ClinicSettings.objects.all():
            images.make_renditions(clinic.image_uses())
        self.stdout.write(f"Renditions made for {pages} live pages and the settings.")
