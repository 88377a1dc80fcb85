"""What the calendar shows between two days, for one user: the queries live here,
for the admin views and the iCalendar feed alike.

A fixed number of queries however many entries (tests/test_editorial_calendar.py
counts them): one per kind of entry, one for the pages the user may see, one for
those they may publish, and the translation status's own fixed set.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy

from blog import review
from blog.models import ArticlePage, InsightsSettings
from serving.cache.lookups import language_codes
from translations.status import State, translation_status

page_policy = PagePermissionPolicy()
# Who edits pages in any way sees the calendar (Marketers, Translators, and any
# group given add, change or publish on part of the tree, such as medical
# reviewers); Enquiries do not.
EDITING = ["add", "change", "publish"]

GO_LIVE, EXPIRE, TARGET, REVIEW, TRANSLATION = KINDS = (
    "go-live",
    "expire",
    "target",
    "review",
    "translation",
)
KIND_LABELS = {
    GO_LIVE: _("Goes live"),
    EXPIRE: _("Unpublishes"),
    TARGET: _("Draft due"),
    REVIEW: _("Medical review due"),
    TRANSLATION: _("Translation"),
}
LANGUAGE_MARKS = {"en": "EN", "zh-hans": "中文"}


def may_see_calendar(user) -> bool:
    return page_policy.user_has_any_permission(user, EDITING)


@dataclass
class Entry:
    kind: str
    day: datetime.date
    page_id: int
    title: str
    language_code: str
    at: datetime.datetime | None = None  # a moment (go-live, expiry); else all day
    detail: str = ""  # e.g. a translation's state
    revision_id: int | None = None  # a scheduled go-live the user may move

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def language_mark(self) -> str:
        return LANGUAGE_MARKS.get(self.language_code, self.language_code.upper())

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.page_id])

    @property
    def movable(self) -> bool:
        return self.revision_id is not None

    @property
    def sort_key(self) -> tuple:
        return (
            self.day,
            self.at or datetime.datetime.min.replace(tzinfo=datetime.UTC),
            KINDS.index(self.kind),
            self.title,
        )


def _day_range(start: datetime.date, end: datetime.date):
    """The moments from the start of `start` to the end of `end`, local time."""
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    last = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return first, last


def entries_for(
    user, start: datetime.date, end: datetime.date, review_interval: int
) -> list[Entry]:
    """Every entry from `start` to `end` (inclusive) on pages `user` may edit."""
    if not may_see_calendar(user):
        return []
    visible = page_policy.instances_user_has_any_permission_for(user, EDITING)
    first, last = _day_range(start, end)
    languages = language_codes()
    entries: list[Entry] = []

    # Scheduled go-lives: the revisions Wagtail will publish (publish_scheduled).
    scheduled = {
        int(object_id): (pk, go_live)
        for pk, object_id, go_live in Revision.page_revisions.filter(
            approved_go_live_at__gte=first, approved_go_live_at__lt=last
        ).values_list("pk", "object_id", "approved_go_live_at")
    }
    if scheduled:
        publishable = set(
            page_policy.instances_user_has_permission_for(user, "publish")
            .filter(pk__in=scheduled)
            .values_list("pk", flat=True)
        )
        for pk, title, locale_id in visible.filter(pk__in=scheduled).values_list(
            "pk", "title", "locale_id"
        ):
            revision_id, go_live = scheduled[pk]
            entries.append(
                Entry(
                    GO_LIVE,
                    timezone.localdate(go_live),
                    pk,
                    title,
                    languages[locale_id],
                    at=go_live,
                    revision_id=revision_id if pk in publishable else None,
                )
            )

    # Scheduled unpublishing of live pages.
    expiring = Page.objects.filter(
        pk__in=visible.values("pk"),
        live=True,
        expire_at__gte=first,
        expire_at__lt=last,
    ).values_list("pk", "title", "locale_id", "expire_at")
    for pk, title, locale_id, expire_at in expiring:
        entries.append(
            Entry(
                EXPIRE,
                timezone.localdate(expire_at),
                pk,
                title,
                languages[locale_id],
                at=expire_at,
            )
        )

    # Drafts with a target date (unpublished, or with unpublished changes).
    articles = ArticlePage.objects.filter(pk__in=visible.values("pk"))
    drafts = articles.filter(
        Q(live=False) | Q(has_unpublished_changes=True),
        target_publish_date__range=(start, end),
    ).values_list("pk", "title", "locale_id", "target_publish_date")
    for pk, title, locale_id, day in drafts:
        entries.append(Entry(TARGET, day, pk, title, languages[locale_id]))

    # Medical reviews falling due (blog/review.py: the category's interval, else
    # the site's). Articles never reviewed have no day of their own: they would all
    # crowd today; the review report and the reviewers' dashboard list them.
    reviews = review.due_between(
        articles.filter(last_reviewed__isnull=False).select_related("category"),
        start,
        end,
        default=review_interval,
    )
    for article in reviews:
        due = review.next_review_due(article, default=review_interval)
        entries.append(
            Entry(REVIEW, due, article.pk, article.title, languages[article.locale_id])
        )

    entries += _translation_entries(visible, start, end, languages)
    return sorted(entries, key=lambda entry: entry.sort_key)


def _translation_entries(visible, start, end, languages) -> list[Entry]:
    """Translations Outdated or In progress, on the day they entered that state, as
    the translation status report counts them (translations/status.py)."""
    rows = [
        row
        for row in translation_status()
        if row.is_page
        and row.state in (State.OUTDATED, State.IN_PROGRESS)
        and row.since is not None
        and start <= timezone.localdate(row.since) <= end
    ]
    if not rows:
        return []
    editable = dict(
        visible.filter(pk__in=[row.target_pk for row in rows]).values_list(
            "pk", "title"
        )
    )
    return [
        Entry(
            TRANSLATION,
            timezone.localdate(row.since),
            row.target_pk,
            editable[row.target_pk],
            row.locale.language_code,
            detail=row.state_label,
        )
        for row in rows
        if row.target_pk in editable
    ]


def review_interval(request) -> int:
    return InsightsSettings.for_request(request).review_interval_months
