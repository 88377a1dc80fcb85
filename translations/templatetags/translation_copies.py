"""The page editor's status panel: every other language's copy of the page."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def other_language_copies(context) -> list[dict]:
    """Each translation of the page being edited: its editor where the user may
    edit it, else its live page (Wagtail's own list leaves those out, and says
    "No other translations" on a page whose Chinese copy is live).

    Other objects (snippets) keep the list Wagtail's view made.
    """
    page = context.get("object")
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk or request is None:
        return context.get("translations") or []
    copies = []
    for translation in page.get_translations().select_related("locale"):
        if translation.permissions_for_user(request.user).can_edit():
            url = reverse("wagtailadmin_pages:edit", args=[translation.pk])
            copies.append({"locale": translation.locale, "url": url})
        elif translation.live:
            url = translation.get_url(request=request)
            copies.append(
                {"locale": translation.locale, "url": url, "note": _("live page")}
            )
    return copies
