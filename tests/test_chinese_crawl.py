"""No sentence of an English page on its Chinese page, on any live /zh-hans/ page.

The demo site is loaded, every live Chinese page is rendered as a visitor gets
it, and its text (JSON-LD included) is searched for each sentence of its English
source page, rendered the same way. Content deliberately left in English is
marked `lang="en"` (an untranslated reference title; in JSON-LD, an item with
`"inLanguage": "en"`) and is not counted.

The publishing rule (home/publishing.py) stops English standing in for an
untranslated segment; this catches what it cannot, such as a "translation" that
is the English text pasted back, which the second test publishes by code.
"""

import json
import re
from io import StringIO

from django.core.management import call_command

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage
from demo.content import KNEE_ARTICLE

# A sentence: a run of text between sentence ends or lines, of at least this many
# English words (a name, a brand, an address or a URL alone is not one).
MIN_WORDS = 4
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n")
ENGLISH_WORD = re.compile(r"[(\"'“‘]*[A-Za-z][A-Za-z'’-]*[)\"'”’,.!?;:]*")


def page_text(html: bytes, drop_english_marked: bool) -> str:
    """What a visitor or a search engine reads: the body's text and the JSON-LD's
    strings, one per line."""
    soup = BeautifulSoup(html, "html.parser")
    lines = []
    for script in soup.find_all("script", type="application/ld+json"):
        lines += json_strings(json.loads(script.string), drop_english_marked)
    if drop_english_marked:
        for marked in soup.body.select('[lang="en"]'):
            marked.decompose()
    for hidden in soup.body.select("script, style, template"):
        hidden.decompose()
    lines.append(soup.body.get_text("\n"))
    return "\n".join(lines)


def json_strings(value, drop_english_marked: bool = False) -> list[str]:
    """Every string of a JSON-LD value; with `drop_english_marked`, not those of an
    item marked `"inLanguage": "en"` (a cited source's title), as in the HTML."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if drop_english_marked and value.get("inLanguage") == "en":
            return []
        value = list(value.values())
    if isinstance(value, list):
        return [
            text for item in value for text in json_strings(item, drop_english_marked)
        ]
    return []


def sentences(text: str) -> set[str]:
    found = set()
    for piece in SENTENCE_END.split(text):
        sentence = " ".join(piece.split())
        if english_words(sentence) >= MIN_WORDS:
            found.add(sentence)
    return found


def english_words(sentence: str) -> int:
    return sum(bool(ENGLISH_WORD.fullmatch(token)) for token in sentence.split())


def english_on_chinese_pages(client) -> dict[str, list[str]]:
    """Chinese page URL -> the sentences of its English page found on it."""
    chinese, english = (
        Locale.objects.get(language_code=code) for code in ("zh-hans", "en")
    )
    found = {}
    for page in Page.objects.live().filter(locale=chinese).specific():
        source = page.get_translation_or_none(english)
        if source is None or not source.live:
            continue
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        text = " ".join(page_text(response.content, drop_english_marked=True).split())
        english_page = client.get(source.url)
        assert english_page.status_code == 200, source.url
        leaked = sorted(
            sentence
            for sentence in sentences(page_text(english_page.content, False))
            if sentence in text
        )
        if leaked:
            found[page.url] = leaked
    return found


@pytest.fixture
def demo(db):
    call_command("load_demo_content", stdout=StringIO())


def test_no_live_chinese_page_holds_a_sentence_of_its_english_page(demo, client):
    crawled = Page.objects.live().filter(locale__language_code="zh-hans").count()
    assert crawled >= 9  # home, about, team, services, insights, articles, contact…
    assert english_on_chinese_pages(client) == {}


def test_the_crawl_finds_one_english_segment_published_by_code(demo, client):
    """A translator pastes an FAQ answer's English text back as its "translation":
    every segment counts as translated, so the rule lets it through; the crawl
    finds it on the page and in its FAQPage JSON-LD."""
    article = ArticlePage.objects.get(
        slug=KNEE_ARTICLE["slug"], locale__language_code="en"
    )
    translation = Translation.objects.get(
        source__object_id=article.translation_key,
        target_locale__language_code="zh-hans",
    )
    po = translation.export_po()
    answer = next(
        entry
        for entry in po
        if ".answer" in entry.msgctxt and english_words(entry.msgid) > 8
    )
    answer.msgstr = answer.msgid
    translation.import_po(po)
    translation.save_target(publish=False)
    chinese = article.get_translation(translation.target_locale)
    chinese.get_latest_revision().publish()

    leaked = english_on_chinese_pages(client)
    assert list(leaked) == [chinese.url]
    english_text = " ".join(BeautifulSoup(answer.msgid, "html.parser").text.split())
    assert any(sentence in english_text for sentence in leaked[chinese.url])
    json_ld = page_text(client.get(chinese.url).content, True).split("\n")
    assert any(english_text[:40] in line for line in json_ld[:-1])
