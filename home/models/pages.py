"""The site shell's page types: home, standard pages, the team and contact."""

import logging
import smtplib

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home import cjk, contact_form
from home.blocks import BodyStreamBlock
from home.cache.pages import CachedServeMixin
from home.models.seo import SeoMixin
from home.models.submissions import ContactSubmission
from home.text import stream_text

# URLs mirror the English ones: wagtail-localize drops non-ASCII slugs anyway, and a
# translator should never have to invent one.
SYNCHRONIZED_SLUG = [SynchronizedField("slug")]

logger = logging.getLogger(__name__)


# CachedServeMixin: view restrictions and the parent page from the memo (home/cache/).
class HomePage(CachedServeMixin, SeoMixin, Page):
    hero_heading = models.CharField(_("hero heading"), max_length=255)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)
    latest_articles_heading = models.CharField(
        _("latest articles heading"), max_length=255, default="Latest insights"
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
        FieldPanel("latest_articles_heading"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.TeamPage",
        "home.ContactPage",
        "blog.BlogIndexPage",
    ]
    max_count_per_parent = 1

    override_translatable_fields = SYNCHRONIZED_SLUG

    class Meta:
        verbose_name = _("home page")

    def summary(self) -> str:
        return self.hero_text

    def share_image(self):
        return self.hero_image


class StandardPage(CachedServeMixin, SeoMixin, Page):
    """About, Services and any other page of headings, text, lists and images."""

    intro = models.TextField(_("introduction"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("search_text"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    override_translatable_fields = SYNCHRONIZED_SLUG

    class Meta:
        verbose_name = _("standard page")

    def summary(self) -> str:
        return self.intro

    def search_text(self) -> str:
        """Title, intro and body, Chinese cut for the search index (home/cjk.py)."""
        return cjk.index_text(self.title, self.intro, stream_text(self.body))

    def share_image(self):
        return self.image


class TeamMember(TranslatableMixin, Orderable):
    """A person on the team page; translatable, so names and roles get segments."""

    page = ParentalKey(
        "home.TeamPage", related_name="team_members", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=255)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("biography"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return self.name


class TeamPage(CachedServeMixin, SeoMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("team_members", heading=_("Team members"), label=_("Team member")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    override_translatable_fields = SYNCHRONIZED_SLUG

    class Meta:
        verbose_name = _("team page")

    def summary(self) -> str:
        return self.intro

    def get_members(self):
        return self.team_members.select_related("photo")


class ContactFormField(TranslatableMixin, AbstractFormField):
    """A form field whose label, help text and choices translators translate."""

    page = ParentalKey(
        "home.ContactPage", related_name="form_fields", on_delete=models.CASCADE
    )

    # The clean name keys the stored submission data: it must not change by language.
    override_translatable_fields = [SynchronizedField("clean_name")]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        pass


class ContactPage(CachedServeMixin, SeoMixin, AbstractEmailForm):
    """The consultation form: marketers set its fields; enquiries stored, emailed."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, features=["bold", "italic", "link"]
    )
    # Translatable (a TextField segment): the Chinese page shows and stores its own.
    consent_text = models.TextField(
        _("consent text"),
        blank=True,
        default=contact_form.DEFAULT_CONSENT_TEXT,
        help_text=_(
            "The label of the consent checkbox every visitor must tick. It is stored "
            "with each submission, as the visitor saw it."
        ),
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Form fields"), label=_("Field")),
        FieldPanel("consent_text"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Notification email"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    # Notification settings are the clinic's, not the visitor's language's.
    override_translatable_fields = [
        *SYNCHRONIZED_SLUG,
        SynchronizedField("to_address"),
        SynchronizedField("from_address"),
        SynchronizedField("subject"),
    ]

    # Spam and consent protection lives in home/contact_form.py; see its docstring.
    form_builder = contact_form.ContactFormBuilder

    class Meta:
        verbose_name = _("contact page")

    def summary(self) -> str:
        return self.intro

    def consent_label(self) -> str:
        return self.consent_text.strip() or contact_form.default_consent_text()

    def get_form_class(self):
        builder = self.form_builder(self.get_form_fields(), self.consent_label())
        return builder.get_form_class()

    def get_form_parameters(self):
        # Set by the before_serve_page hook in wagtail_hooks.py: Wagtail builds the
        # form without the request, and the rate limit needs the client's address.
        return {"client_ip": getattr(self, "client_ip", None)}

    def get_submission_class(self):
        return ContactSubmission

    def get_data_fields(self):
        return [*super().get_data_fields(), ("consent_text", _("Consent"))]

    def process_form_submission(self, form):
        if form.is_spam:
            logger.info("Contact form on page %s: spam dropped", self.pk)
            return None
        # Stored before any email: an SMTP failure loses nothing.
        submission = self.get_submission_class().objects.create(
            page=self, form_data=form.enquiry_data(), consent_text=form.consent_text
        )
        if self.to_address:
            try:
                self.send_mail(form)
            except (smtplib.SMTPException, OSError):
                logger.exception(
                    "Contact form: the notification email for submission %s failed; "
                    "the submission is stored",
                    submission.pk,
                )
        return submission

    def render_email(self, form) -> str:
        return contact_form.notification_text(self)
