"""The glossary: English terms and the Chinese the clinic always uses for them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class GlossaryTerm(index.Indexed, models.Model):
    english = models.CharField(
        _("English term"),
        max_length=100,
        unique=True,
        help_text=_(
            "As it is written in English, e.g. “stem cell”. Plurals match too."
        ),
    )
    chinese = models.CharField(
        _("Chinese term"),
        max_length=100,
        help_text=_("The Chinese every translation uses for it, e.g. “干细胞”."),
    )
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("Optional: when to use it, or a translation to avoid."),
    )

    panels = [FieldPanel("english"), FieldPanel("chinese"), FieldPanel("note")]
    search_fields = [
        index.SearchField("english"),
        index.SearchField("chinese"),
        index.AutocompleteField("english"),
    ]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["english"]

    def __str__(self) -> str:
        return f"{self.english} ↔ {self.chinese}"

    def save(self, *args, **kwargs):
        self.english = " ".join(self.english.split())
        self.chinese = self.chinese.strip()
        super().save(*args, **kwargs)
