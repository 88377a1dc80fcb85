"""The medical review lifecycle of articles: when each is due, and which are due.

An article's review is due its interval after it was last reviewed: the interval
of its category (Category.review_interval_months) when set, else the site's
(Settings → Insights settings, 12 months). An article never reviewed is due now.
Visitors see a notice once an article is overdue by more than its interval
(`ReviewState.notice`).

The report, the dashboard panel, the weekly digest, the article page and the
editorial calendar all read due dates here: `next_review_due()` for one article,
`due_by()` / `due_between()` for a queryset (in SQL, one query).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from wagtail.models import Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from serving.cache.lookups import site_settings
from serving.cache.memo import memoize

if TYPE_CHECKING:
    from blog.models import ArticlePage

DEFAULT_INTERVAL_MONTHS = 12  # InsightsSettings' default, when no site has one
DUE_SOON_DAYS = 30  # the dashboard's and the digest's horizon


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months` (negative: back), kept in its month's last day when
    the new month is shorter (31 January + 1 month = 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def default_interval(site: Site | None = None) -> int:
    """The site's review interval in months (Settings → Insights settings)."""
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return DEFAULT_INTERVAL_MONTHS
    insights = apps.get_model("blog", "InsightsSettings").for_site(site)
    return insights.review_interval_months


def interval_months(article: ArticlePage, default: int) -> int:
    """The article's category's interval, else `default` (the site's)."""
    category = article.category
    if category is not None and category.review_interval_months:
        return category.review_interval_months
    return default


def next_review_due(
    article: ArticlePage,
    *,
    default: int | None = None,
    today: datetime.date | None = None,
) -> datetime.date:
    """When `article`'s next medical review is due: its last review plus its
    interval; today for an article never reviewed. `default`: the site's
    interval (read from the default site when not given)."""
    return review_state(article, default=default, today=today).next_due


@dataclass(frozen=True)
class ReviewState:
    """What the article page and the admin say about one article's review."""

    last_reviewed: datetime.date | None
    next_due: datetime.date
    months: int
    today: datetime.date
    # A later review saved as a draft revision, not yet published (due_soon()).
    pending: datetime.date | None = None

    @property
    def overdue(self) -> bool:
        return self.next_due < self.today

    @property
    def days_left(self) -> int:
        """Days until the review is due; negative when overdue."""
        return (self.next_due - self.today).days

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def notice(self) -> bool:
        """Overdue by more than a whole interval: visitors are told it is being
        reviewed. Never for an article never reviewed (it has no date to show)."""
        if self.last_reviewed is None:
            return False
        return add_months(self.next_due, self.months) < self.today


def review_state(
    article: ArticlePage,
    *,
    default: int | None = None,
    months: int | None = None,
    today: datetime.date | None = None,
) -> ReviewState:
    """`article`'s review as of `today`; `months`: its interval when known."""
    today = today or timezone.localdate()
    if months is None:
        default = default_interval() if default is None else default
        months = interval_months(article, default)
    due = add_months(article.last_reviewed, months) if article.last_reviewed else today
    return ReviewState(
        last_reviewed=article.last_reviewed,
        next_due=due,
        months=months,
        today=today,
    )


def state_for_visitor(article: ArticlePage, request) -> ReviewState:
    """The review an article page shows. Its interval is read once per content
    version (a category or the settings change only by a publish or a save, which
    starts a new one); the dates against today are computed on every render, never
    kept in the memo, which may outlive a day."""

    def compute() -> int:
        insights = site_settings(apps.get_model("blog", "InsightsSettings"), request)
        default = insights.review_interval_months if insights else None
        return interval_months(article, default or DEFAULT_INTERVAL_MONTHS)

    return review_state(
        article, months=memoize("review-months", article.pk, compute=compute)
    )


# -- querysets ------------------------------------------------------------------------


def _last_reviewed_by(due: datetime.date, months: int) -> datetime.date:
    """The latest review date whose review falls due on or before `due`."""
    day = add_months(due, -months)
    # add_months() clamps month ends, so several days can map to one: step to
    # the last of them (at most three steps), or back from one past `due`.
    while add_months(day + datetime.timedelta(days=1), months) <= due:
        day += datetime.timedelta(days=1)
    while add_months(day, months) > due:
        day -= datetime.timedelta(days=1)
    return day


def _interval_groups(default: int) -> list[tuple[Q, int]]:
    """(which articles, their interval) for every interval in use: one query."""
    category = apps.get_model("blog", "Category")
    intervals = set(
        category.objects.exclude(review_interval_months=None).values_list(
            "review_interval_months", flat=True
        )
    )
    groups = [
        (
            Q(category__isnull=True) | Q(category__review_interval_months__isnull=True),
            default,
        )
    ]
    groups += [(Q(category__review_interval_months=m), m) for m in sorted(intervals)]
    return groups


def due_between(
    articles: QuerySet,
    start: datetime.date | None,
    end: datetime.date,
    *,
    default: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet:
    """`articles` whose next review is due from `start` to `end` (both included;
    `start` None: any time up to `end`, overdue ones included). One never reviewed
    is due `today`."""
    today = today or timezone.localdate()
    default = default_interval() if default is None else default
    condition = Q(pk__in=[])
    for group, months in _interval_groups(default):
        window = Q(last_reviewed__lte=_last_reviewed_by(end, months))
        if start is not None:
            earliest = _last_reviewed_by(start - datetime.timedelta(days=1), months)
            window &= Q(last_reviewed__gt=earliest)
        condition |= group & window
    if (start is None or start <= today) and today <= end:
        condition |= Q(last_reviewed__isnull=True)
    return articles.filter(condition)


def due_by(
    articles: QuerySet,
    end: datetime.date,
    *,
    default: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet:
    """`articles` whose review is due on or before `end`, overdue ones included."""
    return due_between(articles, None, end, default=default, today=today)


def by_due_date(
    articles, *, default: int, today: datetime.date | None = None
) -> list[tuple[ArticlePage, ReviewState]]:
    """Each article with its review state, the longest overdue first."""
    today = today or timezone.localdate()
    rows = [
        (article, review_state(article, default=default, today=today))
        for article in articles
    ]
    return sorted(rows, key=lambda row: (row[1].next_due, row[0].title))


def due_soon(
    user=None,
    *,
    default: int | None = None,
    today: datetime.date | None = None,
    days: int = DUE_SOON_DAYS,
) -> list[tuple[ArticlePage, ReviewState]]:
    """Articles due within `days` (overdue first) that `user` may edit (all of them
    for None): the dashboard panel and the weekly digest."""
    today = today or timezone.localdate()
    default = default_interval() if default is None else default
    article_page = apps.get_model("blog", "ArticlePage")
    articles = article_page.objects.all()
    if user is not None:
        editable = PagePermissionPolicy().instances_user_has_permission_for(
            user, "change"
        )
        articles = articles.filter(pk__in=editable.values("pk"))
    articles = due_by(
        articles.select_related("category", "locale", "latest_revision"),
        today + datetime.timedelta(days=days),
        default=default,
        today=today,
    ).defer_streamfields()
    return [
        (article, dataclasses.replace(state, pending=pending_review(article)))
        for article, state in by_due_date(articles, default=default, today=today)
    ]


def pending_review(article: ArticlePage) -> datetime.date | None:
    """The review date of `article`'s draft, when later than the live one: a
    reviewer without publish permission marked it, its publishers have not
    published it yet."""
    revision = article.latest_revision
    if not article.has_unpublished_changes or revision is None:
        return None
    try:
        drafted = datetime.date.fromisoformat(revision.content.get("last_reviewed"))
    except (TypeError, ValueError):
        return None
    if article.last_reviewed is None or drafted > article.last_reviewed:
        return drafted
    return None


# -- who reviews ----------------------------------------------------------------------


def reviewer_for(user):
    """The Person (People snippet) whose staff account is `user`, in the source
    language (articles in every language link the source-language person), or None."""
    if user is None or not user.is_authenticated:
        return None
    person = apps.get_model("home", "Person")
    people = person.objects.filter(user=user).select_related("locale")
    source = [p for p in people if p.locale.language_code == settings.LANGUAGE_CODE]
    return (source or list(people) or [None])[0]
