"""Hooks of the contact page."""

from wagtail import hooks

from enquiries.models import ContactPage
from serving import throttle


@hooks.register("before_serve_page")
def note_contact_form_client(page, request, serve_args, serve_kwargs):
    """wagtail.contrib.forms builds the form without the request; the contact form's
    rate limit needs the client's address (ContactPage.get_form_parameters)."""
    if isinstance(page, ContactPage):
        page.client_ip = throttle.client_ip(request)
