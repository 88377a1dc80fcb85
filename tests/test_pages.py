"""Every page type renders with its template, the shell and the seed's chrome."""

from datetime import UTC, datetime, time

from django.utils import timezone

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from home.models import ClinicSettings, TeamMember
from tests.factories import StandardPageFactory, TeamPageFactory


def get(client, url, template=None):
    response = client.get(url)
    assert response.status_code == 200, url
    if template:
        assert template in [t.name for t in response.templates]
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def clinic(home, contact_page):
    settings = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "+60 12-987 0817"
    settings.consultation_page = contact_page
    settings.opening_hours = [
        (
            "hours",
            {"days": ["0", "1", "2", "3", "4"], "opens": time(9), "closes": time(21)},
        ),
        ("hours", {"days": ["5"], "opens": time(9), "closes": time(18)}),
    ]
    settings.save()
    return settings


def test_home_page_shell(client, clinic, blog_index):
    html = get(client, "/en/", "home/home_page.html")
    assert html.find("html")["lang"] == "en"
    assert html.select_one("a.skip-link")["href"] == "#main"
    assert html.find("main", id="main")
    assert len(html.find_all("h1")) == 1
    topbar = html.select_one(".topbar").text
    assert "+60 12-987 0817" in topbar
    assert "Call or WhatsApp us today" in topbar
    assert "Hong Leong Building, Singapore" in topbar
    menu = [a.text for a in html.select(".menu a")]
    assert menu == ["Home", "Contact", "Insights"]  # tree order: created in that order
    consultation = html.select_one(".site-nav a.button--primary")
    assert consultation.text == "Consultation"
    assert consultation["href"] == "/en/contact/"


def test_header_says_todays_hours_and_the_footer_the_week(client, clinic, monkeypatch):
    # 02:00 UTC on Saturday 7 February 2026: 10:00 in Singapore.
    saturday = datetime(2026, 2, 7, 2, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: saturday)
    html = get(client, "/en/")
    header = html.select_one(".topbar__today").text.strip()
    footer = [
        " ".join(row.text.split())
        for row in html.select(".site-footer .opening-hours__row")
    ]
    assert header == "Open today 09:00 – 18:00"
    assert footer == [
        "Monday – Friday 09:00 – 21:00",
        "Saturday 09:00 – 18:00",
        "Sunday Closed",
    ]


def test_footer_has_tagline_quick_links_and_copyright(client, clinic):
    footer = get(client, "/en/").select_one(".site-footer")
    assert "Pioneering the Future of Medicine Through Cell Therapy" in footer.text
    assert "Business hours" in footer.text
    assert "Leaven Biotechnology. All rights reserved." in footer.text
    assert [a.text for a in footer.select(".site-footer__links a")] == [
        "Home",
        "Contact",
    ]


def test_standard_page(client, home):
    StandardPageFactory(parent=home, title="About", slug="about")
    html = get(client, "/en/about/", "home/standard_page.html")
    assert html.find("h1").text == "About"
    assert html.select_one(".menu a[aria-current=page]").text == "About"


def test_team_page_lists_members_in_order(client, home):
    page = TeamPageFactory(parent=home)
    TeamMember.objects.create(
        page=page, name="Dr. Lim", role="Medical Director", sort_order=1
    )
    TeamMember.objects.create(
        page=page, name="Ms. Tan", role="Coordinator", sort_order=0
    )
    html = get(client, page.url, "home/team_page.html")
    assert [h.text for h in html.select(".team-member__name")] == ["Ms. Tan", "Dr. Lim"]


def test_contact_page_shows_clinic_details(client, clinic, contact_page):
    html = get(client, contact_page.url, "enquiries/contact_page.html")
    details = html.select_one(".clinic-details").text
    assert "16 Raffles Quay #41-01" in details
    assert "+60 12-987 0817" in details


def test_search_page(client, home):
    get(client, "/en/search/?q=cartilage", "search/search.html")


def test_unknown_page_is_404(client, home):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_root_redirects_to_a_language(client, home):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"
