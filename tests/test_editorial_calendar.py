"""The editorial calendar (editorial/): who sees it and what, each kind of entry,
moving a go-live, the iCalendar feed, and an article's date following its go-live
(blog/scheduling.py)."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import PageLogEntry, Revision, Site
from wagtail.users.models import UserProfile
from wagtail_localize.operations import translate_object

import pytest
from bs4 import BeautifulSoup

from blog.models import ArticlePage, InsightsSettings
from blog.review import add_months
from editorial import ical
from editorial.reschedule import RESCHEDULE_ACTION
from tests import roles_support as act
from tests.factories import ArticlePageFactory, BlogIndexPageFactory, CategoryFactory
from tests.i18n_utils import translate_fully
from tests.roles_support import (
    ENQUIRIES_STAFF,
    MARKETER,
    SUPERUSER,
    TRANSLATOR,
    article_page_form,
)

CALENDAR = reverse("editorial_calendar")
WEEK = reverse("editorial_week")
HOSTILE_TITLE = 'Knees, hips; and <b>"backs"</b>\nsecond line \\ ' + "干细胞" * 40


@pytest.fixture
def world(home, zh, django_capture_on_commit_callbacks):
    return act.World(home, zh, django_capture_on_commit_callbacks)


@pytest.fixture
def blog(world):
    index = BlogIndexPageFactory(parent=world.home)
    world.zh_home  # noqa: B018 - the Chinese tree, and the roles' permissions on it
    return index


def review_interval() -> int:
    site = Site.objects.get(is_default_site=True)
    return InsightsSettings.for_site(site).review_interval_months


def soon(days: int = 10, hour: int = 9, minute: int = 30) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def month_of(moment) -> dict:
    return {"month": f"{timezone.localdate(moment):%Y-%m}"}


def scheduled_article(parent, when, **fields) -> tuple[ArticlePage, Revision]:
    """A draft article scheduled (as "Schedule to publish" does) to go live `when`."""
    article = ArticlePageFactory(
        parent=parent, live=False, date=timezone.localdate(), **fields
    )
    article.save_revision()  # the admin's create view saves the first revision
    article.go_live_at = when
    revision = article.save_revision()
    revision.publish()
    return article, revision


def schedule(page, when) -> Revision:
    page.go_live_at = when
    revision = page.save_revision()
    revision.publish()
    return revision


def calendar_html(client, url=CALENDAR, **query) -> BeautifulSoup:
    response = client.get(url, query)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def entries(soup) -> list[str]:
    return [
        " ".join(li.get_text(" ", strip=True).split())
        for li in soup.select(".editorial-entry")
    ]


# --- Who sees it ---------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, home):
    for url in (CALENDAR, WEEK):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_enquiries_staff_get_no_calendar(blog):
    client = act.client_for(act.make_user(ENQUIRIES_STAFF))
    response = client.get(CALENDAR)
    assert response.status_code in (302, 403)
    assert b"editorial-calendar" not in response.content
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert CALENDAR not in menu


def test_marketers_see_english_pages_and_translators_chinese(world, blog):
    when = soon()
    english, _revision = scheduled_article(blog, when, title="Knee news")
    blog_zh = translate_fully(blog, world.zh)
    chinese_article = ArticlePageFactory(parent=blog, title="Hip news")
    chinese = translate_fully(chinese_article, world.zh).specific
    schedule(chinese, when)
    assert blog_zh.live

    marketer = act.client_for(act.make_user(MARKETER))
    assert CALENDAR in marketer.get(reverse("wagtailadmin_home")).content.decode()
    shown = entries(calendar_html(marketer, **month_of(when)))
    assert any("EN" in e and "Knee news" in e for e in shown)
    assert not any(chinese.title in e for e in shown)

    translator = act.make_user(TRANSLATOR)
    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = "zh-hans"
    profile.save()
    soup = calendar_html(act.client_for(translator), **month_of(when))
    shown = entries(soup)
    assert any("中文" in e and chinese.title in e for e in shown)
    assert not any("Knee news" in e for e in shown)
    # The admin speaks the translator's language.
    with translation.override("zh-hans"):
        assert translation.gettext("Goes live") != "Goes live"
        assert translation.gettext("Goes live") in soup.get_text()
        assert translation.gettext("Editorial calendar") in soup.title.get_text()


def test_each_kind_of_entry_links_to_its_editor(world, blog):
    superuser = act.make_user(SUPERUSER)
    client = act.client_for(superuser)
    when = soon(days=3)
    day = timezone.localdate(when)
    going, _revision = scheduled_article(blog, when, title="Going live")
    expiring = ArticlePageFactory(parent=blog, title="Expiring")
    expiring.expire_at = when
    expiring.save()
    drafted = ArticlePageFactory(
        parent=blog, title="Drafted", live=False, target_publish_date=day
    )
    interval = review_interval()
    reviewed = ArticlePageFactory(
        parent=blog, title="Reviewed", last_reviewed=add_months(day, -interval)
    )
    # A category of its own reviews more often (blog/review.py): due the same day.
    often = CategoryFactory(name="Fast-moving", slug="fast", review_interval_months=3)
    reviewed_often = ArticlePageFactory(
        parent=blog,
        title="Reviewed often",
        category=often,
        last_reviewed=add_months(day, -3),
    )
    ArticlePageFactory(parent=blog, title="Never reviewed")  # no day of its own
    # A translation started (in progress) and one whose source changed (outdated).
    translate_fully(blog, world.zh)
    started = ArticlePageFactory(parent=blog, title="Started")
    translate_object(started, [world.zh])
    changed = ArticlePageFactory(parent=blog, title="Changed")
    translate_fully(changed, world.zh)
    changed.excerpt = "New words"
    changed.save_revision().publish()

    shown = entries(calendar_html(client, **month_of(when)))
    # The translations entered their state today; the month of `when` may not be
    # this one, so they are checked in this month's calendar.
    shown_now = entries(calendar_html(client))
    expected = {
        going: "Goes live 9:30 a.m.",
        expiring: "Unpublishes 9:30 a.m.",
        drafted: "Draft due",
        reviewed: "Medical review due",
        reviewed_often: "Medical review due",
    }
    for page, label in expected.items():
        assert any(label in e and page.title in e and "EN" in e for e in shown), shown
    assert not any("Never reviewed" in e for e in shown + shown_now)
    for page, state in ((started, "In progress"), (changed, "Outdated")):
        chinese = page.get_translation(world.zh)
        assert any(
            "中文" in e and chinese.title in e and state in e for e in shown_now
        ), state

    soup = calendar_html(client, **month_of(when))
    links = {
        a.get_text(strip=True): a["href"] for a in soup.select(".editorial-entry a")
    }
    # Each go-live's own form (the keyboard's and no-JS way, and what a drop sends)
    # carries the CSRF token.
    token = soup.select_one("form.editorial-move input[name=csrfmiddlewaretoken]")
    assert token["value"]
    for page in expected:
        assert links[page.title] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    # The week view shows the same day's entries.
    week = entries(calendar_html(client, WEEK, week=f"{day:%Y-%m-%d}"))
    assert any("Going live" in e for e in week)


def test_titles_are_escaped_and_odd_parameters_give_the_current_month(blog):
    when = soon()
    scheduled_article(blog, when, title="<script>alert(1)</script>")
    client = act.client_for(act.make_user(MARKETER))
    response = client.get(CALENDAR, month_of(when))
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    for query in (
        {"month": "0000-13"},
        {"month": "x" * 5000},
        {"month": "2026-02\x00"},
        {"week": "9999-99-99"},
    ):
        assert client.get(CALENDAR, query).status_code == 200
        assert client.get(WEEK, query).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_the_calendar_costs_the_same_queries_for_5_or_50_entries(
    blog, count, django_assert_max_num_queries
):
    when = soon(days=2)
    day = timezone.localdate(when)
    interval = review_interval()
    for number in range(count):
        scheduled_article(
            blog,
            when,
            title=f"Article {number}",
            target_publish_date=day,
            last_reviewed=add_months(day, -interval),
        )
    client = act.client_for(act.make_user(MARKETER))
    client.get(CALENDAR, month_of(when))  # sessions, settings: warm
    # Measured: 33 for 5 articles and for 50 (3 entries each), with the sign-in's
    # and the admin menu's own queries.
    with django_assert_max_num_queries(35):
        soup = calendar_html(client, **month_of(when))
    assert len(soup.select(".editorial-entry")) == 3 * count


# --- Moving a go-live ---------------------------------------------------------------


def move(client, revision, day, **extra):
    return client.post(
        reverse("editorial_reschedule", args=[revision.pk]),
        {"date": day if isinstance(day, str) else f"{day:%Y-%m-%d}", **extra},
    )


def test_a_marketer_moves_a_go_live_to_another_day(blog):
    when = soon(days=5, hour=14, minute=15)
    article, revision = scheduled_article(blog, when, title="Moving")
    assert article.specific.date != timezone.localdate(when)  # created today
    ArticlePage.objects.filter(pk=article.pk).update(date=timezone.localdate(when))
    # As the editor's form leaves it: the date followed the go-live.
    revision.content["date"] = f"{timezone.localdate(when):%Y-%m-%d}"
    revision.save()
    marketer = act.make_user(MARKETER)
    client = act.client_for(marketer)
    new_day = timezone.localdate(when) + datetime.timedelta(days=2)

    response = move(client, revision, new_day, next=CALENDAR + "?month=2026-01")
    assert response.status_code == 302
    assert response["Location"] == CALENDAR + "?month=2026-01"
    new = Revision.page_revisions.get(
        object_id=str(article.pk), approved_go_live_at__isnull=False
    )
    assert new.pk != revision.pk
    local = timezone.localtime(new.approved_go_live_at)
    assert (local.date(), local.time()) == (new_day, datetime.time(14, 15))
    assert new.user == marketer
    moved = new.as_object()
    assert moved.date == new_day  # the date follows
    assert moved.title == "Moving"
    assert not ArticlePage.objects.get(pk=article.pk).live
    log = PageLogEntry.objects.get(page=article, action=RESCHEDULE_ACTION)
    assert log.user == marketer
    assert log.data["to"].startswith(f"{new_day:%Y-%m-%d}T14:15")
    # The old revision is no longer the one to move.
    assert move(client, revision, new_day).status_code == 404


def test_a_hand_set_date_stays_when_the_go_live_moves(blog):
    when = soon(days=5)
    article, revision = scheduled_article(blog, when, title="Dated by hand")
    hand = datetime.date(2026, 1, 2)
    revision.content["date"] = f"{hand:%Y-%m-%d}"
    revision.save()
    new_day = timezone.localdate(when) + datetime.timedelta(days=1)
    move(act.client_for(act.make_user(SUPERUSER)), revision, new_day)
    new = Revision.page_revisions.get(
        object_id=str(article.pk), approved_go_live_at__isnull=False
    )
    assert timezone.localdate(new.approved_go_live_at) == new_day
    assert new.as_object().date == hand


def test_past_days_bad_dates_and_others_pages_are_refused(blog):
    when = soon(days=5)
    article, revision = scheduled_article(blog, when, title="Stays")
    marketer = act.client_for(act.make_user(MARKETER))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = move(marketer, revision, yesterday, next="https://evil.example/")
    assert response["Location"] == CALENDAR
    page = marketer.get(response["Location"]).content.decode()
    assert "is in the past" in page
    for bad in ("", "2026-02-30", "x" * 5000, "2026-01-01\x00"):
        response = move(marketer, revision, bad)
        assert response.status_code == 302
    assert "Choose a day" in marketer.get(CALENDAR).content.decode()

    translator = act.client_for(act.make_user(TRANSLATOR))
    assert move(translator, revision, when.date()).status_code in (302, 403)
    enquiries = act.client_for(act.make_user(ENQUIRIES_STAFF))
    assert move(enquiries, revision, when.date()).status_code in (302, 403)
    assert (
        act.client_for(None)
        .post(reverse("editorial_reschedule", args=[revision.pk]))
        .status_code
        == 302
    )
    assert move(marketer, Revision(pk=999999), when.date()).status_code == 404

    (still,) = Revision.page_revisions.filter(
        object_id=str(article.pk), approved_go_live_at__isnull=False
    )
    assert (still.pk, still.approved_go_live_at) == (revision.pk, when)
    assert not PageLogEntry.objects.filter(action=RESCHEDULE_ACTION).exists()


# --- The feed -----------------------------------------------------------------------


def new_feed_url(client) -> str:
    response = client.post(reverse("editorial_feed_new"))
    assert response.status_code == 200
    url = BeautifulSoup(response.content, "html.parser").select_one(
        ".editorial-feed-url"
    )["value"]
    assert url.startswith("http://testserver/calendar/")
    return url.removeprefix("http://testserver")


def unfolded(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_the_feed_needs_its_token_and_stops_when_revoked(blog, client):
    when = soon()
    scheduled_article(blog, when, title=HOSTILE_TITLE)
    marketer = act.client_for(act.make_user(MARKETER))
    url = new_feed_url(marketer)

    response = client.get(url)  # no session
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert "X-Cache" not in response
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    lines = unfolded(body)
    (summary,) = [line for line in lines if line.startswith("SUMMARY:")]
    assert summary == (
        'SUMMARY:[EN] Goes live: Knees\\, hips\\; and <b>"backs"</b>\\nsecond line'
        " \\\\ " + "干细胞" * 40
    )
    assert f"DTSTART:{when.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in lines
    assert any(re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line) for line in lines)
    assert any(line.startswith("UID:go-live-") for line in lines)
    assert any(
        re.fullmatch(r"URL:http://testserver/admin/pages/\d+/edit/", line)
        for line in lines
    )

    # A new address replaces the old; turning it off ends both.
    second = new_feed_url(marketer)
    assert client.get(url).status_code == 404
    assert client.get(second).status_code == 200
    marketer.post(reverse("editorial_feed_off"))
    assert client.get(second).status_code == 404
    assert client.get("/calendar/made-up-token.ics").status_code == 404
    assert client.get("/calendar/" + "x" * 5000 + ".ics").status_code == 404


def test_the_feed_shows_only_the_users_pages(world, blog, client):
    when = soon()
    scheduled_article(blog, when, title="English only")
    translator = act.client_for(act.make_user(TRANSLATOR))
    body = client.get(new_feed_url(translator)).content.decode()
    assert "BEGIN:VCALENDAR" in body and "English only" not in body
    enquiries = act.client_for(act.make_user(ENQUIRIES_STAFF))
    assert enquiries.post(reverse("editorial_feed_new")).status_code in (302, 403)


def test_ical_text_is_escaped_and_folded_at_75_octets():
    assert ical.escape_text("a,b;c\\d\ne\r\nf\x00") == "a\\,b\\;c\\\\d\\ne\\nf"
    line = "SUMMARY:" + "é" * 100
    folded = ical.fold(line)
    assert all(len(piece.encode()) <= 75 for piece in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


# --- An article's date follows its go-live ------------------------------------------


def schedule_in_editor(client, article, when, **changes):
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        article_page_form(article, go_live_at=f"{when:%Y-%m-%d %H:%M}", **changes),
    )
    assert response.status_code == 302, BeautifulSoup(
        response.content, "html.parser"
    ).get_text(" ", strip=True)[:3000]
    return Revision.page_revisions.get(
        object_id=str(article.pk), approved_go_live_at__isnull=False
    ).as_object()


def draft(parent, **fields) -> ArticlePage:
    article = ArticlePageFactory(
        parent=parent, live=False, date=timezone.localdate(), **fields
    )
    article.save_revision()
    return article


def test_scheduling_a_draft_moves_its_default_date_to_the_go_live_day(blog):
    client = act.client_for(act.make_user(MARKETER))
    when = soon(days=1)
    article = draft(blog, title="Scheduled")
    assert schedule_in_editor(client, article, when).date == timezone.localdate(when)


def test_a_date_set_by_hand_stays_when_scheduling(blog):
    client = act.client_for(act.make_user(MARKETER))
    when = soon(days=1)
    # Set in the same edit.
    article = draft(blog, title="Same edit")
    hand = "2026-01-15"
    assert f"{schedule_in_editor(client, article, when, date=hand).date}" == hand
    # Set in an earlier edit.
    earlier = draft(blog, title="Earlier edit")
    earlier.date = datetime.date(2026, 1, 20)
    earlier.save_revision()
    assert schedule_in_editor(client, earlier, when).date == datetime.date(2026, 1, 20)
    # A published article keeps the date readers saw.
    published = ArticlePageFactory(parent=blog, title="Published")
    published.save_revision().publish()
    published = ArticlePage.objects.get(pk=published.pk)
    assert schedule_in_editor(client, published, when).date == published.date
