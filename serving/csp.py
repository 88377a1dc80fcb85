"""Content-Security-Policy and Permissions-Policy (Django 5.2 has neither built in).

Public pages run two script files (static/js/site.js, and the contact-link
counter consultations/counts.js, whose beacons `connect-src 'self'` allows) and
no inline script, so `script-src 'self'`: an injected `<script>` or `onclick=`
does not run.
JSON-LD blocks (`<script type="application/ld+json">`) are data, not scripts,
and are not affected. The admin (Wagtail's editor, previews, wagtail-localize)
relies on inline scripts and styles: it gets only the directives that do not
break it.

`CONTENT_SECURITY_POLICY` / `CONTENT_SECURITY_POLICY_ADMIN` in the settings
replace the defaults below (a dict of directive -> sources).

Every response, public or admin, also says that no page may use the camera, the
microphone, the visitor's location or the Payment Request API: the site needs
none of them, so an injected script or a framed third party cannot ask for them
(`PERMISSIONS_POLICY` in the settings: a dict of feature -> allowed origins).
"""

from __future__ import annotations

from django.conf import settings

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    # Wagtail's userbar (editors only) and embeds set style attributes.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "https:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "media-src": ["'self'", "https:"],
    # Video embeds (wagtail.embeds) are iframes from their providers.
    "frame-src": ["'self'", "https:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

ADMIN_POLICY = {
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    # Wagtail shows previews of its own pages in iframes.
    "frame-ancestors": ["'self'"],
}

ADMIN_PREFIXES = ("/admin/", "/django-admin/")

# An empty allow-list, `feature=()`, turns the feature off for every origin.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
}


def render_policy(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def render_permissions_policy(policy: dict[str, list[str]]) -> str:
    return ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        public = getattr(settings, "CONTENT_SECURITY_POLICY", PUBLIC_POLICY)
        self.public = render_policy(public)
        self.admin = render_policy(
            getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", ADMIN_POLICY)
        )
        self.preview = render_policy({**public, "frame-ancestors": ["'self'"]})
        self.permissions = render_permissions_policy(
            getattr(settings, "PERMISSIONS_POLICY", PERMISSIONS_POLICY)
        )

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy_for(request)
        response.setdefault("Permissions-Policy", self.permissions)
        return response

    def policy_for(self, request) -> str:
        if request.path_info.startswith(ADMIN_PREFIXES):
            return self.admin
        # Wagtail renders a preview by sending a dummy request for the page's public
        # URL through this middleware; the editor shows the answer in an iframe, so
        # it keeps the public policy but may be framed by the admin.
        if getattr(request, "is_dummy", False):
            return self.preview
        return self.public
