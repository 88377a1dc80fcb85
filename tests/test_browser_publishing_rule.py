"""Browser journeys for the publishing rule, with the demo content (Chromium).

- A translator translates one of the two new FAQ strings, presses "Publish in
  中文" and is refused, told how many segments are missing; the live Chinese page
  is unchanged. Once the other string is translated, publishing works.
- A marketer finds no way to publish the Chinese article: its editor is closed to
  them, "Sync translated pages" offers no "Publish immediately", and the English
  page's status panel leads to the live Chinese page, not to an editor.

Fixtures and helpers are the main journeys' (tests/test_browser_journeys.py).
"""

from django.urls import reverse

from wagtail_localize.models import TranslationSource

import pytest
from playwright.sync_api import expect

from staff.roles import MARKETERS, TRANSLATORS
from tests.browser import DESKTOP
from tests.journeys_support import (
    browser_tab,
    edit_from_userbar,
    sign_in,
    translate_segment,
)
from tests.test_browser_journeys import (  # noqa: F401 - fixtures
    CHINESE,
    NEW_ANSWER,
    NEW_QUESTION,
    PASSWORD,
    english_faq_synced,
    seed_article,
    staff_user,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_translator_cannot_publish_with_a_segment_missing(
    english_faq_synced,  # noqa: F811
    live_demo,
    chromium,
    problems,
):
    staff_user("lin", TRANSLATORS)
    chinese = seed_article("zh-hans")
    live_revision = chinese.live_revision_id
    public_url = f"{live_demo}{chinese.url}"

    with browser_tab(chromium, DESKTOP, problems) as visitor:
        with browser_tab(chromium, DESKTOP, problems) as page:
            sign_in(page, live_demo, "lin", PASSWORD)
            edit_from_userbar(page, public_url, "zh-hans")
            translate_segment(page, NEW_QUESTION, CHINESE[NEW_QUESTION])

            page.get_by_role("button", name="Publish in 中文").click()
            refused = page.get_by_text("1 segment is not translated yet")
            expect(refused).to_be_visible()
            expect(page.get_by_text("with missing translations")).to_have_count(0)
            chinese.refresh_from_db()
            assert chinese.live_revision_id == live_revision

            visitor.goto(public_url)
            expect(visitor.get_by_text(CHINESE[NEW_QUESTION])).to_have_count(0)
            expect(visitor.get_by_text(NEW_ANSWER)).to_have_count(0)

            translate_segment(page, NEW_ANSWER, CHINESE[NEW_ANSWER])
            page.get_by_role("button", name="Publish in 中文").click()
            published = f"Published '{chinese.title}' in 中文."
            expect(page.get_by_text(published, exact=True)).to_be_visible()

        visitor.reload()
        expect(visitor.get_by_text(CHINESE[NEW_QUESTION])).to_have_count(1)
        expect(visitor.get_by_text(NEW_QUESTION)).to_have_count(0)


def test_marketer_finds_no_way_to_publish_chinese(
    english_faq_synced,  # noqa: F811
    live_demo,
    chromium,
    problems,
):
    staff_user("mara", MARKETERS)
    english = english_faq_synced
    chinese = seed_article("zh-hans")
    live_revision = chinese.live_revision_id
    source = TranslationSource.objects.get_for_instance(english)

    with browser_tab(chromium, DESKTOP, problems) as page:
        sign_in(page, live_demo, "mara", PASSWORD)

        # The Chinese article's editor (and so its "Publish in 中文") is closed.
        page.goto(f"{live_demo}{reverse('wagtailadmin_pages:edit', args=[chinese.pk])}")
        expect(page).to_have_url(f"{live_demo}{reverse('wagtailadmin_home')}")
        refused = "Sorry, you do not have permission to access this area."
        expect(page.get_by_text(refused)).to_be_visible()

        # No Chinese page is theirs to publish in bulk either.
        page.goto(f"{live_demo}{reverse('wagtailadmin_explore', args=[chinese.pk])}")
        expect(page.get_by_role("button", name="Publish")).to_have_count(0)

        # Syncing is theirs; publishing the translations is not offered.
        sync = reverse("wagtail_localize:update_translations", args=[source.pk])
        page.goto(f"{live_demo}{sync}")
        expect(page.get_by_text("Translators publish them.")).to_be_visible()
        expect(page.get_by_label("Publish immediately")).to_have_count(0)
        page.get_by_role("button", name="Submit").click()
        expect(page.get_by_text("Successfully updated")).to_be_visible()

        # The English page's status panel leads to the live Chinese page.
        page.goto(f"{live_demo}{reverse('wagtailadmin_pages:edit', args=[english.pk])}")
        page.get_by_role("button", name="Toggle status").click()
        status = page.locator('[data-side-panel="status"]')
        expect(status.get_by_text("Available in 2 locales")).to_be_visible()
        status.get_by_role("button", name="Switch locales").click()
        # (Not followed here: leaving the editor writes its editing session while
        # the page renders, which the shared in-memory SQLite refuses.)
        link = status.get_by_role("link", name="中文 (live page)")
        expect(link).to_have_attribute("href", chinese.url)

    chinese.refresh_from_db()
    assert chinese.live_revision_id == live_revision
