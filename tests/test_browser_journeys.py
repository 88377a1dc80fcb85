"""End-to-end journeys in Chromium against a live server holding the demo content.

- A visitor, on a desktop and on a phone, reads the seed article, switches it to
  Chinese, searches in Chinese and sends the consultation form.
- A marketer adds an FAQ to the seed article in Wagtail's editor, previews it and
  publishes it; an anonymous visitor sees it at once.
- A translator translates a new FAQ in wagtail-localize's editor and publishes the
  Chinese article; the English article stays closed to them.
- A visitor taps WhatsApp on the seed article; a marketer sees that tap in the
  report of pages that bring consultations.

Every public page visited must run without a console error or a failed request.
The demo content takes seconds to load (tests/journeys_support.py: `live_demo`), so
each journey is one test.
"""

import re
import time
from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail_localize.models import TranslationSource

import pytest
from playwright.sync_api import expect

from blog.models import ArticlePage
from consultations.models import DailyConsultationCount
from demo.content import KNEE_ARTICLE
from enquiries import forms as contact_form
from enquiries.models import ContactPage, ContactSubmission
from staff.roles import MARKETERS, TRANSLATORS
from tests.browser import DESKTOP, PHONE
from tests.journeys_support import (
    browser_tab,
    edit_from_userbar,
    main_navigation,
    sidebar_section,
    sign_in,
    site_header,
    translate_segment,
    ui,
)

pytestmark = [
    pytest.mark.browser,
    # A live server needs committed data; the flush after each test empties the
    # database, so the migrations' data (the root page) is restored before each.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"
NEW_QUESTION = "Can I drive home after the injection?"
NEW_ANSWER = "Most patients can, because no sedation is used."
NEW_TAG = "Driving after treatment"
# What the translator types for them.
CHINESE = {
    NEW_QUESTION: "注射后可以自己开车回家吗？",
    NEW_ANSWER: "大多数患者可以，因为治疗不使用镇静剂。",
}


def seed_article(language: str = "en") -> ArticlePage:
    return ArticlePage.objects.get(
        slug=KNEE_ARTICLE["slug"], locale__language_code=language
    )


def staff_user(username: str, group_name: str):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", PASSWORD
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


# -- 1. Visitor ---------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_visitor_reads_switches_language_searches_and_asks_for_a_consultation(
    live_demo,
    chromium,
    viewport,
    problems,
    settings,
):
    # The form refuses posts sent sooner than a person could fill it in; the
    # visitor below waits that long, made short so the journey stays quick.
    settings.CONTACT_FORM_MIN_SECONDS = 1
    english, chinese = seed_article("en"), seed_article("zh-hans")
    contact = ContactPage.objects.get(locale__language_code="zh-hans")

    with browser_tab(chromium, viewport, problems) as page:
        page.goto(f"{live_demo}/")
        expect(page).to_have_url(f"{live_demo}/en/")

        main_navigation(page, "en").get_by_role("link", name="Insights").click()
        expect(page).to_have_url(f"{live_demo}/en/insights/")

        category = english.category.name
        sidebar_section(page, "Categories").get_by_role("link", name=category).click()
        expect(page).to_have_url(re.compile(r"/en/insights/category/[\w-]+/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(category)

        card = page.get_by_role("article").filter(has_text=english.title)
        card.get_by_role("link", name=english.title, exact=True).click()
        expect(page).to_have_url(f"{live_demo}{english.url}")
        expect(page.get_by_role("heading", level=1)).to_have_text(english.title)

        switcher = site_header(page, "en").get_by_role(
            "navigation", name=ui("Language", "en")
        )
        switcher.get_by_role("link", name="中文").click()
        expect(page).to_have_url(f"{live_demo}/zh-hans/insights/{english.slug}/")
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        expect(page.get_by_role("heading", level=1)).to_have_text(chinese.title)

        search_box = site_header(page, "zh-hans").get_by_role("searchbox")
        search_box.fill("干细胞")
        search_box.press("Enter")
        expect(page).to_have_url(re.compile(r"/zh-hans/search/\?q="))
        result = page.get_by_role("heading", name=chinese.title, level=2)
        result.get_by_role("link").click()
        expect(page).to_have_url(f"{live_demo}{chinese.url}")

        main_navigation(page, "zh-hans").get_by_role("link", name=contact.title).click()
        expect(page).to_have_url(f"{live_demo}{contact.url}")
        form_shown = time.monotonic()

        labels = {field.clean_name: field.label for field in contact.form_fields.all()}
        page.get_by_label(labels["full_name"]).fill("林美华")
        page.get_by_label(labels["email"]).fill("meihua@example.com")
        page.get_by_label(labels["phone"], exact=True).fill("+65 6123 4567")
        page.get_by_label(labels["preferred_language"], exact=True).select_option(
            "中文"
        )
        page.get_by_label(labels["message"]).press_sequentially(
            "我想了解膝关节的干细胞治疗。", delay=20
        )
        page.get_by_label(contact.consent_label()).check()
        # Never faster than a person: a quicker post is taken for a bot's and
        # silently dropped.
        filling = time.monotonic() - form_shown
        time.sleep(max(0.0, contact_form.min_fill_seconds() - filling))
        page.get_by_role("button", name=ui("Send", "zh-hans")).click()

        expect(page.get_by_role("heading", level=1)).to_have_text(
            ui("Thank you", "zh-hans")
        )

    submission = ContactSubmission.objects.get(page=contact)
    assert submission.form_data == {
        "full_name": "林美华",
        "email": "meihua@example.com",
        "phone": "+65 6123 4567",
        "preferred_language": "中文",
        "message": "我想了解膝关节的干细胞治疗。",
    }
    assert submission.consent_text == contact.consent_label()
    assert submission.marketing_consent is False  # left unticked
    # Counted for the article read before the form (sessionStorage, no cookie).
    enquiries = DailyConsultationCount.objects.filter(kind="enquiry")
    assert [(row.page_id, row.count) for row in enquiries] == [(chinese.pk, 1)]


# -- 2. Marketer --------------------------------------------------------------------


def test_marketer_adds_an_faq_previews_and_publishes(
    live_demo,
    chromium,
    problems,
):
    staff_user("mara", MARKETERS)
    article = seed_article("en")
    public_url = f"{live_demo}{article.url}"

    with browser_tab(chromium, DESKTOP, problems) as visitor:
        visitor.goto(public_url)  # now in the page cache
        expect(visitor.get_by_text(NEW_QUESTION)).to_have_count(0)

        with browser_tab(chromium, DESKTOP, problems) as page:
            sign_in(page, live_demo, "mara", PASSWORD)
            edit_from_userbar(page, public_url, "en")

            body = page.get_by_role("region", name="Body")
            faqs = body.get_by_role("region", name="FAQ")
            faqs_before = faqs.count()
            body.get_by_role("button", name="Insert a block").last.click()
            page.get_by_role("option", name="FAQ", exact=True).click()
            # The new block is inserted by script: wait for it before taking the last.
            expect(faqs).to_have_count(faqs_before + 1)
            new_faq = faqs.last
            new_faq.get_by_role("textbox", name="Question").fill(NEW_QUESTION)
            answer = new_faq.locator('[data-contentpath="answer"]')  # rich text
            answer.get_by_role("textbox").click()
            page.keyboard.type(NEW_ANSWER)

            # Tags: typing finds an existing one; a new name becomes a new tag.
            tags = page.locator(".tagit")
            tags.locator("input").press_sequentially("immu")
            suggestion = page.locator(".ui-menu-item").filter(has_text="Immune Cells")
            expect(suggestion).to_have_count(1)
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            expect(tags.get_by_text("Immune Cells")).to_be_visible()
            tags.locator("input").press_sequentially(NEW_TAG)
            page.keyboard.press("Enter")
            expect(tags.get_by_text(NEW_TAG)).to_be_visible()

            page.get_by_role("button", name="Toggle preview").click()
            preview = page.get_by_title("Preview", exact=True).last.content_frame
            expect(preview.get_by_text(NEW_QUESTION)).to_be_visible()

            page.get_by_role("button", name="More actions").click()
            page.get_by_role("button", name="Publish", exact=True).click()
            published = f"Page '{article.title}' has been published."
            expect(page.get_by_text(published)).to_be_visible()

        visitor.reload()
        faq = visitor.get_by_role("group").filter(has_text=NEW_QUESTION)
        expect(faq).to_have_count(1)
        faq.get_by_text(NEW_QUESTION).click()  # a disclosure widget: opens on click
        expect(faq.get_by_text(NEW_ANSWER)).to_be_visible()
        filed_under = visitor.locator(".article__footer .tag-list")
        expect(filed_under.get_by_role("link", name="Immune Cells")).to_be_visible()
        expect(filed_under.get_by_role("link", name=NEW_TAG)).to_be_visible()

    article.refresh_from_db()
    last_block = article.body[-1]
    assert last_block.block_type == "faq"
    assert last_block.value["items"][0]["question"] == NEW_QUESTION
    assert article.live_revision.user.username == "mara"


# -- 3. Translator ------------------------------------------------------------------


@pytest.fixture
def english_faq_synced(live_demo):
    """A marketer has published a new FAQ on the English article and synced its
    translations as "Sync translated pages" does when not told to publish them: the
    source gets the new strings, the live Chinese page stays as it was."""
    article = seed_article("en")
    faq_block = article.body.stream_block.child_blocks["faq"]
    new_faq = faq_block.to_python(
        {
            "heading": "",
            "items": [{"question": NEW_QUESTION, "answer": f"<p>{NEW_ANSWER}</p>"}],
        }
    )
    # Appended in place, so the existing blocks keep their ids (and translations).
    article.body.append(("faq", new_faq))
    article.save_revision().publish()

    source = TranslationSource.objects.get_for_instance(article)
    source.update_from_db()
    translation = source.translations.get(target_locale__language_code="zh-hans")
    total, done = translation.get_progress()
    assert total - done == 2  # the question and its answer
    return article


def test_translator_translates_the_new_faq_and_publishes(
    english_faq_synced,
    live_demo,
    chromium,
    problems,
):
    staff_user("lin", TRANSLATORS)
    english = english_faq_synced
    english_revisions = english.revisions.count()
    chinese = seed_article("zh-hans")
    public_url = f"{live_demo}{chinese.url}"

    with browser_tab(chromium, DESKTOP, problems) as visitor:
        visitor.goto(public_url)
        # Synced but not translated: nothing of the new FAQ, in any language, is live.
        expect(visitor.get_by_text(NEW_QUESTION)).to_have_count(0)

        with browser_tab(chromium, DESKTOP, problems) as page:
            sign_in(page, live_demo, "lin", PASSWORD)
            edit_from_userbar(page, public_url, "zh-hans")
            expect(page).to_have_url(
                f"{live_demo}{reverse('wagtailadmin_pages:edit', args=[chinese.pk])}"
            )

            for source_text, translated in CHINESE.items():
                translate_segment(page, source_text, translated)

            page.get_by_role("button", name="Publish in 中文").click()
            # Not "… with missing translations": no English is left to fall back to.
            published = f"Published '{chinese.title}' in 中文."
            expect(page.get_by_text(published, exact=True)).to_be_visible()

            # The English article's editor is closed to a translator: Wagtail sends
            # them back to the dashboard and says why.
            english_edit = reverse("wagtailadmin_pages:edit", args=[english.pk])
            page.goto(f"{live_demo}{english_edit}")
            expect(page).to_have_url(f"{live_demo}{reverse('wagtailadmin_home')}")
            refused = "Sorry, you do not have permission to access this area."
            expect(page.get_by_text(refused)).to_be_visible()

        visitor.reload()
        question, answer = CHINESE[NEW_QUESTION], CHINESE[NEW_ANSWER]
        faq = visitor.get_by_role("group").filter(has_text=question)
        expect(faq).to_have_count(1)
        faq.get_by_text(question).click()
        expect(faq.get_by_text(answer)).to_be_visible()
        expect(visitor.get_by_text(NEW_QUESTION)).to_have_count(0)

    # The translator changed nothing in English.
    assert english.revisions.count() == english_revisions


# -- 4. Which pages bring consultations ---------------------------------------------


def test_a_whatsapp_tap_on_an_article_shows_in_the_marketers_report(
    live_demo, chromium, problems
):
    staff_user("mara", MARKETERS)
    article = seed_article("en")
    opened: list[str] = []

    def whatsapp(route):  # no internet: WhatsApp's page, as far as we need it
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/plain", body="WhatsApp")

    with browser_tab(chromium, DESKTOP, problems) as page:
        page.route("https://wa.me/**", whatsapp)
        page.goto(f"{live_demo}{article.url}")
        site_header(page, "en").get_by_role("link", name="WhatsApp").click()
        page.wait_for_url("https://wa.me/**")
        assert len(opened) == 1
        assert f"I read “{article.title}”" in unquote(opened[0])

        # The beacon left as the tab navigated: it is counted within moments.
        counted = DailyConsultationCount.objects.filter(page=article, kind="whatsapp")
        deadline = time.monotonic() + 10
        while not counted.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [row.count for row in counted] == [1]

        sign_in(page, live_demo, "mara", PASSWORD)
        page.get_by_role("button", name="Reports").click()
        page.get_by_role("link", name="Consultations by page").click()
        row = page.get_by_role("row").filter(has_text=article.title)
        expect(row).to_be_visible()  # the report has loaded
        whatsapp_column = page.get_by_role("columnheader").all_inner_texts()
        cells = row.get_by_role("cell").all_inner_texts()
        assert cells[whatsapp_column.index("WhatsApp")] == "1"
