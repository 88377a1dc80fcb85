"""The content checks on pages built as the editor builds them (unsaved), and saved:
each check with an example and a counter-example, and the context cases of the
advertising guard (questions, negations, compounds) pinned."""

from django.utils import translation

from wagtail.models import Page
from wagtail.rich_text import RichText

import pytest

from blog.models import ArticlePage
from content_checks import advertising, readability, seo
from content_checks.engine import run_checks
from content_checks.findings import Kind, Severity
from content_checks.models import AdvertisingTerm
from tests.factories import ArticlePageFactory, ImageFactory, LocaleFactory

pytestmark = pytest.mark.django_db


def article(language="en", body=(), **fields) -> ArticlePage:
    """An unsaved article, as the editor's form builds one."""
    fields.setdefault("title", "Stem cell therapy for knee osteoarthritis")
    fields.setdefault(
        "search_description",
        "How stem cells may help cartilage in knee osteoarthritis: what the studies "
        "show, who may be suitable and what a consultation involves.",
    )
    fields.setdefault("slug", "stem-cell-therapy-knee")
    return ArticlePage(
        locale=LocaleFactory(language_code=language), body=list(body), **fields
    )


def paragraph(html: str) -> tuple:
    return ("paragraph", RichText(html))


def heading(text: str, level: str = "h2") -> tuple:
    return ("heading", {"text": text, "level": level, "anchor": ""})


def codes(findings, kind=None) -> list[str]:
    return [f.code for f in findings if kind is None or f.kind == kind]


def blocking(page) -> list[str]:
    return [f.quote for f in run_checks(page) if f.severity == Severity.BLOCKING]


# Advertising: the default term list (seeded by the data migration).


@pytest.mark.parametrize(
    "language,text",
    [
        ("en", "We are the best stem cell clinic in Singapore."),
        ("en", "Rated No. 1 for knee care."),
        ("en", "Results are guaranteed."),
        ("en", "Stem cells cure arthritis."),
        ("en", "A miracle for your joints."),
        ("en", "100% natural and risk-free."),
        ("zh-hans", "我们是新加坡最好的干细胞诊所。"),
        ("zh-hans", "本诊所排名第一。"),
        ("zh-hans", "我们保证疗效。"),
        ("zh-hans", "干细胞可以根治关节炎。"),
        ("zh-hans", "神奇的抗衰老效果。"),
        ("zh-hans", "百分百安全，无副作用。"),
        ("zh-hans", "有效率100%。"),
        ("zh-hans", "不少患者都保证有效。"),  # 不少 is "many", not a negation
    ],
)
def test_claims_block(language, text):
    page = article(language, [paragraph(f"<p>{text}</p>")])
    found = [f for f in advertising.check(page) if f.severity == Severity.BLOCKING]
    assert found, text
    assert all("reg. 5" in f.rule and f.fix for f in found)
    assert text[:8] in found[0].quote or found[0].quote in text


@pytest.mark.parametrize(
    "language,text",
    [
        # Questions: the demo's FAQ asks this, in both languages.
        ("en", "Can cell therapy cure cancer?"),
        ("zh-hans", "细胞治疗能治愈癌症吗？"),
        # Negations.
        ("en", "Cell therapy is not a cure for cancer."),
        ("en", "No treatment is guaranteed to work."),
        ("en", "We cannot guarantee any result."),
        ("zh-hans", "我们不能保证治疗效果。"),
        ("zh-hans", "细胞治疗并非根治手段。"),
        # Compounds that are not claims (the exceptions).
        ("zh-hans", "预约咨询是第一步。"),
        ("zh-hans", "NK细胞：免疫系统的“第一响应者”"),
        ("zh-hans", "第一次咨询时请带上报告。"),
        ("en", "We follow best practice in cell processing."),
        ("en", "Moving your knee is the best way to keep it supple."),
        # Words that merely contain a term.
        ("en", "The procedure uses curettage and secure storage."),
    ],
)
def test_context_is_not_a_claim(language, text):
    page = article(language, [paragraph(f"<p>{text}</p>")])
    assert blocking(page) == [], text


def test_english_terms_match_whole_words_in_any_case_with_endings():
    page = article(body=[paragraph("<p>CURED in weeks. GUARANTEES apply.</p>")])
    assert len(blocking(page)) == 2


def test_a_claim_in_the_title_or_search_description_counts():
    page = article(title="The Best Knee Clinic", search_description="保证有效")
    assert "The Best Knee Clinic" in blocking(page)


def test_marketers_extend_the_list_and_exceptions_per_term():
    AdvertisingTerm.objects.create(
        language="en", term="unbeatable", category="superlative", severity=3
    )
    page = article(body=[paragraph("<p>Unbeatable prices.</p>")])
    assert blocking(page) == ["Unbeatable prices."]
    term = AdvertisingTerm.objects.get(language="zh-hans", term="第一")
    page = article("zh-hans", [paragraph("<p>第一轮治疗后复查。</p>")])
    assert blocking(page)
    term.exceptions += "\n第一轮"
    term.save()
    assert blocking(page) == []


def test_a_warning_term_warns():
    page = article(body=[paragraph("<p>A cutting-edge laboratory.</p>")])
    (finding,) = advertising.check(page)
    assert finding.severity == Severity.WARNING


@pytest.mark.parametrize(
    "block,testimonial",
    [
        (paragraph("<p>In my experience the pain went away.</p>"), True),
        (paragraph("<p>患者说：治疗后膝盖不疼了。</p>"), True),
        (
            paragraph("<p>“I can walk again without pain,” says one patient.</p>"),
            True,
        ),
        (
            paragraph("<p>“It changed my life” — Mary, a patient of ours.</p>"),
            True,
        ),
        (paragraph("<p>One patient, Mary, said: “I walk again.”</p>"), True),
        (paragraph("<p>Patients often ask: “Is it painful?”</p>"), False),
        (("quote", {"quote": "It changed my life.", "attribution": "Patient"}), True),
        (("quote", {"quote": "修复而不只是缓解。", "attribution": "张女士"}), True),
        (
            ("quote", {"quote": "Repair rather than relief.", "attribution": "Dr Lim"}),
            False,
        ),
    ],
)
def test_testimonials(block, testimonial):
    text = str(block[1])
    language = "zh-hans" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en"
    page = article(language, [block])
    found = "advertising.testimonial" in codes(advertising.check(page))
    assert found is testimonial


def image_block(image, alt="", caption="", decorative=False) -> dict:
    return {
        "type": "image",
        "value": {
            "image": {"image": image.pk, "alt_text": alt, "decorative": decorative},
            "caption": caption,
        },
    }


def test_before_and_after_pictures_by_title_caption_or_alt():
    plain = ImageFactory(title="Knee x-ray")
    for language, image, alt, caption in [
        ("en", ImageFactory(title="Knee before and after"), "A knee", ""),
        ("en", plain, "A knee", "Before/after six months"),
        ("zh-hans", plain, "膝关节治疗前后对比", ""),
        ("zh-hans", plain, "膝关节", "治疗后三个月"),
    ]:
        page = article(language, [image_block(image, alt, caption)])
        assert "advertising.before_after" in codes(advertising.check(page)), caption
    # The words in the text, not on a picture, are no picture.
    page = article("zh-hans", [paragraph("<p>治疗后请休息两天。</p>")])
    assert advertising.check(page) == []


def test_links_to_review_sites_break_reg_16():
    page = article(
        body=[
            paragraph(
                '<p>Read <a href="https://www.yelp.com/biz/clinic">our reviews</a> and '
                '<a href="https://www.dianping.com/shop/1">大众点评</a>; see '
                '<a href="https://www.moh.gov.sg/">MOH</a>.</p>'
            )
        ]
    )
    found = [f for f in advertising.check(page) if f.code == "advertising.review_site"]
    assert [f.quote for f in found] == [
        "https://www.yelp.com/biz/clinic",
        "https://www.dianping.com/shop/1",
    ]
    assert all("reg. 16" in f.rule for f in found)


# SEO.


def test_display_width_counts_cjk_twice():
    assert seo.display_width("Knee") == 4
    assert seo.display_width("膝关节") == 6
    assert seo.truncate_to_width("干细胞" * 40, 10) == "干细胞干…"


def test_title_and_description_lengths_by_display_width():
    # 31 Chinese characters are 62 units: too long, though only 31 characters.
    page = article(
        "zh-hans", title="干细胞治疗膝关节骨关节炎" * 2 + "的科学原理与软骨修复机制"
    )
    assert "seo.title_long" in codes(seo.check(page))
    page = article(title="Stem cell therapy for knee osteoarthritis")
    assert "seo.title_long" not in codes(seo.check(page))
    page = article(seo_title="Knee")
    assert "seo.title_short" in codes(seo.check(page))
    page = article("zh-hans", search_description="干细胞" * 27)  # 81 chars, 162 units
    assert "seo.description_long" in codes(seo.check(page))
    page = article(search_description="", excerpt="")
    assert "seo.description_missing" in codes(seo.check(page))
    page = article(search_description="", excerpt="Short summary used instead.")
    assert "seo.description_short" in codes(seo.check(page))


def test_one_h1_and_heading_levels_in_order():
    assert codes(seo.check(article(body=[heading("A"), heading("B", "h3")]))) == [
        "seo.no_internal_link"
    ]
    page = article(body=[heading("A"), heading("B", "h4")])
    assert "seo.heading_skipped" in codes(seo.check(page))
    page = article(body=[heading("A", "h3")])  # the H1 is followed by an h3
    assert "seo.heading_skipped" in codes(seo.check(page))
    page = article(body=[heading("A", "h1")])
    assert "seo.second_h1" in codes(seo.check(page))


def test_alt_text_present_and_in_the_pages_language():
    image = ImageFactory()
    cases = [
        ("en", "", False, "seo.alt_missing"),
        ("en", "", True, None),  # decorative
        ("en", "A doctor examines a knee", False, None),
        ("en", "医生检查膝盖", False, "seo.alt_language"),
        ("zh-hans", "A doctor examines a knee", False, "seo.alt_language"),
        ("zh-hans", "医生检查膝盖", False, None),
        ("zh-hans", "MRI", False, None),  # no Latin words: nothing to translate
    ]
    for language, alt, decorative, expected in cases:
        page = article(language, [image_block(image, alt, decorative=decorative)])
        alt_codes = [c for c in codes(seo.check(page)) if c.startswith("seo.alt")]
        assert alt_codes == ([expected] if expected else []), (language, alt)


def test_internal_links_chosen_relative_or_to_the_sites_host(home):
    outside = paragraph('<p><a href="https://www.moh.gov.sg/">MOH</a></p>')
    assert "seo.no_internal_link" in codes(seo.check(article(body=[outside])))
    for html in [
        f'<p><a linktype="page" id="{home.pk}">Home</a></p>',
        '<p><a href="/en/contact/">Contact</a></p>',
        '<p><a href="https://testserver/en/contact/">Contact</a></p>',
    ]:
        page = article(body=[paragraph(html)])
        assert "seo.no_internal_link" not in codes(seo.check(page)), html


def test_slug_stop_words():
    page = article(slug="the-best-way-to")
    (finding,) = [f for f in seo.check(page) if f.code == "seo.slug_stop_words"]
    assert finding.severity == Severity.WARNING
    assert "the, to" in finding.message
    page = article(slug="stem-cell-therapy-for-knee-osteoarthritis")
    (finding,) = [f for f in seo.check(page) if f.code == "seo.slug_stop_words"]
    assert finding.severity == Severity.INFO
    assert "seo.slug_stop_words" not in codes(
        seo.check(article(slug="knee-stem-cells"))
    )


def test_search_preview_of_a_saved_and_an_unsaved_page(blog_index):
    saved = ArticlePageFactory(
        parent=blog_index, title="Knee care", slug="knee-care", excerpt="Summary."
    )
    preview = seo.search_preview(saved)
    assert preview.url == "http://testserver/en/insights/knee-care/"
    assert (preview.title, preview.description) == ("Knee care", "Summary.")
    unsaved = article(slug="new-article", search_description="干细胞" * 40)
    preview = seo.search_preview(unsaved, parent=blog_index)
    assert preview.url == "http://testserver/en/insights/new-article/"
    assert preview.description.endswith("…")
    assert seo.display_width(preview.description) <= seo.DESCRIPTION_MAX
    assert preview.description_width == 240


# Readability.

PLAIN = "Our doctors check your knee. They explain each step. You decide. " * 8
HARD = (
    "Mesenchymal stromal cells, which are isolated from autologous adipose tissue "
    "and subsequently characterised according to internationally recognised "
    "criteria, are administered intra-articularly following comprehensive "
    "radiological evaluation and multidisciplinary deliberation. "
) * 4


def test_syllables_heuristic():
    assert [readability.syllables(w) for w in ["knee", "make", "therapy", "cell"]] == [
        1,
        1,
        3,
        1,
    ]


def test_english_readability_numbers():
    plain = readability.english_stats([PLAIN])
    assert plain.words_per_sentence < 6 and plain.flesch > 80
    assert readability.check(article(body=[paragraph(f"<p>{PLAIN}</p>")])) == []
    findings = readability.check(article(body=[paragraph(f"<p>{HARD}</p>")]))
    assert {f.code: f.severity for f in findings} == {
        "readability.sentence_length": Severity.WARNING,
        "readability.flesch": Severity.WARNING,
        "readability.passive": Severity.WARNING,
    }
    assert "28.0 words" in findings[0].message


def test_passive_voice_share():
    stats = readability.english_stats(
        ["The cells are tested. The doctor explains. Samples were taken. We call."]
    )
    assert stats.passive_share == 0.5


def test_chinese_sentence_and_paragraph_length():
    short = "<p>医生会先检查您的膝盖。然后解释每一步！您来决定；</p>" * 10
    assert readability.check(article("zh-hans", [paragraph(short)])) == []
    long = (
        "间充质干细胞是从自体脂肪组织中分离并按照国际公认标准进行鉴定后在全面影像学评估和多学科讨论之后注射到关节内的细胞"
        * 6
        + "。"
    )
    findings = readability.check(article("zh-hans", [paragraph(f"<p>{long}</p>")]))
    assert {f.code for f in findings} == {
        "readability.sentence_length",
        "readability.paragraph_length",
    }
    assert all(f.severity == Severity.WARNING for f in findings)


# The engine on saved pages and other page types.


def test_run_checks_on_a_saved_article_and_the_home_page(home, blog_index):
    page = ArticlePageFactory(
        parent=blog_index,
        body=[paragraph("<p>The best results, guaranteed.</p>")],
    )
    findings = run_checks(ArticlePage.objects.get(pk=page.pk))
    assert [f.severity for f in findings] == sorted(
        (f.severity for f in findings), reverse=True
    )
    assert codes(findings, Kind.ADVERTISING) == [
        "advertising.superlative",
        "advertising.guarantee",
    ]
    home.hero_heading = "Singapore's No. 1 cell therapy clinic"
    assert blocking(home)
    assert run_checks(Page.objects.get(pk=home.pk).specific) is not None


def test_run_checks_queries_do_not_grow_with_blocks(django_assert_max_num_queries):
    image = ImageFactory()
    body = [image_block(image, "A knee")] * 20 + [
        {"type": "paragraph", "value": "<p>Text</p>"}
    ] * 20
    page = article(body=body)
    with django_assert_max_num_queries(3):
        run_checks(page)


def test_findings_speak_the_editors_language():
    page = article("zh-hans", [heading("A", "h4")], slug="knee")
    with translation.override("zh-hans"):
        messages = [f.message for f in seo.check(page)]
    assert "标题从 h1 跳到了 h4。" in messages
