"""Consultations started from each page, counted per day and language.

Only counts: no visitor, address, user agent or cookie is stored anywhere (see
consultations/counting.py for what is counted and what is ignored).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PHONE = "phone", _("Phone calls")
    WHATSAPP = "whatsapp", _("WhatsApp")
    CONSULTATION = "consultation", _("Consultation link")
    ENQUIRY = "enquiry", _("Enquiries sent")


class DailyConsultationCount(models.Model):
    """How many times, on one day, visitors of `page` (in its language) clicked one
    kind of contact link or sent an enquiry after reading it."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    date = models.DateField(_("date"))
    # The page's own language (a translation is a page of its own): stored so the
    # report filters without joining locales.
    language_code = models.CharField(_("language"), max_length=16)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("daily consultation count")
        verbose_name_plural = _("daily consultation counts")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "date", "language_code", "kind"],
                name="unique_daily_consultation_count",
            )
        ]
        indexes = [models.Index(fields=["date", "language_code"])]

    def __str__(self) -> str:
        return f"{self.date} {self.language_code} {self.page_id} {self.kind}"
