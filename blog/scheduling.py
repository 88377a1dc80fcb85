"""An article's date follows its go-live date until someone sets it by hand.

An article scheduled to go live on 6 December should not say 5 December (the
day its draft was created, the field's default). Nothing records who typed a
date, so a date counts as Wagtail's own while it is one Wagtail gave it: the day
the draft was first saved (the default), or the day of the go-live it followed
before. A date a marketer changed is neither, and stays. Only for articles never
published: a published article's date is the day readers first saw it.
"""

import datetime

from django.utils import timezone


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return moment and timezone.localdate(moment)


def date_follows_go_live(article, date: datetime.date | None) -> bool:
    """Whether `article` (its state before this edit) still has a date Wagtail
    chose, so that a new go-live moves it."""
    if article.first_published_at is not None:
        return False
    if article.pk is None:  # a new article: its date is today's default
        return True
    first = article.revisions.order_by("created_at").values_list(
        "created_at", flat=True
    )[:1]
    automatic = {_local_date(article.go_live_at), *map(_local_date, first)}
    return date in automatic


def follow_go_live(article, go_live_at: datetime.datetime | None) -> None:
    """Move an unpublished article's automatic date to its go-live day."""
    if go_live_at and date_follows_go_live(article, article.date):
        article.date = timezone.localdate(go_live_at)
