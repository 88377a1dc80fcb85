"""Doctor profiles under Our Team: shown in both languages, described in JSON-LD,
linked from the articles their doctor wrote or reviewed, listing those articles."""

import datetime
import json

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data

import pytest
from bs4 import BeautifulSoup

from home.models import DoctorPage
from home.publishing import UntranslatedSegmentsError
from home.translation import translate
from tests.factories import (
    ArticlePageFactory,
    DoctorPageFactory,
    ImageFactory,
    PersonFactory,
    TeamPageFactory,
)
from tests.i18n_utils import fake_chinese, translate_fully
from tests.roles_support import (
    ENQUIRIES_STAFF,
    MARKETER,
    SUPERUSER,
    TRANSLATOR,
    client_for,
    make_user,
)

PROFILE = "/en/our-team/dr-lim/"
ZH_PROFILE = "/zh-hans/our-team/dr-lim/"


@pytest.fixture
def team(home, blog_index):
    team = TeamPageFactory(parent=home)
    lim = PersonFactory(
        name="Dr. Lim Wei Ming",
        slug="dr-lim",
        credentials="MBBS",
        role="Medical Director",
        bio="Leads the medical team.",
        photo=ImageFactory(),
    )
    editor = PersonFactory(name="Editorial Team", slug="editorial-team")
    profile = DoctorPageFactory(
        parent=team, title="Dr. Lim Wei Ming", slug="dr-lim", person=lim
    )
    written = ArticlePageFactory(
        parent=blog_index,
        title="Knee repair",
        slug="knee",
        author=lim,
        date=datetime.date(2025, 10, 1),
    )
    reviewed = ArticlePageFactory(
        parent=blog_index,
        title="Stem cell basics",
        slug="basics",
        author=editor,
        reviewer=lim,
        last_reviewed=datetime.date(2025, 11, 3),
        date=datetime.date(2025, 10, 2),
    )
    return {
        "team": team,
        "profile": profile,
        "lim": lim,
        "editor": editor,
        "written": written,
        "reviewed": reviewed,
    }


@pytest.fixture
def bilingual(team, home, blog_index, zh):
    for obj in (
        home,
        team["team"],
        team["lim"],
        team["editor"],
        team["profile"],
        blog_index,
        team["written"],
        team["reviewed"],
    ):
        translate_fully(obj, zh)
    return team


def soup(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def json_ld(html: BeautifulSoup) -> dict:
    blocks = [
        json.loads(script.string)
        for script in html.find_all("script", type="application/ld+json")
    ]
    return {block["@type"]: block for block in blocks}


# --- The profile and Our Team ---------------------------------------------------------


def test_profile_shows_the_person_its_facts_and_articles(client, team):
    page = soup(client, PROFILE)
    assert page.h1.get_text(strip=True) == "Dr. Lim Wei Ming"
    text = page.get_text(" ", strip=True)
    for fact in ("MBBS", "Medical Director", "Leads the medical team.", "M12345A"):
        assert fact in text
    facts = page.select(".doctor-profile__facts li")
    assert [li.get_text(strip=True) for li in facts] == [
        "Regenerative medicine",
        "Sports injuries",
        "English",
        "Mandarin",
    ]
    written, reviewed = page.select(".doctor-articles")
    assert [a["href"] for a in written.select("li a")] == ["/en/insights/knee/"]
    assert [a["href"] for a in reviewed.select("li a")] == ["/en/insights/basics/"]


def test_our_team_links_each_profile_and_keeps_its_staff(client, team):
    team_page = team["team"]
    team_page.team_members.create(locale=team_page.locale, name="Chen", role="Nurse")
    team_page.save_revision().publish()
    page = soup(client, "/en/our-team/")
    assert [a["href"] for a in page.select(".doctor-card a")] == [PROFILE]
    assert page.select_one(".doctor-card__credentials").get_text() == "MBBS"
    assert "Chen" in page.select_one(".team-grid").get_text()


def test_home_page_doctor_cards_link_profiles_else_our_team(client, team, home):
    home.doctors = [("person", team["lim"]), ("person", team["editor"])]
    home.save_revision().publish()
    links = [a["href"] for a in soup(client, "/en/").select(".doctor-card h3 a")]
    assert links == [PROFILE, "/en/our-team/"]


def test_chinese_profile_shows_the_chinese_person_and_articles(client, bilingual):
    page = soup(client, ZH_PROFILE)
    text = page.get_text(" ", strip=True)
    assert page.h1.get_text(strip=True) == "译. 译 译 译"
    assert "Leads the medical team" not in text
    assert "Regenerative" not in text
    assert "M12345A" in text  # synchronized, not translated
    assert "专科" in text and "Specialties" not in text  # labels in Chinese
    links = [a["href"] for a in page.select(".doctor-articles li a")]
    assert links == ["/zh-hans/insights/knee/", "/zh-hans/insights/basics/"]
    assert page.html["lang"] == "zh-hans"


def test_chinese_profile_is_not_published_half_in_english(team, home, zh):
    for obj in (home, team["team"], team["lim"]):
        translate_fully(obj, zh)
    with pytest.raises(UntranslatedSegmentsError):
        translate(
            team["profile"],
            zh,
            lambda text: None if "Mandarin" in text else fake_chinese(text),
        )
    assert not DoctorPage.objects.filter(locale=zh, live=True).exists()


def test_articles_listed_are_live_newest_first_and_limited(client, team, blog_index):
    lim = team["lim"]
    for day in range(1, 12):
        ArticlePageFactory(
            parent=blog_index,
            title=f"Newer {day}",
            author=lim,
            date=datetime.date(2025, 12, day),
        )
    ArticlePageFactory(parent=blog_index, title="Draft", author=lim, live=False)
    page = soup(client, PROFILE)
    written = page.select(".doctor-articles")[0]
    titles = [a.get_text() for a in written.select("li a")]
    assert titles == [f"Newer {day}" for day in range(11, 1, -1)]
    more = written.select("p a")
    assert [a["href"] for a in more] == ["/en/insights/author/dr-lim/"]


def test_profile_queries_do_not_grow_with_articles(client, team, blog_index):
    def count() -> int:
        client.get(PROFILE)  # warm, as production is
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PROFILE).status_code == 200
        return len(captured)

    few = count()
    for _ in range(15):
        ArticlePageFactory(parent=blog_index, author=team["lim"], reviewer=team["lim"])
    assert count() == few
    assert few <= 12


# --- Structured data ------------------------------------------------------------------


def test_profile_json_ld_is_a_physician_of_the_clinic(client, team):
    physician = json_ld(soup(client, PROFILE))["IndividualPhysician"]
    url = f"http://testserver{PROFILE}"
    assert physician["@id"] == f"{url}#physician"
    assert physician["url"] == url
    assert physician["name"] == "Dr. Lim Wei Ming"
    assert physician["image"].startswith("http://testserver/")
    assert physician["medicalSpecialty"] == ["Regenerative medicine", "Sports injuries"]
    assert physician["knowsLanguage"] == ["English", "Mandarin"]
    assert physician["identifier"]["value"] == "M12345A"
    assert physician["description"] == "Leads the medical team."
    assert physician["memberOf"] == {"@id": "http://testserver/en/#clinic"}
    clinic = json_ld(soup(client, "/en/"))["MedicalClinic"]
    assert clinic["@id"] == "http://testserver/en/#clinic"
    assert clinic["member"] == [{"@id": f"{url}#physician"}]


# --- Articles link their doctors ------------------------------------------------------


def test_byline_and_review_line_link_the_profile(client, team):
    profile_url = f"http://testserver{PROFILE}"
    written = soup(client, "/en/insights/knee/")
    assert written.select_one(".byline a")["href"] == PROFILE
    assert json_ld(written)["BlogPosting"]["author"]["url"] == profile_url
    reviewed = soup(client, "/en/insights/basics/")
    assert reviewed.select_one(".review-line a")["href"] == PROFILE
    assert json_ld(reviewed)["MedicalWebPage"]["reviewedBy"]["url"] == profile_url
    # No profile: the author's listing, as before.
    assert reviewed.select_one(".byline a")["href"] == (
        "/en/insights/author/editorial-team/"
    )


def test_chinese_byline_links_the_chinese_profile(client, bilingual):
    written = soup(client, "/zh-hans/insights/knee/")
    assert written.select_one(".byline a")["href"] == ZH_PROFILE
    reviewed = soup(client, "/zh-hans/insights/basics/")
    assert reviewed.select_one(".review-line a")["href"] == ZH_PROFILE


def test_publishing_an_article_purges_its_doctors_profile(team):
    urls = team["reviewed"].get_dependent_urls()
    assert f"http://testserver{PROFILE}" in urls


def test_unpublished_profile_is_no_longer_linked(client, team):
    team["profile"].unpublish()
    page = soup(client, "/en/insights/basics/")
    assert page.select_one(".review-line a") is None
    assert "Dr. Lim Wei Ming" in page.select_one(".review-line").get_text()


# --- The SMC registration number ------------------------------------------------------


@pytest.mark.parametrize("typed", ["M12345A", "m12345a", " M 12345 A ", "M1234B"])
def test_smc_numbers_are_accepted_and_tidied(team, typed):
    profile = team["profile"]
    profile.smc_number = typed
    profile.full_clean()
    assert profile.smc_number == "".join(typed.split()).upper()


@pytest.mark.parametrize(
    "typed",
    ["12345", "MCR12345", "M12345", "S1234567D", "<b>M12345A</b>", "M12\x0045A"],
)
def test_junk_smc_numbers_are_refused(team, typed):
    profile = team["profile"]
    profile.smc_number = typed
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert "smc_number" in refused.value.message_dict


def test_smc_number_has_a_length_limit():
    field = DoctorPage._meta.get_field("smc_number")
    assert any(isinstance(v, MaxLengthValidator) for v in field.validators)


# --- Roles ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [TRANSLATOR, ENQUIRIES_STAFF, MARKETER, SUPERUSER])
def test_only_editors_not_translators_edit_the_english_profile(team, role):
    profile = team["profile"]
    client = client_for(make_user(role))
    edit = reverse("wagtailadmin_pages:edit", args=[profile.pk])
    form = nested_form_data(
        {
            "title": profile.title,
            "slug": profile.slug,
            "person": profile.person_id,
            "specialties": profile.specialties,
            "languages": profile.languages,
            "smc_number": "M99999Z",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "action-publish": "action-publish",
        }
    )
    client.post(edit, form)
    changed = DoctorPage.objects.get(pk=profile.pk).smc_number == "M99999Z"
    assert changed == (role in (MARKETER, SUPERUSER))


def test_odd_profile_paths_are_not_found(client, team):
    for path in ("our-team/dr-lim/x/", "our-team/%00/", "our-team/" + "a" * 500 + "/"):
        assert client.get(f"/en/{path}").status_code == 404
