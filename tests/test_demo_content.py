"""The demo content: the seed's site in both languages, loaded twice without change."""

import datetime
import re

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Locale, Page, Revision, Site
from wagtail_localize.models import Translation

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage
from home.models import ClinicSettings

SEED_ARTICLE = "/en/insights/stem-cell-therapy-for-knee-osteoarthritis/"
SEED_HEADINGS = [
    "1. How Do Stem Cells Repair Knee Osteoarthritis?",
    "2. How Long Does the Effect of a Single Stem Cell Injection Last?",
    "3. Who is a Suitable Candidate for Stem Cell Therapy?",
    "4. How to Prolong the Effects After Treatment?",
    "5. Conclusion",
]
SEED_COUNTS = [
    "Stem Cells (3)",
    "Immune Cells (2)",
    "Cancers (1)",
    "Chronic Diseases (2)",
    "Wellness and Anti-Aging (2)",
    "Others (1)",
]


def load(capsys) -> str:
    call_command("load_demo_content")
    return capsys.readouterr().out


@pytest.fixture
def demo(db, capsys):
    """Loading takes seconds: one test checks many things against one load."""
    return load(capsys)


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_demo_site_in_both_languages_loaded_twice(demo, client, capsys):
    seed_article_sections_and_nested_lists(client)
    seed_article_cites_its_references(client)
    sidebar_counts_match_the_seed(client)
    every_page_exists_in_chinese_fully_translated()
    for path in CHINESE_PATHS:
        chinese_page_has_no_english_text(client, path)
    contact_form_preselects_the_pages_language(client)
    content_checks_find_nothing_blocking(capsys)
    a_holiday_is_coming_and_whatsapp_follows_the_phone(client)
    second_run_changes_nothing(capsys)


def content_checks_find_nothing_blocking(capsys):
    """`manage.py content_checks --fail-on blocking` passes on the demo, and its
    context cases are read as such (the FAQ's "Can cell therapy cure cancer?" and
    细胞治疗能治愈癌症吗？, 第一响应者, 第一道防线): no advertising finding at all,
    while the SEO and readability checks did run."""
    call_command("content_checks", "--fail-on", "blocking")
    out = capsys.readouterr().out
    assert "advertising." not in out
    assert "seo." in out and "readability." in out


def a_holiday_is_coming_and_whatsapp_follows_the_phone(client):
    """Dated from the day of loading: whenever the demo is loaded, it is ahead."""
    in_ten_days = timezone.localdate() + datetime.timedelta(days=10)
    for language, name in [("en", "Staff training day"), ("zh-hans", "员工培训日")]:
        html = soup(client, f"/{language}/contact/")
        [holiday] = html.select(".special-hours li")
        assert holiday["data-until"] == in_ten_days.isoformat()
        assert holiday.select_one(".special-hours__name").text == name
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    assert clinic.whatsapp == ""  # set equal to the phone, it would not follow it


def contact_form_preselects_the_pages_language(client):
    for path, language in [("/en/contact/", "English"), ("/zh-hans/contact/", "中文")]:
        select = soup(client, path).find("select", attrs={"name": "preferred_language"})
        assert select.find("option", selected=True).text == language, path


def second_run_changes_nothing(capsys):
    pages, revisions = Page.objects.count(), Revision.objects.count()
    second = load(capsys)
    assert "Demo content: 0 created" in second
    assert "Chinese: 0 translated" in second
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)


def seed_article_sections_and_nested_lists(client):
    html = soup(client, SEED_ARTICLE)
    body = html.select_one(".article__body")
    assert [h.text for h in body.select("h2.block-heading")] == SEED_HEADINGS
    assert (
        html.select_one(".article__header .eyebrow").text.strip() == "Chronic Diseases"
    )
    first_list = body.select("ul.block-list")[0]
    top = first_list.find_all("li", recursive=False)
    assert [li.find("b").text for li in top] == [
        "Core Mechanisms of Action:",
        "Treatment Method:",
    ]
    nested = [li.find("b").text for li in top[0].select(".block-list__nested > li")]
    assert nested == [
        "Cartilage Regeneration:",
        "Anti-inflammatory Effects:",
        "Promotion of Tissue Repair:",
    ]
    checks = body.select("ul.block-list--check > li")
    assert len(checks) == 3 and checks[0].text.strip().startswith(
        "Degree of cartilage damage"
    )
    assert body.select("details summary")  # the FAQ
    article = ArticlePage.objects.get(
        slug="stem-cell-therapy-for-knee-osteoarthritis", locale__language_code="en"
    )
    kinds = [block.block_type for block in article.body]
    assert kinds.count("heading") == 5 and "list" in kinds and "faq" in kinds


def seed_article_cites_its_references(client):
    """Both languages: the same five sources, and the text's markers link to them."""
    lists = []
    for prefix in ("/en/", "/zh-hans/"):
        html = soup(client, SEED_ARTICLE.replace("/en/", prefix))
        items = html.select("section.references li")
        lists.append([li.select_one(".reference").text for li in items])
        cited = {a["href"] for a in html.select(".article__body sup.citation a")}
        assert cited == {f"#ref-{n}" for n in range(1, 6)}, prefix
        assert all(li.select_one("a.references__back") for li in items), prefix
    assert len(lists[0]) == 5 and lists[0] == lists[1]
    assert "doi:10.1002/stem.1634" in lists[0][3]


def sidebar_counts_match_the_seed(client):
    html = soup(client, SEED_ARTICLE)
    section = html.select(".sidebar__section")[1]
    assert [" ".join(li.text.split()) for li in section.select("li")] == SEED_COUNTS
    recent = [a.text for a in html.select(".sidebar__section")[2].select("a")][:3]
    assert recent[1:] == [
        "Anti-Aging, Rejuvenation, Treating Sub-Health",
        "Stem Cell Anti-Aging: The Scientifically Verified Secret Weapon "
        "for “Reversing Age”",
    ]


def every_page_exists_in_chinese_fully_translated():
    zh = Locale.objects.get(language_code="zh-hans")
    english = Page.objects.filter(locale__language_code="en", depth__gte=2).count()
    chinese = Page.objects.filter(locale=zh, depth__gte=2, live=True).count()
    assert chinese == english == 20
    for translation in Translation.objects.filter(target_locale=zh):
        total, done = translation.get_progress()
        assert total == done, translation.source.object_repr


CHINESE_PATHS = [
    "",
    "about/",
    "our-team/",
    "our-team/dr-lim-wei-ming/",
    "services/",
    "insights/",
    "contact/",
    "privacy/",
    "insights/stem-cell-therapy-for-knee-osteoarthritis/",
    "insights/category/stem-cells/",
]


def chinese_page_has_no_english_text(client, path):
    html = soup(client, f"/zh-hans/{path}")
    for hidden in html.select("script, style, .language-switcher, [lang=en]"):
        hidden.decompose()
    text = re.sub(r"\S+@\S+", " ", html.body.get_text(" "))  # e-mail addresses are fine
    allowed = {
        "Leaven",
        "Biotechnology",
        "Raffles",
        "Quay",
        "WhatsApp",
        "MBBS",
        "PhD",
        "KOA",
        "MSC",
        "GVHD",
        "English",
        # The privacy notice: what Chinese privacy notices call them too.
        "Cookie",
        "DNT",
        "GPC",
    }
    words = set(re.findall(r"[A-Za-z]{3,}", text)) - allowed
    assert words == set(), path
