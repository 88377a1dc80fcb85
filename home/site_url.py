"""The site's public address: `SITE_URL`, and the Wagtail Site record that must
agree with it.

Canonical links, og:url, JSON-LD, the sitemap and the feeds name pages by their
Site's hostname and port (Wagtail's `Site.root_url`), not by the request. So the
Site record has to say where the site really is: `make run` sets it to the address
it serves (`set_site_url`), a deployment sets `SITE_URL` once (README) and runs
`set_site_url` with it, and `check --deploy` warns when the two disagree.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register
from django.db import DatabaseError

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse(url: str) -> tuple[str, int]:
    """(hostname, port) of an absolute http(s) URL; ValueError if it is not one."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"{url!r} is not an http:// or https:// address")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"{url!r} must be a bare address, with no path")
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    if parts.scheme == "http" and port == 443:
        raise ValueError(f"{url!r}: Wagtail takes port 443 to mean https")
    if parts.scheme == "https" and port != 443:
        raise ValueError(f"{url!r}: Wagtail serves https only on port 443")
    return parts.hostname, port


def default_site():
    from wagtail.models import Site

    return Site.objects.filter(is_default_site=True).first()


@register("sites", deploy=True)
def check_site_url(app_configs, **kwargs):
    """`check --deploy`: SITE_URL is set, and the default Site names its address."""
    if not settings.SITE_URL:
        return [
            Warning(
                "SITE_URL is not set: canonical links, the sitemap and the feeds "
                "name whatever the Site record says.",
                hint="Set SITE_URL to the public address, e.g. https://www.example.sg, "
                "then run `manage.py set_site_url`.",
                id="home.W001",
            )
        ]
    try:
        wanted = parse(settings.SITE_URL)
        site = default_site()
    except ValueError as error:
        return [Warning(f"SITE_URL: {error}", id="home.W002")]
    except DatabaseError:
        return []  # no database yet (before migrate): nothing to compare
    if site is not None and (site.hostname, site.port) != wanted:
        return [
            Warning(
                f"The default Site says {site.root_url}, SITE_URL says "
                f"{settings.SITE_URL}: links in pages, the sitemap and the feeds "
                "would name the wrong address.",
                hint="Run `manage.py set_site_url` to make the Site match SITE_URL.",
                id="home.W003",
            )
        ]
    return []
