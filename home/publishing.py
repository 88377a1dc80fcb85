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
"""

from django.core.exceptions import PermissionDenied

from wagtail.actions.publish_page_revision import PublishPagePermissionError


def publisher_of(revision, user):
    """The person a publish of `revision` acts for, or None for the site itself."""
    if user is not None:
        return user
    if revision.approved_go_live_at is not None:
        return None  # approved when it was scheduled, by someone who passed the check
    return revision.user


def check_publisher(page, revision, user) -> None:
    """Raise PublishPagePermissionError unless whoever publishes may publish `page`."""
    publisher = publisher_of(revision, user)
    if publisher is None:
        return
    if not page.permissions_for_user(publisher).can_publish():
        raise PublishPagePermissionError(
            f"{publisher} may not publish the page {page.pk} ({page.locale})."
        )


def check_reviser(page, user, approved_go_live_at=None) -> None:
    """Raise PermissionDenied unless `user` may save this revision of `page`."""
    if user is None:
        return
    permissions = page.permissions_for_user(user)
    if approved_go_live_at is not None and not permissions.can_publish():
        raise PublishPagePermissionError(
            f"{user} may not schedule the page {page.pk} ({page.locale})."
        )
    if page.live and not permissions.can_edit():
        raise PermissionDenied(
            f"{user} may not change the live page {page.pk} ({page.locale})."
        )
