"""Resolving translatable objects to the visitor's language, in bulk.

wagtail-localize leaves foreign keys and many-to-many links to snippets pointing
at the source-language object; these helpers swap in the active locale's
translation (one query for a whole list) and fall back to the original.
"""

from collections.abc import Iterable
from typing import TypeVar

from wagtail.models import Locale, TranslatableMixin

T = TypeVar("T", bound=TranslatableMixin)


def localize_all(objects: Iterable[T], locale: Locale | None = None) -> list[T]:
    objects = [obj for obj in objects if obj is not None]
    if not objects:
        return []
    locale = locale or Locale.get_active()
    missing = {obj.translation_key for obj in objects if obj.locale_id != locale.pk}
    translations = {}
    if missing:
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
