"""The translators' own data: the glossary, and when a source's text last changed."""

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


class SourceTextChange(models.Model):
    """When the translatable text of a source last changed.

    wagtail-localize stamps `TranslationSource.last_updated_at` on every sync, even
    when only a go-live date or a review mark changed; this is stamped only when a
    sync changed the source's string segments (translations/sync.py), so a
    translation published before it is Outdated (translations/status.py).
    """

    source = models.OneToOneField(
        "wagtail_localize.TranslationSource",
        on_delete=models.CASCADE,
        related_name="text_change",
    )
    changed_at = models.DateTimeField(_("text changed at"))

    class Meta:
        verbose_name = _("source text change")

    def __str__(self):
        return f"{self.source_id} changed at {self.changed_at:%Y-%m-%d %H:%M}"
