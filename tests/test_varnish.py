"""Varnish (deploy/varnish.vcl) in front of a live server: public pages are cached,
and a publish is visible through it within a second (Wagtail purges it).

Needs Debian's varnish (`.ci/run` installs it); skipped without /usr/sbin/varnishd.
"""

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

from django.conf import settings as django_settings

import pytest

from site_config.settings.base import frontend_caches
from tests.factories import ArticlePageFactory, StandardPageFactory

VARNISHD = Path("/usr/sbin/varnishd")
VCL = Path(django_settings.BASE_DIR) / "deploy" / "varnish.vcl"

pytestmark = [
    pytest.mark.varnish,
    # A live server needs committed data; the flush after each test empties the
    # database, so the migrations' data (the root page) is restored before each.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not VARNISHD.exists(),
        reason="Varnish is not installed (apt-get install varnish)",
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, **headers) -> tuple[int, str, dict]:
    request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
        url, headers={"Host": "testserver", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - local
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@pytest.fixture
def varnish_dir():
    # varnishd (started as root) reads its VCL as the varnish user: not from
    # pytest's private tmp_path.
    path = Path(tempfile.mkdtemp(prefix="clinic-varnish-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def varnish(live_server, varnish_dir, settings):
    tmp_path = varnish_dir
    backend_port = live_server.url.rsplit(":", 1)[1]
    port = free_port()
    vcl = tmp_path / "varnish.vcl"
    vcl.write_text(
        VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";')
    )
    vcl.chmod(0o644)
    process = subprocess.Popen(  # noqa: S603 - varnishd, our arguments
        [
            str(VARNISHD),
            "-F",
            "-n",
            str(tmp_path / "work"),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-s",
            "malloc,32m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(
                        f"varnishd exited: {process.stderr.read().decode()[-1000:]}"
                    )
                time.sleep(0.1)
        settings.PAGE_CACHE_ENABLED = True
        settings.WAGTAILFRONTENDCACHE = frontend_caches([base])
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def cached(base: str, path: str) -> str:
    """Request `path` until Varnish answers it from its cache; returns the body."""
    for _ in range(5):
        _status, body, headers = fetch(base + path)
        if headers.get("X-Varnish-Cache") == "HIT":
            return body
    pytest.fail(f"{path} is not cached by Varnish")


def visible_within(base: str, path: str, text: str, seconds: float = 1.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if text in fetch(base + path)[1]:
            return time.monotonic() - start
        time.sleep(0.02)
    pytest.fail(f"{text!r} not visible at {path} through Varnish within {seconds}s")


def test_a_published_change_is_visible_through_varnish_within_a_second(varnish, home):
    page = StandardPageFactory(parent=home, title="Our services", slug="services")
    assert "Our services" in cached(varnish, page.url)
    page.title = "Our treatments"
    page.save_revision().publish()
    assert visible_within(varnish, page.url, "Our treatments") < 1.0


def test_a_new_article_appears_on_the_cached_index_and_home_page(
    varnish, home, blog_index
):
    ArticlePageFactory(parent=blog_index, title="First article")
    cached(varnish, blog_index.url)
    cached(varnish, home.url)
    article = ArticlePageFactory(parent=blog_index, title="A brand new article")
    article.save_revision().publish()  # as the editor's Publish button does
    assert visible_within(varnish, blog_index.url, "A brand new article") < 1.0
    assert visible_within(varnish, home.url, "A brand new article") < 1.0


def test_publishing_purges_both_languages(varnish, home, zh):
    from home.models import SiteText
    from tests.i18n_utils import translate_fully

    page = StandardPageFactory(parent=home, title="About", slug="about")
    translate_fully(SiteText.objects.get(locale__language_code="en"), zh)
    translate_fully(home, zh)
    zh_page = translate_fully(page, zh)
    cached(varnish, zh_page.url)
    page.title = "About the clinic"
    page.save_revision().publish()  # the English page: its Chinese URL is purged too
    assert fetch(varnish + zh_page.url)[2].get("X-Varnish-Cache") == "MISS"


def test_signed_in_visitors_and_private_paths_pass(varnish, home):
    page = StandardPageFactory(parent=home, title="About", slug="about")
    cached(varnish, page.url)
    for _ in range(2):
        headers = fetch(varnish + page.url, Cookie="sessionid=abc")[2]
        assert headers.get("X-Varnish-Cache") == "MISS"
        assert fetch(varnish + "/healthz")[2].get("X-Varnish-Cache") == "MISS"
    # Analytics cookies and parameters do not cost a miss.
    assert (
        fetch(varnish + page.url, Cookie="_ga=GA1.2.3")[2].get("X-Varnish-Cache")
        == "HIT"
    )
    assert (
        fetch(varnish + page.url + "?utm_source=mail")[2].get("X-Varnish-Cache")
        == "HIT"
    )


def test_the_contact_page_is_never_stored_and_keeps_its_csrf_cookie(
    varnish, contact_page
):
    """Its form holds the visitor's CSRF token: private, so Varnish passes it on
    every time; the CSRF cookie (and only it) reaches Django, so a form open in
    another tab keeps a valid token."""
    _status, _body, headers = fetch(varnish + contact_page.url)
    secret = SimpleCookie(headers["Set-Cookie"])["csrftoken"].value
    for _ in range(2):
        status, body, headers = fetch(
            varnish + contact_page.url, Cookie=f"_ga=GA1.2.3; csrftoken={secret}"
        )
        assert status == 200
        assert headers.get("X-Varnish-Cache") == "MISS"
        assert "private" in headers["Cache-Control"]
        assert 'name="csrfmiddlewaretoken"' in body
        assert SimpleCookie(headers["Set-Cookie"])["csrftoken"].value == secret


def test_document_files_never_answer_under_media(varnish, home):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    document = Document(title="Consent form")
    document.file.save("consent-form.pdf", ContentFile(b"%PDF-1.4 private"))
    for path in (
        f"/media/{document.file.name}",
        f"/media//{document.file.name}",
        f"/media/images/../{document.file.name}",
        f"/media/Documents/{document.filename}",
    ):
        status, body, headers = fetch(varnish + path)
        assert status == 404, path
        assert "private" not in body
        # Refused by Varnish itself (a synthetic answer, neither hit nor miss).
        assert "X-Varnish-Cache" not in headers, path
    status, _body, headers = fetch(varnish + document.url)
    assert status == 200
    assert headers.get("X-Varnish-Cache") == "MISS"
