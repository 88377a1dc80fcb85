"""The page tree's shape, and creating every page type through the admin."""

from django.contrib.auth import get_user_model

from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from blog.models import ArticlePage, BlogIndexPage
from enquiries.models import ContactPage
from home.models import DoctorPage, HomePage, StandardPage, TeamPage
from tests.bootstrap import create_home_site
from tests.factories import (
    BlogIndexPageFactory,
    CategoryFactory,
    PersonFactory,
    TeamPageFactory,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, TeamPage, ContactPage, BlogIndexPage}
        )

    def test_insights_holds_articles_only(self):
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {ArticlePage})
        self.assertAllowedParentPageTypes(ArticlePage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())

    def test_doctor_profiles_sit_under_our_team_only(self):
        self.assertAllowedSubpageTypes(TeamPage, {DoctorPage})
        self.assertAllowedParentPageTypes(DoctorPage, {TeamPage})
        self.assertAllowedSubpageTypes(DoctorPage, set())
        self.assertCanNotCreateAt(HomePage, DoctorPage)
        self.assertCanNotCreateAt(StandardPage, DoctorPage)

    def test_leaf_pages(self):
        self.assertAllowedSubpageTypes(ContactPage, set())
        self.assertAllowedParentPageTypes(TeamPage, {HomePage})
        self.assertAllowedParentPageTypes(ContactPage, {HomePage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_articles_cannot_be_created_outside_insights(self):
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(StandardPage, ArticlePage)


class CreatePagesInAdminTests(WagtailPageTestCase):
    """Each page type created by POSTing the admin's own form, as an editor does."""

    @classmethod
    def setUpTestData(cls):
        cls.home = create_home_site(Locale.objects.get(language_code="en"))

    def setUp(self):
        self.user = get_user_model().objects.create_superuser(
            "editor", "e@example.com", "pw"
        )
        self.client.force_login(self.user)

    def test_create_standard_page_with_body_blocks(self):
        data = nested_form_data(
            {
                "title": "About",
                "slug": "about",
                "intro": "Who we are.",
                "body": streamfield(
                    [
                        (
                            "heading",
                            {
                                "text": "Our approach",
                                "level": "h2",
                                "anchor": "our-approach",
                            },
                        ),
                        ("paragraph", rich_text("<p>Careful, evidence-led care.</p>")),
                    ]
                ),
            }
        )
        self.assertCanCreate(self.home, StandardPage, data)
        page = StandardPage.objects.get(slug="about")
        assert [block.block_type for block in page.body] == ["heading", "paragraph"]
        assert page.live

    def test_create_team_page_with_members(self):
        data = nested_form_data(
            {
                "title": "Our Team",
                "slug": "our-team",
                "intro": "",
                "team_members": inline_formset(
                    [
                        {
                            "name": "Dr. Tan",
                            "role": "Medical Director",
                            "photo": "",
                            "bio": "",
                        }
                    ]
                ),
            }
        )
        self.assertCanCreate(self.home, TeamPage, data)
        assert TeamPage.objects.get().team_members.get().role == "Medical Director"

    def test_create_doctor_profile_with_a_tidied_smc_number(self):
        team = TeamPageFactory(parent=self.home)
        person = PersonFactory(name="Dr. Lim", slug="dr-lim")
        data = nested_form_data(
            {
                "title": "Dr. Lim",
                "slug": "dr-lim",
                "person": person.pk,
                "specialties": "Regenerative medicine",
                "languages": "English\nMandarin",
                "smc_number": " m12345a ",
            }
        )
        self.assertCanCreate(team, DoctorPage, data)
        page = DoctorPage.objects.get()
        assert (page.person, page.smc_number) == (person, "M12345A")
        assert page.url == "/en/our-team/dr-lim/"

    def test_create_contact_page_with_form_fields(self):
        data = nested_form_data(
            {
                "title": "Contact",
                "slug": "contact",
                "intro": rich_text("<p>Write to us.</p>"),
                "thank_you_text": rich_text("<p>Thanks.</p>"),
                "to_address": "clinic@example.com",
                "from_address": "web@example.com",
                "subject": "Enquiry",
                "form_fields": inline_formset(
                    [
                        {
                            "label": "Full name",
                            "field_type": "singleline",
                            "required": "on",
                            "choices": "",
                            "default_value": "",
                            "help_text": "",
                        },
                    ]
                ),
            }
        )
        self.assertCanCreate(self.home, ContactPage, data)
        assert ContactPage.objects.get().form_fields.get().clean_name == "full_name"

    def test_create_blog_index_and_article(self):
        self.assertCanCreate(
            self.home,
            BlogIndexPage,
            nested_form_data({"title": "Insights", "slug": "insights", "intro": ""}),
        )
        index = BlogIndexPage.objects.get()
        category = CategoryFactory(name="Stem Cells", slug="stem-cells")
        author = PersonFactory()
        data = nested_form_data(
            {
                "title": "Cartilage repair",
                "slug": "cartilage-repair",
                "date": "2025-10-27",
                "author": str(author.pk),
                "category": str(category.pk),
                "excerpt": "How stem cells help.",
                "references": streamfield([]),
                "body": streamfield(
                    [
                        (
                            "heading",
                            {"text": "Mechanisms", "level": "h2", "anchor": ""},
                        ),
                        (
                            "list",
                            {
                                "style": "check",
                                "items": streamfield(
                                    [
                                        (
                                            "item",
                                            {
                                                "text": rich_text(
                                                    "<p>Regeneration</p>"
                                                ),
                                                "children": streamfield([]),
                                            },
                                        )
                                    ]
                                ),
                            },
                        ),
                        (
                            "faq",
                            {
                                "heading": "",
                                "items": streamfield(
                                    [
                                        (
                                            "item",
                                            {
                                                "question": "Does it hurt?",
                                                "answer": rich_text("<p>Little.</p>"),
                                            },
                                        )
                                    ]
                                ),
                            },
                        ),
                    ]
                ),
            }
        )
        self.assertCanCreate(index, ArticlePage, data)
        article = ArticlePage.objects.get(slug="cartilage-repair")
        assert [block.block_type for block in article.body] == [
            "heading",
            "list",
            "faq",
        ]
        assert "Regeneration</p>" in article.body[1].value["items"][0]["text"].source
        assert article.category == category

    def test_second_blog_index_is_refused(self):
        assert BlogIndexPage.can_create_at(self.home)
        BlogIndexPageFactory(parent=self.home)
        assert not BlogIndexPage.can_create_at(self.home)
