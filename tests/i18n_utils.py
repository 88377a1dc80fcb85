"""Full translations for tests: every string replaced by recognisably Chinese text."""

import re

from wagtail.models import Locale

from home.translation import translate

_TAG_OR_WORD = re.compile(r"(<[^>]+>)|[A-Za-z][A-Za-z'’-]*")


def fake_chinese(text: str) -> str:
    """Each English word becomes 译, tags (rich-text markup, link ids) stay intact."""
    return _TAG_OR_WORD.sub(lambda m: m.group(1) or "译", text)


def translate_fully(instance, locale: Locale):
    missing = translate(instance, locale, fake_chinese, tool_name="tests")
    assert missing == []
    return instance.get_translation(locale)
