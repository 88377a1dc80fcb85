"""Settings > Import from WordPress: upload, read the dry-run report, confirm."""

import io
import zipfile

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images.models import Image

import pytest

from blog.models import ArticlePage, WordPressPost
from blog.wordpress import stash
from tests.wordpress_helpers import (  # noqa: F401 - fixtures
    FIXTURES,
    wp_uploads_fixture,
    zh_tree_fixture,
)

URL = "/admin/import-wordpress/"


def export(name: str = "site.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, (FIXTURES / name).read_bytes(), content_type="text/xml"
    )


def uploads_zip(root) -> SimpleUploadedFile:
    """The folder zipped as wp-content/uploads/…, plus a member trying to escape."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in root.rglob("*.jpg"):
            archive.write(
                path, f"wp-content/uploads/{path.relative_to(root).as_posix()}"
            )
        archive.writestr("../../escaped.jpg", b"outside")
    return SimpleUploadedFile(
        "uploads.zip", buffer.getvalue(), content_type="application/zip"
    )


def user_with(*codenames: str):
    user = get_user_model().objects.create_user("marketer", "m@example.com", "pw")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_editors_without_the_permission_are_refused(client, db):
    client.force_login(user_with("access_admin"))
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard.
    for response in (client.get(URL), client.post(URL, {"export": export()})):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert stash.SESSION_KEY not in client.session
    assert URL not in client.get("/admin/").content.decode()  # no menu item either


def test_the_permission_opens_the_form_and_the_menu_item(client, db):
    client.force_login(user_with("access_admin", "import_wordpress"))
    response = client.get(URL)
    assert response.status_code == 200
    assert "blog/admin/import_wordpress.html" in [t.name for t in response.templates]
    assert 'name="export"' in response.content.decode()
    assert URL in client.get("/admin/").content.decode()


def test_preview_then_confirm(
    client, admin_user, zh_tree, wp_uploads, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    assert client.get(URL).status_code == 200

    response = client.post(
        URL, {"export": export(), "uploads": uploads_zip(wp_uploads)}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dry run: nothing was saved." in page and "Confirm and import" in page
    assert not ArticlePage.objects.exists() and not Image.objects.exists()
    folder = stash.stashed(client.session)
    assert (folder / "export.xml").is_file()
    assert (folder / "uploads/wp-content/uploads/2025/10/knee-joint.jpg").is_file()
    assert (
        not (folder.parent / "escaped.jpg").exists()
        and not (folder / "escaped.jpg").exists()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"confirm": "1"})
    assert response.status_code == 200
    assert "Created 9, updated 0, unchanged 0" in response.content.decode()
    assert ArticlePage.objects.count() == 5 + 2  # English posts and two translations
    assert WordPressPost.objects.count() == 2 + 5 + 2  # pages, posts, translations
    assert Image.objects.count() == 1  # the knee image, from the zip
    assert not folder.exists() and stash.SESSION_KEY not in client.session

    # the stored file is gone: confirming twice imports nothing twice
    response = client.post(URL, {"confirm": "1"})
    assert (response.status_code, response["Location"]) == (302, URL)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion_laughs.xml", "refused: the file declares a DTD"),
        ("not_wxr.xml", "not a WordPress export"),
    ],
)
def test_a_bad_file_shows_the_error_on_the_form(
    client, admin_user, blog_index, name, message
):
    client.force_login(admin_user)
    response = client.post(URL, {"export": export(name)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ArticlePage.objects.exists()
    assert stash.SESSION_KEY not in client.session


def test_an_uploads_file_that_is_no_zip_is_refused(client, admin_user, blog_index):
    client.force_login(admin_user)
    not_zip = SimpleUploadedFile(
        "uploads.zip", b"plain text", content_type="application/zip"
    )
    response = client.post(URL, {"export": export(), "uploads": not_zip})
    assert "the uploads file is not a zip archive" in response.content.decode()
    assert not ArticlePage.objects.exists()
