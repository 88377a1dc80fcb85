"""One import run: English posts and pages, then their Chinese translations.

`run_import()` parses the whole file before touching the database, so a file that
is not a WordPress export changes nothing. The import itself is one transaction,
rolled back for a dry run or on any error (and the image files it stored are
deleted again). Inside it, a post whose content Wagtail refuses is skipped and
reported, not allowed to stop the rest.

Each imported post is recorded in `blog.WordPressPost` (site, post ID, page, hash
of what was written), so a second run of the same file finds every page again:
an unchanged post is left alone, a changed one gets a new revision.
"""

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
from blog.wordpress.images import UploadsLibrary
from blog.wordpress.languages import CHINESE, ENGLISH, language_of, translation_groups
from blog.wordpress.pairing import translate_page, untranslated
from blog.wordpress.report import Line, Report
from blog.wordpress.streams import excerpt_from, with_ids
from home.models import HomePage, StandardPage

# Bump when the conversion changes, so the next run refreshes imported pages.
IMPORTER_VERSION = 1
KINDS = {"post": "post", "page": "page"}


class _DryRun(Exception):
    """Rolls the dry run's transaction back."""


class _SlugTaken(Exception):
    """A new page's WordPress slug belongs to a page this import does not own."""


def run_import(source, uploads: Path | None = None, dry_run: bool = False) -> Report:
    """Import a WXR file (path or binary file); raises wxr.WXRError for a bad file."""
    return Importer(wxr.parse(source), uploads, dry_run).run()


class Importer:
    def __init__(self, export: wxr.Export, uploads: Path | None, dry_run: bool):
        self.export = export
        self.report = Report(dry_run=dry_run)
        self.source_key = export.source_key
        self.items = [item for item in export.items if item.post_type in KINDS]
        self.by_id = {item.post_id: item for item in self.items}
        self.groups = translation_groups(export, self.items)
        attachments = {
            i.post_id: i for i in export.items if i.post_type == "attachment"
        }
        self.images = UploadsLibrary(uploads, attachments)
        self.has_uploads = uploads is not None
        self.pages: dict[int, Page] = {}  # WordPress ID -> its English page
        self.changed: set[int] = set()  # English posts written in this run
        for item in export.items:
            if item.post_type not in KINDS and item.post_type != "attachment":
                self.report.ignored_types[item.post_type] += 1

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
        for item in fields.import_order(self.items):
            language = language_of(item)
            group = self.groups[item.post_id]
            if language == ENGLISH:
                page = self.import_english(item)
                partner = self.by_id.get(group.get(CHINESE, 0))
                if partner is not None and language_of(partner) == CHINESE:
                    self.import_chinese(partner, item, page)
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

    def english_partner(self, item: wxr.Item) -> wxr.Item | None:
        partner = self.by_id.get(self.groups[item.post_id].get(ENGLISH, 0))
        if (
            partner is not None
            and partner is not item
            and language_of(partner) == ENGLISH
        ):
            return partner
        return None

    def record(self, item: wxr.Item) -> WordPressPost | None:
        return (
            WordPressPost.objects.filter(source=self.source_key, wp_id=item.post_id)
            .select_related("page")
            .first()
        )

    def save_record(self, item: wxr.Item, page: Page, digest: str) -> None:
        WordPressPost.objects.update_or_create(
            source=self.source_key,
            wp_id=item.post_id,
            defaults={"page": page, "content_hash": digest},
        )

    # -- English posts and pages -----------------------------------------------------

    def import_english(self, item: wxr.Item) -> Page | None:
        kind = KINDS[item.post_type]
        reason = fields.skip_reason(item)
        if reason:
            self.report.skip(kind, item.post_id, fields.title(item), reason)
            return None
        parent = (
            self.blog_index
            if kind == "post"
            else self.pages.get(item.parent_id, self.home)
        )
        conversion = convert(item.content, self.images.resolve)
        values = self.values(item, conversion, f"{self.source_key}:{item.post_id}")
        line = Line("created", kind, item.post_id, values["title"])
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
            page = record.page.specific
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
            self.changed.add(item.post_id)
        self.finish(line, item, page)
        self.pages[item.post_id] = page
        return page

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
        page = record.page.specific if record else model(locale=self.en)
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
        conversion = convert(item.content, self.images.resolve)
        values = self.values(item, conversion, f"{self.source_key}:{english.post_id}")
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
        self.describe(line, conversion, publication.note)
        if chinese_changed or english.post_id in self.changed:
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
        if note:
            line.details.append(note)

    def missing(self, line: Line, label: str) -> None:
        where = "not in --uploads" if self.has_uploads else "no --uploads given"
        line.details.append(f"missing image: {label} ({where}); left out")
        self.report.missing_images.add(label)

    def finish(self, line: Line, item: wxr.Item, page: Page) -> None:
        line.url = page.get_url() or ""
        self.report.add(line)
        if item.status == "publish":  # only published posts ever had public addresses
            pages.ensure_redirects(
                pages.redirect_paths(item), page, self.site, self.report.redirects
            )
