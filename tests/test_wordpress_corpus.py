"""Real WordPress exports (tests/fixtures/wordpress/real): import each twice.

The expected counts come from reading the file with the standard library, not
through the importer: published, draft, pending and future posts and pages are
imported; private, trashed, auto-draft and password-protected ones are skipped.
"""

import csv
import re
from urllib.parse import unquote_to_bytes

from django.core.management.base import CommandError

from wagtail.contrib.redirects.models import Redirect
from wagtail.images.models import Image
from wagtail.models import Page

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage, WordPressImage, WordPressPost
from blog.wordpress.wxr import parse
from tests.wordpress_helpers import REAL, expected, run_import, uploads_for

IMPORTABLE = [
    "theme-unit-test-data.xml",
    "a11y-unit-test-data.xml",
    "theme-preview.xml",
    "small-export.xml",
    "valid-wxr-1.0.xml",
    "valid-wxr-1.1.xml",
    "namespace-edge-cases.xml",
    "wxr-utf-8-challenges.xml",
    "wxr-flat-attachment-different-site.xml",
    "slashes.xml",
    "test-serialized-comment-meta.xml",
    "crazy-cdata-escaped.xml",
]
REFUSED = {
    "malformed.xml": "not well-formed XML: mismatched tag",
    "crazy-cdata.xml": "not well-formed XML",
    "invalid-version-tag.xml": "unsupported WXR version abc",
}


def state() -> dict:
    models = [Page, Image, Redirect, WordPressPost, WordPressImage]
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in models
    } | {"revisions": [page.latest_revision_id for page in Page.objects.all()]}


@pytest.mark.parametrize("name", IMPORTABLE)
def test_real_export_imports_completely_and_twice_without_change(
    name, blog_index, tmp_path, client, django_capture_on_commit_callbacks
):
    path = REAL / name
    want = expected(path)
    uploads = uploads_for(path, tmp_path / "uploads")
    first = run_import(django_capture_on_commit_callbacks, path, "--uploads", uploads)
    summary = next(line for line in first.splitlines() if line.startswith("Created "))
    assert summary.startswith(
        f"Created {want['imported']}, updated 0, unchanged 0, skipped {want['skipped']}"
    ), first
    # Only what the file lacks may be missing: the Theme Unit Test's Tiled Gallery
    # names an attachment 763 it does not contain, an a11y post shows an image
    # from http://localhost:8080 that is no attachment.
    exported = {"/".join(url.split("/")[-3:]) for url in want["attachments"]}
    missing = re.findall(r"missing image: (\S+)", first)
    assert not exported & set(missing), missing
    if want["attachments"]:
        assert f"{len(want['attachments'])} images in Wagtail" in first
        assert "images missing" not in first
    if want["comments"]:
        assert f"comment ×{want['comments']}" in first
    assert WordPressPost.objects.count() == want["imported"]
    before = state()

    second = run_import(django_capture_on_commit_callbacks, path, "--uploads", uploads)
    assert (
        f"Created 0, updated 0, unchanged {want['imported']}, "
        f"skipped {want['skipped']}" in second
    ), second
    assert "0 created, 0 updated" in second
    assert state() == before

    for redirect in Redirect.objects.select_related("redirect_page"):
        response = client.get(redirect.old_path)
        assert response.status_code == 301, redirect.old_path
        assert response["Location"] == redirect.redirect_page.url


@pytest.mark.parametrize(("name", "message"), sorted(REFUSED.items()))
def test_real_broken_exports_are_refused_and_change_nothing(
    name, message, blog_index, django_capture_on_commit_callbacks
):
    before = state()
    with pytest.raises(CommandError, match=message):
        run_import(django_capture_on_commit_callbacks, REAL / name)
    assert state() == before


# -- issue 16's defects, on the exports where they were seen ---------------------------

GREEK_LEVEL_2 = "//greek/%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2/"


@pytest.fixture
def theme_unit_test(blog_index, tmp_path, django_capture_on_commit_callbacks):
    path = REAL / "theme-unit-test-data.xml"
    comments = tmp_path / "comments.csv"
    out = run_import(
        django_capture_on_commit_callbacks,
        path,
        "--uploads",
        uploads_for(path, tmp_path / "uploads"),
        "--comments",
        comments,
    )
    return out, comments


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def article(wp_id: int) -> ArticlePage:
    record = WordPressPost.objects.get(key=str(wp_id))
    return record.page.specific


def test_theme_unit_test_titles_galleries_comments_and_addresses(
    theme_unit_test, client
):
    out, comments = theme_unit_test
    # Titles are HTML in WordPress: visitors read the text, never the tags.
    markup = article(1173)
    assert markup.title == "Markup: Title With Markup"
    heading = soup(client.get(markup.url)).find("h1")
    assert heading.text.strip() == "Markup: Title With Markup"
    untitled = article(1169)
    assert untitled.title == "This post has no title, but it still…"
    assert "untitled in WordPress: titled by its first words" in out

    # The block gallery: every image with its own caption, then the gallery's.
    gallery = article(1752)
    images = [b.value for b in gallery.body if b.block_type == "image"]
    source = next(
        item
        for item in parse(REAL / "theme-unit-test-data.xml").items
        if item.post_id == 1752
    ).content
    assert len(images) == source.count("<img ")
    assert images[0]["caption"].startswith("Lorem ipsum dolor sit amet")
    assert images[1]["caption"] == "Sunburst over the Clinch River, Southwest Virginia."
    texts = [b.value.source for b in gallery.body if b.block_type == "paragraph"]
    assert any("(gallery caption) 3 column, full width" in text for text in texts)
    # [gallery] without ids: the images attached to the post, as WordPress shows
    classic = article(555)
    assert sum(b.block_type == "image" for b in classic.body) >= 10

    # Comments are counted and kept in a file the clinic can open.
    assert "comment ×32" in out and f"Comments: 32 written to {comments}." in out
    with comments.open(encoding="utf-8") as rows:
        table = list(csv.DictReader(rows))
    assert len(table) == 32
    assert {"author", "email", "date", "content", "new_url"} <= set(table[0])
    assert all(row["new_url"].startswith("/en/") for row in table)

    # A permalink with a double slash answers 301 to its page, as a server sees it.
    greek = Page.objects.get(title="Επίπεδο 2 -Second Greek level")
    # (WSGI's PATH_INFO is the decoded path, as bytes read as latin-1.)
    path_info = unquote_to_bytes(GREEK_LEVEL_2).decode("iso-8859-1")
    response = client.get("/", PATH_INFO=path_info)
    assert (response.status_code, response["Location"]) == (301, greek.url)
    single = client.get(GREEK_LEVEL_2[1:])
    assert (single.status_code, single["Location"]) == (301, greek.url)


def test_a_shared_wordpress_id_imports_both_items_and_says_so(
    blog_index, tmp_path, django_capture_on_commit_callbacks
):
    path = REAL / "a11y-unit-test-data.xml"
    out = run_import(django_capture_on_commit_callbacks, path)
    post = WordPressPost.objects.get(key="156").page
    page = WordPressPost.objects.get(wp_id=156, key__startswith="guid:").page
    assert (post.title, post.live) == ("Page with comments", False)  # a draft
    assert (page.title, page.live) == ("Page with comments disabled", True)
    assert (
        "WordPress ID 156 is also post 'Page with comments': imported separately, "
        "known by its GUID" in out
    )
    assert "item sharing another item's WordPress ID ×1" in out
    # ?p=156 stays with the item that had the ID first
    assert Redirect.objects.filter(old_path="/?page_id=156").count() == 0


def test_an_export_without_ids_keeps_every_post(
    blog_index, django_capture_on_commit_callbacks
):
    out = run_import(django_capture_on_commit_callbacks, REAL / "theme-preview.xml")
    assert ArticlePage.objects.count() == 7
    assert out.count("no WordPress ID: known by its GUID") == 7
    # Their permalinks (?p=19…) are their own links; each leads to its own page.
    targets = Redirect.objects.values_list("redirect_page_id", flat=True)
    assert len(set(targets)) == len(targets) == 7
