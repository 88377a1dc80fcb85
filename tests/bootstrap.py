"""Site bootstrapping shared by pytest fixtures and Wagtail's unittest-style cases."""

from wagtail.models import Locale, Page, Site

from enquiries.models import ContactPage
from home.models import HomePage
from tests.factories import (
    ContactFormFieldFactory,
    ContactPageFactory,
    HomePageFactory,
    SiteTextFactory,
)


def create_home_site(locale: Locale) -> HomePage:
    """The English home page as the default site's root, as the demo content sets up."""
    root = Page.get_first_root_node()
    # Wagtail's "Welcome" page holds the slug "home"; deleting it drops its Site too.
    root.get_children().delete()
    home = HomePageFactory(parent=root, locale=locale)
    Site.objects.create(
        hostname="testserver",  # the test client's host: full URLs match requests
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Leaven Biotechnology",
    )
    SiteTextFactory(locale=locale)
    return home


def create_contact_page(home: HomePage) -> ContactPage:
    """The contact page with the demo's three fields."""
    page = ContactPageFactory(parent=home)
    ContactFormFieldFactory(page=page, label="Full name", field_type="singleline")
    ContactFormFieldFactory(page=page, label="Email", field_type="email")
    ContactFormFieldFactory(page=page, label="Message", field_type="multiline")
    return page
