"""Every body block renders through its own template, with the markup visitors need."""

from wagtail import blocks
from wagtail.rich_text import RichText

import pytest
from bs4 import BeautifulSoup

from home.blocks import (
    BodyStreamBlock,
    CallToActionBlock,
    FAQBlock,
    HeadingBlock,
    ListBlock,
    ParagraphBlock,
    QuoteBlock,
)
from tests.factories import ImageFactory


def render(block, value):
    return BeautifulSoup(
        block.render(block.to_python(value) if isinstance(value, dict) else value),
        "html.parser",
    )


def test_every_block_has_template_icon_label_and_description():
    for name, block in BodyStreamBlock().child_blocks.items():
        assert block.meta.template, name
        assert block.meta.icon, name
        assert block.meta.label, name
        assert block.meta.description, name


@pytest.mark.parametrize(
    "name", ["heading", "paragraph", "list", "faq", "quote", "call_to_action"]
)
def test_preview_values_render(name):
    block = BodyStreamBlock().child_blocks[name]
    assert block.render(block.get_preview_value()).strip()


def test_heading_gets_the_level_and_anchor():
    html = render(
        HeadingBlock(),
        {"text": "How do stem cells work?", "level": "h3", "anchor": "how-it-works"},
    )
    heading = html.find("h3")
    assert heading["id"] == "how-it-works"
    assert heading.text == "How do stem cells work?"


def test_heading_anchor_defaults_to_the_text():
    html = render(HeadingBlock(), {"text": "Conclusion", "level": "h2", "anchor": ""})
    assert html.find("h2")["id"] == "conclusion"


def test_heading_anchor_rejects_spaces():
    block = HeadingBlock()
    with pytest.raises(blocks.StructBlockValidationError):
        block.clean(
            block.to_python({"text": "x", "level": "h2", "anchor": "Not valid"})
        )


def test_paragraph_renders_rich_text():
    html = render(ParagraphBlock(), RichText("<p>Plain <b>bold</b></p>"))
    assert html.find("b").text == "bold"


@pytest.mark.parametrize(
    ("style", "tag"), [("bulleted", "ul"), ("numbered", "ol"), ("check", "ul")]
)
def test_list_styles_and_nesting(style, tag):
    value = {
        "style": style,
        "items": [
            {
                "text": "<p><b>Core mechanisms:</b></p>",
                "children": [
                    "<p>Cartilage regeneration</p>",
                    "<p>Anti-inflammatory effects</p>",
                ],
            },
            {"text": "<p>Single item</p>", "children": []},
        ],
    }
    html = render(ListBlock(), value)
    outer = html.find(tag)
    assert f"block-list--{style}" in outer["class"]
    items = outer.find_all("li", recursive=False)
    assert len(items) == 2
    nested = items[0].find(tag)
    assert [li.text.strip() for li in nested.find_all("li")] == [
        "Cartilage regeneration",
        "Anti-inflammatory effects",
    ]
    assert items[1].find(tag) is None


def test_faq_renders_disclosure_widgets():
    value = {
        "heading": "FAQ",
        "items": [{"question": "Does it hurt?", "answer": "<p>Very little.</p>"}],
    }
    html = render(FAQBlock(), value)
    details = html.find("details")
    assert details.find("summary").text == "Does it hurt?"
    assert "Very little." in details.text


def test_quote_block():
    html = render(
        QuoteBlock(), {"quote": "Repair, not just relief.", "attribution": "Dr. Lim"}
    )
    assert html.find("blockquote").text.strip() == "Repair, not just relief."
    assert html.find("figcaption").text == "Dr. Lim"


def test_call_to_action_needs_exactly_one_target():
    block = CallToActionBlock()
    with pytest.raises(blocks.StructBlockValidationError):
        block.clean(
            block.to_python(
                {
                    "heading": "h",
                    "text": "",
                    "button_label": "Go",
                    "page": None,
                    "url": "",
                }
            )
        )
    value = block.clean(
        block.to_python(
            {
                "heading": "Book",
                "text": "t",
                "button_label": "Go",
                "page": None,
                "url": "https://example.com/",
            }
        )
    )
    assert (
        BeautifulSoup(block.render(value), "html.parser").find("a")["href"]
        == "https://example.com/"
    )


def test_call_to_action_links_the_page_in_the_visitors_language(blog_index):
    block = CallToActionBlock()
    value = block.to_python(
        {
            "heading": "Read",
            "text": "",
            "button_label": "Insights",
            "page": blog_index.pk,
            "url": "",
        }
    )
    assert (
        BeautifulSoup(block.render(value), "html.parser").find("a")["href"]
        == "/en/insights/"
    )


@pytest.mark.django_db
def test_image_block_renders_picture_with_alt_and_caption():
    image = ImageFactory()
    block = BodyStreamBlock().child_blocks["image"]
    value = block.to_python(
        {
            "image": {
                "image": image.pk,
                "alt_text": "An MRI of a knee",
                "decorative": False,
            },
            "caption": "Knee MRI",
        }
    )
    html = BeautifulSoup(block.render(value), "html.parser")
    assert html.find("img")["alt"] == "An MRI of a knee"
    assert {source["type"] for source in html.find_all("source")} == {
        "image/avif",
        "image/webp",
    }
    assert html.find("figcaption").text == "Knee MRI"
