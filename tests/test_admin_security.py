"""Admin sign-in throttling, session lifetime and framing (clickjacking) headers."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail_localize.models import Translation

import pytest
from bs4 import BeautifulSoup

from serving.models import ThrottleCounter
from tests.factories import StandardPageFactory
from tests.i18n_utils import translate_fully

LOGIN_URL = reverse("wagtailadmin_login")
PASSWORD = "password"  # the admin_user fixture's


def sign_in(client, username="admin", password=PASSWORD, remote="192.0.2.10", **extra):
    data = {"username": username, "password": password, "next": "/admin/", **extra}
    return client.post(LOGIN_URL, data, REMOTE_ADDR=remote)


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def page_messages(response) -> str:
    return (
        BeautifulSoup(response.content, "html.parser")
        .select_one(".messages")
        .get_text(" ")
    )


# --- Failed sign-ins -----------------------------------------------------------------


def test_five_failures_lock_the_username_and_client_even_with_the_right_password(
    client, admin_user
):
    for _attempt in range(5):
        response = sign_in(client, password="wrong")
        assert response.status_code == 200
        assert "didn't match" in page_messages(response)

    response = sign_in(client)
    assert response.status_code == 200
    assert not signed_in(client)
    assert "Too many failed sign-in attempts" in page_messages(response)
    assert "15 minutes" in page_messages(response)


def test_the_lock_is_per_username_and_client(client, admin_user, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    for _attempt in range(5):
        sign_in(client, password="wrong")
    # The same person from another address, and another account from this one.
    assert sign_in(client, remote="198.51.100.20").status_code == 302
    client.logout()
    assert sign_in(client, username="editor").status_code == 302


def test_the_lock_ends_when_the_window_has_passed(client, admin_user):
    for _attempt in range(5):
        sign_in(client, password="wrong")
    assert not signed_in(client) and sign_in(client).status_code == 200

    # The window has passed (the counters are rows that end with it).
    ThrottleCounter.objects.update(expires_at=timezone.now())
    response = sign_in(client)
    assert response.status_code == 302
    assert signed_in(client)


def test_a_successful_sign_in_clears_the_count(client, admin_user):
    for _attempt in range(4):
        sign_in(client, password="wrong")
    assert sign_in(client).status_code == 302
    client.logout()
    for _attempt in range(4):
        sign_in(client, password="wrong")
    assert sign_in(client).status_code == 302


def test_the_backend_refuses_a_locked_pair_whatever_the_form(rf, admin_user):
    from django.contrib.auth import authenticate

    request = rf.post(LOGIN_URL, REMOTE_ADDR="192.0.2.10")
    for _attempt in range(5):
        assert authenticate(request, username="admin", password="wrong") is None
    assert authenticate(request, username="admin", password=PASSWORD) is None
    # Without a request (a shell, a management command) nothing is throttled.
    assert authenticate(username="admin", password=PASSWORD) == admin_user


# --- Sessions ------------------------------------------------------------------------


def test_session_settings():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_a_session_ends_with_the_browser_and_after_eight_hours_at_most(
    client, admin_user
):
    assert sign_in(client).status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert client.session.get_expiry_age() <= 8 * 60 * 60


def test_remember_me_keeps_the_session_eight_hours(client, admin_user):
    assert sign_in(client, remember="on").status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 8 * 60 * 60


# --- Framing -------------------------------------------------------------------------


def test_admin_pages_refuse_to_be_framed(client, admin_user):
    assert client.get(LOGIN_URL)["X-Frame-Options"] == "DENY"
    client.force_login(admin_user)
    assert client.get(reverse("wagtailadmin_home"))["X-Frame-Options"] == "DENY"


def test_site_pages_refuse_to_be_framed(client, contact_page):
    assert client.get(contact_page.url)["X-Frame-Options"] == "DENY"


def contact_page_form_data(page) -> dict:
    return nested_form_data(
        {
            "title": "Contact (draft)",
            "slug": page.slug,
            "intro": rich_text("<p>Write to us.</p>"),
            "thank_you_text": rich_text("<p>Thanks.</p>"),
            "consent_text": "I agree.",
            "to_address": page.to_address,
            "from_address": page.from_address,
            "subject": page.subject,
            "form_fields": inline_formset(
                [
                    {
                        "id": field.pk,
                        "label": field.label,
                        "field_type": field.field_type,
                        "required": "on",
                        "choices": "",
                        "default_value": "",
                        "help_text": "",
                    }
                    for field in page.form_fields.all()
                ],
                initial=page.form_fields.count(),
            ),
        }
    )


def test_the_editor_preview_may_be_framed_by_the_admin_itself(
    client, admin_user, contact_page
):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[contact_page.pk])
    state = client.post(url, contact_page_form_data(contact_page)).json()
    assert state == {"is_valid": True, "is_available": True}

    response = client.get(url, {"mode": "form"})
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("h1").text.strip() == "Contact (draft)"
    consent = html.select_one(".form-field__check span")  # the unsaved consent text
    assert consent.text == "I agree."

    landing = client.get(url, {"mode": "landing"})
    assert landing["X-Frame-Options"] == "SAMEORIGIN"


def test_block_previews_may_be_framed_by_the_admin_itself(client, admin_user):
    from home.blocks import BodyStreamBlock

    client.force_login(admin_user)
    block = BodyStreamBlock().child_blocks["paragraph"]
    response = client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_translation_previews_may_be_framed_by_the_admin_itself(
    client, admin_user, home, zh
):
    page = StandardPageFactory(parent=home, title="About")
    translate_fully(home, zh)
    translate_fully(page, zh)
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=zh
    )
    client.force_login(admin_user)
    response = client.get(
        reverse("wagtail_localize:preview_translation", args=[translation.pk])
    )
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize(
    "path", ["/admin/api/main/pages/999999/", "/admin/pages/999999/edit/"]
)
def test_a_missing_admin_object_is_a_404_not_a_redirect_into_the_site(
    client, home, admin_user, path
):
    # The translation editor fetches pages from the admin API; a redirect to
    # /en/admin/… left it waiting forever.
    client.force_login(admin_user)
    assert client.get(path).status_code == 404


def test_visitor_paths_without_a_language_still_get_one(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 302
    assert response["Location"] == "/en/no-such-page/"
