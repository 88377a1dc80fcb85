"""The Chinese site through wagtail-localize: pages, snippets, switcher, hreflang."""

import datetime

from wagtail.rich_text import RichText

import pytest
from bs4 import BeautifulSoup

from home.models import SiteText
from tests.factories import (
    ArticlePageFactory,
    CategoryFactory,
    ImageFactory,
    PersonFactory,
    StandardPageFactory,
    TagFactory,
)
from tests.i18n_utils import translate_fully


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def zh_home(home, zh):
    translate_fully(SiteText.objects.get(locale__language_code="en"), zh)
    return translate_fully(home, zh)


@pytest.fixture
def zh_blog_index(blog_index, zh_home, zh):
    return translate_fully(blog_index, zh)


def every_block_body(contact_page, image):
    """One of each block type, with text in every translatable place."""
    return [
        (
            "heading",
            {"text": "Mechanisms of repair", "level": "h2", "anchor": "mechanisms"},
        ),
        (
            "paragraph",
            RichText(
                '<p>Knee <b>osteoarthritis</b> is <a href="https://example.com">common</a>.</p>'
            ),
        ),
        (
            "list",
            {
                "style": "bulleted",
                "items": [
                    {
                        "text": RichText("<p><b>Core mechanisms:</b></p>"),
                        "children": [RichText("<p>Cartilage regeneration</p>")],
                    },
                ],
            },
        ),
        (
            "faq",
            {
                "heading": "Questions patients ask",
                "items": [
                    {
                        "question": "Does the injection hurt?",
                        "answer": RichText("<p>Only briefly.</p>"),
                    },
                ],
            },
        ),
        (
            "image",
            {
                "image": {
                    "image": image,
                    "alt_text": "Alt text of the knee",
                    "decorative": False,
                },
                "caption": "Knee joint illustration",
            },
        ),
        (
            "quote",
            {"quote": "Repair rather than relief.", "attribution": "Clinic physician"},
        ),
        (
            "call_to_action",
            {
                "heading": "Book a visit",
                "text": "Talk to our doctors.",
                "button_label": "Contact us",
                "page": contact_page,
                "url": "",
            },
        ),
    ]


ENGLISH_STRINGS = [
    "Mechanisms of repair",
    "osteoarthritis",
    "Core mechanisms",
    "Cartilage regeneration",
    "Questions patients ask",
    "Does the injection hurt",
    "Only briefly",
    "Knee joint illustration",
    "Repair rather than relief",
    "Clinic physician",
    "Book a visit",
    "Talk to our doctors",
    "Contact us",
    "Alt text of the knee",
]


def test_every_block_type_is_fully_translated(
    client, zh_blog_index, blog_index, contact_page, zh
):
    image = ImageFactory()
    article = ArticlePageFactory(
        parent=blog_index, title="Knee article", slug="knee", body=[]
    )
    article.body = every_block_body(contact_page, image)
    article.save_revision().publish()
    translate_fully(contact_page, zh)
    zh_article = translate_fully(article, zh)

    english_main = soup(client.get("/en/insights/knee/")).find("main")
    assert [s for s in ENGLISH_STRINGS if s not in str(english_main)] == []
    response = client.get("/zh-hans/insights/knee/")
    main = soup(response).find("main")
    leaked = [s for s in ENGLISH_STRINGS if s in main.text or s in str(main)]
    assert leaked == []
    # the anchor is not a segment: identical in both languages
    assert main.find(id="mechanisms")
    # the call to action points at the Chinese contact page
    assert main.select_one(".block-cta a")["href"] == "/zh-hans/contact/"
    assert zh_article.slug == "knee"


def test_chinese_page_chrome_and_lang(client, zh_blog_index, blog_index, zh):
    article = ArticlePageFactory(
        parent=blog_index, slug="dated", date=datetime.date(2025, 10, 27)
    )
    translate_fully(article, zh)
    html = soup(client.get("/zh-hans/insights/dated/"))
    assert html.find("html")["lang"] == "zh-hans"
    assert html.find("time").text == "2025年10月27日"
    assert html.select_one(".skip-link").text == "跳到主要内容"
    sidebar = html.select_one(".sidebar")
    for heading in ["搜索", "最新文章"]:
        assert heading in sidebar.text
    assert html.select_one("form[role=search]")["action"] == "/zh-hans/search/"


def test_switcher_and_hreflang_pair_the_translations(
    client, zh_blog_index, blog_index, zh
):
    article = ArticlePageFactory(parent=blog_index, slug="paired")
    translate_fully(article, zh)
    for lang, other, other_url in [
        ("en", "zh-hans", "/zh-hans/insights/paired/"),
        ("zh-hans", "en", "/en/insights/paired/"),
    ]:
        html = soup(client.get(f"/{lang}/insights/paired/"))
        switcher = html.select_one(".language-switcher")
        assert switcher.select_one(f"a[hreflang={other}]")["href"] == other_url
        alternates = {
            link["hreflang"]: link["href"]
            for link in html.find_all("link", rel="alternate", hreflang=True)
        }
        assert alternates == {
            "en": "http://testserver/en/insights/paired/",
            "zh-hans": "http://testserver/zh-hans/insights/paired/",
            "x-default": "http://testserver/en/insights/paired/",
        }


def test_untranslated_page_is_absent_and_switcher_says_so(client, zh_home, home):
    about = StandardPageFactory(parent=home, title="About", slug="about")
    assert client.get("/zh-hans/about/").status_code == 404
    html = soup(client.get("/en/about/"))
    # A Chinese page that says there is no Chinese version yet (home/views.py).
    assert (
        html.select_one(".language-switcher a[hreflang=zh-hans]")["href"]
        == f"/zh-hans/no-translation/?from={about.pk}"
    )
    assert [
        link["hreflang"]
        for link in html.find_all("link", rel="alternate", hreflang=True)
    ] == ["en", "x-default"]
    # and the Chinese menu does not list it
    assert "About" not in soup(client.get("/zh-hans/")).select_one(".menu").text


def test_switcher_keeps_the_route_on_category_pages(client, zh_blog_index, blog_index):
    CategoryFactory(name="Stem Cells", slug="stem-cells")
    html = soup(client.get("/en/insights/category/stem-cells/"))
    assert (
        html.select_one(".language-switcher a[hreflang=zh-hans]")["href"]
        == "/zh-hans/insights/category/stem-cells/"
    )


def test_snippets_show_their_translation_on_the_chinese_page(
    client, zh_blog_index, blog_index, zh
):
    category = CategoryFactory(name="Chronic Diseases", slug="chronic-diseases")
    tag = TagFactory(name="Knee", slug="knee")
    author = PersonFactory(name="Editorial Team")
    article = ArticlePageFactory(
        parent=blog_index, slug="snippets", category=category, author=author
    )
    article.tags.add(tag)
    article.save_revision().publish()
    for snippet in (category, tag, author):
        translate_fully(snippet, zh)
    zh_article = translate_fully(article, zh)
    # wagtail-localize keeps the links pointing at the English snippets...
    assert zh_article.category == category
    assert list(zh_article.tags.all()) == [tag]
    # ...and the page shows their Chinese translations
    html = soup(client.get("/zh-hans/insights/snippets/"))
    header = html.select_one(".article__header").text
    assert (
        "译" in header
        and "Chronic Diseases" not in header
        and "Editorial Team" not in header
    )
    tags = [a.text for a in html.select(".article__footer .tag")]
    assert tags == ["译 译", "译"]
    assert (
        html.select_one(".article__footer .tag")["href"]
        == "/zh-hans/insights/category/chronic-diseases/"
    )
    listing = soup(client.get("/zh-hans/insights/category/chronic-diseases/"))
    assert listing.find("h1").text == "译 译"
    assert [a.text for a in listing.select(".card__title a")] == [zh_article.title]


def test_category_counts_are_per_language(client, zh_blog_index, blog_index, zh):
    category = CategoryFactory(name="Stem Cells", slug="stem-cells")
    translated = ArticlePageFactory(parent=blog_index, category=category)
    ArticlePageFactory(parent=blog_index, category=category)
    translate_fully(category, zh)
    translate_fully(translated, zh)
    en_counts = soup(client.get("/en/insights/")).select(".sidebar__section")[1].text
    zh_counts = (
        soup(client.get("/zh-hans/insights/")).select(".sidebar__section")[1].text
    )
    assert "Stem Cells (2)" in " ".join(en_counts.split())
    assert "译 译 (1)" in " ".join(zh_counts.split())


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("zh-Hans", "/zh-hans/"),
        ("zh-TW", "/zh-hans/"),
        ("en-GB", "/en/"),
        ("fr", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, zh_home, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target


def test_chinese_search_box_and_site_text(client, zh_home):
    html = soup(client.get("/zh-hans/"))
    assert html.select_one(".topbar").text.count("译") >= 3
    assert "Call or WhatsApp us today" not in html.text
