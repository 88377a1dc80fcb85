"""Every image the site shows, by role: one list of renditions, made ahead of time.

Templates and head tags ask for an image in a role ("card", "share"…) through
`picture()` and `url()`; nothing else calls Wagtail's rendition APIs, so what a
page shows and what `make_renditions()` prepares cannot drift apart.

Renditions are made when a page is saved or published (home/signals.py) and when
an image changes, once that change commits; never on a visitor's request in the
normal course: a read-only database still serves every page. A rendition that is
still missing is made on the request (Wagtail's way), and if that fails (the
original file is gone, the database refuses writes) the page is shown without the
image, and the fault is logged once per image and worker.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator, Sequence

from django.db import DatabaseError, transaction

from wagtail.blocks import StreamValue, StructValue
from wagtail.images.models import AbstractImage, Filter, Picture, SourceImageIOError

logger = logging.getLogger(__name__)

#: Each role's filter specs, in Wagtail's `{% picture %}` syntax (braces expand).
RENDITIONS = {
    # Article cards in listings, on the home page and under an article.
    "card": "format-{avif,webp,jpeg} fill-{400x225,800x450}",
    # An article's cover, a standard page's image.
    "wide": "format-{avif,webp,jpeg} fill-{800x450,1200x675}",
    "hero": "format-{avif,webp,jpeg} fill-{800x450,1600x900}",
    "portrait": "format-{avif,webp,jpeg} fill-{200x200,400x400}",
    # Images in a page's body.
    "body": "format-{avif,webp,jpeg} width-{480,800,1200}",
    # Link previews (OpenGraph, Twitter), and JSON-LD.
    "share": "fill-1200x630|format-jpeg",
    "article_json_ld": "fill-1200x675|format-jpeg",
    "logo": "max-600x600|format-png",
}

#: (image id, file name) of the images whose fault this process has logged.
reported: set[tuple[int, str]] = set()


def specs(role: str) -> list[str]:
    return Filter.expand_spec(RENDITIONS[role].split())


@functools.cache
def filters(role: str) -> tuple[Filter, ...]:
    """Wagtail's filters for `role`, made once per process: a Filter works out its
    operations (inspecting each one's arguments) the first time it is asked for a
    rendition, which a page does a dozen times."""
    return tuple(Filter(spec=spec) for spec in specs(role))


def renditions(image: AbstractImage, role: str) -> dict | None:
    """The image's renditions for `role` by spec, or None when they cannot be had."""
    try:
        return image.get_renditions(*filters(role))
    except SourceImageIOError:  # raised before anything is written
        _report(image, "its original file is missing")
    except DatabaseError:
        # A visitor's request runs outside any transaction: the refused write
        # spoils nothing that follows it.
        _report(image, "its renditions could not be stored")
    return None


def _report(image: AbstractImage, problem: str) -> None:
    key = (image.pk, image.file.name)
    if key not in reported:
        reported.add(key)
        logger.error(
            "Image %s (%s): %s; pages show it nowhere until it is fixed",
            image.pk,
            image.file.name,
            problem,
        )


def picture(image: AbstractImage | None, role: str, attrs: dict) -> Picture | str:
    """A `<picture>` of the image in `role`, or "" (no image, or none to show)."""
    found = renditions(image, role) if image else None
    return Picture(found, attrs) if found else ""


def url(image: AbstractImage | None, role: str) -> str:
    """The URL of the image's (first) rendition for `role`, or ""."""
    found = renditions(image, role) if image else None
    return next(iter(found.values())).url if found else ""


def stream_images(value) -> Iterator[AbstractImage]:
    """Every image chosen anywhere in a StreamField value (nested blocks too)."""
    if isinstance(value, AbstractImage):
        yield value
    elif isinstance(value, StreamValue):
        for child in value:
            yield from stream_images(child.value)
    elif isinstance(value, StructValue):
        for child in value.values():
            yield from stream_images(child)
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        for child in value:  # a ListBlock's ListValue, a list
            yield from stream_images(child)


def make_renditions(uses: Iterable[tuple[str, AbstractImage | None]]) -> None:
    """Make the renditions of every (role, image): what the pages will ask for."""
    for role, image in uses:
        if image is not None:
            renditions(image, role)


def make_renditions_on_commit(uses: Iterable[tuple[str, AbstractImage | None]]) -> None:
    """The same, once the change that chose the images has committed: a rolled-back
    change (a dry run, a refused publish) leaves no rendition files behind, and the
    image work holds no transaction open. At once outside a transaction."""
    uses = [(role, image) for role, image in uses if image is not None]
    if uses:  # a long transaction (an import) would keep every empty one till commit
        transaction.on_commit(lambda: make_renditions(uses), robust=True)
