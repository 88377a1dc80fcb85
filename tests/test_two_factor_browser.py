"""A superuser's first and second sign-in with two-factor authentication, in
Chromium: enrol by the key the page shows, then verify in a new browser."""

import base64
import time

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser import DESKTOP

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


def app_code(key: str, steps_ahead: int = 0) -> str:
    """What an authenticator app given `key` shows now (or `steps_ahead` later)."""
    totp = TOTP(base64.b32decode(key.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def sign_in(page, base_url: str) -> None:
    page.goto(f"{base_url}{reverse('wagtailadmin_home')}")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def enter_code(page, code: str, button: str) -> None:
    page.get_by_label("6-digit code").fill(code)
    page.get_by_role("button", name=button).click()


def test_a_superuser_enrols_then_verifies_in_another_browser(
    chromium, live_server, settings
):
    settings.STAFF_2FA_REQUIRED = True
    get_user_model().objects.create_superuser("admin", "admin@example.com", PASSWORD)
    admin_home = f"{live_server.url}{reverse('wagtailadmin_home')}"

    first = chromium.new_context(viewport=DESKTOP, locale="en-GB").new_page()
    sign_in(first, live_server.url)
    first.wait_for_url("**/admin/two-factor/enrol/?next=/admin/")
    expect(
        first.get_by_role("img", name="QR code for your authenticator app")
    ).to_be_visible()
    key = first.locator(".two-factor-secret").inner_text()

    enter_code(first, "000000" if app_code(key) != "000000" else "111111", "Confirm")
    expect(first.locator(".messages")).to_contain_text("That code is not right")
    time.sleep(1.1)  # django-otp's back-off after a wrong code
    code = app_code(key)
    enter_code(first, code, "Confirm")
    first.wait_for_url(admin_home)
    expect(first.locator(".messages")).to_contain_text(
        "Two-factor authentication is on"
    )

    second = chromium.new_context(viewport=DESKTOP, locale="en-GB").new_page()
    sign_in(second, live_server.url)
    second.wait_for_url("**/admin/two-factor/verify/?next=/admin/")
    enter_code(second, code, "Verify")
    expect(second.locator(".messages")).to_contain_text("already been used")
    time.sleep(1.1)
    enter_code(second, app_code(key, steps_ahead=1), "Verify")
    second.wait_for_url(admin_home)
    expect(second.get_by_role("heading", level=1)).to_be_visible()
    first.context.close()
    second.context.close()
