"""A form sent while the database is down: the visitor gets their words back.

The plain 503 page would lose what a patient typed into the contact form. Instead
they see that nothing was sent, what they wrote, and a button that sends the same
form again (a fresh CSRF token, every field as it came). Rendered without the
database and only for a post that passed Django's CSRF check, so no other site can
make us show text of its choosing; never for the admin (passwords).
"""

from __future__ import annotations

from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template.loader import render_to_string
from django.utils import translation

# Fields that are the form's machinery, not the visitor's words: sent again,
# never shown. Apps add theirs (enquiries: the honeypot and the form's token).
NOT_SHOWN = {"csrfmiddlewaretoken"}
CHECKED = "on"


def hide_fields(*names: str) -> None:
    NOT_SHOWN.update(names)


def _passes_csrf(request) -> bool:
    # The middleware's own check, as it would run for a view: None means accepted.
    return (
        CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})
        is None
    )


def page(request) -> str | None:
    """The "not sent" page for a visitor's post to a public page, or None."""
    language = translation.get_language_from_path(request.path_info)
    if request.method != "POST" or not language or not _passes_csrf(request):
        return None
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]
    written = [
        value
        for name, value in fields
        if name not in NOT_SHOWN and value.strip() and value != CHECKED
    ]
    with translation.override(language):
        return render_to_string(
            "serving/not_sent.html",
            {
                "language": language,
                "action": request.get_full_path(),
                "fields": fields,
                "written": written,
                "csrf_token": get_token(request),
            },
        )
