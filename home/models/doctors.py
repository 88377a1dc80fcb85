"""DoctorPage: a doctor's profile under Our Team, and the SMC number it shows.

Who the doctor is (name, credentials, role, photo, short biography) lives once, on
the Person snippet that articles name as author or reviewer and the home page's
doctor cards show; the profile page adds what only the profile shows (specialties,
languages spoken, the Singapore Medical Council registration number). So a
renamed doctor or a new photo changes bylines, cards and the profile at once.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.models.base import SYNCHRONIZED_SLUG, BasePage
from home.models.snippets import Person
from serving.cache.lookups import public_q
from serving.cache.memo import memoize

# A Medical Council Registration number is "M", five digits and a check letter
# (M12345A). A digit more or less is let through (older or future numbers); case
# and spaces are forgiven and tidied on save. Anything else is a typo.
smc_number_validator = RegexValidator(
    r"^M\d{4,6}[A-Z]$",
    _("Enter an SMC registration number such as M12345A."),
)


def tidy_smc_number(value: str) -> str:
    return "".join(value.split()).upper()


class SMCNumberField(models.CharField):
    """A CharField that tidies what was typed before the validator sees it."""

    def to_python(self, value):
        value = super().to_python(value)
        return tidy_smc_number(value) if value else value


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class DoctorPage(BasePage):
    """A doctor's profile: /en/our-team/<name>/."""

    person = models.ForeignKey(
        "home.Person",
        verbose_name=_("person"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="profiles",
        help_text=_(
            "Name, credentials, role, photo and biography come from this person, "
            "as on the articles they write or review."
        ),
    )
    specialties = models.TextField(
        _("specialties"), blank=True, help_text=_("One per line.")
    )
    languages = models.TextField(
        _("languages spoken"), blank=True, help_text=_("One per line.")
    )
    smc_number = SMCNumberField(
        _("SMC registration number"),
        max_length=12,
        blank=True,
        validators=[smc_number_validator],
        help_text=_("Singapore Medical Council registration number, e.g. M12345A."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("person"),
        FieldPanel("specialties"),
        FieldPanel("languages"),
        FieldPanel("smc_number"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("specialties")]

    parent_page_types = ["home.TeamPage"]
    subpage_types: list[str] = []

    # The Chinese profile is of the same person with the same registration number:
    # templates show the person in the visitor's language.
    override_translatable_fields = [
        *SYNCHRONIZED_SLUG,
        SynchronizedField("person"),
        SynchronizedField("smc_number"),
    ]

    class Meta:
        verbose_name = _("doctor profile")
        verbose_name_plural = _("doctor profiles")

    def shown_person(self) -> Person | None:
        """The person in the page's language (else the chosen one), with their
        photo: once per content version."""
        if self.person_id is None:
            return None

        def compute():
            chosen = Person.objects.select_related("photo").get(pk=self.person_id)
            translated = (
                Person.objects.select_related("photo")
                .filter(translation_key=chosen.translation_key, locale=self.locale_id)
                .first()
            )
            return translated or chosen

        return memoize("doctor-person", self.person_id, self.locale_id, compute=compute)

    def specialty_list(self) -> list[str]:
        return lines(self.specialties)

    def language_list(self) -> list[str]:
        return lines(self.languages)

    def summary(self) -> str:
        person = self.shown_person()
        return person.bio if person else ""

    def share_image(self):
        person = self.shown_person()
        return person.photo if person else None

    def image_uses(self):
        return [*super().image_uses(), ("portrait", self.share_image())]

    @classmethod
    def visible(cls):
        """Profiles a visitor may see."""
        return cls.objects.live().filter(public_q())

    @classmethod
    def profile_of(cls, person: Person | None, locale_id: int) -> "DoctorPage | None":
        """`person`'s live profile in a language (whichever translation of the
        person the profile chose), or None."""
        if person is None:
            return None
        return (
            cls.visible()
            .filter(locale=locale_id, person__translation_key=person.translation_key)
            .first()
        )
