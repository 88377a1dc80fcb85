"""Translatable snippets: visible text that translators keep in every language."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from home.one_per_language import in_language
from home.publishing import TranslatedOnlySnippetMixin


@register_snippet
class SiteText(TranslatedOnlySnippetMixin, TranslatableMixin, models.Model):
    """Site-wide words: header, footer and address, one per language."""

    tagline = models.CharField(_("tagline"), max_length=255)
    contact_prompt = models.CharField(
        _("contact prompt"), max_length=120, help_text="Call or WhatsApp us today"
    )
    address = models.TextField(_("address"), help_text=_("One line per address line."))
    consultation_label = models.CharField(
        _("Consultation button label"), max_length=40, default="Consultation"
    )
    organisation_name = models.CharField(
        _("organisation name"),
        max_length=120,
        help_text=_("Shown in the copyright line."),
    )

    panels = [
        FieldPanel("tagline"),
        FieldPanel("contact_prompt"),
        FieldPanel("address"),
        FieldPanel("consultation_label"),
        FieldPanel("organisation_name"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site text")
        verbose_name_plural = _("site text")

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.locale})"

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @classmethod
    def for_active_locale(cls) -> "SiteText | None":
        """The active language's text, else the default language's (never an error)."""
        return in_language(cls.objects.select_related("locale"), Locale.get_active())


@register_snippet
class Person(
    TranslatedOnlySnippetMixin, TranslatableMixin, index.Indexed, models.Model
):
    """Someone named on the site: an article's author or medical reviewer."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    credentials = models.CharField(
        _("credentials"), max_length=255, blank=True, help_text="MBBS, PhD"
    )
    role = models.CharField(_("role"), max_length=120, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("biography"), blank=True)
    # Who this person is in the admin: "Mark as reviewed" records this person as
    # the reviewer (blog/review.py). Not unique: every language's copy links it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text=_("The admin account of this person, if they have one."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("credentials"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        # Choosing an account lists every user: for those who administer users.
        FieldPanel("user", permission="auth.change_user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("user", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
