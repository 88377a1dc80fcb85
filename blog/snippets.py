"""Categories and tags: translatable snippets whose slug is the same in every language.

Articles in every language point at the English category and tags (the links are
synchronised, not translated), so lookups and counts go through `translation_key`
and display goes through `localized`.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from home.one_per_language import in_language
from home.publishing import TranslatedOnlySnippetMixin


class TaxonomyMixin(TranslatedOnlySnippetMixin, TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("Part of the URL; the same in every language."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@register_snippet
class Category(TaxonomyMixin):
    sort_order = models.PositiveSmallIntegerField(
        _("sort order"),
        default=0,
        help_text=_("Lower numbers come first in the sidebar."),
    )

    review_interval_months = models.PositiveSmallIntegerField(
        _("review articles every (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "How often this category's articles need a medical review. Empty: the "
            "site's interval (Settings → Insights settings)."
        ),
    )

    panels = [
        *TaxonomyMixin.panels,
        FieldPanel("sort_order"),
        FieldPanel("review_interval_months"),
    ]
    # A number, the same in every language (articles link the English category).
    override_translatable_fields = [
        *TaxonomyMixin.override_translatable_fields,
        SynchronizedField("review_interval_months", overridable=False),
    ]

    class Meta(TaxonomyMixin.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="unique_category_slug"
            )
        ]


@register_snippet
class Tag(TaxonomyMixin):
    class Meta(TaxonomyMixin.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_tag_slug")
        ]


@register_snippet
class MedicalDisclaimer(TranslatedOnlySnippetMixin, TranslatableMixin, models.Model):
    """The notice shown under every article; one per language."""

    text = RichTextField(_("text"), features=["bold", "italic", "link"])

    panels = [FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("medical disclaimer")
        verbose_name_plural = _("medical disclaimer")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} ({self.locale})"

    @classmethod
    def for_locale(cls, locale) -> "MedicalDisclaimer | None":
        """This language's disclaimer, else the source language's (if one exists)."""
        return in_language(cls.objects.select_related("locale"), locale)
