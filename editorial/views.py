"""The calendar in the admin (month and week), moving a go-live, the feed's
address (create, replace, turn off), and the feed itself (outside the admin)."""

import calendar as month_calendar
import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Revision

from editorial import ical
from editorial.entries import Entry, entries_for, may_see_calendar, review_interval
from editorial.models import CalendarFeed
from editorial.reschedule import reschedule

# How far the feed reaches: what a calendar app needs, bounded.
FEED_PAST_DAYS = 60
FEED_FUTURE_DAYS = 366


@dataclass
class Day:
    date: datetime.date
    in_range: bool
    is_today: bool
    entries: list[Entry] = field(default_factory=list)


def _parse(value: str | None, format_: str) -> datetime.date | None:
    if not value or len(value) > 10:
        return None
    try:
        day = datetime.datetime.strptime(value, format_).date()
    except ValueError:
        return None
    return day if 1900 < day.year < 3000 else None


class CalendarView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "editorial/calendar.html"
    page_title = gettext_lazy("Editorial calendar")
    header_icon = "calendar"
    week_view = False

    def dispatch(self, request, *args, **kwargs):
        if not may_see_calendar(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def span(self) -> tuple[datetime.date, datetime.date, datetime.date, datetime.date]:
        """(first shown day, last shown day, first day of the period, its last)."""
        today = timezone.localdate()
        if self.week_view:
            day = _parse(self.request.GET.get("week"), "%Y-%m-%d") or today
            monday = day - datetime.timedelta(days=day.weekday())
            sunday = monday + datetime.timedelta(days=6)
            return monday, sunday, monday, sunday
        first = _parse(self.request.GET.get("month"), "%Y-%m") or today.replace(day=1)
        last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
        start = first - datetime.timedelta(days=first.weekday())
        end = last + datetime.timedelta(days=6 - last.weekday())
        return start, end, first, last

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start, end, first, last = self.span()
        today = timezone.localdate()
        days = {}
        day = start
        while day <= end:
            days[day] = Day(day, first <= day <= last, day == today)
            day += datetime.timedelta(days=1)
        entries = entries_for(
            self.request.user, start, end, review_interval(self.request)
        )
        for entry in entries:
            days[entry.day].entries.append(entry)
        ordered = list(days.values())
        week = datetime.timedelta(days=7)
        if self.week_view:
            title = _("Week of %(day)s") % {"day": date_format(start, "DATE_FORMAT")}
            previous = {"week": f"{start - week:%Y-%m-%d}"}
            following = {"week": f"{start + week:%Y-%m-%d}"}
            other_view = (reverse("editorial_calendar"), {"month": f"{start:%Y-%m}"})
        else:
            title = date_format(first, "YEAR_MONTH_FORMAT")
            previous = {"month": f"{first - datetime.timedelta(days=1):%Y-%m}"}
            following = {"month": f"{last + datetime.timedelta(days=1):%Y-%m}"}
            this_week = today if first <= today <= last else first
            other_view = (reverse("editorial_week"), {"week": f"{this_week:%Y-%m-%d}"})
        context.update(
            period_title=title,
            weeks=[ordered[i : i + 7] for i in range(0, len(ordered), 7)],
            weekdays=[WEEKDAYS_ABBR[i] for i in range(7)],
            week_view=self.week_view,
            entry_count=len(entries),
            previous_url=f"{self.request.path}?{urlencode(previous)}",
            next_url=f"{self.request.path}?{urlencode(following)}",
            other_view_url=f"{other_view[0]}?{urlencode(other_view[1])}",
            has_feed=CalendarFeed.objects.filter(user=self.request.user).exists(),
        )
        return context


def _back(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and target.startswith("/admin/"):
        return target
    return reverse("editorial_calendar")


class RescheduleView(View):
    """POST `date` (YYYY-MM-DD): the scheduled revision goes live that day instead."""

    def post(self, request, revision_id: int):
        revision = get_object_or_404(
            Revision.page_revisions.filter(approved_go_live_at__isnull=False),
            pk=revision_id,
        )
        if revision.content_object is None:  # its page is gone
            raise Http404
        day = _parse(request.POST.get("date"), "%Y-%m-%d")
        if day is None:
            messages.error(request, _("Choose a day to move it to."))
            return redirect(_back(request))
        try:
            new_revision = reschedule(revision, request.user, day)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_back(request))
        messages.success(
            request,
            _("“%(title)s” will now go live on %(when)s.")
            % {
                "title": new_revision.object_str,
                "when": date_format(
                    timezone.localtime(new_revision.approved_go_live_at),
                    "DATETIME_FORMAT",
                ),
            },
        )
        return redirect(_back(request))


class FeedAddressView(View):
    """POST: a new feed address (the old one stops working), shown this once; it
    is stored hashed, so it cannot be shown again."""

    def post(self, request):
        if not may_see_calendar(request.user):
            raise PermissionDenied
        token = CalendarFeed.regenerate(request.user)
        url = request.build_absolute_uri(reverse("editorial_feed", args=[token]))
        return TemplateResponse(
            request,
            "editorial/feed_address.html",
            {"page_title": _("Calendar feed"), "header_icon": "calendar", "url": url},
        )


class FeedRevokeView(View):
    def post(self, request):
        CalendarFeed.revoke(request.user)
        messages.success(request, _("Your calendar feed is turned off."))
        return redirect("editorial_calendar")


def _summary(entry: Entry) -> str:
    summary = f"[{entry.language_mark}] {entry.kind_label}: {entry.title}"
    return f"{summary} ({entry.detail})" if entry.detail else summary


@never_cache
def feed(request, token: str):
    """The user's calendar as iCalendar, for a calendar app (no session: the token
    in the address is the key). Never cached: it is one person's, and revocable."""
    user = CalendarFeed.user_for_token(token)
    if user is None or not may_see_calendar(user):
        raise Http404
    profile = getattr(user, "wagtail_userprofile", None)
    language = profile.get_preferred_language() if profile else None
    today = timezone.localdate()
    with translation.override(language or translation.get_language()):
        entries = entries_for(
            user,
            today - datetime.timedelta(days=FEED_PAST_DAYS),
            today + datetime.timedelta(days=FEED_FUTURE_DAYS),
            review_interval(request),
        )
        stamp = ical.now_stamp()
        host = request.get_host()
        body = ical.calendar(
            _("Editorial calendar"),
            (
                ical.event(
                    entry,
                    _summary(entry),
                    request.build_absolute_uri(entry.edit_url),
                    host,
                    stamp,
                )
                for entry in entries
            ),
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="editorial.ics"'
    return response
