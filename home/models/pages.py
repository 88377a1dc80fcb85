"""The site shell's page types: home, standard pages and the team."""

import logging

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from home import images
from home.blocks import BodyStreamBlock, DoctorsStreamBlock, ServicesStreamBlock
from home.models.base import BasePage
from home.models.doctors import DoctorPage
from serving.cache.memo import memoize

logger = logging.getLogger(__name__)


class HomePage(BasePage):
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
    services_heading = models.CharField(
        _("services heading"), max_length=255, default="Our services"
    )
    services = StreamField(
        ServicesStreamBlock(), verbose_name=_("services"), blank=True
    )
    doctors_heading = models.CharField(
        _("doctors heading"), max_length=255, default="Our doctors"
    )
    doctors = StreamField(
        DoctorsStreamBlock(),
        verbose_name=_("doctors"),
        blank=True,
        help_text=_("People to show with their photo; the section links Our Team."),
    )
    latest_articles_heading = models.CharField(
        _("latest articles heading"), max_length=255, default="Latest insights"
    )
    body = StreamField(
        BodyStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Shown last, after the insights: e.g. the consultation call."),
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
        MultiFieldPanel(
            [FieldPanel("services_heading"), FieldPanel("services")],
            heading=_("Services"),
        ),
        MultiFieldPanel(
            [FieldPanel("doctors_heading"), FieldPanel("doctors")],
            heading=_("Doctors"),
        ),
        FieldPanel("latest_articles_heading"),
        FieldPanel("body"),
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
        "enquiries.ContactPage",
        "blog.BlogIndexPage",
    ]
    max_count_per_parent = 1
    memoize_child_routes = True  # a few sections (serving/cache/pages.py)

    class Meta:
        verbose_name = _("home page")

    def summary(self) -> str:
        return self.hero_text

    def whatsapp_subject(self) -> str:
        return ""

    def share_image(self):
        return self.hero_image

    def image_uses(self):
        body = [("body", image) for image in images.stream_images(self.body)]
        services = [("card", image) for image in images.stream_images(self.services)]
        doctors = [
            ("portrait", block.value.photo) for block in self.doctors if block.value
        ]
        return [
            *super().image_uses(),
            ("hero", self.hero_image),
            *services,
            *doctors,
            *body,
        ]

    def team_page(self):
        """Where the doctors section leads: this language's Our Team page (once per
        content version)."""
        return memoize(
            "team-page",
            self.pk,
            compute=lambda: TeamPage.objects.child_of(self).live().public().first(),
        )


class StandardPage(BasePage):
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
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    memoize_child_routes = True  # a few subpages (serving/cache/pages.py)

    class Meta:
        verbose_name = _("standard page")

    def summary(self) -> str:
        return self.intro

    def share_image(self):
        return self.image

    def image_uses(self):
        body = [("body", image) for image in images.stream_images(self.body)]
        return [*super().image_uses(), ("wide", self.image), *body]


class TeamMember(TranslatableMixin, Orderable):
    """Someone on the team page without a profile of their own (nurses, patient
    care staff): doctors have a DoctorPage under the team page instead."""

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


class TeamPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "team_members",
            heading=_("Team members"),
            label=_("Team member"),
            help_text=_(
                "Staff without a profile page; doctors get a doctor profile "
                "(Add child page) and are listed first."
            ),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.DoctorPage"]
    memoize_child_routes = True  # the clinic's doctors (serving/cache/pages.py)
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("team page")

    def image_uses(self):
        photos = [("portrait", member.photo) for member in self.team_members.all()]
        return [*super().image_uses(), *photos]

    def summary(self) -> str:
        return self.intro

    def get_members(self):
        return self.team_members.select_related("photo")

    def get_profiles(self) -> list[DoctorPage]:
        """The doctor profiles below, in tree order (once per content version)."""
        return memoize(
            "doctor-profiles",
            self.pk,
            compute=lambda: list(DoctorPage.visible().child_of(self)),
        )
