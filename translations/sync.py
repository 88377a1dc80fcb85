"""Publishing a source page (or saving a source snippet) syncs its translation source.

The same as wagtail-localize's "Sync translated pages" without publishing anything:
`TranslationSource.update_from_db()` re-reads the live source, so a changed
segment turns untranslated in the translation editor while the live Chinese page
keeps its text until a translator publishes it. When the string segments changed
(not for a new go-live date or a review mark), the change is stamped
(`SourceTextChange`: the translations turn Outdated) and the Translators group is
emailed once the publish commits.
"""

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


def sync_published_page(sender, instance, **kwargs) -> None:
    """`page_published` receiver: every route (editor, schedule, workflow, bulk)."""
    sync_source(instance)
