"""The home page's sections (issue 17): service cards that link their section, the
doctors with photo, name and credentials linking Our Team, the latest insights and,
last, the consultation call; in English and, translated with wagtail-localize, in
Chinese."""

from django.core.exceptions import ValidationError

import pytest
from bs4 import BeautifulSoup

from home.blocks import ServiceCardBlock
from tests.factories import (
    ImageFactory,
    PersonFactory,
    StandardPageFactory,
    TeamPageFactory,
)
from tests.i18n_utils import translate_fully

pytestmark = pytest.mark.django_db


@pytest.fixture
def furnished_home(home, blog_index, contact_page):
    services = StandardPageFactory(parent=home, title="Services", slug="services")
    team = TeamPageFactory(parent=home)
    doctor = PersonFactory(
        name="Dr. Lim Wei Ming",
        slug="dr-lim",
        credentials="MBBS",
        role="Medical Director",
        photo=ImageFactory(),
    )
    home.services = [
        (
            "service",
            {
                "heading": "Stem Cell Therapy",
                "text": "For knee osteoarthritis.",
                "image": ImageFactory(),
                "page": services,
                "anchor": "stem-cell-therapy",
            },
        ),
        (
            "service",
            {"heading": "Consultation", "text": "", "image": None, "page": services},
        ),
    ]
    home.doctors = [("person", doctor)]
    home.body = [
        (
            "call_to_action",
            {
                "heading": "Talk to our doctors",
                "text": "",
                "button_label": "Book a consultation",
                "page": contact_page,
                "url": "",
            },
        )
    ]
    home.save_revision().publish()
    return {"home": home, "services": services, "team": team, "doctor": doctor}


def sections(client, path):
    html = BeautifulSoup(client.get(path).content, "html.parser")
    return html, [
        section.get("aria-labelledby") or section.get("class")[-1]
        for section in html.select("main section, main .home-body")
    ]


def test_services_link_their_sections_and_doctors_link_our_team(client, furnished_home):
    html, order = sections(client, "/en/")
    cards = html.select(".service-card")
    assert [card.h3.a["href"] for card in cards] == [
        "/en/services/#stem-cell-therapy",
        "/en/services/",
    ]
    assert cards[0].select_one("picture img")
    assert cards[1].select_one("img") is None  # no picture chosen: none drawn

    doctor = html.select_one(".doctor-card")
    assert doctor.select_one("picture img")
    assert doctor.h3.a.text == "Dr. Lim Wei Ming"
    assert doctor.h3.a["href"] == "/en/our-team/"
    assert doctor.select_one(".doctor-card__credentials").text == "MBBS"
    assert html.select_one("#doctors-heading ~ a")["href"] == "/en/our-team/"
    # The consultation call comes last, after the insights section.
    assert order[:3] == ["hero", "services-heading", "doctors-heading"]
    assert order[-1] == "home-body"
    assert "Book a consultation" in html.select_one(".home-body").text


def test_chinese_home_links_chinese_pages_and_shows_chinese_names(
    client, furnished_home, zh
):
    # Snippets first (the home page refers to them), then pages parents-first.
    translate_fully(furnished_home["doctor"], zh)
    zh_home = translate_fully(furnished_home["home"], zh)
    for name in ("services", "team"):
        translate_fully(furnished_home[name], zh)
    zh_home.specific.save_revision().publish()

    html, _order = sections(client, "/zh-hans/")
    card = html.select_one(".service-card")
    assert card.h3.a["href"] == "/zh-hans/services/#stem-cell-therapy"
    assert card.h3.a.text == "译 译 译"
    doctor = html.select_one(".doctor-card")
    assert doctor.h3.a["href"] == "/zh-hans/our-team/"
    assert "Lim" not in doctor.text


def test_without_a_team_page_the_doctors_show_without_links(client, furnished_home):
    furnished_home["team"].unpublish()
    html, _order = sections(client, "/en/")
    assert html.select_one(".doctor-card h3 a") is None
    assert html.select_one(".doctor-card h3").text == "Dr. Lim Wei Ming"


@pytest.mark.parametrize(
    "anchor", ['x" onmouseover="alert(1)', "Stem Cells", "#top", "a/../b"]
)
def test_a_service_anchor_is_only_letters_digits_and_hyphens(home, anchor):
    value = {"heading": "Stem", "text": "", "image": None, "page": home}
    with pytest.raises(ValidationError):
        ServiceCardBlock().clean({**value, "anchor": anchor})


def test_a_service_card_escapes_what_an_editor_typed(client, furnished_home):
    home = furnished_home["home"]
    home.services[0].value["heading"] = "<script>alert(1)</script>"
    home.save_revision().publish()
    html = client.get("/en/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
