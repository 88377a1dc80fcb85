"""Special opening hours (holidays): what marketers may enter, the header's line
and the schedule the browser redoes it from, JSON-LD, the contact page's list;
and the WhatsApp link, which follows the phone."""

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from wagtail import blocks
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest
from bs4 import BeautifulSoup

from home.models import ClinicSettings
from home.special_hours import SpecialHoursBlock, SpecialHoursStreamBlock
from tests.i18n_utils import translate_fully

# 16:30 UTC on Monday 16 February 2026 is already Tuesday the 17th, 00:30, in
# Singapore (the first day of Chinese New Year 2026).
NOW = datetime.datetime(2026, 2, 16, 16, 30, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 2, 17)
WEEKDAYS = ["0", "1", "2", "3", "4"]


def special(name, name_zh, start, end=None, opens=None, closes=None):
    return (
        "day",
        {
            "name": name,
            "name_zh": name_zh,
            "start_date": start,
            "end_date": end,
            "opens": opens,
            "closes": closes,
        },
    )


@pytest.fixture
def now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.fixture
def clinic(home, contact_page, now):
    settings = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "+65 6123 4567"
    settings.opening_hours = [
        (
            "hours",
            {"days": WEEKDAYS, "opens": datetime.time(9), "closes": datetime.time(21)},
        ),
    ]
    day = datetime.timedelta(days=1)
    settings.special_hours = [
        special("Day before", "前一天", TODAY - day),  # over in Singapore
        special("Chinese New Year", "春节", TODAY, TODAY + day),  # Tue 17 - Wed 18 Feb
        special(
            "Short day",
            "",
            TODAY + 10 * day,
            opens=datetime.time(9),
            closes=datetime.time(13),
        ),
        special("Far away", "很远", TODAY + 61 * day),  # past the coming weeks
    ]
    settings.save()
    return settings


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def schedule(html):
    return json.loads(html.find("script", id="hours-schedule").string)


# -- What marketers may enter ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        (
            {"start_date": TODAY, "end_date": TODAY - datetime.timedelta(days=1)},
            "end_date",
            "The last day cannot be before the first day.",
        ),
        (
            {"opens": datetime.time(9)},
            "closes",
            "Give both the opening and the closing time, "
            "or neither if the clinic is closed.",
        ),
        (
            {"opens": datetime.time(13), "closes": datetime.time(9)},
            "closes",
            "Closing time must be after opening time.",
        ),
    ],
    ids=["ends-before-it-starts", "opens-without-closing", "closes-before-opening"],
)
def test_impossible_special_days_are_refused_with_a_clear_message(
    value, field, message
):
    block = SpecialHoursBlock()
    data = {"name": "Holiday", "start_date": TODAY, **value}
    with pytest.raises(blocks.StructBlockValidationError) as refused:
        block.clean(block.to_python({**data, "start_date": str(data["start_date"])}))
    assert refused.value.block_errors[field].messages == [message]


def test_special_days_that_share_a_day_are_refused():
    block = SpecialHoursStreamBlock()
    value = block.to_python(
        [
            {"type": "day", "value": {"name": name, "start_date": start, **end}}
            for name, start, end in [
                ("Chinese New Year", "2026-02-17", {"end_date": "2026-02-18"}),
                ("Staff day", "2026-02-18", {}),
            ]
        ]
    )
    with pytest.raises(blocks.StreamBlockValidationError) as refused:
        block.clean(value)
    assert refused.value.non_block_errors.as_data()[0].messages == [
        "“Chinese New Year” and “Staff day” share a day: "
        "a day can have only one set of special hours."
    ]


def test_the_settings_form_shows_the_message_and_keeps_the_old_hours(
    client, clinic, admin_user
):
    client.force_login(admin_user)
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["home", "clinicsettings", site.pk])
    day = {
        "name": "<b>Holiday</b>",
        "name_zh": "假期",
        "start_date": "2026-03-02",
        "end_date": "2026-03-01",
        "opens": "",
        "closes": "",
    }
    form = {
        "phone": clinic.phone,
        "whatsapp": "",
        "email": "",
        "consultation_page": "",
        "privacy_page": "",
        "opening_hours": streamfield([]),
        "special_hours": streamfield([("day", day)]),
        "logo": "",
        "social_links": "",
        "robots_txt": "",
    }
    response = client.post(url, nested_form_data(form))
    assert response.status_code == 200
    assert "The last day cannot be before the first day." in response.text
    assert "<b>Holiday</b>" not in response.text  # escaped where it is shown again
    assert len(ClinicSettings.for_site(site).special_hours) == 4
    day["end_date"] = ""
    response = client.post(url, nested_form_data(form))
    assert response.status_code == 302
    saved = ClinicSettings.for_site(site).special_hours
    assert [row.value["name"] for row in saved] == ["<b>Holiday</b>"]


def test_a_closed_day_and_a_range_with_hours_are_accepted():
    block = SpecialHoursBlock()
    for value in (
        {"name": "Holiday", "start_date": "2026-02-17"},
        {
            "name": "Short days",
            "start_date": "2026-12-24",
            "end_date": "2026-12-31",
            "opens": "09:00",
            "closes": "13:00",
        },
    ):
        assert block.clean(block.to_python(value))["name"] == value["name"]


# -- The header and its schedule -------------------------------------------------


@pytest.mark.parametrize(
    ("language", "line", "name"),
    [("en", "Closed today — Chinese New Year", "Chinese New Year")]
    + [("zh-hans", "今日休息 — 春节", "春节")],
)
def test_header_says_today_in_singapore_and_embeds_the_coming_weeks(
    client, clinic, zh, home, language, line, name
):
    translate_fully(home, zh)
    html = soup(client.get(f"/{language}/"))
    assert html.select_one(".topbar__today").text.strip() == line
    data = schedule(html)
    assert data["timeZone"] == "Asia/Singapore"
    assert data["weekly"] == {str(day): "09:00 – 21:00" for day in range(5)}
    # The day before is over in Singapore; 61 days on is past the coming weeks.
    assert data["special"] == [
        {"start": "2026-02-17", "end": "2026-02-18", "name": name, "hours": None},
        {
            "start": "2026-02-27",
            "end": "2026-02-27",
            "name": "Short day",  # no Chinese name: the English one
            "hours": "09:00 – 13:00",
        },
    ]
    texts = data["texts"]
    assert texts["closed_special"] % {"name": name} == line


def test_the_header_says_the_weekly_hours_on_an_ordinary_day(
    client, clinic, monkeypatch
):
    # Thursday 19 February 2026, 08:00 in Singapore.
    thursday = datetime.datetime(2026, 2, 19, 0, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: thursday)
    html = soup(client.get("/en/"))
    assert html.select_one(".topbar__today").text.strip() == "Open today 09:00 – 21:00"


# -- Search engines ---------------------------------------------------------------


def test_json_ld_has_the_special_days_closed_ones_as_midnight_to_midnight(
    client, clinic
):
    scripts = soup(client.get("/en/")).find_all("script", type="application/ld+json")
    data = {item["@type"]: item for item in (json.loads(s.string) for s in scripts)}
    assert data["MedicalClinic"]["specialOpeningHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "validFrom": "2026-02-17",
            "validThrough": "2026-02-18",
            "opens": "00:00",
            "closes": "00:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "validFrom": "2026-02-27",
            "validThrough": "2026-02-27",
            "opens": "09:00",
            "closes": "13:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "validFrom": "2026-04-19",
            "validThrough": "2026-04-19",
            "opens": "00:00",
            "closes": "00:00",
        },
    ]


# -- The contact page -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                ("February 17, 2026 – February 18, 2026", "Chinese New Year", "Closed"),
                ("February 27, 2026", "Short day", "09:00 – 13:00"),
            ],
        ),
        (
            "zh-hans",
            [
                ("2026年2月17日 – 2026年2月18日", "春节", "休息"),
                ("2026年2月27日", "Short day", "09:00 – 13:00"),
            ],
        ),
    ],
)
def test_contact_page_lists_the_next_60_days_in_the_pages_language(
    client, clinic, zh, home, contact_page, language, expected
):
    translate_fully(home, zh)
    translate_fully(contact_page, zh)
    html = soup(client.get(f"/{language}/contact/"))
    items = html.select(".special-hours li")
    assert [
        tuple(
            item.select_one(f".special-hours__{part}").text.strip()
            for part in ("dates", "name", "hours")
        )
        for item in items
    ] == expected
    # What the script compares with today's Singapore date to hide a past day.
    assert [item["data-until"] for item in items] == ["2026-02-18", "2026-02-27"]
    assert html.select_one(".special-hours")["data-time-zone"] == "Asia/Singapore"


# -- WhatsApp -----------------------------------------------------------------------


def test_the_whatsapp_link_follows_the_phone_unless_set_on_purpose(client, clinic):
    def whatsapp_links():
        html = soup(client.get("/en/"))
        links = html.select('a[href^="https://wa.me/"]')
        return {a["href"].split("?")[0] for a in links}  # without the message

    assert whatsapp_links() == {"https://wa.me/6561234567"}
    clinic.phone = "+65 6999 0000"
    clinic.save()
    assert whatsapp_links() == {"https://wa.me/6569990000"}
    clinic.whatsapp = "+65 8123 4567"
    clinic.save()
    assert whatsapp_links() == {"https://wa.me/6581234567"}
