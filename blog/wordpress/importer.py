"""One import run: English posts and pages, then their Chinese translations.

`run_import()` reads the whole file before touching the database, so a file that
is not a WordPress export changes nothing. It reads it once (`wxr.scan`), keeping
slim items; each post's full item is read back from the spool when its turn comes,
and what the run remembers per post is small (keys, IDs, hashes), so memory stays
flat with the number of posts. The import itself is one transaction,
rolled back for a dry run or on any error (and the image files it stored are
deleted again). Inside it, a post whose content Wagtail refuses is skipped and
reported, not allowed to stop the rest.

Each imported post is recorded in `blog.WordPressPost` (site, post ID, page, hash
of what was written), so a second run of the same file finds every page again:
an unchanged post is left alone, a changed one gets a new revision.
"""

from dataclasses import dataclass
from html import unescape
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page, Site

from blog.models import ArticlePage, BlogIndexPage, WordPressPost
from blog.wordpress import fields, pages, wxr
from blog.wordpress.convert import Conversion, convert
from blog.wordpress.images import MediaLibrary, gallery_html, is_image
from blog.wordpress.languages import CHINESE, ENGLISH, language_of, translation_groups
from blog.wordpress.media import MediaFetcher
from blog.wordpress.pairing import translate_page, untranslated
from blog.wordpress.report import CommentRow, Line, Report
from blog.wordpress.streams import excerpt_from, with_ids
from home.models import HomePage, StandardPage

# Bump when the conversion changes, so the next run refreshes imported pages.
IMPORTER_VERSION = 2
KINDS = {"post": "post", "page": "page"}


class _DryRun(Exception):
    """Rolls the dry run's transaction back."""


@dataclass(frozen=True, slots=True)
class Record:
    """What the run needs of a `WordPressPost` (not the instance: it holds its page)."""

    page_id: int
    content_hash: str


class _SlugTaken(Exception):
    """A new page's WordPress slug belongs to a page this import does not own."""


def run_import(
    source,
    uploads: Path | None = None,
    dry_run: bool = False,
    media_from: str | None = None,
) -> Report:
    """Import a WXR file (path or binary file); raises wxr.WXRError for a bad file.

    `media_from` is the old site's uploads address (see `blog.wordpress.media`).
    """
    fetcher = MediaFetcher(media_from) if media_from else None
    export = wxr.scan(source)
    try:
        return Importer(export, uploads, dry_run, fetcher).run()
    finally:
        export.close()


class Importer:
    def __init__(
        self,
        export: wxr.Export,
        uploads: Path | None,
        dry_run: bool,
        fetcher: MediaFetcher | None = None,
    ):
        self.export = export
        self.report = Report(dry_run=dry_run)
        self.source_key = export.source_key
        self.items = [item for item in export.items if item.post_type in KINDS]
        owners = [item for item in self.items if item.owns_id]
        self.by_id = {item.post_id: item for item in owners}
        self.groups = translation_groups(export, owners)
        self.attachments = {
            i.post_id: i
            for i in export.items
            if i.post_type == "attachment" and i.owns_id
        }
        self.images = MediaLibrary(self.source_key, self.attachments, uploads, fetcher)
        self.pages: dict[int, int] = {}  # WordPress ID -> its English page's pk
        self.changed: set[str] = set()  # keys of English posts written in this run
        self.report.ignored_types.update(export.other_types)

    def run(self) -> Report:
        committed = False
        try:
            with transaction.atomic():
                self.import_all()
                if self.report.dry_run:
                    raise _DryRun
            committed = True
        except _DryRun:
            pass
        finally:
            if not committed:
                self.images.discard_files()
        return self.report

    # -- the run -------------------------------------------------------------------

    def import_all(self) -> None:
        self.en = Locale.get_default()
        self.zh = Locale.objects.filter(language_code=CHINESE).first()
        self.home = self.find_home()
        self.blog_index = (
            BlogIndexPage.objects.live().filter(locale=self.en).order_by("path").first()
        )
        kinds = {item.post_type for item in self.items}
        if "post" in kinds and self.blog_index is None:
            raise wxr.WXRError(
                "no live Insights index (BlogIndexPage) in English: create and publish "
                "it before importing posts"
            )
        if "page" in kinds and self.home is None:
            raise wxr.WXRError("no English home page to put the imported pages under")
        self.site = self.home.get_site() if self.home else None
        self.redirects = pages.Redirects(self.site, self.report.redirects)
        self.records = {
            key: Record(page_id, content_hash)
            for key, page_id, content_hash in WordPressPost.objects.filter(
                source=self.source_key
            ).values_list("key", "page_id", "content_hash")
        }
        for slim in fields.import_order(self.items):
            item = self.export.load(slim)
            language = language_of(item)
            group = self.group(item)
            if language == ENGLISH:
                page = self.import_english(item)
                partner = self.by_id.get(group.get(CHINESE, 0))
                if partner is not None and language_of(partner) == CHINESE:
                    self.import_chinese(self.export.load(partner), item, page)
            elif language == CHINESE and self.english_partner(item):
                continue  # imported right after its English original
            else:
                why = (
                    "no English original"
                    if language == CHINESE
                    else f"language {language}"
                )
                self.report.skip(
                    KINDS[item.post_type], item.post_id, fields.title(item), why
                )
        self.import_attachments()

    def find_home(self) -> HomePage | None:
        site = (
            Site.objects.filter(is_default_site=True)
            .select_related("root_page")
            .first()
        )
        root = site.root_page.specific if site else None
        if isinstance(root, HomePage) and root.locale_id == self.en.pk:
            return root
        return HomePage.objects.filter(locale=self.en).order_by("path").first()

    def group(self, item: wxr.Item) -> dict[str, int]:
        """{language: WordPress ID} of the item's translations (itself included)."""
        return self.groups.get(item.post_id, {}) if item.owns_id else {}

    def english_partner(self, item: wxr.Item) -> wxr.Item | None:
        partner = self.by_id.get(self.group(item).get(ENGLISH, 0))
        if (
            partner is not None
            and partner.key != item.key
            and language_of(partner) == ENGLISH
        ):
            return partner
        return None

    def record(self, item: wxr.Item) -> Record | None:
        return self.records.get(item.key)

    def save_record(self, item: wxr.Item, page: Page, digest: str) -> None:
        WordPressPost.objects.update_or_create(
            source=self.source_key,
            key=item.key,
            defaults={"page": page, "content_hash": digest, "wp_id": item.post_id},
        )
        self.records[item.key] = Record(page.pk, digest)

    # -- English posts and pages -----------------------------------------------------

    def import_english(self, item: wxr.Item) -> Page | None:
        kind = KINDS[item.post_type]
        reason = fields.skip_reason(item)
        if reason:
            self.report.skip(kind, item.post_id, fields.title(item), reason)
            return None
        parent = self.blog_index if kind == "post" else self.parent_page(item)
        conversion = self.convert(item)
        values = self.values(item, conversion, self.seed(item))
        line = Line("created", kind, item.post_id, values["title"])
        self.identify(line, item)
        cover = self.cover_image(item, line)
        values["cover_image_id" if kind == "post" else "image_id"] = cover
        slug, chosen = fields.slug_candidates(item)
        category, tags = pages.taxonomy_terms(item)
        publication = fields.publication(item)
        digest = fields.digest(
            {
                "version": IMPORTER_VERSION,
                "values": values,
                "slug": slug,
                "date": item.post_date,
                "author": item.creator,
                "taxonomy": [category, tags],
                "publication": publication,
                "parent": parent.pk,
            }
        )
        record = self.record(item)
        self.describe(line, conversion, publication.note)
        if record and record.content_hash == digest:
            line.action = "unchanged"
            page = Page.objects.get(pk=record.page_id)
        else:
            try:
                with transaction.atomic():
                    page = self.write_english(
                        item, record, parent, values, slug, chosen
                    )
                    note = pages.save_page(
                        page,
                        None if record else parent,
                        publication,
                        fields.published_at(item),
                    )
                    self.save_record(item, page, digest)
            except _SlugTaken as taken:
                self.report.skip(
                    kind, item.post_id, values["title"], "slug in use", str(taken)
                )
                return None
            except ValidationError as error:
                why = f"invalid: {'; '.join(error.messages)}"
                self.report.skip(kind, item.post_id, values["title"], "invalid", why)
                return None
            line.action = "updated" if record else "created"
            line.details += [note] if note else []
            self.changed.add(item.key)
        self.finish(line, item, page)
        if item.owns_id:
            self.pages[item.post_id] = page.pk
        return page

    def parent_page(self, item: wxr.Item) -> Page:
        pk = self.pages.get(item.parent_id) if item.parent_id else None
        return Page.objects.get(pk=pk) if pk else self.home

    def seed(self, item: wxr.Item) -> str:
        """What block ids are derived from; the WordPress ID kept for old imports."""
        return f"{self.source_key}:{item.post_id if item.owns_id else item.key}"

    def convert(self, item: wxr.Item) -> Conversion:
        def gallery(attrs: str) -> str:
            return gallery_html(attrs, item, self.attachments)

        return convert(item.content, self.images.resolve, {"gallery": gallery})

    def identify(self, line: Line, item: wxr.Item) -> None:
        """Say when an item is known by something else than its WordPress ID."""
        if item.duplicate_of is not None:
            other = item.duplicate_of
            line.details.append(
                f"WordPress ID {item.post_id} is also {other.post_type} "
                f"'{fields.title(other)}': imported separately, known by its "
                + ("GUID" if item.key.startswith("guid:") else "type, slug and date")
            )
            self.report.left_out["item sharing another item's WordPress ID"] += 1
        elif not item.post_id:
            line.details.append(
                "no WordPress ID: known by its "
                + ("GUID" if item.key.startswith("guid:") else "type, slug and date")
            )
        if not fields.written_title(item):
            line.details.append("untitled in WordPress: titled by its first words")

    def values(self, item: wxr.Item, conversion: Conversion, seed: str) -> dict:
        """The translatable fields, the same for English and Chinese posts."""
        excerpt = " ".join(unescape(strip_tags(item.excerpt)).split())
        values = {
            "title": fields.title(item),
            "seo_title": fields.yoast(item, "_yoast_wpseo_title")[:255],
            "search_description": fields.yoast(item, "_yoast_wpseo_metadesc"),
            "body": with_ids(conversion.blocks, seed),
        }
        if item.post_type == "post":
            values["excerpt"] = excerpt or excerpt_from(conversion.blocks)
        else:
            values["intro"] = excerpt
        return values

    def write_english(self, item, record, parent, values, slug, chosen) -> Page:
        model = ArticlePage if item.post_type == "post" else StandardPage
        page = (
            Page.objects.get(pk=record.page_id).specific
            if record
            else model(locale=self.en)
        )
        for name, value in values.items():
            setattr(page, name, value)
        if isinstance(page, ArticlePage):
            page.date = (
                item.post_date.date() if item.post_date else timezone.localdate()
            )
            page.author = pages.person_for(self.export, item.creator, self.en)
            page.category, tags = pages.category_and_tags(item, self.en)
            page.tags = tags
        page.slug = self.free_slug(
            page.get_parent() if record else parent, slug, chosen, page
        )
        return page

    def free_slug(self, parent: Page, slug: str, chosen: bool, page: Page) -> str:
        taken = parent.get_children().filter(slug=slug).exclude(pk=page.pk).first()
        if taken is None:
            return slug
        if page.pk:  # an update: keep the slug the page has
            return page.slug
        if chosen:
            raise _SlugTaken(
                f"'{taken.title}' already uses the slug '{slug}' under {parent.url}; "
                "rename or delete that page, then import again"
            )
        return find_available_slug(parent, slug)

    def cover_image(self, item: wxr.Item, line: Line) -> int | None:
        thumbnail = item.meta.get("_thumbnail_id", "")
        if not thumbnail.isdigit():
            return None
        found, label = self.images.resolve_attachment(int(thumbnail))
        if found is None:
            self.missing(line, f"{label} (featured image)")
            return None
        return found.pk

    # -- Chinese translations ------------------------------------------------------

    def import_chinese(
        self, item: wxr.Item, english: wxr.Item, english_page: Page | None
    ):
        kind = KINDS[item.post_type]
        title = fields.title(item)
        reason = fields.skip_reason(item)
        if reason:
            self.report.skip(kind, item.post_id, title, reason)
            return
        if english_page is None:
            why = f"its English original, {kind} {english.post_id}, was not imported"
            self.report.skip(kind, item.post_id, title, "no English original", why)
            return
        parent = english_page.get_parent()
        if self.zh is None or parent.get_translation_or_none(self.zh) is None:
            why = (
                f"translation of {kind} {english.post_id} waits: the Chinese tree must "
                f"exist first; translate '{parent.title}' into 中文 in Wagtail, then "
                "import again"
            )
            self.report.skip(kind, item.post_id, title, "no Chinese tree", why)
            return
        conversion = self.convert(item)
        values = self.values(item, conversion, self.seed(english))
        publication = fields.publication(item)
        digest = fields.digest(
            {"version": IMPORTER_VERSION, "values": values, "publication": publication}
        )
        record = self.record(item)
        existing = english_page.get_translation_or_none(self.zh)
        chinese_changed = (
            existing is None
            or record is None
            or record.content_hash != digest
            or record.page_id != existing.pk
        )
        line = Line("unchanged", kind, item.post_id, title)
        line.reason = f"中文 translation of {kind} {english.post_id}"
        self.identify(line, item)
        self.describe(line, conversion, publication.note)
        if chinese_changed or english.key in self.changed:
            try:
                with transaction.atomic():
                    page = self.write_chinese(
                        english_page, values, publication, chinese_changed, line
                    )
                    self.save_record(item, page, digest)
            except ValidationError as error:
                why = f"invalid: {'; '.join(error.messages)}"
                self.report.skip(kind, item.post_id, title, "invalid", why)
                return
            line.action = "updated" if existing else "created"
        else:
            page = existing.specific
            self.waiting(line, untranslated(english_page, self.zh))
        self.finish(line, item, page)

    def write_chinese(
        self, english_page, values, publication, overwrite: bool, line
    ) -> Page:
        pairing = translate_page(
            english_page,
            values,
            self.zh,
            overwrite=overwrite,
            publish=publication.state == "live",
        )
        page = pairing.page
        if not pairing.body_matches:
            line.details.append(
                "body structure differs; translate the body in the editor"
            )
        self.waiting(line, pairing.untranslated)
        if not pairing.untranslated and publication.state == "scheduled":
            page.go_live_at = publication.go_live_at
            page.save_revision().publish()
        return page

    # -- report --------------------------------------------------------------------

    def waiting(self, line: Line, untranslated_strings: int) -> None:
        if untranslated_strings:
            line.details.append(
                f"{untranslated_strings} strings untranslated; translate them in the "
                "editor (the import publishes only complete translations)"
            )

    def describe(self, line: Line, conversion: Conversion, note: str) -> None:
        for label in conversion.missing_images:
            self.missing(line, label)
        if conversion.shortcodes:
            self.report.shortcodes.update(conversion.shortcodes)
            found = ", ".join(
                f"[{n}] ×{c}" for n, c in sorted(conversion.shortcodes.items())
            )
            line.details.append(f"shortcodes removed: {found}")
        for text, count in sorted(conversion.notes.items()):
            line.details.append(text if count == 1 else f"{text} ×{count}")
        self.report.left_out.update(conversion.notes)
        if note:
            line.details.append(note)

    def missing(self, line: Line, label: str) -> None:
        where = self.images.why_missing(label)
        line.details.append(f"missing image: {label} ({where}); left out")
        self.report.missing_images.add(label)

    def finish(self, line: Line, item: wxr.Item, page: Page) -> None:
        if line.action != "unchanged":  # a new slug: the URL visitors now use
            page.refresh_from_db(fields=["url_path"])
        line.url = page.get_url() or ""
        self.report.add(line)
        self.keep_comments(item, line)
        if item.status == "publish":  # only published posts ever had public addresses
            owned, if_free = pages.redirect_paths(item)
            self.redirects.ensure(owned, page)
            self.redirects.ensure(if_free, page, only_if_free=True)

    def keep_comments(self, item: wxr.Item, line: Line) -> None:
        """Comments are not imported (no visitor comments here); they are kept."""
        if not item.comments:
            return
        self.report.left_out["comment"] += len(item.comments)
        line.details.append(
            f"{len(item.comments)} comment{'s' if len(item.comments) > 1 else ''} "
            "not imported (kept in the comments file)"
        )
        for comment in item.comments:
            self.report.comments.append(CommentRow.of(comment, item, line))

    # -- attachments -----------------------------------------------------------------

    def import_attachments(self) -> None:
        """Every image attachment becomes a Wagtail image, used by a post or not."""
        counts = self.report.attachments
        for attachment in self.attachments.values():
            if not is_image(attachment):
                counts["not images (left out)"] += 1
                self.report.left_out["attachment that is not an image"] += 1
                continue
            found, label = self.images.resolve_attachment(attachment.post_id)
            if found is not None:
                counts["images in Wagtail"] += 1
            elif not self.images.has_source:
                counts["images waiting for --uploads or --media-from"] += 1
            else:
                counts["images missing"] += 1
                self.report.missing_attachments.append(
                    f"{label} ({self.images.why_missing(label)})"
                )
        counts["of them new"] = self.images.counts["imported"]
