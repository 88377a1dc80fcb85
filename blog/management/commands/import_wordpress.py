"""manage.py import_wordpress export.xml [--uploads DIR] [--media-from URL]
[--comments FILE] [--dry-run]

Reads a WordPress eXtended RSS export (WordPress: Tools > Export; WXR 1.0, 1.1 or
1.2) and prints what it created, updated, left unchanged and skipped, and why.

- Posts become articles under the English Insights index; pages become standard
  pages under the English home page (WordPress's page hierarchy is kept).
  publish -> live, draft/pending -> draft, future -> scheduled; private, trash,
  auto-draft and password-protected posts are skipped.
- Images: every image attachment becomes a Wagtail image (title, alt text), and
  posts use it wherever they show it; a [gallery] shows its images with their
  captions. Files come from --uploads (a copy of wp-content/uploads, matched by
  their YYYY/MM/name whatever host the export names) or --media-from (the old
  site's uploads address, e.g. https://old.example/wp-content/uploads/; only that
  host is asked, files up to 20 MB, 10 s each, images only). An image found
  nowhere is left out and listed; a later run with either option fills it in.
- Posts are known by their WordPress ID; an item without one, or whose ID an
  earlier item has, by its GUID (else type, slug and date), and the report says so.
- Comments are not imported (the site has none); the report counts them and
  --comments FILE writes them to a CSV file to keep.
- Running it again updates what changed and duplicates nothing (blog.WordPressPost
  remembers which page each WordPress ID became). --dry-run rolls everything back.
- Translations: a Chinese post that translates an English one becomes the
  wagtail-localize translation of the English article. The Chinese home page and
  Insights index must exist (translate them in Wagtail first); until they do, the
  Chinese posts are skipped with that reason and picked up by the next run.
  Accepted markup:

  Polylang (language and translation-group taxonomies):
      <category domain="language" nicename="zh"><![CDATA[中文]]></category>
      <category domain="post_translations" nicename="pll_1a2b"><![CDATA[pll_1a2b]]>
      </category>
      plus, in the channel, the group's term (its description maps language to ID):
      <wp:term><wp:term_taxonomy>post_translations</wp:term_taxonomy>
        <wp:term_slug>pll_1a2b</wp:term_slug>
        <wp:term_description><![CDATA[a:2:{s:2:"en";i:10;s:2:"zh";i:11;}]]>
        </wp:term_description></wp:term>
      Language slugs: en (or en-*) and zh, zh-hans, zh-cn, zh-sg.

  WPML (postmeta on each post of the pair):
      <wp:postmeta><wp:meta_key>_wpml_language</wp:meta_key>
        <wp:meta_value>zh-hans</wp:meta_value></wp:postmeta>
      <wp:postmeta><wp:meta_key>_wpml_translation_group</wp:meta_key>
        <wp:meta_value>42</wp:meta_value></wp:postmeta>
      The language key may also be _icl_lang_code, the group key also trid.

  Posts without language markup are English.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.wordpress.importer import run_import
from blog.wordpress.report import write_comments
from blog.wordpress.wxr import WXRError


class Command(BaseCommand):
    help = "Import a WordPress export (WXR) into Insights and the page tree."

    def add_arguments(self, parser):
        parser.add_argument(
            "export", type=Path, help="the .xml file from Tools > Export"
        )
        parser.add_argument(
            "--uploads",
            type=Path,
            help="a copy of the site's wp-content/uploads folder",
        )
        parser.add_argument(
            "--media-from",
            metavar="URL",
            help="download missing images from this address of the old site's "
            "uploads (e.g. https://old.example/wp-content/uploads/)",
        )
        parser.add_argument(
            "--comments",
            type=Path,
            metavar="FILE",
            help="write the posts' comments to this CSV file",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would happen; save nothing",
        )

    def handle(
        self,
        *args,
        export: Path,
        uploads: Path | None,
        media_from: str | None,
        comments: Path | None,
        dry_run: bool,
        **options,
    ):
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"--uploads {uploads}: no such folder")
        if media_from and not media_from.startswith(("http://", "https://")):
            raise CommandError(f"--media-from {media_from}: not an http(s) address")
        if comments is not None and not comments.parent.is_dir():
            raise CommandError(f"--comments {comments}: no such folder")
        try:
            with export.open("rb") as source:
                report = run_import(
                    source, uploads=uploads, dry_run=dry_run, media_from=media_from
                )
        except OSError as error:
            raise CommandError(
                f"Cannot import {export.name}: {error.strerror}"
            ) from error
        except WXRError as error:
            raise CommandError(f"Cannot import {export.name}: {error}") from error
        self.stdout.write(report.render())
        if comments is not None and report.comments and not dry_run:
            with comments.open("w", encoding="utf-8", newline="") as target:
                write_comments(report.comments, target)
            self.stdout.write(
                f"Comments: {len(report.comments)} written to {comments}."
            )
        elif report.comments:
            self.stdout.write(
                f"Comments: {len(report.comments)} not imported; "
                + ("a real run with " if dry_run else "run again with ")
                + "--comments FILE keeps them in a CSV file."
            )
