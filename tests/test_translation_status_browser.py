"""Browser journey: a marketer publishes an English change; the Chinese row of
Reports → Translations status turns Outdated and the live Chinese page is unchanged
(Chromium against a live server holding the demo content; tests/browser.py)."""

from django.urls import reverse

import pytest
from playwright.sync_api import expect

from staff.roles import MARKETERS
from tests.browser import DESKTOP
from tests.journeys_support import (
    browser_tab,
    edit_from_userbar,
    sign_in,
)
from tests.test_browser_journeys import PASSWORD, seed_article, staff_user
from translations.status import count_words

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


SLOW = 60_000  # ms: a shared CI machine renders an admin page or a publish slowly


def test_marketer_publishes_english_and_the_chinese_row_turns_outdated(
    live_demo, chromium, problems
):
    staff_user("mara", MARKETERS)
    english, chinese = seed_article("en"), seed_article("zh-hans")
    new_title = f"{english.title} (2026 update)"
    report = f"{live_demo}{reverse('translation_status')}?state=outdated"

    with browser_tab(chromium, DESKTOP, problems) as visitor:
        # The first visit renders the article's image renditions (AVIF, WebP).
        visitor.set_default_timeout(SLOW)
        visitor.goto(f"{live_demo}{chinese.url}")
        expect(visitor.get_by_role("heading", level=1)).to_have_text(chinese.title)

        with browser_tab(chromium, DESKTOP, problems) as page:
            page.set_default_timeout(SLOW)
            sign_in(page, live_demo, "mara", PASSWORD)
            page.goto(report)
            expect(
                page.get_by_role("row").filter(has_text=english.title)
            ).to_have_count(0)

            edit_from_userbar(page, f"{live_demo}{english.url}", "en")
            page.locator("#id_title").fill(new_title)
            page.get_by_role("button", name="More actions").click()
            page.get_by_role("button", name="Publish", exact=True).click()
            expect(
                page.get_by_text(f"Page '{new_title}' has been published.")
            ).to_be_visible()

            # The source is synced once the publish's request has finished, after
            # its response: on another connection the report may come first.
            row = page.get_by_role("row").filter(has_text=new_title)
            for _ in range(20):
                page.goto(report)
                if row.count():
                    break
                page.wait_for_timeout(250)
            expect(row).to_have_count(1)
            expect(row).to_contain_text("Outdated")
            expect(row).to_contain_text("中文")
            # The title is one segment: all its words wait for the translator.
            expect(row).to_contain_text(f"{count_words(new_title)} words left")

        visitor.reload()
        expect(visitor.get_by_role("heading", level=1)).to_have_text(chinese.title)
        expect(visitor.get_by_text("2026 update")).to_have_count(0)
