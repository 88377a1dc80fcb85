"""Plain views of the site shell that are not pages."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from wagtail.models import Site

from home.models import ClinicSettings

DEFAULT_ROBOTS_RULES = "User-agent: *\nDisallow: /admin/\nDisallow: /*/search/"


@require_GET
def robots_txt(request):
    """robots.txt: the default rules, the marketers' extra rules, and the sitemap."""
    site = Site.find_for_request(request)
    extra = ClinicSettings.for_site(site).robots_txt.strip() if site else ""
    lines = [DEFAULT_ROBOTS_RULES]
    if extra:
        lines.append(extra)
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse(
        "\n\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
