"""Shared fixtures: locales, a site whose root is the English home page, and the
standard pages under it, created through Wagtail's tree API as the admin does."""

import shutil

from django.conf import settings
from django.contrib.auth import get_user_model

import pytest
from wagtail.models import Page, Site

from tests.factories import (
    BlogIndexPageFactory,
    ContactFormFieldFactory,
    ContactPageFactory,
    HomePageFactory,
    LocaleFactory,
    SiteTextFactory,
)


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def en(db):
    return LocaleFactory(language_code="en")


@pytest.fixture
def zh(db):
    return LocaleFactory(language_code="zh-hans")


@pytest.fixture
def home(en):
    """The English home page as the default site's root (the welcome page removed)."""
    root = Page.get_first_root_node()
    # Wagtail's "Welcome" page holds the slug "home"; deleting it drops its Site too.
    root.get_children().delete()
    home = HomePageFactory(parent=root, locale=en)
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Leaven Biotechnology",
    )
    SiteTextFactory(locale=en)
    return home


@pytest.fixture
def blog_index(home):
    return BlogIndexPageFactory(parent=home)


@pytest.fixture
def contact_page(home):
    page = ContactPageFactory(parent=home)
    ContactFormFieldFactory(page=page, label="Full name", field_type="singleline")
    ContactFormFieldFactory(page=page, label="Email", field_type="email")
    ContactFormFieldFactory(page=page, label="Message", field_type="multiline")
    return page


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.com", "password")
