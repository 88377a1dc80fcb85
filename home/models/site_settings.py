"""Non-text site settings: numbers, addresses of services, hours, the booking link.

Settings are not per language; visible text lives in the `SiteText` snippet.
"""

from urllib.parse import quote

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from home import special_hours as special
from home.opening_hours import OpeningHoursStreamBlock, summarise


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        help_text=_("For example: +65 1234 5678"),
    )
    whatsapp = models.CharField(
        _("WhatsApp number"),
        max_length=40,
        blank=True,
        help_text=_(
            "Leave blank to use the phone number: the WhatsApp link then follows "
            "any change of the phone. Fill in only if WhatsApp is on another "
            "number, in international format (for example: +65 8123 4567)."
        ),
    )
    email = models.EmailField(_("email"), blank=True)
    consultation_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Consultation button links to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Linked from the footer and the contact form: what personal data the "
            "clinic collects, why, for how long, and how to reach its data "
            "protection officer."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Used by search engines and link previews."),
    )
    social_links = models.TextField(
        _("social profiles"),
        blank=True,
        help_text=_("One URL per line (Facebook, LinkedIn, …): the clinic's sameAs."),
    )
    robots_txt = models.TextField(
        _("robots.txt"),
        blank=True,
        help_text=_(
            "Extra rules for search engines; "
            "the sitemap and /admin/ are always handled."
        ),
    )
    opening_hours = StreamField(
        OpeningHoursStreamBlock(),
        verbose_name=_("opening hours"),
        blank=True,
        help_text=_("Weekdays in no row are shown as closed."),
    )
    special_hours = StreamField(
        special.SpecialHoursStreamBlock(),
        verbose_name=_("special opening hours"),
        blank=True,
        help_text=_(
            "Public holidays and other days with other hours than usual: they "
            "replace the weekly hours on those dates."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("whatsapp"), FieldPanel("email")],
            heading=_("Contact"),
        ),
        FieldPanel("consultation_page"),
        FieldPanel("privacy_page"),
        FieldPanel("opening_hours"),
        FieldPanel("special_hours"),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("social_links"), FieldPanel("robots_txt")],
            heading=_("Search engines and sharing"),
        ),
    ]

    class Meta:
        verbose_name = _("clinic settings")

    @property
    def phone_href(self) -> str:
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")

    @property
    def whatsapp_href(self) -> str:
        number = "".join(c for c in (self.whatsapp or self.phone) if c.isdigit())
        return f"https://wa.me/{number}" if number else ""

    def whatsapp_link(self, subject: str = "") -> str:
        """The WhatsApp link with a first message, in the active language, naming
        what the visitor read (`subject`, a page title) or a general one."""
        if not self.whatsapp_href:
            return ""
        if subject:
            message = gettext(
                "Hello, I read “%(title)s” and would like to ask about a consultation."
            ) % {"title": subject}
        else:
            message = gettext("Hello, I would like to ask about a consultation.")
        return f"{self.whatsapp_href}?text={quote(message, safe='')}"

    @property
    def social_urls(self) -> list[str]:
        return [line.strip() for line in self.social_links.splitlines() if line.strip()]

    def hours_lines(self):
        return summarise(self.opening_hours)

    def today_line(self, language: str) -> str:
        return special.today_line(
            self.opening_hours,
            self.special_hours,
            language,
            special.clinic_today(),
        )

    def hours_schedule(self, language: str) -> dict:
        return special.browser_schedule(
            self.opening_hours,
            self.special_hours,
            language,
            special.clinic_today(),
        )

    def upcoming_special_days(self) -> list[special.SpecialDay]:
        return special.upcoming(self.special_hours, special.clinic_today())

    def image_uses(self) -> list[tuple[str, object]]:
        """The logo: link previews of pages without an image of their own, and
        JSON-LD (home/images.py makes them when the settings are saved)."""
        return [("share", self.logo), ("logo", self.logo)]
