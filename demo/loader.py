"""Load the English demo content: create what is missing, leave what exists.

Everything is found again by a stable key (slug + locale for pages and snippets,
title for images), so a second run creates nothing and saves nothing. An object
that exists is never updated: a marketer may have edited it since the first run.
"""

from datetime import date, timedelta
from io import BytesIO

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify

from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site
from wagtail.utils.file import hash_filelike

from blog.models import ArticlePage
from blog.snippets import Category, MedicalDisclaimer, Tag
from demo import content
from demo.chinese import translate_demo_content
from demo.images import render_jpeg
from enquiries.models import ContactFormField
from home.models import (
    ClinicSettings,
    DoctorPage,
    HomePage,
    Person,
    SiteText,
    TeamMember,
    TeamPage,
)
from home.special_hours import clinic_today

IMAGE_FIELDS = ("hero_image", "image", "cover_image", "photo")
SPECIAL_KEYS = (
    "model",
    "body",
    "services",
    "doctors",
    "team_members",
    "form_fields",
    "show_in_menus",
)


class DemoLoader:
    def __init__(self, write):
        self.write = write
        self.created = 0
        self.present = 0
        self.images: dict[str, Image] = {}
        self.home: HomePage | None = None
        self.people: dict[str, Person] = {}

    # -- bookkeeping -------------------------------------------------------------

    def found(self, obj):
        self.present += 1
        return obj

    def made(self, obj, label: str):
        self.created += 1
        self.write(f"Created {label}")
        return obj

    # -- entry point ---------------------------------------------------------------

    def run(self) -> None:
        # One transaction: an interrupted run leaves nothing half-built (a page tree
        # whose home page is unpublished, say).
        with transaction.atomic():
            self.en = self.locale("en")
            self.locale("zh-hans")  # translated later with wagtail-localize
            self.images = {
                key: self.image(spec) for key, spec in content.IMAGES.items()
            }
            # People first: the home page shows the doctors.
            author = self.person(content.AUTHOR)
            self.people = {
                doctor["slug"]: self.person(doctor) for doctor in content.DOCTORS
            }
            reviewer = self.people[content.REVIEWER["slug"]]
            self.home_and_pages()
            self.doctor_profiles()
            site = self.site()
            self.snippet(SiteText, {}, content.SITE_TEXT, "site text")
            self.snippet(
                MedicalDisclaimer,
                {},
                {"text": content.MEDICAL_DISCLAIMER},
                "medical disclaimer",
            )
            categories = {
                slug: self.snippet(
                    Category,
                    {"slug": slug},
                    {"name": name, "sort_order": n},
                    "category",
                )
                for n, (name, slug) in enumerate(content.CATEGORIES, 1)
            }
            tags = {
                slug: self.snippet(Tag, {"slug": slug}, {"name": name}, "tag")
                for name, slug in content.TAGS
            }
            self.clinic_settings(site)
            self.articles(author, {reviewer.slug: reviewer}, categories, tags)
            translated, present, skipped = translate_demo_content(self.home, self.write)
        self.write(
            f"Demo content: {self.created} created, {self.present} already present."
        )
        self.write(
            f"Chinese: {translated} translated, {present} already present, "
            f"{skipped} skipped."
        )

    # -- locales, images, snippets, settings -------------------------------------

    def locale(self, code: str) -> Locale:
        locale, created = Locale.objects.get_or_create(language_code=code)
        return self.made(locale, f"locale {code}") if created else self.found(locale)

    def image(self, spec: dict) -> Image:
        existing = Image.objects.filter(title=spec["title"]).first()
        if existing:
            return self.found(existing)
        data = render_jpeg(spec)
        picture = Image(
            title=spec["title"],
            description=spec["description"],
            file=ImageFile(BytesIO(data), name=f"{slugify(spec['title'])}.jpg"),
        )
        # File size and hash, as an upload sets them (the hash finds duplicates).
        picture.file_size = len(data)
        picture.file_hash = hash_filelike(BytesIO(data))
        picture.save()
        return self.made(picture, f"image '{picture.title}'")

    def snippet(self, model, key: dict, fields: dict, label: str):
        existing = model.objects.filter(locale=self.en, **key).first()
        if existing:
            return self.found(existing)
        obj = model.objects.create(locale=self.en, **{**fields, **key})
        return self.made(obj, f"{label} '{obj}'")

    def person(self, spec: dict) -> Person:
        return self.snippet(
            Person, {"slug": spec["slug"]}, self.with_images(spec), "person"
        )

    def clinic_settings(self, site: Site) -> None:
        settings = ClinicSettings.for_site(site)  # creates an empty row if missing
        if settings.phone or settings.email or settings.opening_hours:
            self.found(settings)
            return
        fields = dict(content.CLINIC_SETTINGS)
        for page_field in ("consultation_page", "privacy_page"):
            fields[page_field] = self.child_page(fields[page_field])
        fields["logo"] = self.images[fields["logo"]]
        fields["special_hours"] = self.special_hours(clinic_today())
        for name, value in fields.items():
            setattr(settings, name, value)
        settings.save()
        self.made(settings, "clinic settings")

    @staticmethod
    def special_hours(today: date) -> list[tuple[str, dict]]:
        rows = []
        for spec in content.SPECIAL_HOURS:
            day = today + timedelta(days=spec["days_from_loading"])
            rows.append(
                (
                    "day",
                    {
                        "name": spec["name"],
                        "name_zh": spec["name_zh"],
                        "start_date": day,
                        "end_date": None,
                        "opens": spec["opens"],
                        "closes": spec["closes"],
                    },
                )
            )
        return rows

    # -- site and page tree ---------------------------------------------------------

    def delete_welcome_page(self, root: Page) -> None:
        """Wagtail's "Welcome" page is a plain Page that holds the slug "home"."""
        plain_page = ContentType.objects.get_for_model(Page)
        for page in root.get_children().filter(content_type=plain_page):
            self.write(f"Deleted Wagtail's default page '{page.title}'")
            page.delete()  # its Site goes with it; site() makes the new one

    def home_and_pages(self) -> None:
        root = Page.get_first_root_node()
        self.delete_welcome_page(root)
        to_publish = []
        home = (
            HomePage.objects.child_of(root)
            .filter(slug=content.HOME["slug"], locale=self.en)
            .first()
        )
        if home:
            self.found(home)
        else:
            home = self.add_page(root, content.HOME, to_publish, in_menus=False)
        self.home = home
        for spec in content.CHILD_PAGES:
            model = apps.get_model(spec["model"])
            page = model.objects.child_of(home).filter(slug=spec["slug"]).first()
            if page:
                self.found(page)
            else:
                in_menus = spec.get("show_in_menus", True)
                self.add_page(home, spec, to_publish, in_menus=in_menus)
        # Bodies are set once every page exists: calls to action link to Contact,
        # which comes last in the menu, after the pages that link to it.
        for page, spec in to_publish:
            if "body" in spec:
                page.body = self.blocks(spec["body"])
            if "services" in spec:
                page.services = [
                    ("service", self.service_card(card)) for card in spec["services"]
                ]
            if "doctors" in spec:
                page.doctors = [
                    ("person", self.people[slug]) for slug in spec["doctors"]
                ]
            page.save_revision().publish()

    def doctor_profiles(self) -> None:
        team = TeamPage.objects.child_of(self.home).first()
        for spec in content.DOCTOR_PROFILES:
            page = DoctorPage.objects.child_of(team).filter(slug=spec["slug"]).first()
            if page:
                self.found(page)
                continue
            fields = {**spec, "person": self.people[spec["person"]]}
            page = DoctorPage(locale=self.en, live=False, **fields)
            team.add_child(instance=page)
            page.save_revision().publish()
            self.made(page, f"doctor profile '{page.title}'")

    def add_page(self, parent: Page, spec: dict, to_publish: list, in_menus: bool):
        fields = {k: v for k, v in spec.items() if k not in SPECIAL_KEYS}
        model = apps.get_model(spec["model"])
        page = model(locale=self.en, show_in_menus=in_menus, **self.with_images(fields))
        if "team_members" in spec:
            page.team_members = [
                TeamMember(locale=self.en, **self.with_images(member))
                for member in spec["team_members"]
            ]
        if "form_fields" in spec:
            page.form_fields = [
                ContactFormField(locale=self.en, **field)
                for field in spec["form_fields"]
            ]
        page.live = False  # published below, once as one revision, as the admin does
        parent.add_child(instance=page)
        to_publish.append((page, spec))
        return self.made(page, f"{model._meta.verbose_name} '{page.title}'")

    def site(self) -> Site:
        site = Site.objects.filter(is_default_site=True).first()
        if site and site.root_page_id == self.home.pk:
            return self.found(site)
        site = site or Site()
        for name, value in content.SITE.items():
            setattr(site, name, value)
        site.root_page = self.home
        site.is_default_site = True
        site.save()
        return self.made(site, f"site '{site}' -> {self.home.title}")

    def child_page(self, slug: str) -> Page:
        return self.home.get_children().get(slug=slug).specific

    # -- articles -------------------------------------------------------------------

    def articles(self, author, reviewers: dict, categories: dict, tags: dict) -> None:
        article_model = ArticlePage
        index = self.child_page("insights")
        for spec in content.ARTICLES:  # oldest first: see content.ARTICLES
            existing = article_model.objects.child_of(index).filter(slug=spec["slug"])
            if existing.exists():
                self.found(spec)
                continue
            page = article_model(
                locale=self.en,
                title=spec["title"],
                slug=spec["slug"],
                date=spec["date"],
                author=author,
                category=categories[spec["category"]],
                excerpt=spec["excerpt"],
                cover_image=self.images[spec["cover_image"]],
                body=self.blocks(spec["body"]),
                references=spec.get("references", []),
                reviewer=reviewers.get(spec.get("reviewer")),
                last_reviewed=spec.get("last_reviewed"),
            )
            page.tags = [tags[slug] for slug in spec["tags"]]
            page.live = False
            index.add_child(instance=page)
            page.save_revision().publish()
            self.made(page, f"article '{page.title}' ({page.date})")

    # -- block data -----------------------------------------------------------------

    def with_images(self, fields: dict) -> dict:
        return {
            name: self.images[value] if name in IMAGE_FIELDS else value
            for name, value in fields.items()
        }

    def service_card(self, card: dict) -> dict:
        return {
            **card,
            "image": self.images[card["image"]],
            "page": self.child_page(card["page"]),
        }

    def blocks(self, body: list) -> list:
        """Content's block data with its page and image references resolved."""
        resolved = []
        for block_type, value in body:
            if block_type == "call_to_action" and value.get("page"):
                value = {**value, "page": self.child_page(value["page"])}
            elif block_type == "image":
                # A fresh instance per block: ImageBlock stores the alt text on the
                # Image object itself, so a shared one would share its alt text.
                picture = Image.objects.get(pk=self.images[value["image"]].pk)
                value = {
                    "image": {
                        "image": picture,
                        "alt_text": value["alt_text"],
                        "decorative": False,
                    },
                    "caption": value["caption"],
                }
            resolved.append((block_type, value))
        return resolved
