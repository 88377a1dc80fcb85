"""The admin's second factor (staff/two_factor/): who must use it, enrolment,
verification, replayed and throttled codes, resets; through the test client."""

import base64
import os
import re
import secrets
import subprocess
import sys
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from serving.models import ThrottleCounter
from staff.roles import (
    COMPLIANCE_APPROVERS,
    ENQUIRIES,
    MARKETERS,
    TRANSLATORS,
    ensure_roles,
)
from tests.test_admin_security import PASSWORD, sign_in
from tests.test_production import run_with_production_settings

ADMIN_HOME = reverse("wagtailadmin_home")
VERIFY = reverse("staff_2fa_verify")
ENROL = reverse("staff_2fa_enrol")
ACCOUNT = reverse("staff_2fa_account")


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.STAFF_2FA_REQUIRED = True


# --- Helpers -------------------------------------------------------------------------


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    near = {code_for(device, steps) for steps in range(-3, 4)}
    while (code := f"{secrets.randbelow(10**6):06d}") in near:
        pass
    return code


def wait_out_backoff(device: TOTPDevice) -> None:
    """django-otp refuses codes for 2^(n-1) s after n wrong ones: let time pass."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(days=1)
    )


def enrolled_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app")


def errors(response) -> str:
    html = BeautifulSoup(response.content, "html.parser")
    nodes = html.select(".messages .error, .error-message")
    return " ".join(node.get_text(" ", strip=True) for node in nodes)


def verify(client, device, code=None, next_url=ADMIN_HOME):
    return client.post(VERIFY, {"code": code or code_for(device), "next": next_url})


def staff_member(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, password=PASSWORD)
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user.groups.add(group)
    return user


def redirected_to(response, url):
    return response.status_code == 302 and response["Location"].split("?")[0] == url


# --- Settings ------------------------------------------------------------------------


def test_base_and_production_settings_require_the_second_factor():
    from site_config.settings import base

    assert base.STAFF_2FA_REQUIRED is True
    result = run_with_production_settings(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.STAFF_2FA_REQUIRED)",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL="sqlite:////tmp/unused.sqlite3",
        STAFF_2FA_REQUIRED="false",  # production does not read it
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"


@pytest.mark.parametrize(("value", "expected"), [(None, "True"), ("false", "False")])
def test_development_requires_it_unless_turned_off(value, expected):
    environment = {
        key: item for key, item in os.environ.items() if key != "STAFF_2FA_REQUIRED"
    }
    environment["DJANGO_SETTINGS_MODULE"] = "site_config.settings.dev"
    if value is not None:
        environment["STAFF_2FA_REQUIRED"] = value
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.STAFF_2FA_REQUIRED)",
        ],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


# --- Who must use it -----------------------------------------------------------------


def test_a_superuser_without_a_device_is_sent_to_enrol_from_every_admin_page(
    client, admin_user
):
    client.force_login(admin_user)
    for path in [
        ADMIN_HOME,
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailusers_users:index"),
        ACCOUNT,
        "/admin/no-such-page/",
    ]:
        response = client.get(path)
        assert redirected_to(response, ENROL), path
        assert parse_qs(urlsplit(response["Location"]).query)["next"] == [path]


def test_sign_in_leads_to_enrolment(client, admin_user):
    response = sign_in(client)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert redirected_to(response, ENROL)


def test_the_pages_needed_to_get_verified_stay_open(client, admin_user):
    client.force_login(admin_user)
    assert client.get(ENROL).status_code == 200
    assert client.get(reverse("wagtailadmin_javascript_catalog")).status_code == 200
    assert client.get(reverse("wagtailadmin_sprite")).status_code == 200
    assert client.post(reverse("wagtailadmin_logout")).status_code == 302
    assert client.get(reverse("wagtailadmin_login")).status_code == 200


def test_public_pages_are_not_affected(client, admin_user, home):
    client.force_login(admin_user)
    assert client.get(home.url).status_code == 200


@pytest.mark.parametrize("role", [ENQUIRIES, COMPLIANCE_APPROVERS])
def test_enquiries_and_compliance_approvers_must_enrol(client, django_user_model, role):
    member = staff_member(django_user_model, "erin", role)
    client.force_login(member)
    assert redirected_to(client.get(ADMIN_HOME), ENROL)


@pytest.mark.parametrize("role", [MARKETERS, TRANSLATORS])
def test_marketers_and_translators_are_not_required_to(
    client, django_user_model, home, role
):
    ensure_roles()
    person = django_user_model.objects.create_user("mara", password=PASSWORD)
    person.groups.add(Group.objects.get(name=role))
    client.force_login(person)
    assert client.get(ADMIN_HOME).status_code == 200
    page = client.get(ACCOUNT)
    assert page.status_code == 200
    assert "Two-factor authentication is off" in page.content.decode()


def test_a_marketer_who_enrols_is_asked_for_codes_from_then_on(
    client, django_user_model, home
):
    ensure_roles()
    marketer = django_user_model.objects.create_user("mara", password=PASSWORD)
    marketer.groups.add(Group.objects.get(name=MARKETERS))
    client.force_login(marketer)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=marketer)
    response = client.post(ENROL, {"code": code_for(device), "next": ADMIN_HOME})
    assert redirected_to(response, ADMIN_HOME)

    client.logout()
    sign_in(client, username="mara")
    assert redirected_to(client.get(ADMIN_HOME), VERIFY)

    # Not required, so they may turn it off again (once verified).
    assert verify(client, device, code_for(device, steps_ahead=1)).status_code == 302
    assert client.post(ACCOUNT).status_code == 302
    assert not TOTPDevice.objects.filter(user=marketer).exists()


def test_nobody_is_asked_while_the_setting_is_off(client, admin_user, settings):
    settings.STAFF_2FA_REQUIRED = False
    client.force_login(admin_user)
    assert client.get(ADMIN_HOME).status_code == 200


# --- Enrolment -----------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_key_and_confirms_with_a_code(
    client, admin_user
):
    client.force_login(admin_user)
    page = client.get(ENROL, {"next": reverse("wagtailusers_users:index")})
    html = BeautifulSoup(page.content, "html.parser")
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    assert html.select_one("img[src^='data:image/svg+xml']")["alt"]
    typed_key = html.select_one(".two-factor-secret").get_text().replace(" ", "")
    assert base64.b32decode(typed_key) == device.bin_key
    assert "Leaven Biotechnology (admin)" in html.get_text(" ")
    # Reloading keeps the key the person may already have scanned.
    client.get(ENROL)
    assert TOTPDevice.objects.get(user=admin_user).pk == device.pk

    response = client.post(
        ENROL,
        {"code": code_for(device), "next": reverse("wagtailusers_users:index")},
    )
    assert redirected_to(response, reverse("wagtailusers_users:index"))
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(ADMIN_HOME).status_code == 200
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200


def test_a_wrong_code_does_not_enrol(client, admin_user):
    client.force_login(admin_user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=admin_user)
    response = client.post(ENROL, {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "That code is not right" in errors(response)
    device.refresh_from_db()
    assert not device.confirmed
    assert redirected_to(client.get(ADMIN_HOME), ENROL)


def test_a_code_that_is_not_six_digits_is_explained(client, admin_user):
    client.force_login(admin_user)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "12ab"})
    assert "Enter the 6 digits your authenticator app shows." in errors(response)
    # Spaces, as some apps show the code, are fine.
    device = TOTPDevice.objects.get(user=admin_user)
    code = code_for(device)
    response = client.post(ENROL, {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302


def test_the_password_alone_cannot_replace_an_enrolled_device(client, admin_user):
    enrolled_device(admin_user)
    client.force_login(admin_user)
    assert redirected_to(client.get(ENROL), VERIFY)
    assert redirected_to(client.post(ENROL, {"code": "123456"}), VERIFY)
    assert TOTPDevice.objects.filter(user=admin_user).count() == 1


def test_a_verified_person_replaces_their_device(client, admin_user):
    old = enrolled_device(admin_user)
    client.force_login(admin_user)
    verify(client, old)
    client.get(ENROL)
    new = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    assert client.post(ENROL, {"code": code_for(new)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=admin_user)) == [new]


# --- Verification --------------------------------------------------------------------


def test_sign_in_then_a_code_opens_the_admin_for_this_session_only(client, admin_user):
    device = enrolled_device(admin_user)
    response = sign_in(client)
    response = client.get(response["Location"])
    assert redirected_to(response, VERIFY)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Enter your sign-in code" in page.content.decode()

    response = verify(client, device)
    assert redirected_to(response, ADMIN_HOME)
    assert client.get(ADMIN_HOME).status_code == 200
    assert client.get(reverse("wagtailadmin_explore_root")).status_code == 200

    client.post(reverse("wagtailadmin_logout"))
    sign_in(client)
    assert redirected_to(client.get(ADMIN_HOME), VERIFY)


def test_a_wrong_code_is_refused(client, admin_user):
    device = enrolled_device(admin_user)
    client.force_login(admin_user)
    response = verify(client, device, wrong_code(device))
    assert response.status_code == 200
    assert "That code is not right" in errors(response)
    assert redirected_to(client.get(ADMIN_HOME), VERIFY)


def test_a_used_code_is_refused_in_another_session(client, admin_user):
    device = enrolled_device(admin_user)
    code = code_for(device)
    client.force_login(admin_user)
    assert verify(client, device, code).status_code == 302

    client.logout()
    client.force_login(admin_user)
    response = verify(client, device, code)
    assert response.status_code == 200
    assert "That code has already been used" in errors(response)
    assert redirected_to(client.get(ADMIN_HOME), VERIFY)

    # The app's next code is accepted.
    wait_out_backoff(device)
    assert verify(client, device, code_for(device, steps_ahead=1)).status_code == 302


def test_the_code_the_enrolment_used_cannot_be_used_again(client, admin_user):
    client.force_login(admin_user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=admin_user)
    code = code_for(device)
    client.post(ENROL, {"code": code})
    client.logout()
    client.force_login(admin_user)
    assert "already been used" in errors(verify(client, device, code))


def test_codes_right_after_a_wrong_one_wait_for_django_otps_back_off(
    client, admin_user
):
    device = enrolled_device(admin_user)
    client.force_login(admin_user)
    verify(client, device, wrong_code(device))
    response = verify(client, device)
    assert "Please wait 1 second before trying again" in errors(response)
    wait_out_backoff(device)
    assert redirected_to(verify(client, device), ADMIN_HOME)


def test_five_wrong_codes_lock_verification_for_the_account(
    client, admin_user, django_user_model
):
    device = enrolled_device(admin_user)
    client.force_login(admin_user)
    for _attempt in range(5):
        wait_out_backoff(device)
        response = verify(client, device, wrong_code(device))
        assert response.status_code == 200
    assert "Too many wrong codes" in errors(response)
    assert "15 minutes" in errors(response)

    # The right code is refused too, from any client, until the window has passed.
    wait_out_backoff(device)
    assert "Too many wrong codes" in errors(verify(client, device))
    client.logout()
    sign_in(client, remote="198.51.100.20")
    assert "Too many wrong codes" in errors(verify(client, device))

    # Another account is not affected.
    other = django_user_model.objects.create_superuser("ops", "ops@example.com", "pw")
    other_device = enrolled_device(other)
    client.force_login(other)
    assert redirected_to(verify(client, other_device), ADMIN_HOME)

    client.force_login(admin_user)
    ThrottleCounter.objects.update(expires_at=timezone.now())  # the window has passed
    assert redirected_to(verify(client, device), ADMIN_HOME)


def test_verification_goes_back_only_to_this_site(client, admin_user):
    device = enrolled_device(admin_user)
    client.force_login(admin_user)
    response = verify(client, device, next_url="https://evil.example/admin/")
    assert redirected_to(response, ADMIN_HOME)


def test_the_verify_page_sends_someone_without_a_device_to_enrol(client, admin_user):
    client.force_login(admin_user)
    assert redirected_to(client.get(VERIFY), ENROL)


# --- Recovery ------------------------------------------------------------------------


def test_a_superuser_resets_someone_elses_device(client, admin_user, django_user_model):
    erin = staff_member(django_user_model, "erin", ENQUIRIES)
    erin_device = enrolled_device(erin)
    erin_client = type(client)()
    erin_client.force_login(erin)
    verify(erin_client, erin_device)
    assert erin_client.get(ADMIN_HOME).status_code == 200

    admin_device = enrolled_device(admin_user)
    client.force_login(admin_user)
    verify(client, admin_device)
    users = client.get(reverse("wagtailusers_users:index")).content.decode()
    reset_url = reverse("staff_2fa_reset", args=[erin.pk])
    assert reset_url in users
    page = client.get(reset_url)
    assert page.status_code == 200 and "erin set up an authenticator app" in (
        re.sub(r"\s+", " ", page.content.decode())
    )
    response = client.post(reset_url)
    assert redirected_to(response, reverse("wagtailusers_users:index"))
    assert not TOTPDevice.objects.filter(user=erin).exists()

    # Erin's verified session is not verified any more: she enrols again.
    assert redirected_to(erin_client.get(ADMIN_HOME), ENROL)


def test_only_superusers_reset_devices(client, django_user_model, home):
    ensure_roles()
    marketer = django_user_model.objects.create_user("mara", password=PASSWORD)
    marketer.groups.add(Group.objects.get(name=MARKETERS))
    client.force_login(marketer)
    target = django_user_model.objects.create_superuser("boss", "b@example.com", "pw")
    enrolled_device(target)
    url = reverse("staff_2fa_reset", args=[target.pk])
    # The admin answers PermissionDenied with its home page and a message.
    assert redirected_to(client.get(url), ADMIN_HOME)
    assert redirected_to(client.post(url), ADMIN_HOME)
    assert TOTPDevice.objects.filter(user=target).exists()


def test_people_who_must_use_it_cannot_turn_it_off(client, admin_user):
    device = enrolled_device(admin_user)
    client.force_login(admin_user)
    verify(client, device)
    page = client.get(ACCOUNT).content.decode()
    assert "Turn off" not in page
    assert redirected_to(client.post(ACCOUNT), ADMIN_HOME)  # permission denied
    assert TOTPDevice.objects.filter(user=admin_user).exists()


def test_reset_from_the_command_line(admin_user, capsys):
    enrolled_device(admin_user)
    call_command("reset_2fa", "admin")
    assert "Removed 1 two-factor device(s) of 'admin'" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    call_command("reset_2fa", "admin")
    assert "had no two-factor device" in capsys.readouterr().out


def test_the_local_admin_is_told_about_the_first_sign_in(db, settings, capsys):
    settings.DEBUG = True
    call_command("create_local_admin")
    out = capsys.readouterr().out
    assert "the first sign-in shows a QR code" in out
    assert "STAFF_2FA_REQUIRED=false make run" in out
    assert "manage.py reset_2fa admin" in out
