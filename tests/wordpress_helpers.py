"""Fixtures and helpers shared by the WordPress import tests (imported by them)."""

import shutil
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path

from django.core.management import call_command

import pytest
from PIL import Image as PillowImage

from blog.wordpress import wxr
from home.models import SiteText
from tests.i18n_utils import translate_fully

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
REAL = FIXTURES / "real"  # public exports, see its README
SEED_SLUG = (
    "stem-cell-therapy-for-knee-osteoarthritis-the-science-behind-the-key-mechanism-"
    "of-cartilage-repair"
)
SEED_SECTIONS = [
    "How Do Stem Cells Repair Knee Osteoarthritis?",
    "How Long Does the Effect of a Single Stem Cell Injection Last?",
    "Who is a Suitable Candidate for Stem Cell Therapy?",
    "How to Prolong the Effects After Treatment?",
    "Conclusion",
]


def item(name: str, post_id: int) -> wxr.Item:
    export = wxr.parse(FIXTURES / name)
    return next(entry for entry in export.items if entry.post_id == post_id)


def run_import(capture, export, *options) -> str:
    """Run `manage.py import_wordpress`, executing wagtail-localize's on-commit work."""
    out = StringIO()
    path = export if isinstance(export, Path) else FIXTURES / export
    with capture(execute=True):
        call_command("import_wordpress", str(path), *map(str, options), stdout=out)
    return out.getvalue()


@pytest.fixture(name="wp_uploads")
def wp_uploads_fixture(tmp_path):
    """A copy of wp-content/uploads holding one small real JPEG, made with Pillow."""
    root = tmp_path / "uploads"
    shutil.copytree(FIXTURES / "uploads", root)
    target = root / "2025" / "10" / "knee-joint.jpg"
    target.parent.mkdir(parents=True)
    PillowImage.new("RGB", (120, 80), (40, 120, 160)).save(target, "JPEG")
    return root


@pytest.fixture(name="zh_tree")
def zh_tree_fixture(home, blog_index, zh, django_capture_on_commit_callbacks):
    """The Chinese home page and Insights index, translated as a translator would."""
    with django_capture_on_commit_callbacks(execute=True):
        translate_fully(SiteText.objects.get(locale__language_code="en"), zh)
        translate_fully(home, zh)
        translate_fully(blog_index, zh)
    return blog_index.get_translation(zh)


SKIPPED_STATUSES = {"private", "trash", "auto-draft"}
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF"}


def expected(path: Path) -> dict:
    """What the file holds, read with the namespaces its root element declares."""
    namespaces = dict(
        value
        for _event, value in ET.iterparse(path, events=["start-ns"])  # noqa: S314
    )
    wp = namespaces["wp"]
    found = {"imported": 0, "skipped": 0, "attachments": set(), "comments": 0}
    for item in ET.parse(path).getroot().iter("item"):  # noqa: S314
        post_type = item.findtext(f"{{{wp}}}post_type", "post")
        status = item.findtext(f"{{{wp}}}status", "").strip()
        if post_type == "attachment":
            url = item.findtext(f"{{{wp}}}attachment_url", "").strip()
            if Path(url).suffix.lower() in FORMATS:
                found["attachments"].add(url)
        if post_type not in ("post", "page"):
            continue
        if status in SKIPPED_STATUSES or item.findtext(f"{{{wp}}}post_password"):
            found["skipped"] += 1
        else:
            found["imported"] += 1
            found["comments"] += len(item.findall(f"{{{wp}}}comment"))
    return found


def uploads_for(path: Path, root: Path) -> Path:
    """A copy of wp-content/uploads: a small image at each attachment's path."""
    root.mkdir()
    for number, url in enumerate(sorted(expected(path)["attachments"])):
        parts = url.split("/")
        target = root.joinpath(*parts[-3:])
        target.parent.mkdir(parents=True, exist_ok=True)
        colour = (number * 7 % 256, number // 36 * 7 % 256, 90)  # each file its own
        image = PillowImage.new("RGB", (40, 30), colour)
        image.save(target, FORMATS[target.suffix.lower()])
    return root
