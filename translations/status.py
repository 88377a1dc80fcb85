"""Where each translation stands: every translatable page and snippet of the source
language × every other locale, in one of four states.

`translation_status()` answers for Reports → Translations status, the translators'
dashboard panel and `manage.py translation_status` alike. It reads wagtail-localize's
own records (sources, translations, string segments and their translations) and
the pages' publishing dates in a fixed number of queries, however many pages.

- Missing: nothing exists in that locale yet.
- In progress: the translation exists but was never published (n of m segments).
- Outdated: it is published, but the source's text changed since its last publish
  (`SourceTextChange`, stamped by a sync that changed string segments), or some
  source segment has no translation (a changed or new segment after a sync).
- Up to date: published, every segment translated, nothing changed since.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, Max, OuterRef
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.models import DraftStateMixin, Locale, Page, get_translatable_models
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationLog,
    TranslationSource,
)


class State(models.TextChoices):
    MISSING = "missing", _("Missing")
    IN_PROGRESS = "in-progress", _("In progress")
    OUTDATED = "outdated", _("Outdated")
    UP_TO_DATE = "up-to-date", _("Up to date")


# Han, kana and hangul count one word per character (no spaces between words).
_WORD = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
    r"|[^\W_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+"
)
_TAG = re.compile(r"<[^>]*>")


def count_words(text: str) -> int:
    """Words a translator reads in a segment: rich-text tags are not words."""
    return len(_WORD.findall(_TAG.sub(" ", text)))


def editor_url(model: type[models.Model], pk) -> str:
    """The editor of a page or snippet: for a synced translation, wagtail-localize's
    translation editor (its hooks take over Wagtail's edit views)."""
    if issubclass(model, Page):
        return reverse("wagtailadmin_pages:edit", args=[pk])
    meta = model._meta
    return reverse(
        f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[quote(pk)]
    )


@dataclass
class Section:
    pk: int
    title: str


@dataclass
class Row:
    """One object in one target locale."""

    model: type[models.Model]
    source_pk: object
    title: str
    path: str  # the page's path below its language's home, "" for snippets
    section: Section | None  # the page's top-level section (snippets: None)
    locale: Locale
    state: State
    since: datetime | None  # when it entered this state, where known
    segments: int | None  # None unless wagtail-localize syncs it
    translated: int | None
    words_left: int | None
    target_pk: object | None
    translated_parent_pk: int | None = None  # pages: where a new translation goes

    @property
    def is_page(self) -> bool:
        return issubclass(self.model, Page)

    @property
    def type_name(self) -> str:
        return capfirst(self.model._meta.verbose_name)

    @property
    def type_key(self) -> str:
        return self.model._meta.label_lower

    @property
    def state_label(self) -> str:
        return str(self.state.label)

    @property
    def edit_url(self) -> str | None:
        if self.target_pk is None:
            return None
        return editor_url(self.model, self.target_pk)

    @property
    def progress(self) -> str:
        if self.segments is None:
            return ""
        text = gettext("%(translated)s of %(segments)s") % {
            "translated": self.translated,
            "segments": self.segments,
        }
        if self.words_left:
            text += ", " + ngettext(
                "%(count)s word left", "%(count)s words left", self.words_left
            ) % {"count": self.words_left}
        return text


def snippet_models() -> list[type[models.Model]]:
    """Translatable models other than pages, without inline children (a team
    member, a form field), which are translated as part of their page."""
    return [
        model
        for model in get_translatable_models()
        if not issubclass(model, Page)
        and not any(isinstance(f, ParentalKey) for f in model._meta.get_fields())
    ]


def target_locales(source_locale: Locale | None = None) -> list[Locale]:
    source_locale = source_locale or Locale.get_default()
    return list(Locale.objects.exclude(pk=source_locale.pk))


class Target(NamedTuple):
    """An object's translation in one locale, as far as its state needs it."""

    pk: object
    published: bool  # live (pages, snippets with drafts), or saved (other snippets)
    published_at: datetime | None


class _Records:
    """wagtail-localize's records for every source of `source_locale`, fetched once."""

    def __init__(self, source_locale: Locale, locales: list[Locale]):
        self.sources = {
            s["object_id"]: s
            for s in TranslationSource.objects.filter(locale=source_locale).values(
                "pk", "object_id", "last_updated_at", "text_change__changed_at"
            )
        }
        self.segments = dict(
            StringSegment.objects.filter(source__locale=source_locale)
            .values("source_id")
            .annotate(count=Count("pk"))
            .values_list("source_id", "count")
        )
        self.translations = {
            (t["source_id"], t["target_locale_id"]): t
            for t in Translation.objects.filter(
                source__locale=source_locale, target_locale__in=locales
            ).values("source_id", "target_locale_id", "created_at", "enabled")
        }
        # Snippets without drafts are "published" when wagtail-localize saves them.
        self.saved_at = {
            (log["source_id"], log["locale_id"]): log["last"]
            for log in TranslationLog.objects.filter(
                source__locale=source_locale, locale__in=locales
            )
            .values("source_id", "locale_id")
            .annotate(last=Max("created_at"))
        }
        self.words_left = {locale.pk: defaultdict(list) for locale in locales}
        for locale in locales:
            translated = StringTranslation.objects.filter(
                translation_of_id=OuterRef("string_id"),
                context_id=OuterRef("context_id"),
                locale=locale,
                has_error=False,
            )
            untranslated = StringSegment.objects.filter(
                ~Exists(translated),
                source__locale=source_locale,
                source__translations__target_locale=locale,
            ).values_list("source_id", "string__data")
            for source_id, text in untranslated:
                self.words_left[locale.pk][source_id].append(count_words(text))

    def row(
        self,
        translation_key,
        locale: Locale,
        target: Target | None,
        missing_since: datetime | None = None,
        **fields,
    ) -> Row:
        """The row of one source object in `locale`; `fields` describe the source."""
        source = self.sources.get(translation_key)
        translation = source and self.translations.get((source["pk"], locale.pk))
        segments = translated = words_left = None
        left = []
        if target and translation and translation["enabled"]:  # synced: progress
            segments = self.segments.get(source["pk"], 0)
            left = self.words_left[locale.pk].get(source["pk"], [])
            translated, words_left = segments - len(left), sum(left)
        changed_at = source and source["text_change__changed_at"]

        if target is None:
            state, since = State.MISSING, missing_since
        elif not target.published:
            state = State.IN_PROGRESS
            since = translation and translation["created_at"]
        elif left or (
            changed_at
            and (target.published_at is None or changed_at > target.published_at)
        ):
            state = State.OUTDATED
            since = changed_at or source["last_updated_at"]
        else:
            state, since = State.UP_TO_DATE, target.published_at
        return Row(
            locale=locale,
            state=state,
            since=since,
            segments=segments,
            translated=translated,
            words_left=words_left,
            target_pk=target and target.pk,
            **fields,
        )


def _page_rows(records: _Records, source_locale, locales) -> list[Row]:
    pages = Page.objects.filter(
        depth__gte=2, locale__in=[source_locale, *locales]
    ).values(
        "pk",
        "translation_key",
        "locale_id",
        "title",
        "url_path",
        "path",
        "depth",
        "content_type_id",
        "live",
        "first_published_at",
        "last_published_at",
        "alias_of_id",
    )
    sources, translated = [], {}
    for page in pages.order_by("path"):
        if page["locale_id"] == source_locale.pk:
            sources.append(page)
        elif page["alias_of_id"] is None:  # an alias is not a translation
            translated[page["translation_key"], page["locale_id"]] = Target(
                page["pk"], page["live"], page["last_published_at"]
            )
    by_path = {page["path"]: page for page in sources}
    key_of_path = {page["path"]: page["translation_key"] for page in sources}

    rows = []
    for page in sources:
        model = ContentType.objects.get_for_id(page["content_type_id"]).model_class()
        if model is None:  # a page type whose code is gone
            continue
        top = by_path.get(page["path"][: Page.steplen * min(page["depth"], 3)])
        section = top and Section(top["pk"], top["title"])
        parent_key = key_of_path.get(page["path"][: -Page.steplen])
        for locale in locales:
            parent = translated.get((parent_key, locale.pk))
            rows.append(
                records.row(
                    page["translation_key"],
                    locale,
                    translated.get((page["translation_key"], locale.pk)),
                    model=model,
                    source_pk=page["pk"],
                    title=page["title"],
                    path="/" + page["url_path"].split("/", 2)[2],
                    section=section,
                    translated_parent_pk=parent and parent.pk,
                    missing_since=page["first_published_at"],
                )
            )
    return rows


def _snippet_rows(records: _Records, model, source_locale, locales) -> list[Row]:
    drafts = issubclass(model, DraftStateMixin)
    # __str__ of some snippets names their locale: joined, not a query each.
    objects = model.objects.filter(locale__in=[source_locale, *locales]).select_related(
        "locale"
    )
    sources, translated = [], {}
    for instance in objects.order_by("pk"):
        if instance.locale_id == source_locale.pk:
            sources.append(instance)
        else:
            translated[instance.translation_key, instance.locale_id] = instance

    rows = []
    for instance in sources:
        source = records.sources.get(instance.translation_key)
        for locale in locales:
            target = translated.get((instance.translation_key, locale.pk))
            if target is not None:
                saved = source and records.saved_at.get((source["pk"], locale.pk))
                target = (
                    Target(target.pk, target.live, target.last_published_at)
                    if drafts
                    else Target(target.pk, True, saved)
                )
            rows.append(
                records.row(
                    instance.translation_key,
                    locale,
                    target,
                    model=model,
                    source_pk=instance.pk,
                    title=str(instance),
                    path="",
                    section=None,
                )
            )
    return rows


def translation_status(locales: Iterable[Locale] | None = None) -> list[Row]:
    """Every translatable page (tree order) and snippet × each of `locales` (by
    default every locale but the source language's)."""
    source_locale = Locale.get_default()
    locales = [
        locale
        for locale in (target_locales(source_locale) if locales is None else locales)
        if locale.pk != source_locale.pk
    ]
    if not locales:
        return []
    # One query for every content type the rows name, rather than one per type.
    ContentType.objects.get_for_models(
        *get_translatable_models(include_subclasses=True)
    )
    records = _Records(source_locale, locales)
    rows = _page_rows(records, source_locale, locales)
    for model in snippet_models():
        rows += _snippet_rows(records, model, source_locale, locales)
    return rows


def since_key(row: Row) -> tuple:
    """Sorts rows by how long they have been in their state; unknown dates last."""
    return (row.since is None, row.since or 0)


def oldest_first(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=since_key)


def count_by_state(rows: Iterable[Row]) -> dict[State, int]:
    counts = dict.fromkeys(State, 0)
    for row in rows:
        counts[row.state] += 1
    return counts
