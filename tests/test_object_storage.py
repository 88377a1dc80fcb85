"""Media in S3-compatible object storage (MEDIA_STORAGE=s3), as several app nodes
share it: an image uploaded in the admin lands in the bucket with its renditions,
pages link the bucket, Django serves no media, and documents stay private.

The bucket is moto's S3 emulator, in process (moto is pinned with the test tools
in requirements.txt, so this never skips)."""

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Collection

import boto3
import pytest
from bs4 import BeautifulSoup
from moto import mock_aws
from PIL import Image as PILImage

from tests.factories import ArticlePageFactory

BUCKET = "clinic-media"
BUCKET_URL = f"https://{BUCKET}.s3.amazonaws.com/"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def bucket(settings, monkeypatch):
    # Credentials as production gives them: from the environment, never settings.
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        # What base.py builds for MEDIA_STORAGE=s3, on a server that uses ACLs.
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "serving.object_storage.MediaStorage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "us-east-1",
                    "default_acl": "public-read",
                    "querystring_auth": False,
                    "file_overwrite": False,
                },
            },
        }
        yield s3


def png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (480, 300), (40, 120, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def is_public(s3, key: str) -> bool:
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return any(grant["Grantee"].get("URI") == ALL_USERS for grant in grants)


def test_an_uploaded_image_and_its_renditions_live_in_the_bucket(
    bucket, client, admin_user, blog_index
):
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Knee clinic",
            "file": SimpleUploadedFile("knee.png", png(), content_type="image/png"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content[-2000:]
    image = get_image_model().objects.get(title="Knee clinic")
    bucket.head_object(Bucket=BUCKET, Key=image.file.name)  # the original is there
    assert image.file.url == BUCKET_URL + image.file.name

    article = ArticlePageFactory(parent=blog_index, cover_image=image)
    client.logout()
    html = client.get(article.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    urls = {img["src"] for img in soup.select("img[src]")} | {
        candidate.split()[0]
        for source in soup.select("source[srcset], img[srcset]")
        for candidate in source["srcset"].split(",")
    }
    renditions = {url for url in urls if "/images/" in url}
    assert renditions, urls
    for url in renditions:
        # Plain, lasting URLs (no signature: cached pages keep them) at the bucket.
        assert url.startswith(BUCKET_URL + "images/"), url
        assert "Signature" not in url
        key = url.removeprefix(BUCKET_URL)
        assert bucket.head_object(Bucket=BUCKET, Key=key)["ContentLength"] > 0
        assert is_public(bucket, key)
    # Django's /media/ URL is not where images are.
    assert "/media/" not in html


def test_documents_in_the_bucket_are_private_and_served_through_wagtail(
    bucket, client, admin_user
):
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Consent form",
            "file": SimpleUploadedFile("consent.pdf", b"%PDF-1.4 private consent"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content[-2000:]
    document = Document.objects.get(title="Consent form")
    assert document.file.name.startswith("documents/")
    # Stored without the public ACL the images get: only the site's keys read it.
    assert not is_public(bucket, document.file.name)
    # Its storage URL, should any code ask, is signed and short-lived.
    query = parse_qs(urlparse(document.file.url).query)
    assert "Signature" in query or "X-Amz-Signature" in query
    expires = int(query["Expires"][0]) - time.time()  # SigV2: a moment, not seconds
    assert 0 < expires <= 60
    # Visitors get it from Wagtail's view, which checks its collection first.
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 private consent"


SETTINGS_CHECK = """
import json, django
django.setup()
from django.conf import settings
from django.urls import Resolver404, resolve
try:
    resolve("/media/images/photo.jpg")
    media = "served"
except Resolver404:
    media = "not served"
print(json.dumps({
    "serve_media": settings.SERVE_MEDIA,
    "backend": settings.STORAGES["default"]["BACKEND"],
    "options": settings.STORAGES["default"]["OPTIONS"],
    "media": media,
}))
"""


def run_production(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "MEDIA_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY="x" * 64,
        DATABASE_URL="sqlite:////tmp/unused.sqlite3",
        **env,
    )
    return subprocess.run(  # noqa: S603 - this Python, our code
        [sys.executable, "-c", code],
        cwd=Path(django_settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_for_object_storage_turn_django_media_off():
    result = run_production(
        SETTINGS_CHECK,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        SERVE_MEDIA="true",  # ignored: Django never serves media from a bucket
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["serve_media"] is False
    assert found["media"] == "not served"
    assert found["backend"] == "serving.object_storage.MediaStorage"
    assert found["options"]["endpoint_url"] == "https://objects.example.net"
    assert found["options"]["querystring_auth"] is False
    assert "access_key" not in found["options"]  # credentials: environment only

    missing = run_production("import django; django.setup()", MEDIA_STORAGE="s3")
    assert missing.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in missing.stderr
