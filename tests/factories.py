"""Factories for the page tree and snippets (wagtail-factories + factory_boy).

Pages are created under a parent through Wagtail's own `add_child`, as the admin
does; the site bootstrapping itself lives in conftest.py fixtures, not here.
"""

import datetime

from wagtail.models import Collection, Locale
from wagtail.rich_text import RichText

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from blog.models import ArticlePage, BlogIndexPage, Category, Tag
from enquiries.models import ContactFormField, ContactPage
from home.models import (
    DoctorPage,
    HomePage,
    Person,
    SiteText,
    StandardPage,
    TeamPage,
)


class LocaleFactory(DjangoModelFactory):
    language_code = "en"

    class Meta:
        model = Locale
        django_get_or_create = ["language_code"]


class ImageFactory(wagtail_factories.ImageFactory):
    # The root collection exists already; wagtail-factories would add a second root.
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Image {n}")


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"
    hero_heading = "Pioneering the Future of Medicine Through Cell Therapy"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "A standard page."
    show_in_menus = True

    class Meta:
        model = StandardPage


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Insights"
    slug = "insights"
    show_in_menus = True

    class Meta:
        model = BlogIndexPage


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact"
    slug = "contact"
    to_address = "clinic@example.com"
    from_address = "website@example.com"
    subject = "New enquiry"
    show_in_menus = True

    class Meta:
        model = ContactPage


class ContactFormFieldFactory(DjangoModelFactory):
    label = factory.Sequence(lambda n: f"Field {n}")
    field_type = "singleline"
    required = True
    sort_order = factory.Sequence(int)

    class Meta:
        model = ContactFormField


class PersonFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    locale = factory.LazyFunction(lambda: LocaleFactory(language_code="en"))

    class Meta:
        model = Person


class CategoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    locale = factory.LazyFunction(lambda: LocaleFactory(language_code="en"))

    class Meta:
        model = Category


class TagFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")
    locale = factory.LazyFunction(lambda: LocaleFactory(language_code="en"))

    class Meta:
        model = Tag


class SiteTextFactory(DjangoModelFactory):
    tagline = "Pioneering the Future of Medicine Through Cell Therapy"
    contact_prompt = "Call or WhatsApp us today"
    address = "16 Raffles Quay #41-01\nHong Leong Building, Singapore"
    consultation_label = "Consultation"
    organisation_name = "Leaven Biotechnology"
    locale = factory.LazyFunction(lambda: LocaleFactory(language_code="en"))

    class Meta:
        model = SiteText


def article_body(heading: str = "Why it matters") -> list:
    return [
        ("heading", {"text": heading, "level": "h2", "anchor": ""}),
        ("paragraph", RichText("<p>Cartilage repair takes time.</p>")),
    ]


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    date = factory.Sequence(
        lambda n: datetime.date(2025, 10, 1) + datetime.timedelta(days=n % 28)
    )
    excerpt = "A short summary of the article."
    body = factory.LazyFunction(article_body)

    class Meta:
        model = ArticlePage


class TeamPageFactory(wagtail_factories.PageFactory):
    title = "Our Team"
    slug = "our-team"
    intro = "The people who look after you."
    show_in_menus = True

    class Meta:
        model = TeamPage


class DoctorPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Doctor {n}")
    specialties = "Regenerative medicine\nSports injuries"
    languages = "English\nMandarin"
    smc_number = "M12345A"

    class Meta:
        model = DoctorPage
