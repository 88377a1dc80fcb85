"""What visitors send through the contact form, kept for the clinic's staff."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.forms.models import AbstractFormSubmission


class ContactSubmission(AbstractFormSubmission):
    """A consultation enquiry with the consent text the visitor agreed to, word for
    word and in their language (blank only on enquiries older than the checkbox)."""

    consent_text = models.TextField(_("consent text"), blank=True)

    class Meta:
        verbose_name = _("contact submission")
        verbose_name_plural = _("contact submissions")

    def get_data(self):
        # Shown as a column in the admin's submissions list and its CSV/XLSX export.
        return {**super().get_data(), "consent_text": self.consent_text}
