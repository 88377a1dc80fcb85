"""Nothing lost: back up, delete everything, restore, find everything again.

How the database is exercised, honestly: these tests use `transactional_db`, so
what they create is committed and visible to a second connection.

- PostgreSQL: the test database is a real database; `backup` runs the real
  `pg_dump --format=custom` and `restore` the real `pg_restore --clean`.
- SQLite: pytest-django's test database lives in memory. The backup code works
  on Django's own connection through SQLite's backup API (the same calls that copy
  a file database in production), so it copies that in-memory database into the
  archive and back. The command-line test (`make backup` / `make restore`) runs in
  another process, which cannot see this memory: there the test database is first
  copied to a real file with the same API, and the Makefile targets run against it.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tarfile
from pathlib import Path
from unittest import mock

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site
from wagtail_localize.models import Translation, TranslationSource

import pytest

from enquiries.models import ContactSubmission
from home.models import SiteText
from tests.factories import (
    ContactFormFieldFactory,
    ContactPageFactory,
    ImageFactory,
    StandardPageFactory,
)
from tests.forms import valid_contact_data
from tests.i18n_utils import translate_fully

# serialized_rollback: each test starts again from the migrated database (root page,
# default locale and collection), which a transactional test's flush would remove.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
Image = get_image_model()


@pytest.fixture(autouse=True)
def _content_types_cached():
    """`restore` empties Django's content-type cache (ids may differ in the archive).
    Refill it from the restored tables before the test's flush: the next test's
    serialized rollback reloads rows through signal handlers that look content
    types up, and an empty cache would make them create fresh, clashing rows."""
    yield
    ContentType.objects.get_for_models(*apps.get_models())


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    """Media and backups of this test only (media-test is shared by the suite)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.MEDIA_ROOT


@pytest.fixture
def content(client, home, zh, media_root):
    """Pages in both languages, a draft revision, an image with a rendition and a
    form submission, made as editors, translators and visitors make them."""
    about = StandardPageFactory(parent=home, title="About", slug="about")
    contact = ContactPageFactory(parent=home)
    ContactFormFieldFactory(page=contact, label="Full name", field_type="singleline")
    ContactFormFieldFactory(page=contact, label="Message", field_type="multiline")
    about.save_revision().publish()
    about.title = "About the clinic (draft)"
    about.save_revision()  # unpublished: lives only in the revision

    translate_fully(SiteText.objects.get(locale=home.locale), zh)
    translate_fully(home, zh)
    translate_fully(about, zh)

    image = ImageFactory(title="Clinic front")
    image.get_rendition("fill-40x30")

    data = valid_contact_data(
        client, contact, full_name="Tan Mei Ling", message="Knee pain"
    )
    client.post(contact.url, data)
    assert ContactSubmission.objects.count() == 1
    return {"about": about, "contact": contact, "image": image}


def media_digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def snapshot() -> dict:
    return {
        "pages": sorted(
            Page.objects.values_list(
                "pk",
                "title",
                "url_path",
                "locale__language_code",
                "translation_key",
                "live",
            )
        ),
        "revisions": sorted(
            (pk, object_id, content["title"])
            for pk, object_id, content in Revision.objects.values_list(
                "pk", "object_id", "content"
            )
        ),
        "translations": sorted(
            Translation.objects.values_list(
                "pk", "source__object_id", "target_locale__language_code"
            )
        ),
        "images": sorted(
            Image.objects.values_list("pk", "title", "file", "width", "height")
        ),
        "renditions": sorted(
            Image.get_rendition_model().objects.values_list("image_id", "file")
        ),
        "submissions": [
            (s.pk, s.page_id, s.form_data, s.consent_text, s.submit_time)
            for s in ContactSubmission.objects.order_by("pk")
        ],
        "sites": sorted(Site.objects.values_list("hostname", "root_page_id")),
        "media": media_digests(Path(settings.MEDIA_ROOT)),
    }


def delete_everything():
    for page in Page.get_first_root_node().get_children():
        page.delete()
    for model in (
        Revision,
        Translation,
        TranslationSource,
        ContactSubmission,
        SiteText,
        Site,
    ):
        model.objects.all().delete()
    for image in Image.objects.all():
        image.delete()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def only_archive(directory: Path, prefix: str = "clinic-backup-") -> Path:
    archives = sorted(directory.glob(f"{prefix}*.tar.gz"))
    assert len(archives) == 1, archives
    return archives[0]


def test_backup_delete_restore_finds_everything_again(client, content, tmp_path):
    before = snapshot()
    assert len(before["pages"]) == 6  # root, 2 homes, about x2, contact
    assert {"zh-hans"} <= {language for *_, language, _key, _live in before["pages"]}
    assert "About the clinic (draft)" in {title for *_, title in before["revisions"]}
    assert before["translations"] and before["renditions"] and before["submissions"]
    assert any(path.startswith("original_images/") for path in before["media"])

    call_command("backup", output_dir=tmp_path / "out")
    archive = only_archive(tmp_path / "out")

    delete_everything()
    after_loss = snapshot()
    assert after_loss["pages"] == [before["pages"][0]]  # only the tree root is left
    assert not any(
        after_loss[key]
        for key in ("revisions", "translations", "images", "submissions", "media")
    )

    call_command("restore", str(archive), interactive=False)
    assert snapshot() == before

    # The restored site works: both languages, the draft, the image file.
    assert client.get("/en/about/").status_code == 200
    assert client.get("/zh-hans/about/").status_code == 200
    about = Page.objects.get(pk=content["about"].pk).specific
    assert about.get_latest_revision_as_object().title == "About the clinic (draft)"
    with Image.objects.get(pk=content["image"].pk).file.open("rb") as image_file:
        assert image_file.read(4)
    # The state before the restore was itself saved first.
    assert only_archive(Path(settings.BACKUP_DIR), "pre-restore-backup-")


def test_archive_holds_manifest_database_and_media_readable_by_its_owner_only(
    content, tmp_path
):
    call_command("backup", output_dir=tmp_path / "out")
    archive = only_archive(tmp_path / "out")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["format"] == 1
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["file"] in names
    assert (
        manifest["media"]["files"] == len(media_digests(Path(settings.MEDIA_ROOT))) > 0
    )
    # The newest migration of each app, whichever it is today.
    graph = MigrationLoader(connection).graph
    for app in ("home", "enquiries"):
        assert manifest["migrations"][app] == graph.leaf_nodes(app)[0][1]
    assert all(
        name in ("manifest.json", manifest["database"]["file"])
        or name.startswith("media/")
        for name in names
    )
    assert not list((tmp_path / "out").glob("*.partial"))


def test_restore_refuses_what_is_not_a_backup(media_root, tmp_path):
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("hello")
    with pytest.raises(CommandError, match="not a backup archive"):
        call_command("restore", str(not_an_archive), interactive=False)


def make_archive(path: Path, manifest: dict, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in {
            "manifest.json": json.dumps(manifest).encode(),
            **members,
        }.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_restore_refuses_another_database_vendor(media_root, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest = {
        "format": 1,
        "created_at": "",
        "database": {"vendor": other, "file": "db"},
        "media": {"files": 0},
    }
    archive = make_archive(tmp_path / "other.tar.gz", manifest, {"db": b""})
    with pytest.raises(CommandError, match=f"holds a {other} database"):
        call_command("restore", str(archive), interactive=False, safety_backup=False)


def test_restore_refuses_paths_outside_the_media_folder(media_root, tmp_path):
    manifest = {
        "format": 1,
        "created_at": "",
        "media": {"files": 1},
        "database": {"vendor": connection.vendor, "file": "database.sqlite3"},
    }
    archive = make_archive(tmp_path / "evil.tar.gz", manifest, {"../../evil.txt": b"x"})
    with pytest.raises(CommandError, match="cannot be extracted safely"):
        call_command("restore", str(archive), interactive=False, safety_backup=False)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_restore_asks_first(content, tmp_path):
    call_command("backup", output_dir=tmp_path / "out")
    archive = only_archive(tmp_path / "out")
    ContactSubmission.objects.all().delete()
    with (
        mock.patch("builtins.input", return_value="no"),
        pytest.raises(CommandError, match="cancelled"),
    ):
        call_command("restore", str(archive))
    assert ContactSubmission.objects.count() == 0


# --- The Makefile targets, in another process ---------------------------------------

MAKE = shutil.which("make")


def run_make(*args: str, env: dict | None = None, answer: str = ""):
    return subprocess.run(  # noqa: S603 - make, from PATH, with fixed targets
        [MAKE, "--no-print-directory", *args],
        cwd=settings.BASE_DIR,
        env=env,
        input=answer,
        capture_output=True,
        text=True,
        check=False,
    )


def database_url_for_a_subprocess(tmp_path: Path) -> str:
    """A database another process can open holding what this test made."""
    if connection.vendor == "sqlite":
        file = tmp_path / "site.sqlite3"
        copy = sqlite3.connect(file)
        connection.ensure_connection()
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{file}"
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}{password}@{host}/{db['NAME']}"


def count_submissions(database_url: str) -> int:
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            (count,) = db.execute(
                "SELECT count(*) FROM enquiries_contactsubmission"
            ).fetchone()
            return count
    return ContactSubmission.objects.count()


def delete_submissions(database_url: str) -> None:
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            db.execute("DELETE FROM enquiries_contactsubmission")
    else:
        ContactSubmission.objects.all().delete()


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_make_backup_and_make_restore(content, tmp_path):
    database_url = database_url_for_a_subprocess(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_config.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "BACKUP_DIR": str(tmp_path / "make-backups"),
    }

    def make(*args: str, answer: str = "") -> str:
        result = run_make(*args, env=env, answer=answer)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    make("backup")
    archive = only_archive(tmp_path / "make-backups")
    media = media_digests(Path(settings.MEDIA_ROOT))

    delete_submissions(database_url)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert count_submissions(database_url) == 0

    output = make("restore", f"ARCHIVE={archive}", answer="yes\n")
    assert "Restored" in output
    assert count_submissions(database_url) == 1
    assert media_digests(Path(settings.MEDIA_ROOT)) == media
    assert only_archive(tmp_path / "make-backups", "pre-restore-backup-")


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_make_restore_without_an_archive_says_how():
    result = run_make("restore")
    assert result.returncode != 0
    assert "make restore ARCHIVE=" in result.stdout
