"""The medical review lifecycle: due dates per category, what visitors read in both
languages, the reviewers' dashboard panel, the weekly digest and "Mark as reviewed"."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, Revision, Site

import pytest
from bs4 import BeautifulSoup

from blog import review
from blog.models import ArticlePage, InsightsSettings
from blog.review_admin import ReviewsDuePanel
from home.models import SiteText
from staff.roles import MEDICAL_REVIEWERS, ensure_roles
from tests.factories import ArticlePageFactory, CategoryFactory, PersonFactory
from tests.i18n_utils import translate_fully
from tests.roles_support import TRANSLATOR, client_for, make_user

TODAY = timezone.localdate()


def months_before(months: int, days: int = 0) -> datetime.date:
    return review.add_months(TODAY, -months) - datetime.timedelta(days=days)


def text(response, selector: str) -> str:
    assert response.status_code == 200, response.status_code
    found = BeautifulSoup(response.content, "html.parser").select_one(selector)
    return " ".join(found.text.split()) if found else ""


def reviewer_user(name="reviewer", person=True):
    ensure_roles()
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw")
    user.groups.add(Group.objects.get(name=MEDICAL_REVIEWERS))
    if person:
        PersonFactory(name=f"Dr. {name.title()}", slug=f"dr-{name}", user=user)
    return user


@pytest.fixture
def zh_blog_index(home, blog_index, zh):
    translate_fully(SiteText.objects.get(locale__language_code="en"), zh)
    translate_fully(home, zh)
    return translate_fully(blog_index, zh)


def test_interval_per_category_else_the_sites(blog_index):
    yearly = CategoryFactory(name="Research")  # no interval: the site's
    quarterly = CategoryFactory(name="Treatments", review_interval_months=3)
    reviewed = datetime.date(2026, 1, 31)
    a = ArticlePageFactory(
        parent=blog_index, category=quarterly, last_reviewed=reviewed
    )
    b = ArticlePageFactory(parent=blog_index, category=yearly, last_reviewed=reviewed)
    c = ArticlePageFactory(parent=blog_index, last_reviewed=reviewed)
    never = ArticlePageFactory(parent=blog_index)

    assert review.next_review_due(a) == datetime.date(2026, 4, 30)  # month's end
    assert review.next_review_due(b) == review.next_review_due(c)
    assert review.next_review_due(c) == datetime.date(2027, 1, 31)
    assert review.next_review_due(never) == TODAY

    settings = InsightsSettings.for_site(Site.objects.get(is_default_site=True))
    settings.review_interval_months = 24
    settings.save()
    assert review.next_review_due(c) == datetime.date(2028, 1, 31)
    assert review.next_review_due(a) == datetime.date(2026, 4, 30)

    # The queryset helpers agree with next_review_due(), at the month-end edges.
    articles = ArticlePage.objects.filter(pk__in=[a.pk, b.pk, c.pk])
    window = review.due_between(
        articles, datetime.date(2026, 4, 30), datetime.date(2026, 4, 30)
    )
    assert list(window) == [a]
    assert not review.due_between(
        articles, datetime.date(2026, 5, 1), datetime.date(2027, 12, 31)
    ).exists()
    assert set(review.due_by(articles, datetime.date(2028, 1, 31))) == {a, b, c}


@pytest.fixture
def bilingual_article(zh_blog_index, blog_index, zh):
    category = CategoryFactory(name="Joints", slug="joints", review_interval_months=6)
    reviewer = PersonFactory(name="Dr. Lim", slug="dr-lim", credentials="MBBS")
    article = ArticlePageFactory(
        parent=blog_index,
        title="Knee repair",
        slug="knee",
        category=category,
        reviewer=reviewer,
        last_reviewed=months_before(1),
    )
    for obj in (category, reviewer, article):
        translate_fully(obj, zh)
    return article


def test_article_shows_last_and_next_review_in_both_languages(
    client, bilingual_article
):
    last = months_before(1)
    due = review.add_months(last, 6)
    english = text(client.get("/en/insights/knee/"), ".review-line")
    assert f"Last reviewed {last:%B} {last.day}, {last.year}" in english
    assert f"Next review due {due:%B} {due.day}, {due.year}" in english
    assert english.startswith("Medically reviewed by Dr. Lim (MBBS)")
    chinese = text(client.get("/zh-hans/insights/knee/"), ".review-line")
    assert f"最近审核：{last.year}年{last.month}月{last.day}日" in chinese
    assert f"下次审核：{due.year}年{due.month}月{due.day}日" in chinese
    assert "Last reviewed" not in chinese
    assert not text(client.get("/en/insights/knee/"), ".review-notice")


def test_notice_once_overdue_by_more_than_the_interval(client, bilingual_article, zh):
    notice = "This article is being reviewed to make sure it is up to date."
    for article in (bilingual_article, bilingual_article.get_translation(zh)):
        # Due 6 months after: overdue, but not by a whole interval yet.
        article.last_reviewed = months_before(11)
        article.save_revision().publish()
    assert not text(client.get("/en/insights/knee/"), ".review-notice")
    for article in (bilingual_article, bilingual_article.get_translation(zh)):
        article.last_reviewed = months_before(12, days=1)
        article.save_revision().publish()
    assert text(client.get("/en/insights/knee/"), ".review-notice") == notice
    assert (
        text(client.get("/zh-hans/insights/knee/"), ".review-notice")
        == "本文正在审核中，以确保内容最新。"
    )


@pytest.fixture
def due_articles(blog_index):
    return {
        "soon": ArticlePageFactory(
            parent=blog_index, title="Due soon", last_reviewed=months_before(12, -10)
        ),
        "overdue": ArticlePageFactory(
            parent=blog_index, title="Overdue", last_reviewed=months_before(14)
        ),
        "never": ArticlePageFactory(parent=blog_index, title="Never reviewed"),
        "fresh": ArticlePageFactory(
            parent=blog_index, title="Fresh", last_reviewed=TODAY
        ),
    }


def panel_titles(client) -> list[str]:
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    panel = BeautifulSoup(response.content, "html.parser").select_one(
        "#reviews-due-section"
    )
    if panel is None:
        return None
    return [row.select_one("a").text for row in panel.select(".reviews-due__row")]


def test_dashboard_panel_for_reviewers_overdue_first(
    due_articles, admin_user, monkeypatch
):
    reviewer = reviewer_user()
    assert panel_titles(client_for(reviewer)) == [
        "Overdue",
        "Never reviewed",
        "Due soon",
    ]
    monkeypatch.setattr(ReviewsDuePanel, "shown", 2)
    assert panel_titles(client_for(reviewer)) == ["Overdue", "Never reviewed"]
    home = client_for(reviewer).get(reverse("wagtailadmin_home")).content.decode()
    assert "And 1 more due in the next 30 days." in home
    monkeypatch.undo()
    assert panel_titles(client_for(admin_user)) == [
        "Overdue",
        "Never reviewed",
        "Due soon",
    ]
    assert panel_titles(client_for(make_user(TRANSLATOR))) is None


def test_weekly_digest_emails_each_reviewer_their_list(due_articles, capsys):
    reviewer_user()
    no_address = reviewer_user("nomail")
    no_address.email = ""
    no_address.save()
    make_user(TRANSLATOR)
    call_command("send_review_digest")
    assert "Review digests sent: 1, failed: 0." in capsys.readouterr().out
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reviewer@example.com"]
    assert message.subject == "Medical review: 3 articles due"
    body = message.body
    assert body.index("Overdue") < body.index("Never reviewed") < body.index("Due soon")
    assert "Fresh" not in body
    edit = reverse("wagtailadmin_pages:edit", args=[due_articles["overdue"].pk])
    assert f"http://testserver{edit}" in body


def mark(client, page):
    return client.post(reverse("blog_mark_reviewed", args=[page.pk]), follow=True)


def test_mark_as_reviewed_publishes_for_a_publisher(due_articles, admin_user):
    person = PersonFactory(name="Dr. Admin", user=admin_user)
    article = due_articles["overdue"]
    editor = client_for(admin_user).get(
        reverse("wagtailadmin_pages:edit", args=[article.pk])
    )
    assert reverse("blog_mark_reviewed", args=[article.pk]) in editor.content.decode()

    response = mark(client_for(admin_user), article)
    assert "marked as reviewed by Dr. Admin and published" in response.content.decode()
    live = ArticlePage.objects.get(pk=article.pk)
    assert (live.reviewer, live.last_reviewed) == (person, TODAY)
    assert not live.has_unpublished_changes
    entry = PageLogEntry.objects.get(page=article, action="blog.mark_reviewed")
    assert entry.user == admin_user
    assert entry.revision == live.live_revision


def test_a_reviewer_marks_english_and_chinese_as_drafts(
    bilingual_article, zh_blog_index, zh
):
    user = reviewer_user()
    person = user.people.get()
    client = client_for(user)
    for article in (bilingual_article, bilingual_article.get_translation(zh)):
        before = article.last_reviewed
        response = mark(client, article)
        assert "saved as a draft" in response.content.decode()
        draft = ArticlePage.objects.get(pk=article.pk)
        assert draft.has_unpublished_changes
        assert draft.last_reviewed == before  # the live row waits for a publisher
        revision = draft.get_latest_revision_as_object()
        assert (revision.reviewer, revision.last_reviewed) == (person, TODAY)
        assert draft.latest_revision.user == user


def test_mark_as_reviewed_is_refused_or_explained(due_articles, client):
    article = due_articles["overdue"]
    url = reverse("blog_mark_reviewed", args=[article.pk])
    refused = "Sorry, you do not have permission to access this area."
    # A translator may not edit the English article (even with a Person).
    translator = make_user(TRANSLATOR)
    PersonFactory(user=translator)
    assert refused in mark(client_for(translator), article).content.decode()
    # Anonymous: to the sign-in page.
    assert client.post(url)["Location"].startswith(reverse("wagtailadmin_login"))
    without_person = reviewer_user("newcomer", person=False)
    response = mark(client_for(without_person), article)
    assert "your account is not linked to a person" in response.content.decode()
    assert client_for(without_person).get(url).status_code == 405
    reviewer = client_for(reviewer_user())
    assert refused in mark(reviewer, article.get_parent()).content.decode()
    missing = reverse("blog_mark_reviewed", args=[999999])
    assert reviewer.post(missing).status_code == 404
    # Locked by someone else: left alone, and the lock is named.
    article.locked = True
    article.locked_by = get_user_model().objects.create_user("boss", "b@x.sg", "pw")
    article.save()
    assert "locked" in mark(reviewer, article).content.decode()
    assert not PageLogEntry.objects.filter(action="blog.mark_reviewed").exists()
    assert not Revision.objects.exists()


def test_mark_as_reviewed_returns_only_to_this_site(due_articles):
    user = reviewer_user()
    article = due_articles["overdue"]
    url = reverse("blog_mark_reviewed", args=[article.pk])
    response = client_for(user).post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    response = client_for(user).post(url, {"next": reverse("wagtailadmin_home")})
    assert response["Location"] == reverse("wagtailadmin_home")


def test_reviewers_edit_articles_of_both_languages_and_nothing_else(
    bilingual_article, zh_blog_index, zh, home
):
    user = reviewer_user()
    for article in (bilingual_article, bilingual_article.get_translation(zh)):
        permissions = article.permissions_for_user(user)
        assert permissions.can_edit()
        assert not permissions.can_publish()
        assert not permissions.can_delete()
    assert not home.permissions_for_user(user).can_edit()
    # The permission is on the Insights index: drafts of it too, never live.
    index = zh_blog_index.permissions_for_user(user)
    assert not index.can_publish()
    assert not index.can_add_subpage()
    assert not user.has_perm("home.change_person")
    assert not user.has_perm("blog.change_category")
    assert not user.has_perm("home.change_clinicsettings")
    assert not user.has_perm("enquiries.view_contactsubmission")
