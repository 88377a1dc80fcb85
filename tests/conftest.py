"""Shared fixtures: locales, a site whose root is the English home page, and the
standard pages under it, created through Wagtail's tree API as the admin does."""

import shutil

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import translation

import pytest

from tests.bootstrap import create_contact_page, create_home_site
from tests.browser import browser_page, chromium  # noqa: F401 - fixtures
from tests.factories import (
    BlogIndexPageFactory,
    LocaleFactory,
)

# The browser journeys' fixtures: the demo on the live server (`live_demo`) and
# the public pages' console errors (`problems`).
pytest_plugins = ["tests.journeys_support"]


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.TEST_RUN_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: rate limits (contact form, admin sign-in)
    count in it, and every test client posts from the same address."""
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request or command that
    activated Chinese (and did not deactivate it) does not carry over."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def en(db):
    return LocaleFactory(language_code="en")


@pytest.fixture
def zh(db):
    return LocaleFactory(language_code="zh-hans")


@pytest.fixture
def home(en):
    return create_home_site(en)


@pytest.fixture
def blog_index(home):
    return BlogIndexPageFactory(parent=home)


@pytest.fixture
def contact_page(home):
    return create_contact_page(home)


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        "admin", "admin@example.com", "password"
    )
