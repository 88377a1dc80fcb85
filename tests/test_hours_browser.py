"""A page cached before a holiday says "Closed today — <holiday>" on the day itself.

The header's line is worked out in the browser (static/js/opening-hours.js) from
the schedule the page carries, so a cached copy needs no new render: here the
copy is cached first, then opened with the browser's clock on the demo's holiday
(ten days after the demo is loaded), in both languages, without a layout shift.
The contact page's list of special days hides the holiday once it is over.
"""

from datetime import UTC, datetime, time, timedelta

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from home.models import ClinicSettings
from tests.browser import DESKTOP, PHONE, WATCH_SHIFTS
from tests.journeys_support import browser_tab

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SINGAPORE = timedelta(hours=8)  # no daylight saving time
MAX_LAYOUT_SHIFT = 0.02


def test_a_cached_page_says_closed_today_on_the_holiday_without_shifting(
    live_demo, chromium, problems
):
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    holiday = clinic.upcoming_special_days()[0]
    # 10:00 in Singapore on the holiday, as the browser's clock.
    holiday_morning = datetime.combine(holiday.start, time(10), UTC) - SINGAPORE
    for language, viewport, expected in [
        ("en", DESKTOP, f"Closed today — {holiday.name}"),
        ("zh-hans", PHONE, f"今日休息 — {holiday.name_zh}"),
    ]:
        url = f"{live_demo}/{language}/"
        with browser_tab(chromium, viewport, problems) as page:  # today: cached
            first = page.goto(url)
            served_today = BeautifulSoup(first.text(), "html.parser")
            line_today = served_today.select_one(".topbar__today").text.strip()
        with browser_tab(chromium, viewport, problems) as page:
            page.clock.set_fixed_time(holiday_morning)
            page.add_init_script(WATCH_SHIFTS)
            response = page.goto(url)
            # The copy rendered today, not a new render.
            assert response.headers["x-cache"] == "HIT"
            assert expected not in response.text()
            line = page.locator(".topbar__today")
            expect(line).to_have_text(expected)
            assert line_today != expected
            page.wait_for_load_state("load")
            shift = page.evaluate("window.__shifts")
            assert shift < MAX_LAYOUT_SHIFT, f"{language}: layout shift {shift:.3f}"
            # The contact page's list: the day after, a copy from before the
            # holiday (the server still lists it) no longer shows it.
            contact = f"{url}contact/"
            page.goto(contact)
            expect(page.locator(".special-hours")).to_be_visible()
            page.clock.set_fixed_time(holiday_morning + timedelta(days=1))
            page.goto(contact)
            expect(page.locator(".special-hours")).to_be_hidden()
