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

    def summary(self) -> str:
        """The page's own short text: an article's excerpt, a page's introduction."""
        return ""

    def share_image(self):
        """The image link previews show, or None."""
        return None

    @property
    def meta_description(self) -> str:
        """The editor's search description (promote tab), else the summary."""
        text = self.search_description or strip_tags(self.summary())
        return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)

    @property
    def meta_title(self) -> str:
        return self.seo_title or self.title
