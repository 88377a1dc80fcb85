"""Who may publish a page: the rule every publish of a site page passes.

Publishing a page needs publish permission on that page (Wagtail's
`PagePermissionTester.can_publish()`): Marketers publish the English tree,
Translators the Chinese one, superusers both. Wagtail checks it when it knows the
publisher, but some routes publish without one:

- wagtail-localize saves a synced translation as a revision by the syncing user
  and publishes it when the transaction commits with no user
  (`Translation.save_target(user=..., publish=True)`; "Publish immediately" of
  "Sync translated pages"). A Marketers user could put a Chinese page live that way.
- `manage.py publish_scheduled` publishes with no user at all.

So `BasePage.publish()` (which `Revision.publish()` calls for every page type of
the site) asks `check_publisher()` first. With no user, the revision's author
stands for the publisher. A revision approved for a go-live time
(`approved_go_live_at`) is approved only by a publish that passed this check
(Wagtail sets it inside the publish action) or by `save_revision()` for someone who
may publish (`check_reviser()`), so `publish_scheduled` may publish it. Code
running without a person (demo content, imports from the command line, tests)
saves revisions without a user and is not refused.

wagtail-localize also writes the translated content to the target page's row
before it saves the revision and publishes, and for a live page that row is what
visitors see. `BasePage.save_revision()` asks `check_reviser()`: a revision of a
live page is saved only by someone who may edit it, so a Marketers user's sync
into a live Chinese page fails inside wagtail-localize's transaction and changes
nothing.

The page editor alone calls Wagtail's publish action directly, after its own
`can_publish()` check on the same permission tester.

What may be published: nothing untranslated. wagtail-localize fills a segment
nobody has translated with the English text, so a Chinese page or snippet whose
synced translation (`Translation`, enabled) has a segment left is refused
(`check_translated()`), for a person or for code: `BasePage.publish()` and
`BasePage.save_revision()` of a live page (wagtail-localize writes the live row
first), and a translatable snippet's `clean()` (`TranslatedOnlySnippetMixin`: the
site's snippets have no drafts, so saving one is publishing it; wagtail-localize
creating the first copy of a snippet is let through, it has no row to wait in).
The admin's views ask `untranslated_segments()` first and say so in the person's
language (translations/); this is the net below them. Code publishes under the
same rule (the demo content and the WordPress importer publish only complete
translations). A revision approved for a go-live time was checked when it was
approved, against the segments of that day, so `publish_scheduled` publishes it.
A translation edited by hand ("Stop synced translation") has no segments: the rule
does not apply to it.

Other apps add rules of their own without `home` importing them: a function
registered with Wagtail's hooks under `PUBLISH_CHECKS_HOOK` is called as
`check(page, revision, publisher)` by every publish that passes `check_publisher()`
(publisher: the person it acts for, None for code), and raises a `PublishRefused`
to refuse it (content_checks/guard.py: blocking advertising findings). The admin
turns any `PublishRefused` into a message (translations/refusals.py).
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail_localize.models import Translation

#: Wagtail hook name of the other apps' publish rules (see the docstring).
PUBLISH_CHECKS_HOOK = "check_page_publish"


class PublishRefused(Exception):
    """A publish refused by a rule about the content; its message is for the person.

    Not a PermissionDenied: Wagtail's admin would answer that with "Sorry, you do
    not have permission"; translations/refusals.py says the message instead.
    """


class UntranslatedSegmentsError(PublishRefused):
    """A publish refused because English would stand in for untranslated text."""

    def __init__(self, instance, missing: int):
        self.instance = instance
        self.missing = missing
        super().__init__(untranslated_message(instance, missing))


def untranslated_segments(instance) -> int:
    """How many segments of `instance`'s synced translation are still untranslated.

    0 for a source-language object and for a translation edited by hand. A segment
    whose translation has an error counts as untranslated, as wagtail-localize's
    progress does.
    """
    missing = 0
    for translation in Translation.objects.filter(
        source__object_id=instance.translation_key,
        target_locale_id=instance.locale_id,
        enabled=True,
    ).exclude(source__locale_id=instance.locale_id):
        total, translated = translation.get_progress()
        missing += total - translated
    return missing


def untranslated_message(instance, missing: int, locale=None) -> str:
    """What the person is told, in the active language (`locale`: the language it
    was not published in, when `instance` is not that language's copy yet)."""
    locale = locale or instance.locale
    if hasattr(instance, "get_admin_display_title"):
        title = instance.get_admin_display_title()
    else:
        title = str(instance)
    return ngettext(
        "“%(title)s” was not published in %(language)s: %(count)d segment is not "
        "translated yet. Translate it, then publish.",
        "“%(title)s” was not published in %(language)s: %(count)d segments are not "
        "translated yet. Translate them, then publish.",
        missing,
    ) % {"title": title, "language": locale.get_display_name(), "count": missing}


def check_translated(instance) -> None:
    """Raise UntranslatedSegmentsError if publishing `instance` would show English."""
    missing = untranslated_segments(instance)
    if missing:
        raise UntranslatedSegmentsError(instance, missing)


class TranslatedOnlySnippetMixin:
    """A translatable snippet that is not saved while its translation has gaps."""

    def clean(self):
        super().clean()
        if self.pk is None:
            return
        missing = untranslated_segments(self)
        if missing:
            # A dict, as wagtail-localize reads the error per field.
            raise ValidationError(
                {NON_FIELD_ERRORS: [untranslated_message(self, missing)]}
            )


def publisher_of(revision, user):
    """The person a publish of `revision` acts for, or None for the site itself."""
    if user is not None:
        return user
    if revision.approved_go_live_at is not None:
        return None  # approved when it was scheduled, by someone who passed the check
    return revision.user


def check_publisher(page, revision, user) -> None:
    """Raise PublishPagePermissionError unless whoever publishes may publish `page`,
    UntranslatedSegmentsError while a segment of its translation is missing, and
    whatever `PublishRefused` a registered publish check raises."""
    if user is None and revision.approved_go_live_at is not None:
        return  # checked when it was approved for its go-live time
    publisher = publisher_of(revision, user)
    if publisher is not None and not page.permissions_for_user(publisher).can_publish():
        raise PublishPagePermissionError(
            f"{publisher} may not publish the page {page.pk} ({page.locale})."
        )
    check_translated(page)
    for check in hooks.get_hooks(PUBLISH_CHECKS_HOOK):
        check(page, revision, publisher)


def check_reviser(page, user, approved_go_live_at=None) -> None:
    """Raise PermissionDenied unless `user` may save this revision of `page`, and
    UntranslatedSegmentsError for a live page's or a scheduled revision while a
    segment of its translation is missing."""
    if user is not None:
        permissions = page.permissions_for_user(user)
        if approved_go_live_at is not None and not permissions.can_publish():
            raise PublishPagePermissionError(
                f"{user} may not schedule the page {page.pk} ({page.locale})."
            )
        if page.live and not permissions.can_edit():
            raise PermissionDenied(
                f"{user} may not change the live page {page.pk} ({page.locale})."
            )
    if page.live or approved_go_live_at is not None:
        # A live page's row is what visitors see, and wagtail-localize has just
        # written the translation there; a scheduled revision goes live unchecked.
        check_translated(page)
