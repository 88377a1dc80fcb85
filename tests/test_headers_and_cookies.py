"""Issue 12, defect 9: Permissions-Policy on every response, and the language
cookie Secure, SameSite=Lax and HttpOnly in production."""

import json
import secrets

from tests.test_production import run_with_production_settings

POLICY = "camera=(), microphone=(), geolocation=(), payment=()"


def assert_policy(response):
    assert response["Permissions-Policy"] == POLICY, response.status_code


def test_public_pages_send_the_permissions_policy(client, home, contact_page, settings):
    settings.PAGE_CACHE_ENABLED = True
    for url in (home.url, contact_page.url, "/en/search/?q=stem", "/en/no-such-page/"):
        assert_policy(client.get(url))
    # The same from the page cache as from Django.
    response = client.get(home.url)
    assert response["X-Cache"] == "HIT"
    assert_policy(response)
    assert_policy(client.get("/static/js/site.js"))
    assert_policy(client.get("/robots.txt"))
    assert_policy(client.get("/healthz"))


def test_the_admin_sends_the_permissions_policy(client, admin_user):
    assert_policy(client.get("/admin/login/"))
    client.force_login(admin_user)
    assert_policy(client.get("/admin/"))
    assert_policy(client.get("/admin/pages/"))


def test_the_https_redirect_sends_the_permissions_policy(client, home, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(home.url)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert_policy(response)


# The language cookie in production: settings and the cookie /i18n/setlang/ sets.
PRODUCTION_LANGUAGE_COOKIE = """
import json, django
django.setup()
from django.conf import settings
from django.test import RequestFactory
from django.views.i18n import set_language
request = RequestFactory().post(
    "/i18n/setlang/", {"language": "zh-hans", "next": "/"}, secure=True
)
response = set_language(request)
cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
print(json.dumps({
    "value": cookie.value,
    "secure": bool(cookie["secure"]),
    "samesite": cookie["samesite"],
    "httponly": bool(cookie["httponly"]),
}))
"""


def test_production_language_cookie_is_secure_lax_and_http_only():
    result = run_with_production_settings(
        PRODUCTION_LANGUAGE_COOKIE,
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL="sqlite:////tmp/unused.sqlite3",
        ALLOWED_HOSTS="testserver",
    )
    assert result.returncode == 0, result.stderr
    cookie = json.loads(result.stdout.strip().splitlines()[-1])
    assert cookie == {
        "value": "zh-hans",
        "secure": True,
        "samesite": "Lax",
        "httponly": True,
    }


def test_no_script_reads_the_language_cookie(settings):
    """HttpOnly is safe only while no script of ours reads document.cookie."""
    for script in (settings.BASE_DIR / "site_config" / "static").rglob("*.js"):
        assert "cookie" not in script.read_text().lower(), script
