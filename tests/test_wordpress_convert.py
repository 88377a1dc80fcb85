"""WordPress post HTML -> our StreamField blocks (no database needed)."""

import pytest
from bs4 import BeautifulSoup

from blog.wordpress import gutenberg, php, shortcodes
from blog.wordpress.convert import FoundImage, convert
from blog.wordpress.images import MediaLibrary
from blog.wordpress.languages import translation_groups
from blog.wordpress.streams import excerpt_from, with_ids
from blog.wordpress.wxr import parse
from home.blocks import BodyStreamBlock
from tests.wordpress_helpers import FIXTURES, SEED_SECTIONS, item


def text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def knee_only(ref):
    # The knee image exists (as any size variant); every other file is missing.
    return (
        FoundImage(7, "Illustration of a knee joint")
        if "knee-joint" in ref.src
        else None
    )


def test_seed_article_keeps_its_sections_and_nested_lists():
    blocks = convert(item("site.xml", 10).content).blocks
    assert [b["type"] for b in blocks] == [
        "paragraph", "heading", "list", "heading", "paragraph", "list", "paragraph",
        "list", "heading", "list", "heading", "list", "heading", "paragraph",
    ]  # fmt: skip
    headings = [b["value"] for b in blocks if b["type"] == "heading"]
    assert [h["text"] for h in headings] == SEED_SECTIONS
    assert {h["level"] for h in headings} == {"h3"}

    mechanisms = blocks[2]["value"]
    assert mechanisms["style"] == "bulleted"
    assert [(text(i["text"]), len(i["children"])) for i in mechanisms["items"]] == [
        ("Core Mechanisms of Action:", 3),
        ("Treatment Method: Intra-articular Injection (Not Intravenous Infusion)", 2),
    ]
    assert mechanisms["items"][0]["children"][0].startswith(
        "<p><b>Cartilage Regeneration:</b>"
    )

    checks = blocks[7]["value"]
    assert checks["style"] == "check"
    assert [text(i["text"]) for i in checks["items"]][0] == (
        "Degree of cartilage damage "
        "(milder damage often correlates with more lasting repair)"
    )
    assert "✅" not in str(checks)

    candidates = blocks[9]["value"]["items"]
    assert [len(i["children"]) for i in candidates] == [0, 0, 0, 2]
    assert text(candidates[3]["text"]) == "Sports Enthusiasts:"

    # two paragraphs each at the start and the end; the &nbsp; line is dropped
    assert blocks[0]["value"].count("<p>") == 2
    assert blocks[-1]["value"].count("<p>") == 2
    assert "“repair rather than just relief.”" in blocks[-1]["value"]


def test_every_converted_body_is_valid_for_the_editor():
    stream_block = BodyStreamBlock()
    for post_id in (10, 12, 13, 20, 21):
        # No image resolver: images need the database (see the import tests).
        raw = with_ids(convert(item("site.xml", post_id).content).blocks, "seed")
        stream_block.clean(stream_block.to_python(raw))


def test_gutenberg_blocks_are_understood():
    result = convert(item("site.xml", 12).content, knee_only)
    types = [b["type"] for b in result.blocks]
    assert types == [
        "paragraph", "heading", "list", "image", "heading", "quote", "faq", "paragraph",
    ]  # fmt: skip
    heading = result.blocks[1]["value"]
    assert heading == {
        "text": "Before treatment",
        "level": "h2",
        "anchor": "before-treatment",
    }
    items = result.blocks[2]["value"]["items"]
    assert [text(i["text"]) for i in items] == [
        "Bring your recent MRI or X-ray reports.",
        "List the medicines you take.",
    ]
    assert [text(c) for c in items[0]["children"]] == [
        "Scans from the last six months are best."
    ]
    image = result.blocks[3]["value"]
    assert image == {
        "image": {
            "image": 7,
            "alt_text": "Illustration of a knee joint",
            "decorative": False,
        },
        "caption": "Where the injection goes",
    }
    assert result.blocks[5]["value"] == {
        "quote": "Most patients walk out of the clinic the same day.",
        "attribution": "Dr. Tan Wei Ming",
    }
    faq = result.blocks[6]["value"]
    assert [q["question"] for q in faq["items"]] == [
        "Is the injection painful?",
        "How many injections will I need?",
    ]
    assert (
        '<a href="https://leaven.example/contact/">second session</a>'
        in faq["items"][1]["answer"]
    )
    assert "youtube.com/watch" in result.blocks[7]["value"]  # the embed, as a link
    assert result.missing_images == ["2025/11/mri-scan.jpg"]


def test_classic_content_gets_paragraphs_captions_and_no_shortcodes():
    result = convert(item("site.xml", 13).content, knee_only)
    assert [b["type"] for b in result.blocks] == ["paragraph", "image", "paragraph"]
    intro = result.blocks[0]["value"]
    assert intro.startswith("<p>We treat patients from many countries.")
    # a blank line is a new paragraph, a single line break a <br/>
    assert (
        "العلاج بالخلايا.<br/>In Thai it is การบำบัดด้วยเซลล์ — and 🧬 for everyone.</p>"
        in intro
    )
    caption = result.blocks[1]["value"]
    assert caption["caption"] == "The knee joint, where most of our patients need help"
    # the <img> had alt="": the attachment's alt text fills in
    assert caption["image"]["alt_text"] == "Illustration of a knee joint"
    rest = result.blocks[2]["value"]
    assert (
        "the sequence ]]&gt; once broke our exports" in rest
    )  # split across CDATA sections
    assert '"quotes" &amp; <i>ampersands</i>' in rest
    assert "[" not in rest and "alert" not in rest and "youtube" not in rest
    assert result.shortcodes == {
        "caption": 1,
        "gallery": 1,
        "contact-form-7": 1,
        "embed": 1,
    }


@pytest.mark.parametrize(
    "html",
    [
        '<p>Hi<script>alert("x")</script></p>',
        '<p><a href="javascript:alert(1)">click</a></p>',
        '<p onclick="alert(1)">click</p>',
        '<ul><li><img src="x" onerror="alert(1)">item'
        "<script>alert(2)</script></li></ul>",
        '<div class="schema-faq"><div class="schema-faq-section">'
        '<strong class="schema-faq-question">Q</strong><p class="schema-faq-answer">A'
        '<script>alert(1)</script><iframe src="javascript:alert(1)"></iframe>'
        "</p></div></div>",
        "<style>p{}</style><svg onload=alert(1)></svg>ok",
    ],
)
def test_markup_that_runs_code_never_survives(html):
    blocks = str(convert(html).blocks)
    for forbidden in (
        "<script",
        "alert",
        "javascript:",
        "onerror",
        "onclick",
        "onload",
        "<iframe",
        "<svg",
    ):
        assert forbidden not in blocks


def test_deeper_list_levels_are_flattened_into_the_child():
    html = (
        "<ul><li>One<ul><li>Two<ul><li>Three<ul><li>Four</li></ul>"
        "</li></ul></li></ul></li></ul>"
    )
    result = convert(html)
    (item_,) = result.blocks[0]["value"]["items"]
    assert text(item_["text"]) == "One"
    assert item_["children"] == ["<p>Two</p><p>– Three</p><p>– Four</p>"]
    assert result.notes["deeper list levels flattened into their parent item"] == 1


def test_list_nested_straight_in_a_list_joins_the_item_before():
    html = "<ol><li>First</li><ul><li>Detail</li></ul><li>Second</li></ol>"
    (value,) = [b["value"] for b in convert(html).blocks]
    assert value["style"] == "numbered"
    assert [
        (text(i["text"]), [text(c) for c in i["children"]]) for i in value["items"]
    ] == [
        ("First", ["Detail"]),
        ("Second", []),
    ]


def test_wpautop_and_plain_brackets():
    result = convert("One\ntwo\n\nThree [sic] [1] [note]kept[/note]\n\n\n[gallery]")
    assert result.blocks == [
        {"type": "paragraph", "value": "<p>One<br/>two</p><p>Three [sic] [1] kept</p>"}
    ]
    assert result.shortcodes == {"note": 1, "gallery": 1}


def test_shortcode_caption_without_image_keeps_its_text():
    assert shortcodes.process('[caption id="x"]Just words[/caption]') == (
        "Just words",
        {"caption": 1},
    )


def test_gutenberg_split_keeps_nested_blocks_inside_their_parent():
    blocks = gutenberg.split_blocks(
        'intro<!-- wp:group {"a":1} --><div>'
        "<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph --></div>"
        "<!-- /wp:group --><!-- wp:separator /-->tail"
    )
    assert [(b.name, b.attrs) for b in blocks] == [
        (None, {}),
        ("core/group", {"a": 1}),
        ("core/separator", {}),
        (None, {}),
    ]
    assert "<p>x</p>" in blocks[1].html


def test_block_ids_are_deterministic_and_follow_position():
    blocks = convert(item("site.xml", 10).content).blocks
    first, again = with_ids(blocks, "site:10"), with_ids(blocks, "site:10")
    assert first == again
    assert first[0]["id"] != with_ids(blocks, "site:11")[0]["id"]
    list_item = first[2]["value"]["items"][0]
    assert list_item["type"] == "item" and list_item["value"]["children"][0]["id"]


def test_automatic_excerpt():
    blocks = convert(item("site.xml", 10).content).blocks
    excerpt = excerpt_from(blocks)
    assert excerpt.startswith(
        "Knee Osteoarthritis (KOA) is a common degenerative joint disease."
    )
    assert excerpt.endswith(" […]") and len(excerpt.split()) == 56
    chinese = excerpt_from(convert(item("site.xml", 11).content).blocks)
    assert chinese.startswith("膝骨关节炎（KOA）") and len(chinese) <= 110


def test_php_unserialize():
    assert php.unserialize('a:2:{s:2:"en";i:10;s:2:"zh";i:11;}') == {"en": 10, "zh": 11}
    # string lengths count UTF-8 bytes
    assert php.unserialize('a:1:{i:0;s:6:"中文";}') == {0: "中文"}
    with pytest.raises(ValueError):
        php.unserialize('O:8:"stdClass":0:{}')
    with pytest.raises(ValueError):
        php.unserialize('a:1:{s:2:"en";i:10;')


def test_translation_groups_from_polylang_and_wpml():
    site = parse(FIXTURES / "site.xml")
    groups = translation_groups(
        site, [i for i in site.items if i.post_type in ("post", "page")]
    )
    assert groups[10] == {"en": 10, "zh-hans": 11} == groups[11]
    assert groups[12] == {"en": 12, "zh-hans": 18}
    assert groups[13] == {"en": 13}
    wpml = parse(FIXTURES / "wpml.xml")
    groups = translation_groups(wpml, wpml.items)
    assert groups[100] == {"en": 100, "zh-hans": 101}
    assert groups[103] == {"en": 102, "zh-hans": 103}


def test_image_paths_never_leave_the_uploads_folder(tmp_path):
    (tmp_path / "uploads").mkdir()
    (tmp_path / "secret.jpg").write_bytes(b"not for import")
    library = MediaLibrary("site", {}, tmp_path / "uploads")
    assert library.locate("../secret.jpg") is None
    assert library.locate("/etc/passwd") is None
