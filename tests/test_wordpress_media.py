"""import_wordpress --media-from: images fetched from the old site, carefully.

A local HTTP server stands in for the old site (127.0.0.1 is private, so the
origin itself is private and allowed); DNS is stood in for where a test needs a
public origin.
"""

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.management.base import CommandError

from wagtail.images.models import Image

import pytest
from PIL import Image as PillowImage

from blog.models import ArticlePage
from blog.wordpress import media
from blog.wordpress.media import FetchError, MediaFetcher
from tests.wordpress_helpers import run_import


def jpeg() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (30, 20), (200, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


class OldSite:
    """A tiny web server: path -> (status, headers, body); it counts requests."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append(self.path)
                status, headers, body = site.routes.get(self.path, (404, {}, b""))
                if headers.get("X-Sleep"):
                    time.sleep(float(headers["X-Sleep"]))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def image(self, path: str, body: bytes | None = None) -> None:
        self.routes[path] = (200, {"Content-Type": "image/jpeg"}, body or jpeg())

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def old_site():
    site = OldSite()
    yield site
    site.close()


def export_with_image(tmp_path, src: str):
    """One published post showing one image, its attachment on another host."""
    path = tmp_path / "export.xml"
    path.write_text(
        '<rss version="2.0" xmlns:wp="https://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Old</title><link>https://old.example</link>"
        "<wp:wxr_version>1.2</wp:wxr_version>"
        "<item><title>Photo</title><wp:post_id>5</wp:post_id>"
        "<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
        f"<wp:attachment_url>{src}</wp:attachment_url>"
        "<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
        "<wp:meta_value>A red square</wp:meta_value></wp:postmeta></item>"
        "<item><title>With a picture</title><wp:post_id>9</wp:post_id>"
        "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
        "<wp:post_name>with-a-picture</wp:post_name>"
        "<link>https://old.example/with-a-picture/</link>"
        f'<content:encoded><![CDATA[<p>Look:</p><img class="wp-image-5" src="{src}"/>'
        "]]></content:encoded></item></channel></rss>",
        encoding="utf-8",
    )
    return path


SRC = "https://old-cdn.example/2020/01/square.jpg"


def test_images_are_fetched_once_from_the_given_address(
    old_site, blog_index, tmp_path, django_capture_on_commit_callbacks
):
    old_site.image("/uploads/2020/01/square.jpg")
    export = export_with_image(tmp_path, SRC)
    out = run_import(
        django_capture_on_commit_callbacks,
        export,
        "--media-from",
        old_site.url("/uploads/"),
    )
    assert "Created 1, updated 0, unchanged 0, skipped 0; 0 missing images" in out
    image = Image.objects.get()
    assert (image.title, image.description) == ("Photo", "A red square")
    body = ArticlePage.objects.get(slug="with-a-picture").body
    assert body[1].value["image"].pk == image.pk
    assert old_site.requests == ["/uploads/2020/01/square.jpg"]

    again = run_import(
        django_capture_on_commit_callbacks,
        export,
        "--media-from",
        old_site.url("/uploads/"),
    )
    assert "Created 0, updated 0, unchanged 1" in again
    assert len(old_site.requests) == 1  # known from the first run: not fetched again
    assert Image.objects.count() == 1


@pytest.mark.parametrize(
    ("route", "why"),
    [
        (None, "HTTP 404"),
        ((200, {"Content-Type": "text/html"}, b"<html>"), "not an image"),
        ((200, {"Content-Type": "image/jpeg"}, b"not a jpeg"), "not an image file"),
    ],
)
def test_a_failed_download_is_listed_and_the_import_goes_on(
    route, why, old_site, blog_index, tmp_path, django_capture_on_commit_callbacks
):
    if route:
        old_site.routes["/uploads/2020/01/square.jpg"] = route
    out = run_import(
        django_capture_on_commit_callbacks,
        export_with_image(tmp_path, SRC),
        "--media-from",
        old_site.url("/uploads/"),
    )
    assert "Created 1, updated 0, unchanged 0, skipped 0; 1 missing image" in out
    line = next(line for line in out.splitlines() if "missing image:" in line)
    assert line.strip().startswith("missing image: 2020/01/square.jpg (")
    assert why in line
    assert not Image.objects.exists()


def test_a_later_run_fills_in_what_was_missing(
    old_site, blog_index, tmp_path, django_capture_on_commit_callbacks
):
    export = export_with_image(tmp_path, SRC)
    run_import(django_capture_on_commit_callbacks, export)
    old_site.image("/2020/01/square.jpg")
    out = run_import(
        django_capture_on_commit_callbacks, export, "--media-from", old_site.url()
    )
    assert "Created 0, updated 1, unchanged 0, skipped 0; 0 missing images" in out
    page = ArticlePage.objects.get(slug="with-a-picture")
    assert [block.block_type for block in page.body] == ["paragraph", "image"]


def test_redirects_are_followed_only_within_the_origin(old_site):
    other = OldSite()  # another port: another origin
    try:
        old_site.image("/final/a.jpg")
        old_site.routes["/a.jpg"] = (301, {"Location": "/final/a.jpg"}, b"")
        old_site.routes["/b.jpg"] = (302, {"Location": other.url("/b.jpg")}, b"")
        other.image("/b.jpg")
        fetcher = MediaFetcher(old_site.url())
        body, name = fetcher.fetch("a.jpg")
        assert body == jpeg() and name == "a.jpg"
        with pytest.raises(FetchError, match="redirected to another host"):
            fetcher.fetch("b.jpg")
        assert other.requests == []
    finally:
        other.close()


def test_size_limit_and_timeout(old_site):
    old_site.image("/big.jpg", b"x" * 5000)
    old_site.routes["/slow.jpg"] = (
        200,
        {"Content-Type": "image/jpeg", "X-Sleep": "2"},
        b"",
    )
    with pytest.raises(FetchError, match="larger than"):
        MediaFetcher(old_site.url(), max_bytes=1000).fetch("big.jpg")
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        MediaFetcher(old_site.url(), timeout=0.5).fetch("slow.jpg")
    assert time.monotonic() - started < 1.9


def test_a_public_origin_never_reaches_a_private_address(old_site, monkeypatch):
    # DNS that answers a public address and, alongside, the local machine's.
    monkeypatch.setattr(
        media, "resolve_host", lambda host, port: ["93.184.216.34", "127.0.0.1"]
    )
    with pytest.raises(FetchError, match="private address"):
        MediaFetcher(f"http://old.example:{old_site.port}/").fetch("a.jpg")
    assert old_site.requests == []


def test_only_http_addresses_are_accepted(
    blog_index, django_capture_on_commit_callbacks
):
    with pytest.raises(CommandError, match="not an http"):
        run_import(
            django_capture_on_commit_callbacks,
            "site.xml",
            "--media-from",
            "file:///etc/",
        )
