"""What head tags, link previews and structured data say about a page."""

from django.utils.html import strip_tags
from django.utils.text import Truncator

DESCRIPTION_LENGTH = 160


class SeoMixin:
    """Page types override `summary()` and `share_image()`; the rest is derived.

    The meta description is the editor's search description (promote tab), else
    the page's own summary (an article's excerpt, a page's introduction).
    """

    def summary(self) -> str:
        return ""

    def share_image(self):
        return None

    @property
    def meta_description(self) -> str:
        text = self.search_description or strip_tags(self.summary())
        return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)

    @property
    def meta_title(self) -> str:
        return self.seo_title or self.title
