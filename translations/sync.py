"""Publishing a source page (or saving a source snippet) syncs its translation source.

The same as wagtail-localize's "Sync translated pages" without publishing anything:
`TranslationSource.update_from_db()` re-reads the live source, so a changed
segment turns untranslated in the translation editor while the live Chinese page
keeps its text until a translator publishes it. When the string segments changed
(not for a new go-live date or a review mark), the change is stamped
(`SourceTextChange`: the translations turn Outdated) and the Translators group is
emailed once the publish commits.

The sync costs as much as the publish itself (wagtail-localize saves every segment:
about 250 queries for the seed article), and nothing a visitor sees waits for it.
So a publish made in a request (the editor's Publish, a bulk action) is synced when
the request has finished, after its response has been sent (Django's
`request_finished`): the marketer's click and the visitors' new page do not wait
for it. A publish made outside a request (scheduled publishing, an import, a
shell) is synced at once, as before.
"""

import logging
from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from translations.models import SourceTextChange
from translations.notify import notify_translators


def _text_of(source: TranslationSource) -> list[tuple[int, int]]:
    """What a translator translates: each segment's place and string."""
    return list(
        source.stringsegment_set.order_by("order").values_list(
            "context_id", "string_id"
        )
    )


def sync_source(instance) -> bool:
    """Update `instance`'s translation source if any; True if its text changed."""
    if isinstance(instance, Page):
        instance = instance.specific
    source = TranslationSource.objects.get_for_instance_or_none(instance)
    if source is None:  # never submitted for translation: Missing, nothing to sync
        return False
    before = _text_of(source)
    source.update_from_db()
    if _text_of(source) == before:
        return False
    SourceTextChange.objects.update_or_create(
        source=source, defaults={"changed_at": timezone.now()}
    )
    transaction.on_commit(lambda: notify_translators(source))
    return True


logger = logging.getLogger(__name__)

# The pages published during this request, synced once it has finished; None
# outside a request.
_published_in_request: ContextVar[list | None] = ContextVar(
    "published_in_request", default=None
)


def sync_published_page(sender, instance, **kwargs) -> None:
    """`page_published` receiver: every route (editor, schedule, workflow, bulk)."""
    published = _published_in_request.get()
    if published is None:
        sync_source(instance)
    elif instance.pk not in [page.pk for page in published]:
        published.append(instance)


def _sync_published(pages: list) -> None:
    for page in pages:
        try:
            with transaction.atomic():
                sync_source(page)
        except Exception:  # the response is sent: log it, the next publish syncs
            logger.exception("Could not sync the translation source of %s", page)


def _request_started(sender, **kwargs) -> None:
    # A request whose end was never signalled (a response never closed) leaves
    # its pages here: synced now rather than lost.
    _sync_published(_published_in_request.get() or [])
    _published_in_request.set([])


def _request_finished(sender, **kwargs) -> None:
    published = _published_in_request.get()
    _published_in_request.set(None)
    _sync_published(published or [])


def connect() -> None:
    request_started.connect(_request_started, dispatch_uid="translations_request")
    request_finished.connect(_request_finished, dispatch_uid="translations_request")
