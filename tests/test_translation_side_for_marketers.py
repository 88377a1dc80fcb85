"""What a marketer sees of the Chinese copies they may not edit (translations/).

Found: "Translate this page" showed its success message and Wagtail's red "Sorry,
you do not have permission" together (it sent the marketer on to the Chinese
page's editor), and the English page's status panel said "No other translations"
though a Chinese copy was live.
"""

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from tests.factories import StandardPageFactory
from tests.roles_support import (
    ANONYMOUS,
    ENQUIRIES_STAFF,
    MARKETER,
    SUPERUSER,
    TRANSLATOR,
    World,
    client_for,
    make_user,
)

REFUSED = "Sorry, you do not have permission to access this area."


@pytest.fixture
def world(home, zh, django_capture_on_commit_callbacks):
    world = World(home, zh, django_capture_on_commit_callbacks)
    world.about_zh  # noqa: B018 - English and Chinese "About", both live
    return world


def submit_url(page) -> str:
    return reverse("wagtail_localize:submit_page_translation", args=[page.pk])


def shown_messages(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def test_translate_this_page_shows_a_marketer_only_its_success(world):
    services = StandardPageFactory(parent=world.home, title="Services", slug="services")
    client = client_for(make_user(MARKETER))
    response = client.post(submit_url(services), {"locales": [world.zh.pk]})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailadmin_pages:edit", args=[services.pk]
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    (message,) = shown_messages(page)
    assert "successfully submitted for translation" in message
    assert REFUSED not in page.content.decode()
    assert services.get_translation(world.zh).live is False  # a draft to translate


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [
        (SUPERUSER, "the Chinese editor"),
        (TRANSLATOR, "refused"),
        (ENQUIRIES_STAFF, "refused"),
        (ANONYMOUS, "sign-in"),
    ],
)
def test_translate_this_page_for_every_other_role(world, role, lands_on):
    services = StandardPageFactory(parent=world.home, title="Services", slug="services")
    response = client_for(make_user(role)).post(
        submit_url(services), {"locales": [world.zh.pk]}
    )
    chinese = services.get_translation_or_none(world.zh)
    if lands_on == "the Chinese editor":
        assert response["Location"] == reverse(
            "wagtailadmin_pages:edit", args=[chinese.pk]
        )
    elif lands_on == "sign-in":
        assert "/admin/login/" in response["Location"]
        assert chinese is None
    else:
        assert response.status_code in (302, 403)
        assert chinese is None


def locale_panel_links(response) -> dict[str, str]:
    """The status panel's "Switch locales" links: language -> address."""
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.find(attrs={"data-side-panel": "status"})
    return {
        link["lang"]: link["href"] for link in panel.find_all("a", attrs={"lang": True})
    }


def test_the_status_panel_lists_the_live_chinese_copy_for_a_marketer(world):
    client = client_for(make_user(MARKETER))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world.about.pk]))
    assert "No other translations" not in response.content.decode()
    assert locale_panel_links(response) == {"zh-hans": world.about_zh.url}


def test_the_status_panel_links_the_chinese_editor_for_a_superuser(world):
    client = client_for(make_user(SUPERUSER))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world.about.pk]))
    assert locale_panel_links(response) == {
        "zh-hans": reverse("wagtailadmin_pages:edit", args=[world.about_zh.pk])
    }


def test_the_status_panel_leaves_out_a_chinese_draft_a_marketer_cannot_open(world):
    world.about_zh.unpublish()
    client = client_for(make_user(MARKETER))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world.about.pk]))
    assert "No other translations" in response.content.decode()
