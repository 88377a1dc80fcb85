"""A publish refused for untranslated segments, told to the person who asked.

The views below ask first (`refuse_untranslated_publish`, the bulk action, the
sync form; wagtail-localize's "Convert to alias page", which would serve the
English page's content as the translation, is refused outright).
`UntranslatedPublishMiddleware` catches the model's refusal (home/publishing.py)
on any other admin route, such as approving a workflow task, whose transaction
has then rolled back: the person reads why, nothing changed. It catches every
`PublishRefused`, so the other publish rules (content_checks/guard.py) are told
the same way.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from home.publishing import (
    PublishRefused,
    untranslated_message,
    untranslated_segments,
)


def refuse_untranslated_publish(request, instance):
    """For wagtail-localize's editor: refuse "Publish" while segments are missing.

    Its own view publishes anyway and says "Published … with missing
    translations"; this runs before it (translations/wagtail_hooks.py).
    """
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    missing = untranslated_segments(instance)
    if not missing:
        return None
    messages.error(request, untranslated_message(instance, missing))
    return redirect(request.path)


# wagtail-localize's "Convert to alias page" (a manual translation's action menu).
CONVERT_TO_ALIAS = "localize-convert-to-alias"


def refuse_convert_to_alias(request, page_id):
    """An alias shows its English page's content under /zh-hans/: never made."""
    messages.error(
        request,
        _(
            "A translation is not turned into an alias of its English page: "
            "visitors would read English. Translate it instead."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page_id)


class UntranslatedPublishMiddleware:
    """Turn the model's refusal (`PublishRefused`, e.g. UntranslatedSegmentsError)
    into a message and a way back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PublishRefused):
            return None
        messages.error(request, str(exception))
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(
            back,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            back = reverse("wagtailadmin_home")
        return redirect(back)
