"""In Chromium at phone width: the contact form's checkboxes sit beside their words,
and each is a tap target at least 44 × 44 px (WCAG 2.5.5; Apple's and Google's
guidance), in both languages."""

from io import StringIO

from django.core.management import call_command

import pytest

from enquiries.forms import CONSENT_FIELD, MARKETING_FIELD
from tests.browser import PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MINIMUM_TARGET = 44
BOXES = """(name) => {
    const box = document.querySelector(`input[name="${name}"]`);
    const label = box.closest("label");
    const words = label.querySelector("span");
    const rect = (element) => element.getBoundingClientRect().toJSON();
    return {box: rect(box), label: rect(label), words: rect(words)};
}"""


def test_consent_checkboxes_are_big_targets_beside_their_words(live_server, chromium):
    call_command("load_demo_content", stdout=StringIO())
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    for path in ["/en/contact/", "/zh-hans/contact/"]:
        page.goto(live_server.url + path)
        for name in (CONSENT_FIELD, MARKETING_FIELD):
            boxes = page.evaluate(BOXES, name)
            box, label, words = boxes["box"], boxes["label"], boxes["words"]
            assert label["height"] >= MINIMUM_TARGET, (path, name, label)
            assert label["width"] >= MINIMUM_TARGET, (path, name, label)
            # Beside, not above: the box left of the words, on their first line.
            assert box["right"] <= words["left"], (path, name, boxes)
            assert box["top"] < words["top"] + 24, (path, name, boxes)
        # Tapping the words ticks the box.
        page.locator(f"label:has(input[name='{CONSENT_FIELD}']) span").first.click()
        assert page.locator(f"input[name='{CONSENT_FIELD}']").is_checked()
    context.close()
