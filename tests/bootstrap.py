"""Site bootstrapping shared by pytest fixtures and Wagtail's unittest-style cases."""

from wagtail.models import Locale, Page, Site

from home.models import HomePage
from tests.factories import HomePageFactory, SiteTextFactory


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
