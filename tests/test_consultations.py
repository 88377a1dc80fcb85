"""Which pages bring consultations: the WhatsApp link naming the page read, the
click counter (consultations/), the enquiry counted against the page the visitor
came from, and the marketers' report."""

import datetime
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from consultations import counting
from consultations.models import DailyConsultationCount, Kind
from home.models import ClinicSettings, SiteText
from serving.models import ThrottleCounter
from tests.factories import ArticlePageFactory
from tests.forms import post_and_commit, valid_contact_data
from tests.i18n_utils import translate_fully

COUNT_URL = "/counts/consultation/"
TITLE = "Stem Cell Therapy for Knee Osteoarthritis"


@pytest.fixture
def article(blog_index):
    site = blog_index.get_site()
    clinic = ClinicSettings.for_site(site)
    clinic.phone = "+65 6123 4567"
    clinic.whatsapp = "+60 12-987 0817"
    clinic.save()
    return ArticlePageFactory(parent=blog_index, title=TITLE)


@pytest.fixture
def zh_article(article, home, blog_index, zh):
    translate_fully(SiteText.objects.get(locale__language_code="en"), zh)
    translate_fully(home, zh)
    translate_fully(blog_index, zh)
    return translate_fully(article, zh)


def counts() -> dict:
    return {
        (row.page_id, row.language_code, row.kind): row.count
        for row in DailyConsultationCount.objects.filter(date=timezone.localdate())
    }


def beacon(client, page_id, kind, **headers):
    return client.post(COUNT_URL, {"page": page_id, "kind": kind}, headers=headers)


def whatsapp_message(client, page) -> str:
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    link = html.select_one(".topbar a[data-count=whatsapp]")
    assert urlsplit(link["href"]).netloc == "wa.me"
    assert urlsplit(link["href"]).path == "/60129870817"
    return parse_qs(urlsplit(link["href"]).query)["text"][0]


# -- The WhatsApp link ------------------------------------------------------------


def test_whatsapp_message_names_the_page_in_its_language(client, zh_article, home):
    article = zh_article.get_translation(home.locale)
    assert whatsapp_message(client, article) == (
        f"Hello, I read “{TITLE}” and would like to ask about a consultation."
    )
    assert whatsapp_message(client, zh_article) == (
        f"您好，我阅读了《{zh_article.title}》，想咨询预约事宜。"
    )
    # The home page names no subject: a general message.
    assert whatsapp_message(client, home) == (
        "Hello, I would like to ask about a consultation."
    )


# -- The click counter ------------------------------------------------------------


def test_clicks_count_per_page_day_language_and_kind(client, zh_article, home):
    article = zh_article.get_translation(home.locale)
    for kind in ("phone", "whatsapp", "whatsapp", "consultation"):
        response = beacon(client, str(article.pk), kind)
        assert response.status_code == 204
        assert not response.cookies
        assert "no-store" in response["Cache-Control"]
    assert beacon(client, str(zh_article.pk), "whatsapp").status_code == 204
    assert counts() == {
        (article.pk, "en", "phone"): 1,
        (article.pk, "en", "whatsapp"): 2,
        (article.pk, "en", "consultation"): 1,
        (zh_article.pk, "zh-hans", "whatsapp"): 1,
    }
    # Nothing about the visitor: the rate limit's key is a hash, not the address.
    assert [len(row.key) for row in ThrottleCounter.objects.all()] == [64]
    assert not any("127.0.0.1" in row.key for row in ThrottleCounter.objects.all())


HOSTILE = [
    ("{pk}", "enquiry"),  # counted by the contact form only
    ("{pk}", "<script>alert(1)</script>"),
    ("{pk}", ""),
    ("999999", "phone"),
    ("-1", "phone"),
    ("1\x00", "phone"),
    ("9" * 5000, "phone"),
    ("١٢", "phone"),
    ("", "phone"),
]


def test_what_no_page_sends_is_refused_and_not_counted(client, article):
    for page, kind in HOSTILE:
        response = beacon(client, page.format(pk=article.pk), kind)
        assert response.status_code == 400, (page[:20], kind)
    assert not DailyConsultationCount.objects.exists()


def test_drafts_get_requests_and_other_sites_are_not_counted(client, article):
    draft = ArticlePageFactory(parent=article.get_parent(), live=False)
    assert beacon(client, str(draft.pk), "phone").status_code == 400
    assert client.get(COUNT_URL).status_code == 405
    cross = beacon(client, str(article.pk), "phone", sec_fetch_site="cross-site")
    assert cross.status_code == 204
    assert not DailyConsultationCount.objects.exists()


def test_do_not_track_and_global_privacy_control_are_respected(client, article):
    for header in ({"dnt": "1"}, {"sec_gpc": "1"}):
        assert beacon(client, str(article.pk), "phone", **header).status_code == 204
    assert not DailyConsultationCount.objects.exists()
    assert not ThrottleCounter.objects.exists()


def test_one_client_counts_at_most_the_limit(client, article, monkeypatch):
    monkeypatch.setattr(counting, "LIMIT", 3)
    for _ in range(5):
        assert beacon(client, str(article.pk), "phone").status_code == 204
    assert counts() == {(article.pk, "en", "phone"): 3}


def test_pages_carry_what_the_script_needs_and_csp_allows_it(client, article):
    response = client.get(article.url)
    body = BeautifulSoup(response.content, "html.parser").body
    assert body["data-page-id"] == str(article.pk)
    assert body["data-count-url"] == reverse("consultation_count") == COUNT_URL
    assert "connect-src 'self'" in response["Content-Security-Policy"]


# -- Enquiries --------------------------------------------------------------------


def send_enquiry(client, contact_page, origin, **headers):
    data = valid_contact_data(client, contact_page, full_name="Tan", email="t@x.sg")
    data.update(message="Knee pain", origin_page=origin)
    return post_and_commit(client, contact_page.url, data, headers=headers)


def test_an_enquiry_counts_for_the_page_the_visitor_came_from(
    client, article, contact_page
):
    html = BeautifulSoup(client.get(contact_page.url).content, "html.parser")
    assert html.select_one("form.contact-form input[type=hidden][name=origin_page]")
    assert send_enquiry(client, contact_page, str(article.pk)).status_code == 200
    # Unknown, hostile or absent: the contact page itself.
    send_enquiry(client, contact_page, "<b>1</b>")
    send_enquiry(client, contact_page, "")
    # Not counted at all when the browser asks not to be tracked.
    send_enquiry(client, contact_page, str(article.pk), dnt="1")
    assert counts() == {
        (article.pk, "en", "enquiry"): 1,
        (contact_page.pk, "en", "enquiry"): 2,
    }


# -- The report -------------------------------------------------------------------


def add(page, kind, count, days_ago=0):
    DailyConsultationCount.objects.create(
        page=page,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        language_code=page.locale.language_code,
        kind=kind,
        count=count,
    )


def test_report_ranks_pages_with_each_kind_and_the_trend(
    client, admin_user, zh_article, home, contact_page
):
    article = zh_article.get_translation(home.locale)
    add(article, Kind.WHATSAPP, 3)
    add(article, Kind.ENQUIRY, 2, days_ago=29)
    add(article, Kind.PHONE, 9, days_ago=30)  # the 30 days before
    add(contact_page, Kind.CONSULTATION, 7, days_ago=3)
    add(zh_article, Kind.PHONE, 1)
    add(contact_page, Kind.PHONE, 50, days_ago=60)  # too old for either period
    client.force_login(admin_user)
    url = reverse("consultations_report")

    html = BeautifulSoup(client.get(url).content, "html.parser")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in html.select("table tbody tr")
    ]
    # Page, language, phone, WhatsApp, Consultation, enquiries, total, before, change
    assert rows == [
        ["Contact", "English", "0", "0", "7", "0", "7", "0", "+7"],
        [TITLE, "English", "0", "3", "0", "2", "5", "9", "−4"],
        [zh_article.title, "中文", "1", "0", "0", "0", "1", "0", "+1"],
    ]

    chinese = client.get(url, {"language_code": "zh-hans"})
    assert TITLE not in chinese.text and zh_article.title in chinese.text

    for hostile in ("<script>alert(1)</script>", "zh\x00", "x" * 5000):
        response = client.get(url, {"language_code": hostile, "export": hostile})
        assert response.status_code == 200
        assert "<script>alert(1)" not in response.content.decode()

    export = client.get(url, {"export": "csv"})
    assert export.status_code == 200
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert lines[0].startswith("Page,Language,Phone calls,WhatsApp")
    assert lines[2] == f"{TITLE},en,0,3,0,2,5,9,-4"
