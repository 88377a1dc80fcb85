"""Production settings, security headers, the health check and database outages."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticlePageFactory, ImageFactory

ROOT = Path(django_settings.BASE_DIR)


def run_with_production_settings(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "REDIS_URL")
    }
    environment.update(DJANGO_SETTINGS_MODULE="site_config.settings.production", **env)
    return subprocess.run(  # noqa: S603 - this Python, our code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with_production_settings("import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_development_key():
    result = run_with_production_settings(
        "import django; django.setup()", SECRET_KEY="dev-" + "x" * 60
    )
    assert result.returncode != 0


def test_check_deploy_reports_nothing():
    result = run_with_production_settings(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line("
        "['manage.py', 'check', '--deploy', '--fail-level', 'DEBUG'])",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="clinic.example.com",
        SITE_URL="https://clinic.example.com",  # else home.W001 (home/site_url.py)
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_security_settings():
    result = run_with_production_settings(
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ['DEBUG', 'SECURE_HSTS_SECONDS', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'SECURE_REFERRER_POLICY', "
        "'CONTENT_VERSION_FILE']}, default=str)); "
        "print(s.STORAGES['staticfiles']['BACKEND'])",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL="sqlite:////tmp/unused.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    values = json.loads(lines[-2])
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["SECURE_REFERRER_POLICY"]
    # Several workers without Redis share the content version through a file.
    assert values["CONTENT_VERSION_FILE"]
    assert lines[-1] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_gunicorn_configuration():
    namespace = {}
    exec((ROOT / "deploy" / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102 - our file
    assert namespace["wsgi_app"] == "site_config.wsgi:application"
    assert namespace["workers"] >= 1
    assert namespace["keepalive"] > 0 and namespace["worker_class"] == "gthread"


@pytest.fixture
def article(blog_index):
    return ArticlePageFactory(parent=blog_index, cover_image=ImageFactory())


def test_security_headers_on_public_pages(client, article, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(article.url, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]
    policy = {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
    }
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]


def test_public_pages_have_no_inline_script(client, article, home, contact_page):
    for url in (home.url, article.url, contact_page.url, "/en/search/?q=stem"):
        html = BeautifulSoup(client.get(url).content, "html.parser")
        for script in html.find_all("script"):
            assert script.get("src") or script.get("type") in (
                "application/ld+json",
                "application/json",
            ), url
        for tag in html.find_all(True):
            assert not [name for name in tag.attrs if name.startswith("on")], (
                url,
                tag.name,
            )
    assert BeautifulSoup(client.get(article.url).content, "html.parser").find(
        "script", type="application/ld+json"
    )


def test_the_admin_keeps_what_it_needs(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "script-src" not in response["Content-Security-Policy"]


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_does_not(db):
    browser = Client(raise_request_exception=False)
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = browser.get("/healthz")
    assert response.status_code == 503


def test_a_database_outage_gives_a_plain_503_page(article):
    url = article.url
    cache.clear()  # nothing memoised: the page needs the database
    browser = Client(raise_request_exception=False)
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = browser.get(url)
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert "Temporarily unavailable" in body
    assert "Traceback" not in body and "OperationalError" not in body


def test_cached_pages_are_still_served_during_a_database_outage(article, settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    url = article.url
    browser = Client(raise_request_exception=False)
    browser.get(url)
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = browser.get(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "HIT"
