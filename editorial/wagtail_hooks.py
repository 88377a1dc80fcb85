"""The calendar's admin URLs, its menu item, and its entry in pages' history."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from editorial import views
from editorial.entries import may_see_calendar
from editorial.reschedule import RESCHEDULE_ACTION


@hooks.register("register_admin_urls")
def register_calendar_urls():
    return [
        path("calendar/", views.CalendarView.as_view(), name="editorial_calendar"),
        path(
            "calendar/week/",
            views.CalendarView.as_view(week_view=True),
            name="editorial_week",
        ),
        path(
            "calendar/reschedule/<int:revision_id>/",
            views.RescheduleView.as_view(),
            name="editorial_reschedule",
        ),
        path(
            "calendar/feed/new/",
            views.FeedAddressView.as_view(),
            name="editorial_feed_new",
        ),
        path(
            "calendar/feed/off/",
            views.FeedRevokeView.as_view(),
            name="editorial_feed_off",
        ),
    ]


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_calendar(request.user)


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    return CalendarMenuItem(
        gettext_lazy("Calendar"),
        reverse("editorial_calendar"),
        icon_name="calendar",
        order=150,
    )


@hooks.register("register_log_actions")
def register_reschedule_log_action(actions):
    actions.register_action(
        RESCHEDULE_ACTION,
        gettext_lazy("Reschedule"),
        gettext_lazy("Go-live moved in the calendar"),
    )
