"""BasePage: what every page type of the site shares.

Head tags, link previews and structured data read the same few things from any
page: its meta title and description, a summary, a share image and its
OpenGraph type. Page types override `summary()`, `share_image()` and `og_type`;
the rest is derived. Slugs are synchronised, so a Chinese URL mirrors the
English one.
"""

from django.utils.html import strip_tags
from django.utils.text import Truncator

from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from home import images
from home.publishing import check_publisher, check_reviser
from serving.cache.pages import CachedServeMixin

DESCRIPTION_LENGTH = 160

# URLs mirror the English ones: wagtail-localize drops non-ASCII slugs anyway, and a
# translator should never have to invent one.
SYNCHRONIZED_SLUG = [SynchronizedField("slug")]


class BasePage(CachedServeMixin, Page):
    """The abstract page every concrete page type extends."""

    #: OpenGraph `og:type` of the page type (an article says "article").
    og_type = "website"

    override_translatable_fields = SYNCHRONIZED_SLUG

    class Meta:
        abstract = True

    def whatsapp_subject(self) -> str:
        """What the WhatsApp message says the visitor read (ClinicSettings.
        whatsapp_link); blank where the title names no subject (home, contact)."""
        return self.title

    def save_revision(self, user=None, approved_go_live_at=None, **kwargs):
        # wagtail-localize saves a translation's live row before this: refusing here
        # rolls both back (home/publishing.py).
        check_reviser(self, user, approved_go_live_at)
        # The images the editor chose get their renditions now, so that no visitor's
        # request has to write them (home/images.py).
        images.make_renditions_on_commit(self.image_uses())
        return super().save_revision(
            user=user, approved_go_live_at=approved_go_live_at, **kwargs
        )

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        # Every route that publishes a revision passes here, including those that
        # publish with no user (wagtail-localize's sync, publish_scheduled): see
        # home/publishing.py. Deliberately checked even when the caller skips
        # Wagtail's own check.
        check_publisher(self, revision, user)
        return super().publish(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
            skip_permission_checks=skip_permission_checks,
        )

    def summary(self) -> str:
        """The page's own short text: an article's excerpt, a page's introduction."""
        return ""

    def share_image(self):
        """The image link previews show, or None."""
        return None

    def image_uses(self) -> list[tuple[str, object]]:
        """(role, image) for each image the page shows (home/images.py's roles):
        their renditions are made when the page is saved and published."""
        return [("share", self.share_image())]

    @property
    def meta_description(self) -> str:
        """The editor's search description (promote tab), else the summary."""
        text = self.search_description or strip_tags(self.summary())
        return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)

    @property
    def meta_title(self) -> str:
        return self.seo_title or self.title
