"""What the translator's editor shows beside wagtail-localize's own segments.

wagtail-localize's editor is a React app fed with JSON props built in Python. The
template override (translations/templates/wagtail_localize/admin/
edit_translation.html) passes those props through `editor_cockpit()`, which

- names each StreamField segment by what it is ("FAQ answer 2", "List item 2.1");
- counts the translated segments for the header ("9 of 11");
- adds, per segment, what the editor's script (translations/static/) shows: the
  previous English and Chinese of a changed segment with a word diff, matches
  from the translation memory and the glossary terms its English contains;
- says what the Chinese page really shows for synchronised links (author,
  category, image) instead of "Uses English version".
"""

import json
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext as _

from wagtail.models import TranslatableMixin

from translations.changes import previous_translations
from translations.glossary import Glossary
from translations.labels import segment_label
from translations.memory import memory_for


@dataclass
class Cockpit:
    props: str  # the React app's props, relabelled
    data: dict  # what translations/static/translations/editor.js adds
    translated: int
    total: int


def progress(props: dict) -> tuple[int, int]:
    """(translated, total) string segments, as the editor counts them."""
    string_ids = {s["id"] for s in props["segments"] if s["type"] == "string"}
    done = {
        t["segment_id"]
        for t in props["initialStringTranslations"]
        if t["segment_id"] in string_ids and not t["error"]
    }
    return len(done), len(string_ids)


def synchronised_note(source_instance, target_instance, field_name, locale) -> str:
    """What the translated object shows for a link it shares with the source."""
    try:
        field = source_instance._meta.get_field(field_name)
    except FieldDoesNotExist:
        return ""
    if not isinstance(field, models.ForeignKey):
        return ""
    linked = getattr(target_instance, field_name, None)
    if linked is None:
        return ""
    language = locale.get_display_name()
    if isinstance(linked, TranslatableMixin):
        translated = linked.get_translation_or_none(locale)
        if translated is not None:
            return _(
                "The %(language)s page shows its %(language)s version: “%(title)s”."
            ) % {
                "language": language,
                "title": translated,
            }
        return _(
            "Not translated into %(language)s yet: "
            "the %(language)s page shows “%(title)s”."
        ) % {"language": language, "title": linked}
    return _("The %(language)s page shows the same %(thing)s: “%(title)s”.") % {
        "language": language,
        "thing": field.verbose_name,
        "title": linked,
    }


def editor_cockpit(translation, props_json: str) -> Cockpit:
    props = json.loads(props_json)
    source_instance = translation.source.get_source_instance()
    locale = translation.target_locale
    translations = {
        t["segment_id"]: t["data"] for t in props["initialStringTranslations"]
    }
    string_segments = {
        segment.id: segment
        for segment in translation.source.stringsegment_set.select_related(
            "string", "context"
        )
    }
    untranslated = [
        string_segments[s["id"]]
        for s in props["segments"]
        if s["type"] == "string"
        and s["id"] in string_segments
        and s["id"] not in translations
    ]
    previous = previous_translations(untranslated, locale)
    memory = memory_for(locale) if untranslated else None
    glossary = Glossary.load()
    target_instance = translation.get_target_instance()

    extra = {}
    for segment in props["segments"]:
        if segment["type"] == "string":
            label = segment_label(source_instance, segment["contentPath"])
            if label:
                segment["location"]["subField"] = label
            extra[segment["id"]] = string_segment_extra(
                segment, translations, previous, memory, glossary
            )
        elif segment["type"] == "synchronised_value":
            note = synchronised_note(
                source_instance, target_instance, segment["contentPath"], locale
            )
            if note:
                extra[segment["id"]] = {"note": note}
    translated, total = progress(props)
    data = {
        "segments": extra,
        "progress": {"translated": translated, "total": total},
        "text": editor_text(),
    }
    return Cockpit(
        props=json.dumps(props, cls=DjangoJSONEncoder),
        data=data,
        translated=translated,
        total=total,
    )


def string_segment_extra(segment, translations, previous, memory, glossary) -> dict:
    extra = {
        "glossary": [
            {"english": t.english, "chinese": t.chinese, "note": t.note}
            for t in glossary.terms_in(segment["source"])
        ]
    }
    if segment["id"] in translations:
        return extra
    change = previous.get(segment["id"])
    if change is not None:
        extra["changed"] = {
            "oldSource": change.old_source,
            "suggestion": change.old_translation,
            "diff": change.diff,
        }
    if memory is not None:
        extra["memory"] = [
            {
                "source": m.source,
                "translation": m.translation,
                "similarity": m.similarity,
            }
            for m in memory.matches(segment["source"])
            if change is None or m.translation != change.old_translation
        ]
    return extra


def editor_text() -> dict:
    """The script's words, in the admin user's language."""
    return {
        "progress": _("%(translated)s of %(total)s segments translated"),
        "changed": _("The English changed since the last translation"),
        "oldSource": _("Before"),
        "newSource": _("Now"),
        "suggestion": _(
            "Previous Chinese (a suggestion: not saved until you accept it)"
        ),
        "accept": _("Accept suggestion"),
        "edit": _("Edit suggestion"),
        "memory": _("Translation memory"),
        "use": _("Use"),
        "similarity": _("%(similarity)s%% similar"),
        "glossary": _("Glossary"),
        "termMissing": _("not in the translation"),
        "termUsed": _("used"),
    }
