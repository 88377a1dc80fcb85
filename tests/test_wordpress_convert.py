"""WordPress post HTML -> our StreamField blocks (no database needed)."""

import csv
import io
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from blog.wordpress import fields, gutenberg, php, shortcodes
from blog.wordpress.convert import FoundImage, convert
from blog.wordpress.images import MediaLibrary, gallery_html, upload_path
from blog.wordpress.languages import translation_groups
from blog.wordpress.report import CommentRow, Line, write_comments
from blog.wordpress.streams import excerpt_from, with_ids
from blog.wordpress.wxr import Comment, parse
from home.blocks import BodyStreamBlock
from tests.wordpress_helpers import FIXTURES, REAL, SEED_SECTIONS, item


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


# -- issue 16: real exports ------------------------------------------------------------


def minimal_wxr(namespace: str, items: str = "", version: str = "") -> bytes:
    declared = f"<wp:wxr_version>{version}</wp:wxr_version>" if version else ""
    return (
        f'<rss version="2.0" xmlns:wp="{namespace}" '
        f'xmlns:excerpt="{namespace}excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>T</title>{declared}{items}</channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    "namespace",
    [
        "https://wordpress.org/export/1.2/",
        "http://wordpress.org/export/1.1/",
        "http://example.com/my-wxr/",  # whatever the root binds wp to
    ],
)
def test_the_wp_prefix_means_what_the_file_binds_it_to(namespace):
    item = (
        "<item><title>Hello</title><wp:post_id>7</wp:post_id>"
        "<wp:post_type>page</wp:post_type><wp:status>publish</wp:status>"
        "<excerpt:encoded>Short</excerpt:encoded></item>"
    )
    export = parse(io.BytesIO(minimal_wxr(namespace, item, version="1.2")))
    [page] = export.items
    assert (page.post_id, page.post_type, page.excerpt) == (7, "page", "Short")


def test_the_version_comes_from_an_https_namespace_when_not_declared():
    export = parse(io.BytesIO(minimal_wxr("https://wordpress.org/export/1.1/")))
    assert export.version == "1.1"


def test_theme_unit_test_data_is_read_whole():
    export = parse(REAL / "theme-unit-test-data.xml")
    kinds = Counter(item.post_type for item in export.items)
    assert kinds == {"post": 58, "page": 21, "attachment": 37}
    assert export.other_types == {"nav_menu_item": 70}
    assert sum(len(item.comments) for item in export.items) == 33
    assert export.source_key == "wpthemetestdata.wordpress.com"  # not wordpress.com


def test_a_wp_prefix_rebound_inside_the_file_is_not_read():
    # WordPress's own namespace test: an item rebinding wp to another URI.
    export = parse(REAL / "namespace-edge-cases.xml")
    hijacked = next(i for i in export.items if i.title == "Hijacked Namespace")
    assert (hijacked.post_id, hijacked.meta) == (0, {})
    mixed = next(i for i in export.items if i.title == "Mixed Namespaces")
    assert mixed.post_id == 1 and "malicious_key" not in mixed.meta


def test_items_without_or_sharing_an_id_get_distinct_stable_keys():
    no_ids = parse(REAL / "theme-preview.xml").items
    keys = [item.key for item in no_ids if item.post_type == "post"]
    assert len(keys) == len(set(keys)) == 7
    assert all(key.startswith("guid:") for key in keys)
    assert keys == [i.key for i in parse(REAL / "theme-preview.xml").items]

    a11y = [
        i for i in parse(REAL / "a11y-unit-test-data.xml").items if i.post_id == 156
    ]
    first, second = a11y
    assert (first.key, first.owns_id) == ("156", True)
    assert second.duplicate_of is first and second.key.startswith("guid:")


def test_uploads_are_found_by_year_month_and_name_on_any_host():
    assert upload_path(
        "https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment.jpg"
    ) == ("2013/03/image-alignment.jpg")
    assert upload_path("https://old.example/files/2020/01/a%20b.png") == (
        "2020/01/a b.png"
    )
    assert upload_path("https://old.example/wp-content/uploads/logo.png") == "logo.png"
    assert upload_path("https://elsewhere.example/images/logo.png") == ""


def test_pre_keeps_its_line_breaks_and_spaces():
    poem = "<pre>Roses are red,\n  violets are blue;\n\n   ASCII  art</pre>"
    [block] = convert(poem).blocks
    assert block["value"] == (
        "<p>Roses are red,<br/>\u00a0\u00a0violets are blue;<br/><br/>"
        "\u00a0\u00a0\u00a0ASCII \u00a0art</p>"
    )


def found_all(ref):
    return FoundImage(1, "")


def test_a_gallery_keeps_every_image_caption_and_its_own_caption():
    html = (
        '<figure class="wp-block-gallery"><ul class="blocks-gallery-grid">'
        '<li><figure><img src="https://x.example/2008/06/a.jpg"/>'
        '<figcaption class="blocks-gallery-item__caption">First</figcaption></figure>'
        '</li><li><figure><img src="https://x.example/2008/06/b.jpg"/></figure></li>'
        '<li><figure><img src="https://x.example/2008/06/c.jpg"/>'
        "<figcaption>Third</figcaption></figure></li></ul>"
        '<figcaption class="blocks-gallery-caption"><em>Our</em> gallery</figcaption>'
        "</figure>"
    )
    blocks = convert(html, found_all).blocks
    assert [b["value"].get("caption") for b in blocks[:3]] == ["First", "", "Third"]
    assert blocks[3] == {"type": "paragraph", "value": "<p>Our gallery</p>"}


def test_the_old_ul_gallery_markup_keeps_its_images():
    html = (
        '<ul class="wp-block-gallery columns-2">'
        '<li class="blocks-gallery-item"><figure><img src="https://x.example/2018/'
        '01/a.jpg"/><figcaption>One</figcaption></figure></li>'
        '<li class="blocks-gallery-item"><figure><img src="https://x.example/2018/'
        '01/b.jpg"/><figcaption>Two</figcaption></figure></li></ul>'
    )
    blocks = convert(html, found_all).blocks
    assert [(b["type"], b["value"]["caption"]) for b in blocks] == [
        ("image", "One"),
        ("image", "Two"),
    ]


def test_a_gallery_shortcode_becomes_its_attachments_with_their_captions():
    export = parse(REAL / "theme-unit-test-data.xml")
    post = next(i for i in export.items if i.post_id == 1031)  # Tiled Gallery
    attachments = {i.post_id: i for i in export.items if i.post_type == "attachment"}
    result = convert(
        post.content,
        found_all,
        {"gallery": lambda a: gallery_html(a, post, attachments)},
    )
    images = [b for b in result.blocks if b["type"] == "image"]
    assert len(images) == 5  # ids 755…763; 763 is not in the export
    assert result.missing_images == ["attachment 763 (not in the export)"]
    assert "gallery" not in result.shortcodes  # shown, not removed


def test_lost_captions_are_counted_and_embed_captions_kept():
    html = (
        '<figure><img src="https://x.example/2020/01/gone.jpg"/>'
        "<figcaption>A caption</figcaption></figure>"
        '<figure class="wp-block-embed"><div>https://youtube.com/watch?v=1</div>'
        "<figcaption>Our video</figcaption></figure>"
    )
    result = convert(html, lambda ref: None)
    assert result.notes["caption of a missing image left out"] == 1
    assert "Our video" in result.blocks[-1]["value"]


def test_titles_are_html_and_untitled_posts_get_their_first_words():
    export = parse(REAL / "theme-unit-test-data.xml")
    titles = {item.post_id: fields.title(item) for item in export.items}
    assert titles[1173] == "Markup: Title With Markup"
    assert titles[1174] == (
        "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>"
    )
    untitled = next(i for i in export.items if i.post_type == "post" and not i.title)
    # Post 1169: its first words, not "(no title, WordPress 1169)"
    assert fields.title(untitled) == "This post has no title, but it still…"


def test_the_comments_file_never_hands_a_spreadsheet_a_formula():
    comment = Comment(
        1,
        0,
        '=HYPERLINK("http://evil")',
        "a@b.c",
        "",
        "2020-01-01",
        "1",
        "",
        "@SUM(A1)",
    )
    post = parse(FIXTURES / "site.xml").items[0]
    line = Line("created", "post", post.post_id, "Title", url="/en/title/")
    target = io.StringIO()
    write_comments([CommentRow.of(comment, post, line)], target)
    [row] = list(csv.DictReader(io.StringIO(target.getvalue())))
    assert row["author"] == '\'=HYPERLINK("http://evil")'
    assert row["content"] == "'@SUM(A1)" and row["new_url"] == "/en/title/"
