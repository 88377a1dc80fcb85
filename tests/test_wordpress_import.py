"""manage.py import_wordpress: pages, translations, redirects, re-runs, refusals."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.images.models import Image
from wagtail.models import Page, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage, Category, Tag, WordPressPost
from blog.wordpress.pairing import untranslated as untranslated_count
from home.models import Person, StandardPage
from tests.i18n_utils import translate_fully
from tests.wordpress_helpers import (  # noqa: F401 - fixtures
    FIXTURES,
    SEED_SECTIONS,
    SEED_SLUG,
    run_import,
    wp_uploads_fixture,
    zh_tree_fixture,
)

ZH_SECTIONS = [
    "干细胞如何修复膝骨关节炎？",
    "单次干细胞注射的效果能持续多久？",
    "哪些人适合接受干细胞治疗？",
    "治疗后如何延长疗效？",
    "结语",
]
SUMMARY = (
    "Created 9, updated 0, unchanged 0, skipped 2 (1 private, 1 trash); "
    "1 missing image; shortcodes removed: [caption] ×1, [contact-form-7] ×1, "
    "[embed] ×1"
)
# The Chinese post's permalink: its slug percent-encoded, as WordPress has it.
ZH_PATH = (
    "/zh/2025/10/27/%e5%b9%b2%e7%bb%86%e8%83%9e%e6%b2%bb%e7%96%97"
    "%e8%86%9d%e9%aa%a8%e5%85%b3%e8%8a%82%e7%82%8e/"
)


def counts() -> dict:
    models = [Page, Image, Redirect, WordPressPost, Person, Category, Tag, Revision]
    models += [TranslationSource, Translation, StringTranslation]
    return {model.__name__: model.objects.count() for model in models}


def media_files() -> list[Path]:
    return sorted(
        path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()
    )


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def article(slug: str, language: str = "en") -> ArticlePage:
    return ArticlePage.objects.get(slug=slug, locale__language_code=language)


@pytest.fixture
def imported(zh_tree, wp_uploads, django_capture_on_commit_callbacks):
    return run_import(
        django_capture_on_commit_callbacks, "site.xml", "--uploads", wp_uploads
    )


# -- the report ---------------------------------------------------------------------


def test_report_has_a_line_per_post_then_the_totals(imported):
    lines = imported.splitlines()
    assert lines[0] == "created   page 20   'About Us' → /en/about-us/"
    assert (
        "created   post 10   "
        "'Stem Cell Therapy for Knee Osteoarthritis: The Science Behi…'"
        f" → /en/insights/{SEED_SLUG}/"
    ) in lines
    assert (
        "created   post 11   '干细胞治疗膝骨关节炎：软骨修复关键机制背后的科学'"
        f" → /zh-hans/insights/{SEED_SLUG}/ (中文 translation of post 10)"
    ) in lines
    assert "skipped   post 16   'Internal: Pricing Notes' (private)" in lines
    assert "skipped   post 17   'Summer Promotion 2024' (trash)" in lines
    assert SUMMARY in lines
    assert "Redirects: 16 created, 0 updated, 0 unchanged." in lines
    assert "Not imported (other content types): nav_menu_item ×1." in lines


# -- what gets created -------------------------------------------------------------


def test_posts_become_articles_with_author_taxonomy_seo_and_cover(imported, blog_index):
    seed = article(SEED_SLUG)
    assert seed.live and seed.get_parent().pk == blog_index.pk
    assert seed.title.startswith("Stem Cell Therapy for Knee Osteoarthritis")
    assert seed.date == datetime.date(2025, 10, 27)
    assert seed.first_published_at == datetime.datetime(
        2025, 10, 27, 2, tzinfo=datetime.UTC
    )
    assert (seed.author.slug, seed.author.name) == ("admin_leaven", "admin_leaven")
    assert seed.category.name == "Chronic Diseases"
    assert sorted(tag.name for tag in seed.tags.all()) == ["Knee", "Stem Cells"]
    assert seed.cover_image.title == "knee-joint"
    # Yoast: the title without "%%sep%% %%sitename%%" (our <title> adds the site name)
    assert (
        seed.seo_title
        == "Stem Cells for Knee Osteoarthritis: How Cartilage Repair Works"
    )
    assert seed.search_description.startswith("How stem cells repair knee cartilage")
    # no WordPress excerpt: WordPress's automatic one (first 55 words)
    assert seed.excerpt.startswith(
        "Knee Osteoarthritis (KOA) is a common"
    ) and seed.excerpt.endswith("[…]")

    faq = article("stem-cell-treatment-questions")
    assert faq.author.name == "Dr. Tan Wei Ming"
    assert (
        faq.excerpt
        == "Answers to the questions patients ask before stem cell treatment."
    )
    assert faq.seo_title == "Stem Cell Treatment FAQ"
    world = article("cell-therapy-around-the-world")
    assert world.category is None  # "Uncategorized" is WordPress's placeholder
    assert [tag.name for tag in world.tags.all()] == ["Wellness and Anti Aging"]
    # one file used by three posts is one Wagtail image
    assert Image.objects.count() == 1


def test_pages_keep_their_hierarchy(imported, home):
    about = StandardPage.objects.get(slug="about-us")
    lab = StandardPage.objects.get(slug="our-laboratory")
    assert about.get_parent().pk == home.pk and lab.get_parent().pk == about.pk
    assert about.search_description == "Who we are: a cell-therapy clinic in Singapore."
    assert [block.block_type for block in about.body] == [
        "paragraph",
        "heading",
        "paragraph",
    ]
    assert lab.body[0].value.source == (
        "<p>Our laboratory follows GMP standards.</p>"
        "<p>Every batch is tested before it reaches a patient.</p>"
    )


def test_every_imported_body_is_valid_in_the_editor(imported):
    for page in [*ArticlePage.objects.all(), *StandardPage.objects.all()]:
        page.body.stream_block.clean(page.body)


def test_seed_article_renders_the_same_sections_and_nested_lists(imported, client):
    body = soup(client.get(f"/en/insights/{SEED_SLUG}/")).select_one(".article__body")
    assert [h.text for h in body.find_all("h3")] == SEED_SECTIONS
    lists = body.select(".block-list")
    assert [len(ul.find_all("li", recursive=False)) for ul in lists] == [2, 3, 3, 4, 4]
    mechanisms = lists[0].find_all("li", recursive=False)
    nested = [
        li.text.strip() for li in mechanisms[0].select(".block-list__nested > li")
    ]
    assert [text.split(":")[0] for text in nested] == [
        "Cartilage Regeneration",
        "Anti-inflammatory Effects",
        "Promotion of Tissue Repair",
    ]
    assert len(mechanisms[1].select(".block-list__nested > li")) == 2
    checks = body.select_one(".block-list--check")
    assert checks.find("li").text.strip().startswith("Degree of cartilage damage")
    assert "✅" not in checks.text  # the list style draws the check mark
    sports = lists[3].find_all("li", recursive=False)[3]
    assert len(sports.select(".block-list__nested > li")) == 2


def test_shortcodes_are_removed_and_captions_kept(imported, client):
    html = soup(client.get("/en/insights/cell-therapy-around-the-world/"))
    body = html.select_one(".article__body")
    assert (
        body.find("figcaption").text
        == "The knee joint, where most of our patients need help"
    )
    assert "[gallery" not in body.text and "[contact-form-7" not in body.text
    assert "alert" not in str(body)
    assert "the sequence ]]> once broke our exports" in body.text
    assert "细胞疗法" in body.text and "клеточная терапия" in body.text


def test_missing_image_is_reported_and_left_out(imported, client):
    assert (
        "missing image: 2025/11/mri-scan.jpg (not in --uploads); left out" in imported
    )
    faq = article("stem-cell-treatment-questions")
    images = [block.value for block in faq.body if block.block_type == "image"]
    assert [image["image"].title for image in images] == ["knee-joint"]
    body = soup(client.get("/en/insights/stem-cell-treatment-questions/")).select_one(
        ".article__body"
    )
    assert "mri-scan" not in str(body)
    assert all(img["src"].startswith("/media/") for img in body.find_all("img"))


def test_without_uploads_images_are_reported_and_absent(
    zh_tree, django_capture_on_commit_callbacks
):
    out = run_import(django_capture_on_commit_callbacks, "site.xml")
    assert (
        "missing image: 2025/10/knee-joint.jpg (featured image) "
        "(no --uploads or --media-from given); left out" in out
    )
    assert Image.objects.count() == 0
    assert not any(
        b.block_type == "image" for page in ArticlePage.objects.all() for b in page.body
    )


def test_scheduled_and_draft_posts_are_not_live(imported):
    scheduled = article("nk-cell-therapy-what-to-expect")
    go_live_at = datetime.datetime(2099, 1, 15, 1, tzinfo=datetime.UTC)
    assert not scheduled.live
    assert scheduled.go_live_at == go_live_at > timezone.now()
    assert scheduled.latest_revision.approved_go_live_at == go_live_at
    draft = ArticlePage.objects.get(title="Immune Cells and Cancer: A Primer")
    assert not draft.live and draft.latest_revision is not None
    assert draft.slug == "immune-cells-and-cancer-a-primer"  # WordPress gave it none
    # neither ever had a public address, so no redirects either
    assert not Redirect.objects.filter(old_path__in=["/?p=14", "/?p=15"]).exists()


def test_private_and_trashed_posts_are_skipped(imported):
    titles = set(Page.objects.values_list("title", flat=True))
    assert not titles & {"Internal: Pricing Notes", "Summer Promotion 2024"}


# -- translations ---------------------------------------------------------------------


def test_polylang_pair_becomes_one_translation_set(imported, client, zh, admin_user):
    english = article(SEED_SLUG)
    chinese = ArticlePage.objects.get(
        locale=zh, translation_key=english.translation_key
    )
    assert chinese.live and chinese.slug == english.slug
    assert chinese.title == "干细胞治疗膝骨关节炎：软骨修复关键机制背后的科学"
    assert chinese.seo_title == "干细胞治疗膝骨关节炎：软骨如何修复"
    assert chinese.search_description.startswith("干细胞如何修复膝关节软骨")
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=zh
    )
    total, done = translation.get_progress()
    assert total == done > 30

    body = soup(client.get(f"/zh-hans/insights/{SEED_SLUG}/")).select_one(
        ".article__body"
    )
    assert [h.text for h in body.find_all("h3")] == ZH_SECTIONS
    assert [
        len(ul.find_all("li", recursive=False)) for ul in body.select(".block-list")
    ] == [2, 3, 3, 4, 4]
    assert "核心作用机制" in body.text and "Stem cells" not in body.text

    # the translator's editor opens on the imported translation, as on native content
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[chinese.pk]))
    assert "wagtail_localize/admin/edit_translation.html" in [
        t.name for t in response.templates
    ]


def test_mismatched_body_translates_title_excerpt_and_seo_only(imported, client, zh):
    english = article("stem-cell-treatment-questions")
    chinese = english.get_translation(zh)
    assert (chinese.title, chinese.excerpt) == (
        "干细胞治疗：患者常见问题",
        "患者在接受干细胞治疗前最常问的问题。",
    )
    assert chinese.seo_title == "干细胞治疗常见问题"
    assert not chinese.live  # untranslated body strings would show English
    lines = imported.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("created   post 18"))
    assert (
        lines[at + 1].strip()
        == "body structure differs; translate the body in the editor"
    )
    assert (
        client.get("/zh-hans/insights/stem-cell-treatment-questions/").status_code
        == 404
    )


def test_wpml_pairs_become_translation_sets(
    zh_tree, client, zh, django_capture_on_commit_callbacks
):
    out = run_import(django_capture_on_commit_callbacks, "wpml.xml")
    assert "Created 4, updated 0, unchanged 0, skipped 0; 0 missing images" in out
    english = article("immune-cell-therapy-explained")
    assert english.get_translation(zh).translation_key == english.translation_key
    body = soup(
        client.get("/zh-hans/insights/immune-cell-therapy-explained/")
    ).select_one(".article__body")
    assert body.find("h2").text == "什么是免疫细胞？"
    steps = [li.text.strip() for li in body.select("ol.block-list > li")]
    assert steps == ["抽取血液。", "细胞在我们的实验室中培养。", "细胞回输体内。"]
    page = soup(client.get("/zh-hans/our-clinic/"))
    assert "丰隆大厦" in page.text and "Hong Leong" not in page.text


def test_chinese_posts_wait_for_the_chinese_tree(
    home, blog_index, zh, wp_uploads, django_capture_on_commit_callbacks
):
    out = run_import(
        django_capture_on_commit_callbacks, "site.xml", "--uploads", wp_uploads
    )
    assert (
        "skipped   post 11   '干细胞治疗膝骨关节炎：软骨修复关键机制背后的科学' "
        "(translation of post 10 waits: the Chinese tree must exist first; "
        "translate 'Insights' into 中文 in Wagtail, then import again)"
    ) in out
    assert "skipped 4 (2 no Chinese tree, 1 private, 1 trash)" in out
    assert not ArticlePage.objects.filter(locale=zh).exists()

    with django_capture_on_commit_callbacks(execute=True):
        translate_fully(home, zh)
        translate_fully(blog_index, zh)
    out = run_import(
        django_capture_on_commit_callbacks, "site.xml", "--uploads", wp_uploads
    )
    assert "Created 2, updated 0, unchanged 7" in out
    assert article(SEED_SLUG, "zh-hans").live


# -- addresses ------------------------------------------------------------------------


def test_old_wordpress_addresses_redirect_permanently(imported, client):
    english, chinese = f"/en/insights/{SEED_SLUG}/", f"/zh-hans/insights/{SEED_SLUG}/"
    for old, new in [
        ("/?p=10", english),
        (f"/2025/10/27/{SEED_SLUG}/", english),
        (f"/2025/10/27/{SEED_SLUG}", english),
        ("/?p=11", chinese),
        (ZH_PATH, chinese),
        (ZH_PATH.upper().replace("/ZH/", "/zh/"), chinese),
        ("/?page_id=20", "/en/about-us/"),
        ("/about-us/our-laboratory/", "/en/about-us/our-laboratory/"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    redirect = Redirect.objects.get(old_path="/?p=10")
    assert redirect.is_permanent and redirect.redirect_page.specific == article(
        SEED_SLUG
    )
    # a private post had no public address: "/" keeps its language redirect
    assert client.get("/?p=16").status_code == 302


# -- running again, dry runs, refusals ------------------------------------------------


def test_second_run_creates_nothing(
    imported, wp_uploads, django_capture_on_commit_callbacks
):
    before = counts()
    out = run_import(
        django_capture_on_commit_callbacks, "site.xml", "--uploads", wp_uploads
    )
    assert "Created 0, updated 0, unchanged 9, skipped 2 (1 private, 1 trash)" in out
    assert "Redirects: 0 created, 0 updated, 16 unchanged." in out
    assert counts() == before


def test_changed_post_is_updated_with_a_new_revision(
    imported, tmp_path, wp_uploads, django_capture_on_commit_callbacks, zh
):
    seed = article(SEED_SLUG)
    revisions = seed.revisions.count()
    changed = tmp_path / "site.xml"
    text = (FIXTURES / "site.xml").read_text(encoding="utf-8")
    changed.write_text(
        text.replace(
            "<title><![CDATA[Stem Cell Therapy for Knee",
            "<title><![CDATA[Updated: Stem Cell Therapy for Knee",
        ),
        encoding="utf-8",
    )
    out = run_import(
        django_capture_on_commit_callbacks, changed, "--uploads", wp_uploads
    )
    assert "updated   post 10   'Updated: Stem Cell Therapy" in out
    assert "Created 0, updated 2, unchanged 7" in out  # the post and its translation
    seed.refresh_from_db()
    assert seed.title.startswith("Updated: ") and seed.live
    assert seed.revisions.count() == revisions + 1
    chinese = seed.get_translation(zh)
    assert (
        chinese.live
        and chinese.title == "干细胞治疗膝骨关节炎：软骨修复关键机制背后的科学"
    )


def test_a_new_english_paragraph_never_shows_english_on_the_live_chinese_page(
    imported, tmp_path, wp_uploads, django_capture_on_commit_callbacks, client, zh
):
    changed = tmp_path / "site.xml"
    text = (FIXTURES / "site.xml").read_text(encoding="utf-8")
    changed.write_text(
        text.replace(
            "In recent years, stem cell therapy has emerged",
            "A paragraph added in WordPress after the move.\n\n"
            "In recent years, stem cell therapy has emerged",
        ),
        encoding="utf-8",
    )
    out = run_import(
        django_capture_on_commit_callbacks, changed, "--uploads", wp_uploads
    )
    assert "strings untranslated; translate them in the editor" in out
    page = client.get(f"/zh-hans/insights/{SEED_SLUG}/")
    assert page.status_code == 200
    assert "added in WordPress" not in page.content.decode()
    assert [h.text for h in soup(page).select(".article__body h3")] == ZH_SECTIONS
    # the new string waits in the translator's editor
    english = article(SEED_SLUG)
    assert "added in WordPress" in str(english.body.raw_data)
    assert untranslated_count(english, zh) > 0


def test_dry_run_writes_nothing(
    zh_tree, wp_uploads, django_capture_on_commit_callbacks
):
    before, files = counts(), media_files()
    out = run_import(
        django_capture_on_commit_callbacks,
        "site.xml",
        "--uploads",
        wp_uploads,
        "--dry-run",
    )
    assert out.splitlines()[0] == "Dry run: nothing will be saved."
    assert SUMMARY in out and out.splitlines()[-1] == "Dry run: nothing was saved."
    assert counts() == before
    assert media_files() == files


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "malformed.xml",
            "Cannot import malformed.xml: not well-formed XML: mismatched tag: line 7",
        ),
        (
            "not_wxr.xml",
            "Cannot import not_wxr.xml: not a WordPress export: no <wp:wxr_version>",
        ),
        (
            "unknown_version.xml",
            "unsupported WXR version 2.0 (supported: 1.0, 1.1, 1.2)",
        ),
        ("billion_laughs.xml", "refused: the file declares a DTD"),
        ("external_entity.xml", "refused: the file declares a DTD"),
        (
            "no-such-file.xml",
            "Cannot import no-such-file.xml: No such file or directory",
        ),
    ],
)
def test_files_that_cannot_be_imported_change_nothing(
    name, message, blog_index, django_capture_on_commit_callbacks
):
    before = counts()
    with pytest.raises(CommandError) as error:
        run_import(django_capture_on_commit_callbacks, name)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert counts() == before


def test_posts_need_the_english_insights_index(
    home, django_capture_on_commit_callbacks
):
    before = counts()
    with pytest.raises(CommandError, match="no live Insights index"):
        run_import(django_capture_on_commit_callbacks, "site.xml")
    assert counts() == before


def test_a_slug_used_by_another_page_is_reported_not_overwritten(
    zh_tree, home, django_capture_on_commit_callbacks
):
    existing = StandardPage(title="About", slug="about-us")
    home.add_child(instance=existing)
    out = run_import(django_capture_on_commit_callbacks, "site.xml")
    assert (
        "skipped   page 20   'About Us' "
        "('About' already uses the slug 'about-us' under /en/" in out
    )
    existing.refresh_from_db()
    assert existing.title == "About"
    # its child page goes under the home page instead
    assert StandardPage.objects.get(slug="our-laboratory").get_parent().pk == home.pk


def test_a_changed_slug_is_reported_with_the_new_address(
    imported, tmp_path, wp_uploads, django_capture_on_commit_callbacks, client
):
    changed = tmp_path / "site.xml"
    text = (FIXTURES / "site.xml").read_text(encoding="utf-8")
    changed.write_text(
        text.replace(
            "<wp:post_name><![CDATA[cell-therapy-around-the-world]]>",
            "<wp:post_name><![CDATA[cell-therapy-worldwide]]>",
        ),
        encoding="utf-8",
    )
    out = run_import(
        django_capture_on_commit_callbacks, changed, "--uploads", wp_uploads
    )
    assert (
        "updated   post 13   'Cell Therapy Around the World: 细胞疗法, клеточная "
        "терапия, الع…' → /en/insights/cell-therapy-worldwide/"
    ) in out
    response = client.get("/?p=13")
    assert (response.status_code, response["Location"]) == (
        301,
        "/en/insights/cell-therapy-worldwide/",
    )
