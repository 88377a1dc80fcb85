"""Resolving translatable objects to the visitor's language, in bulk.

wagtail-localize leaves foreign keys and many-to-many links to snippets pointing
at the source-language object; these helpers swap in the active locale's
translation (one query for a whole list) and fall back to the original.
"""

from collections.abc import Iterable
from typing import TypeVar

from wagtail.models import Locale, Page, TranslatableMixin

from home.models import SiteText
from serving.cache.lookups import active_locale, translations_in
from serving.cache.memo import memoize

T = TypeVar("T", bound=TranslatableMixin)


def localize_all(objects: Iterable[T], locale: Locale | None = None) -> list[T]:
    objects = [obj for obj in objects if obj is not None]
    if not objects:
        return []
    locale = locale or active_locale()
    missing = {obj.translation_key for obj in objects if obj.locale_id != locale.pk}
    translations = {}
    if missing and not isinstance(objects[0], Page):
        # Snippets (categories, tags, people): their translations from the memo.
        table = translations_in(type(objects[0]), locale)
        translations = {key: table[key] for key in missing if key in table}
    elif missing:
        model = type(objects[0])
        translations = {
            obj.translation_key: obj
            for obj in model.objects.filter(translation_key__in=missing, locale=locale)
        }
    return [translations.get(obj.translation_key, obj) for obj in objects]


def localize(obj: T | None, locale: Locale | None = None) -> T | None:
    if obj is None:
        return None
    return localize_all([obj], locale)[0]


def site_text():
    """The active language's SiteText (else the default language's)."""
    return memoize(
        "site-text",
        active_locale().pk,
        compute=SiteText.for_active_locale,
        in_process=True,
    )
