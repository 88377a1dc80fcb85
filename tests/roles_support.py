"""The staff roles as users, a small bilingual site for them to act on, and each
sensitive action done the way a person does it: HTTP requests to the admin.

Every action answers one question, read from the database or the response rather
than from a status code: did it happen? (The enquiry's text was shown or
exported, the submission is gone, the page is live with the new words, the
address changed, the file was served, the setting changed.)
"""

import datetime
import io
from contextlib import suppress
from functools import cached_property
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)
from wagtail_localize.models import (
    String,
    StringTranslation,
    Translation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

import openpyxl

from blog.snippets import Category
from consultations.counting import record as record_click
from enquiries.models import ContactPage, ContactSubmission
from home.models import ClinicSettings, StandardPage
from staff.roles import (
    ENQUIRIES,
    MARKETERS,
    MEDICAL_REVIEWERS,
    TRANSLATORS,
    ensure_roles,
)
from tests.factories import ContactFormFieldFactory, ContactPageFactory
from tests.factories import StandardPageFactory as AboutFactory
from tests.i18n_utils import translate_fully

ANONYMOUS, TRANSLATOR, MARKETER, ENQUIRIES_STAFF, SUPERUSER = ROLES = (
    "anonymous",
    "Translators",
    "Marketers",
    "Enquiries",
    "superuser",
)
# Medical reviewers edit articles only: a column of the roles matrix, not of ROLES
# (the site the other role tests build has no articles).
MEDICAL_REVIEWER = "Medical reviewers"
GROUP_OF = {
    TRANSLATOR: TRANSLATORS,
    MARKETER: MARKETERS,
    ENQUIRIES_STAFF: ENQUIRIES,
    MEDICAL_REVIEWER: MEDICAL_REVIEWERS,
}

# What a patient wrote; it must appear only where enquiries may be read.
ENQUIRY_TEXT = {"en": "My knee hurts on stairs", "zh": "我的膝盖上楼梯时疼"}
NEW_WORDS = "Words nobody has published yet"
NEW_WORDS_ZH = "还没有人发布过的话"  # their translation
OUTSIDE_ADDRESS = "collector@evil.example"
DOCUMENT_BYTES = b"Consent form, staff copy"


def make_user(role: str):
    """A signed-up member of `role` (None for anonymous)."""
    if role == ANONYMOUS:
        return None
    users = get_user_model().objects
    name = role.lower()
    if role == SUPERUSER:
        return users.create_superuser(name, f"{name}@example.com", "pw")
    ensure_roles()
    user = users.create_user(name, f"{name}@example.com", "pw")
    user.groups.add(Group.objects.get(name=GROUP_OF[role]))
    return user


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def disable_sync(page) -> None:
    """Make a translation a manually edited one ("Stop synced translation"), so
    Wagtail's own editor opens for it instead of wagtail-localize's."""
    Translation.objects.filter(
        source__object_id=page.translation_key, target_locale=page.locale
    ).update(enabled=False)


def live(page):
    return type(page).objects.get(pk=page.pk)


def standard_page_form(page, **changes) -> dict:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "image": "",
            "body": streamfield([]),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "action-publish": "action-publish",
            **changes,
        }
    )


def article_page_form(article, **changes) -> dict:
    """The article editor's fields as they stand, with `changes`: a plain body."""
    return nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "date": f"{article.date:%Y-%m-%d}",
            "target_publish_date": "",
            "author": "",
            "category": "",
            "tags": "",
            "excerpt": article.excerpt,
            "cover_image": "",
            "body": streamfield([("paragraph", rich_text("<p>Text</p>"))]),
            "references": streamfield([]),
            "reviewer": "",
            "last_reviewed": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "action-publish": "action-publish",
            **changes,
        }
    )


def contact_page_form(page, **changes) -> dict:
    fields = list(page.form_fields.all())
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(page.intro),
            "thank_you_text": rich_text(page.thank_you_text),
            "consent_text": page.consent_text,
            "to_address": page.to_address,
            "from_address": page.from_address,
            "subject": page.subject,
            "seo_title": "",
            "search_description": "",
            "form_fields": inline_formset(
                [
                    {
                        "id": field.pk,
                        "label": field.label,
                        "field_type": field.field_type,
                        "required": "on",
                        "choices": "",
                        "default_value": "",
                        "help_text": "",
                    }
                    for field in fields
                ],
                initial=len(fields),
            ),
            "action-publish": "action-publish",
            **changes,
        }
    )


class World:
    """The bilingual site the actions act on, built as far as an action needs it.

    `commit` runs the transaction.on_commit callbacks of what happens inside it
    (pytest-django's django_capture_on_commit_callbacks): wagtail-localize
    publishes a translation when the transaction commits. `role` is whose view of
    it this is (a workflow's approvers are that role's group).
    """

    def __init__(self, home, zh, commit, role=None):
        self.home = home
        self.zh = zh
        self.commit = commit
        self.role = role

    @cached_property
    def zh_home(self):
        zh_home = translate_fully(self.home, self.zh)
        ensure_roles()  # page permissions follow the Chinese home page
        return zh_home

    @cached_property
    def superuser(self):
        return get_user_model().objects.create_superuser(
            "root", "root@example.com", "pw"
        )

    @cached_property
    def translator(self):
        ensure_roles()
        user = get_user_model().objects.create_user("lin", "lin@example.com", "pw")
        user.groups.add(Group.objects.get(name=TRANSLATORS))
        return user

    # --- Pages -------------------------------------------------------------------

    @cached_property
    def about(self) -> StandardPage:
        return AboutFactory(parent=self.home, title="About", slug="about", intro="Old")

    @cached_property
    def about_zh(self) -> StandardPage:
        self.zh_home  # noqa: B018 - the Chinese tree first
        return translate_fully(self.about, self.zh).specific

    def change_english_about(self, translated=True) -> None:
        """A marketer's edit of the English page, published; `translated`: its
        new words are already translated (a translator's earlier work that
        wagtail-localize reuses for the same field), so a sync leaves nothing
        untranslated."""
        self.about_zh  # noqa: B018
        self.about.intro = NEW_WORDS
        self.about.save_revision(user=self.superuser).publish(user=self.superuser)
        if translated:
            StringTranslation.objects.create(
                translation_of=String.from_value(
                    self.about.locale, StringValue.from_plaintext(NEW_WORDS)
                ),
                context=TranslationContext.objects.get(
                    object_id=self.about.translation_key, path="intro"
                ),
                locale=self.zh,
                data=NEW_WORDS_ZH,
            )

    def chinese_draft(self, user) -> None:
        """A translator's unpublished edit of the Chinese page."""
        page = self.about_zh
        page.intro = NEW_WORDS_ZH
        page.save_revision(user=user)

    def chinese_published(self) -> bool:
        page = live(self.about_zh)
        return page.live and page.intro == NEW_WORDS_ZH

    def english_shown_as_chinese(self) -> bool:
        return live(self.about_zh).intro == NEW_WORDS

    def english_published(self) -> bool:
        page = live(self.about)
        return page.live and page.intro == NEW_WORDS

    # --- A translatable snippet ---------------------------------------------------

    @cached_property
    def category(self) -> dict[str, Category]:
        english = Category.objects.create(name="Stem cells", slug="stem-cells")
        return {"en": english, "zh": translate_fully(english, self.zh)}

    def category_translation(self) -> Translation:
        """The Chinese category's translation, with new words for its name ready to
        publish: the English name changed, synced, and the Chinese typed in."""
        english = self.category["en"]
        english.name = NEW_WORDS
        english.save()
        source = TranslationSource.objects.get(object_id=english.translation_key)
        source.update_from_db()
        translation = source.translations.get(target_locale=self.zh)
        po = translation.export_po()
        next(entry for entry in po if entry.msgid == NEW_WORDS).msgstr = NEW_WORDS_ZH
        translation.import_po(po)
        return translation

    def chinese_category_published(self) -> bool:
        return Category.objects.get(pk=self.category["zh"].pk).name == NEW_WORDS_ZH

    # --- Contact pages and enquiries -------------------------------------------

    @cached_property
    def contact(self) -> dict[str, ContactPage]:
        english = ContactPageFactory(parent=self.home)
        for label, kind in (("Name", "singleline"), ("Message", "multiline")):
            ContactFormFieldFactory(page=english, label=label, field_type=kind)
        self.zh_home  # noqa: B018
        chinese = translate_fully(english, self.zh).specific
        return {"en": english, "zh": chinese}

    @cached_property
    def enquiry(self) -> dict[str, ContactSubmission]:
        return {
            language: ContactSubmission.objects.create(
                page=page,
                form_data={"name": "Tan", "message": ENQUIRY_TEXT[language]},
                consent_text="I agree.",
            )
            for language, page in self.contact.items()
        }

    # --- Documents, settings, workflows ------------------------------------------

    @cached_property
    def staff_document(self):
        collection = Collection.get_first_root_node().add_child(name="Staff only")
        CollectionViewRestriction.objects.create(
            collection=collection,
            restriction_type=CollectionViewRestriction.LOGIN,
        )
        return get_document_model().objects.create(
            title="Consent form",
            collection=collection,
            file=ContentFile(DOCUMENT_BYTES, name="consent-form.txt"),
        )

    def chinese_review(self):
        """A Chinese draft in a workflow whose approvers are the role's group."""
        workflow = Workflow.objects.create(name="Chinese review")
        task = GroupApprovalTask.objects.create(name="Approve")
        if self.role in GROUP_OF:
            task.groups.add(Group.objects.get(name=GROUP_OF[self.role]))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=self.zh_home)
        self.chinese_draft(self.translator)
        state = workflow.start(self.about_zh, self.translator)
        return state.current_task_state


# --- The actions ---------------------------------------------------------------------


def submissions_url(world, language) -> str:
    return reverse("wagtailforms:list_submissions", args=[world.contact[language].pk])


def read_submissions(world, client, language) -> bool:
    world.enquiry  # noqa: B018
    response = client.get(submissions_url(world, language))
    return response.status_code == 200 and ENQUIRY_TEXT[language] in (
        response.content.decode()
    )


def export_submissions(world, client, language, spreadsheet) -> bool:
    world.enquiry  # noqa: B018
    response = client.get(submissions_url(world, language), {"export": spreadsheet})
    if response.status_code != 200:
        return False
    content = response.getvalue()
    if spreadsheet == "csv":
        return ENQUIRY_TEXT[language] in content.decode()
    cells = openpyxl.load_workbook(io.BytesIO(content)).active.values
    return any(ENQUIRY_TEXT[language] in map(str, row) for row in cells)


def delete_submissions(world, client, language) -> bool:
    enquiry = world.enquiry[language]
    url = reverse("wagtailforms:delete_submissions", args=[enquiry.page_id])
    client.post(f"{url}?selected-submissions={enquiry.pk}")
    return not ContactSubmission.objects.filter(pk=enquiry.pk).exists()


def publish_english(world, client) -> bool:
    page = world.about
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        standard_page_form(page, intro=NEW_WORDS),
    )
    return world.english_published()


def publish_chinese_in_page_editor(world, client) -> bool:
    page = world.about_zh
    disable_sync(page)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        standard_page_form(page, intro=NEW_WORDS_ZH),
    )
    return world.chinese_published()


def _refused_on_commit(post) -> None:
    # A publish the views let through and home/publishing.py refuses on commit is
    # refused all the same (tests/test_chinese_publishing.py checks no view does).
    with suppress(PublishPagePermissionError):
        post()


def publish_chinese_in_translation_editor(world, client) -> bool:
    world.change_english_about()
    TranslationSource.objects.get(
        object_id=world.about.translation_key
    ).update_from_db()
    url = reverse("wagtailadmin_pages:edit", args=[world.about_zh.pk])
    with world.commit(execute=True):
        _refused_on_commit(lambda: client.post(url, {"action": "publish"}))
    return world.chinese_published()


def publish_chinese_by_syncing(world, client) -> bool:
    world.change_english_about()
    source = TranslationSource.objects.get(object_id=world.about.translation_key)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    with world.commit(execute=True):
        _refused_on_commit(lambda: client.post(url, {"publish_translations": "on"}))
    return world.chinese_published()


def publish_chinese_after_po_upload(world, client) -> bool:
    world.change_english_about(translated=False)
    translation = Translation.objects.get(
        source__object_id=world.about.translation_key, target_locale=world.zh
    )
    translation.source.update_from_db()
    po = translation.export_po()
    next(entry for entry in po if entry.msgid == NEW_WORDS).msgstr = NEW_WORDS_ZH
    client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": ContentFile(str(po).encode(), name="about.po"), "next": "/admin/"},
    )
    url = reverse("wagtailadmin_pages:edit", args=[world.about_zh.pk])
    with world.commit(execute=True):
        _refused_on_commit(lambda: client.post(url, {"action": "publish"}))
    return world.chinese_published()


def publish_chinese_by_translate_this_page(world, client) -> bool:
    """wagtail-localize's "Translate this page" for a new English page: a draft."""
    world.zh_home  # noqa: B018
    english = AboutFactory(parent=world.home, title="Services", slug="services")
    url = reverse("wagtail_localize:submit_page_translation", args=[english.pk])
    with world.commit(execute=True):
        _refused_on_commit(lambda: client.post(url, {"locales": [world.zh.pk]}))
    chinese = english.get_translation_or_none(world.zh)
    return chinese is not None and chinese.live


def publish_chinese_snippet_in_translation_editor(world, client) -> bool:
    world.category_translation()
    url = reverse("wagtailsnippets_blog_category:edit", args=[world.category["zh"].pk])
    client.post(url, {"action": "publish"})
    return world.chinese_category_published()


def publish_chinese_snippet_by_syncing(world, client) -> bool:
    source = world.category_translation().source
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    client.post(url, {"publish_translations": "on"})
    return world.chinese_category_published()


def publish_chinese_in_bulk(world, client) -> bool:
    world.chinese_draft(world.translator)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{url}?id={world.about_zh.pk}", {"include_descendants": ""})
    return world.chinese_published()


def publish_chinese_by_approving(world, client) -> bool:
    task_state = world.chinese_review()
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[world.about_zh.pk, "approve", task_state.pk],
    )
    with suppress(PublishPagePermissionError):
        client.post(url, {})
    return world.chinese_published()


def publish_chinese_on_schedule(world, client) -> bool:
    page = world.about_zh
    disable_sync(page)
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        standard_page_form(
            page, intro=NEW_WORDS_ZH, go_live_at=go_live.strftime("%Y-%m-%d %H:%M")
        ),
    )
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=io.StringIO())
    return world.chinese_published()


def edit_form_addresses(world, client, language) -> bool:
    page = world.contact[language]
    if language == "zh":
        disable_sync(page)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        contact_page_form(page, to_address=OUTSIDE_ADDRESS),
    )
    return live(page).to_address == OUTSIDE_ADDRESS


def download_restricted_document(world, client) -> bool:
    document = world.staff_document
    response = client.get(document.url)
    if response.status_code != 200:
        return False
    return response.getvalue() == DOCUMENT_BYTES


def read_consultations_report(world, client) -> bool:
    """The report of pages that bring consultations, with a page's count in it."""
    record_click(world.about, "whatsapp")
    response = client.get(reverse("consultations_report"))
    return response.status_code == 200 and "About" in response.content.decode()


def edit_site_settings(world, client) -> bool:
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["home", "clinicsettings", site.pk])
    client.post(
        url,
        nested_form_data(
            {
                "phone": "+65 0000 0000",
                "whatsapp": "",
                "email": "",
                "consultation_page": "",
                "opening_hours": streamfield([]),
                "special_hours": streamfield([]),
                "logo": "",
                "social_links": "",
                "robots_txt": "",
            }
        ),
    )
    return ClinicSettings.for_site(site).phone == "+65 0000 0000"
