"""Translation memory with thousands of past translations: still finds the right
match, and prints how long building it, matching and the editor page take.

Run with -s to see the numbers (no timed assertions: the machine is shared).
"""

import random
import time
import uuid

from django.urls import reverse

from wagtail_localize.models import String, StringTranslation

import pytest

from tests.factories import ArticlePageFactory
from tests.i18n_utils import translate_fully
from translations.memory import TranslationMemory

SYLLABLES = ["ka", "lo", "mi", "ster", "cel", "nee", "ar", "tri", "pa", "dos", "ven"]
# About 1,300 made-up words: a vocabulary the size of a clinic site's.
WORDS = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:11]]
SENTENCE = "Most patients feel better within weeks after the stem cell injection."


def past_translations(count, en, zh):
    """`count` English sentences of random clinic words, each with a Chinese one."""
    rng = random.Random(count)  # noqa: S311 (synthetic text, not secrets)
    strings = String.objects.bulk_create(
        String(
            locale=en,
            data_hash=uuid.uuid4(),
            data=" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30))) + ".",
        )
        for _ in range(count)
    )
    StringTranslation.objects.bulk_create(
        StringTranslation(
            translation_of=string,
            locale=zh,
            data=f"译文 {i}",
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
        for i, string in enumerate(strings)
    )
    target = String.objects.create(locale=en, data=SENTENCE)
    # bulk_create: no context to update (a saved translation updates its context's).
    StringTranslation.objects.bulk_create(
        [
            StringTranslation(
                translation_of=target,
                locale=zh,
                data="大多数患者在注射干细胞后数周内感觉好转。",
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
        ]
    )


@pytest.mark.parametrize("count", [1_000, 10_000])
def test_memory_scales_to_thousands_of_strings(
    count, en, zh, home, blog_index, admin_user, client
):
    past_translations(count, en, zh)
    started = time.perf_counter()
    rows = list(
        StringTranslation.objects.filter(locale=zh, has_error=False).values_list(
            "translation_of__data", "data"
        )
    )
    fetched = time.perf_counter() - started
    started = time.perf_counter()
    memory = TranslationMemory(zh)  # built afresh, as after any new translation
    built = time.perf_counter() - started
    assert SENTENCE in memory.translations

    rng = random.Random(0)  # noqa: S311 (synthetic text, not secrets)
    queries = [SENTENCE.replace("weeks", "months")] + [
        " ".join(rng.choice(WORDS) for _ in range(15)) for _ in range(49)
    ]
    started = time.perf_counter()
    results = [memory.matches(query) for query in queries]
    matched = time.perf_counter() - started
    assert results[0][0].translation == "大多数患者在注射干细胞后数周内感觉好转。"
    assert 70 <= results[0][0].similarity < 100

    # The editor of a Chinese article with an untranslated segment: the memory is
    # built and asked on every open.
    article = ArticlePageFactory(parent=blog_index, slug="scale")
    translate_fully(home, zh)
    translate_fully(blog_index, zh)
    chinese = translate_fully(article, zh)
    StringTranslation.objects.filter(translation_of__data=article.excerpt).delete()
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:edit", args=[chinese.pk])
    timings = []
    for _ in range(2):  # the first builds the memory, the second reuses it
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    cold, warm = timings
    print(  # noqa: T201 (a benchmark prints its numbers)
        f"\ntranslation memory, {count} strings: build {built * 1000:.0f} ms "
        f"(of which the query {fetched * 1000:.0f} ms, {len(rows)} rows), "
        f"50 segments matched {matched * 1000:.0f} ms "
        f"({matched / 50 * 1000:.1f} ms each), editor page {cold * 1000:.0f} ms "
        f"(memory built), {warm * 1000:.0f} ms (memory kept)"
    )
