"""Snippets kept once per language (the site's texts, the medical disclaimer)."""

from collections.abc import Iterable
from typing import TypeVar

from django.conf import settings

from wagtail.models import Locale, TranslatableMixin

T = TypeVar("T", bound=TranslatableMixin)


def in_language(objects: Iterable[T], locale: Locale) -> T | None:
    """Of the objects (their `locale` loaded), the one in `locale`, else the
    default language's, else any: a missing translation is never an error."""
    objects = list(objects)
    default = settings.LANGUAGE_CODE
    return (
        next((obj for obj in objects if obj.locale_id == locale.pk), None)
        or next((obj for obj in objects if obj.locale.language_code == default), None)
        or next(iter(objects), None)
    )
