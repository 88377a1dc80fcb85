"""The editorial calendar in Chromium: a marketer finds a scheduled article in the
month view and drags it to another day, which reschedules it (editorial/)."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Revision

import pytest
from playwright.sync_api import expect

from blog.models import ArticlePage
from demo.content import KNEE_ARTICLE
from staff.roles import MARKETERS
from tests.browser import DESKTOP
from tests.journeys_support import browser_tab, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def test_a_marketer_drags_a_scheduled_article_to_another_day(
    live_demo, chromium, problems
):
    user = get_user_model().objects.create_user("mara", "mara@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name=MARKETERS))
    article = ArticlePage.objects.get(
        slug=KNEE_ARTICLE["slug"], locale__language_code="en"
    )
    day = timezone.localdate() + datetime.timedelta(days=3)
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 45)))
    article.go_live_at = when
    article.save_revision(user=user).publish(user=user)
    # The next day, unless the go-live is the month grid's last day (a Sunday).
    new_day = day + datetime.timedelta(days=1 if day.weekday() != 6 else -1)

    with browser_tab(chromium, DESKTOP, problems) as page:
        sign_in(page, live_demo, "mara", PASSWORD)
        page.get_by_role("link", name="Calendar").click()
        page.goto(f"{live_demo}/admin/calendar/?month={day:%Y-%m}")
        entry = page.locator(f'td[data-day="{day:%Y-%m-%d}"] .editorial-entry')
        expect(entry).to_contain_text(article.title)
        expect(entry).to_contain_text("EN")

        entry.drag_to(page.locator(f'td[data-day="{new_day:%Y-%m-%d}"]'))

        expect(page.get_by_text("will now go live on")).to_be_visible()
        moved = page.locator(f'td[data-day="{new_day:%Y-%m-%d}"] .editorial-entry')
        expect(moved).to_contain_text(article.title)

    (scheduled,) = Revision.page_revisions.filter(
        object_id=str(article.pk), approved_go_live_at__isnull=False
    )
    local = timezone.localtime(scheduled.approved_go_live_at)
    assert (local.date(), local.time()) == (new_day, datetime.time(10, 45))
    assert scheduled.user == user
    assert ArticlePage.objects.get(pk=article.pk).live  # the old version stays up
