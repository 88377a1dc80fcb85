"""CSRF for forms on cached pages (the contact page).

A page in a shared cache cannot hold a CSRF token: every visitor would get the
first visitor's. So the contact form's HTML carries an empty
`csrfmiddlewaretoken`, and:

* with JavaScript (static/js/site.js), the page fetches `/csrf/` when it loads:
  a private, never cached answer that sets the CSRF cookie and returns the token,
  plus a fresh "form shown at" token for the spam check (enquiries/forms.py),
  which would otherwise be as old as the cached copy;
* without JavaScript, the first post fails the CSRF check and `csrf_failure`
  answers with the same form, the visitor's input kept, now with a token (and
  its cookie), asking them to press Send again. Nothing is lost and nothing
  personal is cached: that answer is a POST response and sets a cookie.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wagtail.contrib.forms.models import FormMixin
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from enquiries import forms


@never_cache
@require_GET
def csrf_token(request):
    """The CSRF token for this browser (the cookie comes with it)."""
    return JsonResponse(
        {
            "token": get_token(request),
            "fields": {forms.STARTED_FIELD: forms.started_token()},
        }
    )


def _form_page(request):
    """The Wagtail form page this POST was for, if the visitor may see it."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.func is not wagtail_serve or not match.args:
        return None
    found = Page.route_for_request(request, match.args[0])
    if found is None:
        return None
    page = found[0].specific
    if not isinstance(page, FormMixin) or found[1]:
        return None
    if any(not r.accept_request(request) for r in page.get_view_restrictions()):
        return None
    return page


def csrf_failure(request, reason: str = ""):
    """A form post without a valid token: the form again, with one (see above)."""
    page = _form_page(request) if request.method == "POST" else None
    if page is None:
        return django_csrf_failure(request, reason)
    form = page.get_form(request.POST, page=page, user=request.user)
    context = page.get_context(request)
    context.update(form=form, csrf_retry=True)
    response = TemplateResponse(
        request, page.get_template(request), context, status=403
    )
    response.page_cache = False
    return response
