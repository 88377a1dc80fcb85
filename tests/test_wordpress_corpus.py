"""Real WordPress exports (tests/fixtures/wordpress/real): import each twice.

The expected counts come from reading the file with the standard library, not
through the importer: published, draft, pending and future posts and pages are
imported; private, trashed, auto-draft and password-protected ones are skipped.
"""

import re

from django.core.management.base import CommandError

from wagtail.contrib.redirects.models import Redirect
from wagtail.images.models import Image
from wagtail.models import Page

import pytest

from blog.models import WordPressImage, WordPressPost
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
