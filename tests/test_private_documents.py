"""Issue 12, defect 1: a document in a collection restricted to signed-in users is
served only by Wagtail's view, which checks the restriction; its file under
/media/ never answers, in development and production settings alike."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

import pytest

from tests.factories import ImageFactory

SECRET = b"%PDF-1.4 patient consent form, private"


@pytest.fixture
def private_document(db):
    private = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = Document(title="Consent form", collection=private)
    document.file.save("consent-form.pdf", ContentFile(SECRET))
    return document


@pytest.fixture
def public_document(db):
    document = Document(title="Price list")
    document.file.save("price-list.pdf", ContentFile(b"%PDF-1.4 public"))
    return document


def media_paths(document) -> list[str]:
    name = document.file.name  # documents/consent-form.pdf
    assert name.startswith("documents/")
    filename = name.removeprefix("documents/")
    return [
        f"/media/{name}",
        f"/media//{name}",
        f"/media/./{name}",
        f"/media/images/../{name}",
        f"/media/%64ocuments/{filename}",
        f"/media/documents%2F{filename}",
        f"/media/DOCUMENTS/{filename}",
    ]


def test_the_document_url_is_wagtails_serve_view(private_document, settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert private_document.url == (
        f"/documents/{private_document.pk}/{private_document.filename}"
    )


def test_a_restricted_document_is_refused_to_visitors_everywhere(
    client, private_document
):
    assert (Path(django_settings.MEDIA_ROOT) / private_document.file.name).exists()
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert "login/?next=/documents/" in response["Location"]
    for path in media_paths(private_document):
        response = client.get(path)
        assert response.status_code == 404, path
        assert SECRET not in response.content


def test_a_signed_in_user_reads_it_through_the_serve_view_privately(
    client, private_document
):
    user = get_user_model().objects.create_user("nurse", password="x")
    client.force_login(user)
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    # Signed in or not, the media URL does not answer for documents.
    assert client.get(media_paths(private_document)[0]).status_code == 404


def test_public_documents_also_go_through_the_view_and_images_stay_on_media(
    client, public_document
):
    response = client.get(public_document.url)
    assert response.status_code == 200
    assert client.get(f"/media/{public_document.file.name}").status_code == 404
    image = ImageFactory()
    response = client.get(f"/media/{image.file.name}")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


# Development (`make run`) and production (`make serve`) settings: the URL that
# serves media refuses the documents' folder, Wagtail serves documents by its view,
# WhiteNoise does not serve MEDIA_ROOT.
SETTINGS_CHECK = """
import json, django
django.setup()
from django.conf import settings
from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve

def status(path):
    match = resolve(path)
    try:
        response = match.func(RequestFactory().get(path), *match.args, **match.kwargs)
    except Http404:
        return 404
    return response.status_code

print(json.dumps({
    "serve_method": settings.WAGTAILDOCS_SERVE_METHOD,
    "whitenoise_root": str(getattr(settings, "WHITENOISE_ROOT", None)),
    "document": status("/media/documents/secret.pdf"),
    "traversal": status("/media/images/../documents/secret.pdf"),
    "image": status("/media/images/photo.jpg"),
}))
"""


@pytest.mark.parametrize("module", ["dev", "production"])
def test_make_run_and_make_serve_settings_refuse_document_files(module):
    media = Path(tempfile.mkdtemp(prefix="clinic-test-media-"))
    (media / "documents").mkdir()
    (media / "documents" / "secret.pdf").write_bytes(SECRET)
    (media / "images").mkdir()
    (media / "images" / "photo.jpg").write_bytes(b"jpeg")
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "SERVE_MEDIA")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=f"site_config.settings.{module}",
        SECRET_KEY="x" * 64,
        MEDIA_ROOT=str(media),
        DATABASE_URL="sqlite:////tmp/unused.sqlite3",
    )
    result = subprocess.run(  # noqa: S603 - this Python, our code
        [sys.executable, "-c", SETTINGS_CHECK],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "serve_method": "serve_view",
        "whitenoise_root": "None",
        "document": 404,
        "traversal": 404,
        "image": 200,
    }
