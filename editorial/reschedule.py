"""Moving a scheduled go-live to another day, as the calendar's drag does.

The page's latest scheduled revision is saved again as a new revision, with the
same content and time of day on the new day, and published through Wagtail's own
publish action: that schedules it (approved_go_live_at) and clears the old
schedule, as the editor's "Schedule to publish" does. The move is logged in the
page's history.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import Revision

from blog.models import ArticlePage
from blog.scheduling import follow_go_live

RESCHEDULE_ACTION = "editorial.reschedule"


def latest_scheduled_revision(page) -> Revision | None:
    return (
        page.revisions.filter(approved_go_live_at__isnull=False)
        .order_by("-created_at", "-pk")
        .first()
    )


def new_go_live(revision: Revision, day: datetime.date) -> datetime.datetime:
    """The revision's go-live moved to `day`, at the same local time of day."""
    old = timezone.localtime(revision.approved_go_live_at)
    return timezone.make_aware(
        datetime.datetime.combine(day, old.time().replace(tzinfo=None))
    )


def reschedule(revision: Revision, user, day: datetime.date) -> Revision:
    """Schedule `revision`'s content to go live on `day` instead; the new revision.

    PermissionDenied unless `user` may publish the page; ValidationError for a day
    in the past or a revision that is no longer the page's scheduled one.
    """
    page = revision.content_object.specific
    if not page.permissions_for_user(user).can_publish():
        raise PermissionDenied
    if latest_scheduled_revision(page) != revision:
        raise ValidationError(
            _("This go-live was changed meanwhile: reload the calendar.")
        )
    go_live_at = new_go_live(revision, day)
    if go_live_at <= timezone.now():
        raise ValidationError(
            _("%(day)s is in the past: choose a later day.")
            % {"day": date_format(day, "DATE_FORMAT")}
        )
    old_go_live_at = revision.approved_go_live_at
    scheduled = revision.as_object()
    if isinstance(scheduled, ArticlePage):  # before go_live_at changes: it reads it
        follow_go_live(scheduled, go_live_at)
    scheduled.go_live_at = go_live_at
    new_revision = scheduled.save_revision(user=user, log_action=True)
    new_revision.publish(user=user)
    log(
        instance=page,
        action=RESCHEDULE_ACTION,
        user=user,
        revision=new_revision,
        data={
            "from": old_go_live_at.isoformat(),
            "to": go_live_at.isoformat(),
        },
        content_changed=False,
    )
    return new_revision
