"""The WordPress import at scale, on a throwaway database.

    manage.py wordpress_scale [--posts 10000] [--attachments 5000] [--keep FILE]

Writes a generated WXR file (posts with headings, lists, an image and a featured
image each, categories, tags, a comment on every tenth; attachments without
image bytes), creates a separate database (Django's test-database machinery: a
temporary SQLite file, or `<name>_wordpress_scale` on PostgreSQL), builds a
minimal site and imports the file twice, as `manage.py import_wordpress` does.
Prints, for each run, the wall time, the summary line and the process's resident
memory (before, peak, and sampled across the run, to show whether it grows with
the number of posts). The database and the file are removed at the end, unless
--keep names a path for the file.
"""

import tempfile
import threading
import time
from pathlib import Path
from xml.sax.saxutils import escape

from django.core.management.base import BaseCommand

from blog.wordpress.importer import run_import
from tools import scratch_site

PAGE_SIZE = 4096


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE / 1024 / 1024


class MemorySampler(threading.Thread):
    """Resident memory every `interval` seconds while a run lasts."""

    def __init__(self, interval: float = 1.0):
        super().__init__(daemon=True)
        self.interval = interval
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            self.samples.append(resident_mb())
            self.done.wait(self.interval)

    def stop(self) -> list[float]:
        self.done.set()
        self.join()
        self.samples.append(resident_mb())
        return self.samples


def write_export(target: Path, posts: int, attachments: int) -> None:
    """A WXR 1.2 file, written item by item (it never exists whole in memory)."""
    with target.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n'
            '<rss version="2.0" xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:wp="https://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Scale test</title><link>https://scale.example</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_site_url>https://scale.example</wp:base_site_url>\n"
            "<wp:author><wp:author_login>editor</wp:author_login>"
            "<wp:author_display_name>Editor</wp:author_display_name></wp:author>\n"
        )
        for n in range(1, attachments + 1):
            month = n % 12 + 1
            url = f"https://cdn.scale.example/2020/{month:02d}/photo-{n}.jpg"
            out.write(
                f"<item><title>Photo {n}</title><guid>{url}</guid>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_type>attachment</wp:post_type>"
                f"<wp:status>inherit</wp:status><wp:attachment_url>{url}"
                "</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attached_file"
                f"</wp:meta_key><wp:meta_value>2020/{month:02d}/photo-{n}.jpg"
                "</wp:meta_value></wp:postmeta></item>\n"
            )
        for n in range(1, posts + 1):
            post_id = attachments + n
            image = n % max(attachments, 1) + 1
            month = image % 12 + 1
            day = n % 28 + 1
            slug = f"post-{n}"
            body = (
                f"<p>Post {n} introduces <strong>cell therapy</strong> topic {n % 97}."
                "</p>\n<h2>Why it matters</h2>\n"
                f"<p>Paragraph about knees, immunity and recovery, number {n}.</p>\n"
                "<ul><li>First point</li><li>Second point<ul><li>Detail</li></ul>"
                "</li></ul>\n"
                f'<img class="wp-image-{image}" src="https://cdn.scale.example/2020/'
                f'{month:02d}/photo-{image}-300x200.jpg" alt="Photo {image}"/>\n'
                "<pre>line one\n  line two</pre>"
            )
            comment = (
                "<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>"
                "Reader</wp:comment_author><wp:comment_content>Thanks!"
                "</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
                "</wp:comment>"
                if n % 10 == 0
                else ""
            )
            out.write(
                f"<item><title>Post {n}: on cell therapy</title>"
                f"<link>https://scale.example/2021/01/{day:02d}/{slug}/</link>"
                f"<guid>https://scale.example/?p={post_id}</guid>"
                "<dc:creator>editor</dc:creator>"
                f"<content:encoded>{escape(body)}</content:encoded>"
                "<excerpt:encoded></excerpt:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id>"
                f"<wp:post_date>2021-01-{day:02d} 10:00:00</wp:post_date>"
                f"<wp:post_date_gmt>2021-01-{day:02d} 02:00:00</wp:post_date_gmt>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="topic-{n % 12}">Topic '
                f'{n % 12}</category><category domain="post_tag" '
                f'nicename="tag-{n % 40}">Tag {n % 40}</category>'
                "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                f"<wp:meta_value>{image}</wp:meta_value></wp:postmeta>"
                f"{comment}</item>\n"
            )
        out.write("</channel>\n</rss>\n")


class Command(BaseCommand):
    help = "Import a generated WXR (10,000 posts by default) twice; time and memory."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=10_000)
        parser.add_argument("--attachments", type=int, default=5_000)
        parser.add_argument("--keep", type=Path, help="write the WXR file here")

    def handle(self, *args, posts, attachments, keep, **options):
        tmp = tempfile.TemporaryDirectory(prefix="wordpress-scale-")
        export = keep or Path(tmp.name) / "export.xml"
        started = time.perf_counter()
        write_export(export, posts, attachments)
        size = export.stat().st_size / 1024 / 1024
        self.stdout.write(
            f"Wrote {export} ({size:.1f} MB: {posts} posts, {attachments} "
            f"attachments) in {time.perf_counter() - started:.1f} s"
        )
        try:
            with scratch_site.throwaway_database("wordpress_scale", self.stdout):
                scratch_site.build_site(languages=("en",))
                for run in ("first", "second"):
                    self.measure(run, export)
        finally:
            tmp.cleanup()

    def measure(self, run: str, export: Path) -> None:
        before = resident_mb()
        sampler = MemorySampler()
        sampler.start()
        started = time.perf_counter()
        with export.open("rb") as source:
            report = run_import(source)
        seconds = time.perf_counter() - started
        samples = sampler.stop()
        tenths = [samples[round(i * (len(samples) - 1) / 10)] for i in range(11)]
        self.stdout.write(
            f"{run.capitalize()} run: {seconds:.1f} s\n  {report.summary()}\n"
            f"  resident memory: {before:.0f} MB before, peak {max(samples):.0f} MB; "
            "across the run (each tenth): "
            + " ".join(f"{value:.0f}" for value in tenths)
        )
