"""An article's references: the numbered list, the [n] markers that link to it,
the editor's checks on DOIs and PMIDs, the JSON-LD citations, and the Chinese
copy that shows the same sources untranslated."""

import json

from django.urls import reverse
from django.utils import translation

from wagtail import blocks
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.models import String, TranslationSource

import pytest
from bs4 import BeautifulSoup

from blog.blocks import ReferenceBlock
from tests.factories import ArticlePageFactory
from tests.i18n_utils import translate_fully

HOSTILE = '<script>alert("x")</script>'

BODY = [
    (
        "paragraph",
        RichText(
            "<p>Cartilage wears [1], heals slowly [1,2] and [1–3]; [9] is no source. "
            '<a href="https://example.com/[1]">see [2]</a> &lt;script&gt;[1]</p>'
        ),
    ),
    (
        "list",
        {
            "style": "bulleted",
            "items": [
                {
                    "text": RichText("<p>Injection [2]</p>"),
                    "children": [RichText("<p>Into the joint [3]</p>")],
                }
            ],
        },
    ),
    (
        "faq",
        {
            "heading": "FAQ",
            "items": [
                {"question": "Does it last?", "answer": RichText("<p>Often [3].</p>")}
            ],
        },
    ),
]

REFERENCES = [
    (
        "reference",
        {
            "authors": "Jo CH, Lee YG, Shin WH, et al.",
            "title": "Intra-articular injection of mesenchymal stem cells",
            "journal": "Stem Cells",
            "year": 2014,
            "doi": "10.1002/stem.1634",
            "pmid": "",
            "url": "",
        },
    ),
    (
        "reference",
        {
            "authors": "Caplan AI, Dennis JE",
            "title": "Mesenchymal stem cells as trophic mediators",
            "journal": "Journal of Cellular Biochemistry",
            "year": 2006,
            "doi": "",
            "pmid": "16619257",
            "url": "",
        },
    ),
    (
        "reference",
        {
            "authors": HOSTILE,
            "title": f"[1] {HOSTILE}",
            "journal": "",
            "year": None,
            "doi": "",
            "pmid": "",
            "url": "https://example.org/guide?a=1&b=2",
        },
    ),
]


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def article(blog_index):
    return ArticlePageFactory(
        parent=blog_index, slug="knee", body=BODY, references=REFERENCES
    )


def test_markers_link_to_the_numbered_references_and_back(client, article):
    html = soup(client.get("/en/insights/knee/"))
    body = html.select_one(".article__body")
    links = [a["href"] for a in body.select("sup.citation a")]
    assert links == [
        *["#ref-1", "#ref-1", "#ref-2", "#ref-1", "#ref-3"],  # [1] [1,2] [1–3]
        "#ref-1",  # the marker after the escaped "<script>"
        *["#ref-2", "#ref-3", "#ref-3"],  # list item, nested item, FAQ answer
    ]
    text = body.get_text()
    assert "[9] is no source" in text  # no reference 9: stays text
    existing = body.find("a", href="https://example.com/[1]")
    assert existing.get_text() == "see [2]"  # text inside a link is left alone
    assert "<script>[1]" in text  # escaped text stays escaped, marker linked after it
    assert not html.select(".article__body script")

    section = html.select_one("section.references")
    assert section.h2.get_text() == "References"
    items = section.select("ol > li")
    assert [li["id"] for li in items] == ["ref-1", "ref-2", "ref-3"]
    assert not section.ol.has_attr("lang")  # the page's own language
    # Each back link goes to the first marker citing it, which links to it.
    for number, li in enumerate(items, start=1):
        back = li.select_one("a.references__back")
        assert back["aria-label"] == f"Back to where reference {number} is cited"
        marker = html.find(id=back["href"][1:])
        assert f"#ref-{number}" in [a["href"] for a in marker.find_all("a")]
    assert items[0].find("a", href="https://doi.org/10.1002/stem.1634")
    assert items[1].find("a", href="https://pubmed.ncbi.nlm.nih.gov/16619257/")
    # Reference fields are text: the hostile one is shown, not run, and its "[1]"
    # is not a marker.
    assert HOSTILE in items[2].get_text()
    assert not section.find("script")
    assert not items[2].find("sup")
    assert items[2].find("a", href="https://example.org/guide?a=1&b=2")


def test_article_without_references_keeps_markers_as_text(client, blog_index):
    ArticlePageFactory(parent=blog_index, slug="plain", body=BODY)
    html = soup(client.get("/en/insights/plain/"))
    assert not html.select("sup.citation, section.references")
    assert "Cartilage wears [1]" in html.select_one(".article__body").get_text()


@pytest.mark.parametrize(
    ("field", "entered", "message"),
    [
        ("doi", "11.1002/stem", "This is not a DOI"),
        ("doi", "10.12/x", "This is not a DOI"),
        ("doi", "10.1002/ stem", "This is not a DOI"),
        ("pmid", "PMC1234", "A PubMed ID is a number"),
        ("pmid", "1234567890", "A PubMed ID is a number"),
    ],
)
def test_malformed_identifiers_are_refused_on_their_field(field, entered, message):
    block = ReferenceBlock()
    value = block.to_python({**REFERENCES[0][1], "doi": "", field: entered})
    with pytest.raises(blocks.StructBlockValidationError) as raised:
        block.clean(value)
    assert list(raised.value.block_errors) == [field]
    assert message in raised.value.block_errors[field].messages[0]


def test_identifier_messages_are_in_the_editors_language():
    block = ReferenceBlock()
    value = block.to_python({**REFERENCES[0][1], "doi": "doi?", "pmid": "x"})
    with translation.override("zh-hans"):
        with pytest.raises(blocks.StructBlockValidationError) as raised:
            block.clean(value)
        errors = raised.value.block_errors
        assert errors["doi"].messages[0].startswith("这不是有效的 DOI")
        assert errors["pmid"].messages[0].startswith("PubMed 编号是")


def test_pasted_doi_links_and_pmid_are_kept_bare():
    block = ReferenceBlock()
    value = block.to_python(
        {
            **REFERENCES[0][1],
            "doi": " https://doi.org/10.1002/stem.1634 ",
            "pmid": "PMID: 24449146",
        }
    )
    cleaned = block.clean(value)
    assert (cleaned["doi"], cleaned["pmid"]) == ("10.1002/stem.1634", "24449146")


def test_json_ld_cites_the_references(client, article):
    html = soup(client.get("/en/insights/knee/"))
    postings = [
        json.loads(s.string)
        for s in html.find_all("script", type="application/ld+json")
        if '"BlogPosting"' in s.string
    ]
    first, second, third = postings[0]["citation"]
    assert first == {
        "@type": "ScholarlyArticle",
        "inLanguage": "en",  # as published, on the Chinese page too
        "name": "Intra-articular injection of mesenchymal stem cells",
        "author": [
            {"@type": "Person", "name": "Jo CH"},
            {"@type": "Person", "name": "Lee YG"},
            {"@type": "Person", "name": "Shin WH"},
        ],
        "datePublished": "2014",
        "isPartOf": {"@type": "Periodical", "name": "Stem Cells"},
        "url": "https://doi.org/10.1002/stem.1634",
        "sameAs": ["https://doi.org/10.1002/stem.1634"],
        "identifier": [
            {
                "@type": "PropertyValue",
                "propertyID": "DOI",
                "value": "10.1002/stem.1634",
            }
        ],
    }
    assert second["sameAs"] == ["https://pubmed.ncbi.nlm.nih.gov/16619257/"]
    assert second["identifier"][0]["propertyID"] == "PMID"
    assert third["@type"] == "CreativeWork"  # no journal
    assert third["url"] == "https://example.org/guide?a=1&b=2"
    assert "<script>" not in str(html.find_all("script", type="application/ld+json"))


def test_chinese_article_shows_the_same_untranslated_references(
    client, article, home, blog_index, zh
):
    for page in (home, blog_index):
        translate_fully(page, zh)
    zh_article = translate_fully(article, zh)
    source = TranslationSource.objects.get_for_instance(article)
    paths = [
        path
        for segments in (
            source.stringsegment_set,
            source.templatesegment_set,
            source.overridablesegment_set,
            source.relatedobjectsegment_set,
        )
        for path in segments.values_list("context__path", flat=True)
    ]
    assert "body" in {path.split(".")[0] for path in paths}
    assert not [path for path in paths if path.startswith("references")]
    assert not String.objects.filter(data__contains="Mesenchymal stem cells as")

    html = soup(client.get("/zh-hans/insights/knee/"))
    section = html.select_one("section.references")
    assert section.h2.get_text() == "参考文献"
    assert section.ol["lang"] == "en"
    assert [li.select_one(".reference").get_text() for li in section.select("li")] == [
        li.select_one(".reference").get_text()
        for li in soup(client.get("/en/insights/knee/")).select("section.references li")
    ]
    assert html.select_one(".article__body sup.citation a")["href"] == "#ref-1"

    # An English edit reaches the Chinese copy on the next sync, untouched.
    article.references[1].value["title"] = "Corrected title"
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.references[1].value["title"] == "Corrected title"
    source.update_from_db()
    source.translations.get(target_locale=zh).save_target(publish=False)
    zh_article.refresh_from_db()
    draft = zh_article.get_latest_revision_as_object()
    assert draft.references[1].value["title"] == "Corrected title"


def test_editor_shows_the_doi_message_on_the_field(client, article, admin_user):
    client.force_login(admin_user)
    reference = {**REFERENCES[0][1], "doi": "not-a-doi", "year": "2014"}
    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "date": "2025-10-27",
            "excerpt": article.excerpt,
            "body": streamfield([]),
            "references": streamfield([("reference", reference)]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, not a redirect
    assert "This is not a DOI" in response.content.decode()
    article.refresh_from_db()
    assert article.references[0].value["doi"] == "10.1002/stem.1634"  # unchanged
