"""Browser journey: a translator writes "保证根治" ("guaranteed to cure") into a
Chinese article in Wagtail's editor and sees the blocking finding appear without
a reload (content_checks/static/content_checks/editor.js); Publish is refused
with the words and where to get an override; a compliance approver records one
with a reason; the page's history says who, when and why, and the translator
then publishes it.

The Chinese article is a translation edited by hand ("Stop synced translation"):
Wagtail's own editor, where the panel lives.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

import pytest
from playwright.sync_api import expect

from blog.models import ArticlePage
from demo.content import KNEE_ARTICLE
from staff.roles import COMPLIANCE_APPROVERS, TRANSLATORS
from tests.browser import DESKTOP
from tests.journeys_support import browser_tab, sign_in
from tests.roles_support import disable_sync, live

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"
PROMISE = "本疗法保证根治膝骨关节炎。"  # "this therapy is guaranteed to cure..."
REASON = "Wording approved by the clinic's compliance officer for this campaign."


def staff(name: str, group: str):
    user = get_user_model().objects.create_user(name, f"{name}@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_a_blocking_promise_is_seen_live_refused_overridden_and_published(
    live_demo, chromium, problems
):
    base = live_demo
    article = ArticlePage.objects.get(
        slug=KNEE_ARTICLE["slug"], locale__language_code="zh-hans"
    )
    disable_sync(article)
    staff("lin", TRANSLATORS)
    staff("cora", COMPLIANCE_APPROVERS)
    edit = f"{base}{reverse('wagtailadmin_pages:edit', args=[article.pk])}"

    with browser_tab(chromium, DESKTOP, problems) as page:
        page.set_default_timeout(60_000)  # a shared CI machine renders slowly
        sign_in(page, base, "lin", PASSWORD)
        page.goto(edit)
        panel = page.locator("[data-content-checks]")
        expect(panel.locator("[data-content-checks-clean]")).to_be_visible()

        # Typed, not saved: the finding appears in place, the page is not reloaded.
        page.evaluate("window.notReloaded = true")
        page.get_by_role("textbox", name="Excerpt").fill(PROMISE)
        blocked = panel.locator("[data-content-checks-blocked]")
        expect(blocked).to_contain_text("“保证”, “根治”")
        expect(panel.locator("[data-severity=blocking]").first).to_contain_text("保证")
        expect(panel).to_contain_text("HCSA")
        expect(panel.locator(".content-checks__preview")).to_contain_text(article.title)
        assert page.evaluate("window.notReloaded") is True

        # Publish: refused, the draft kept, the words and the way out said.
        page.get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Publish").click()
        message = page.locator(".messages").get_by_text("was not published")
        expect(message).to_contain_text("“保证”, “根治”")
        override_path = reverse("content_checks_override", args=[article.pk])
        expect(message).to_contain_text(override_path)
        assert live(article).excerpt != PROMISE

    # The compliance approver follows the link they were sent.
    with browser_tab(chromium, DESKTOP, problems) as page:
        page.set_default_timeout(60_000)
        sign_in(page, base, "cora", PASSWORD)
        page.goto(f"{base}{override_path}")
        expect(page.get_by_role("main")).to_contain_text("根治")
        page.get_by_label("Reason").fill(REASON)
        page.get_by_role("button", name="Record the override").click()
        expect(page.get_by_text("Override recorded")).to_be_visible()

    with browser_tab(chromium, DESKTOP, problems) as page:
        page.set_default_timeout(60_000)
        sign_in(page, base, "lin", PASSWORD)
        page.goto(f"{base}{reverse('wagtailadmin_pages:history', args=[article.pk])}")
        entry = page.get_by_role("row").filter(has_text="Compliance override")
        expect(entry).to_contain_text(REASON)  # why
        expect(entry).to_contain_text("cora")  # who
        expect(entry.locator("time, [datetime], td").first).to_be_visible()  # when

        page.goto(edit)
        expect(page.locator("[data-content-checks-overridden]")).to_be_visible()
        page.get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_text("has been published")).to_be_visible()
    assert live(article).excerpt == PROMISE
