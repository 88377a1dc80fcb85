"""Browser journey: a translator finds the Outdated row of a Chinese article after an
English change, updates it with the editor's diff and suggestions
(translations/static/translations/editor.js), publishes, and the row is Up to date.

It also pins what editor.js relies on in wagtail-localize's React editor (each
block an <h3> followed by its list of segments, rendered in the props' order, a
textarea saved with Enter): if an upgrade changes that, the panels vanish and this
test fails.
"""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from wagtail.rich_text import RichText
from wagtail_localize.models import StringTranslation, TranslationSource

import pytest
from playwright.sync_api import expect

from blog.models import ArticlePage
from demo.content import KNEE_ARTICLE
from staff.roles import TRANSLATORS
from tests.browser import DESKTOP
from tests.journeys_support import PublicPageProblems, browser_tab, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"
# Two paragraphs of the seed article a marketer rewords.
SAME_MEANING = ("In recent years, stem cell", "Over recent years, stem cell")
NEW_MEANING = (
    "According to clinical research data [4,5]:",
    "According to the latest clinical research data [4,5]:",
)
NEW_CHINESE = "根据最新的临床研究数据[4,5]："


def seed_article(language):
    return ArticlePage.objects.get(
        slug=KNEE_ARTICLE["slug"], locale__language_code=language
    )


def reword(article, old, new):
    """Edit a paragraph in place (its block id, so its context, stays)."""
    for block in article.body:
        if block.block_type == "paragraph" and old in block.value.source:
            block.value = RichText(block.value.source.replace(old, new))
            return block.value.source.removeprefix("<p>").removesuffix("</p>")
    raise LookupError(old)


@pytest.fixture
def english_changed(live_server):
    call_command("load_demo_content", stdout=StringIO())
    article = seed_article("en")
    chinese_before = {
        row.translation_of.data: row.data
        for row in StringTranslation.objects.filter(
            locale__language_code="zh-hans"
        ).select_related("translation_of")
    }
    texts = {}
    for old, new in (SAME_MEANING, NEW_MEANING):
        old_text = next(t for t in chinese_before if t.startswith(old))
        texts[new] = (reword(article, old, new), chinese_before[old_text])
    article.save_revision().publish()
    TranslationSource.objects.get_for_instance(article).update_from_db()
    user = get_user_model().objects.create_user("lin", "lin@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name=TRANSLATORS))
    return live_server.url, texts


def segment_item(page, source):
    return (
        page.get_by_role("listitem")
        .filter(has=page.get_by_text(source, exact=True))
        .last  # the innermost item: the segment, not its block
    )


def test_translator_accepts_a_suggestion_translates_the_rest_and_publishes(
    english_changed, chromium
):
    base, texts = english_changed
    chinese = seed_article("zh-hans")
    same_text, same_chinese = texts[SAME_MEANING[1]]
    new_text, _old_chinese = texts[NEW_MEANING[1]]
    problems = PublicPageProblems()

    english = seed_article("en")
    report = f"{base}{reverse('translation_status')}"
    with browser_tab(chromium, DESKTOP, problems) as page:
        page.set_default_timeout(60_000)  # a shared CI machine renders slowly
        sign_in(page, base, "lin", PASSWORD)
        # The row that the English publish turned Outdated leads to the editor.
        page.goto(f"{report}?state=outdated")
        row = page.get_by_role("row").filter(has_text=english.title)
        expect(row).to_contain_text("Outdated")
        row.get_by_role("link", name=english.title).first.click()
        expect(page).to_have_url(
            f"{base}{reverse('wagtailadmin_pages:edit', args=[chinese.pk])}"
        )
        progress = page.locator("[data-cockpit-progress]")
        expect(progress).to_have_text(re.compile(r"^\s*(\d+) of (\d+) segments"))
        done, total = map(int, re.findall(r"\d+", progress.inner_text()))
        assert total - done == 2

        # The reworded paragraph: old English, the word diff, the old Chinese.
        reworded = segment_item(page, same_text)
        expect(reworded.locator(".cockpit-old")).to_contain_text("In recent years")
        expect(reworded.locator(".cockpit-diff del")).to_have_text(["In"])
        expect(reworded.locator(".cockpit-diff ins")).to_have_text(["Over"])
        expect(reworded.locator(".cockpit-suggestion")).to_have_text(same_chinese)
        stem_cell = reworded.locator(".cockpit-glossary li").filter(has_text="干细胞")
        expect(stem_cell).not_to_contain_text("·")  # nothing to check yet
        reworded.get_by_role("button", name="Accept suggestion").click()
        expect(progress).to_contain_text(f"{done + 1} of {total}")
        expect(reworded.get_by_text(same_chinese, exact=True).first).to_be_visible()
        expect(stem_cell).to_contain_text("used")

        # The changed one: start from the suggestion, say what is new, save.
        changed = segment_item(page, new_text)
        changed.get_by_role("button", name="Edit suggestion").click()
        changed.get_by_role("textbox").fill(NEW_CHINESE)
        changed.get_by_role("button", name="Save").click()
        expect(changed.get_by_text(NEW_CHINESE, exact=True)).to_be_visible()
        expect(progress).to_contain_text(f"{total} of {total}")

        page.get_by_role("button", name="Publish in 中文").click()
        published = f"Published '{chinese.title}' in 中文."
        expect(page.get_by_text(published, exact=True)).to_be_visible()

        page.goto(f"{report}?state=up-to-date")
        row = page.get_by_role("row").filter(has_text=english.title)
        expect(row).to_contain_text("Up to date")

        # Its first render makes the image renditions: slow on a busy machine.
        page.goto(f"{base}{chinese.url}", timeout=30_000)
        expect(page.get_by_text(same_chinese)).to_have_count(1)
        expect(page.get_by_text(NEW_CHINESE)).to_have_count(1)
        expect(page.get_by_text(new_text)).to_have_count(0)

    assert problems.problems == []
