"""No admin page before the second factor, for those who must use one.

Placed after django-otp's OTPMiddleware (itself after AuthenticationMiddleware). It
acts in `process_view`, once the URL has been resolved, so it can let through the
pages a person needs to get verified: sign-in, sign-out, verification, enrolment,
and the admin's translation catalogue and icon sprite those pages load. Static
files are not admin URLs (WhiteNoise serves them before this runs). Unknown admin
paths still get the admin's 404 after verification.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from staff.two_factor import policy

OPEN_URL_NAMES = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "staff_2fa_verify",
        "staff_2fa_enrol",
    }
)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.STAFF_2FA_REQUIRED:
            return None
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_URL_NAMES:
            return None
        user = request.user
        if not user.is_authenticated:
            return None  # the admin sends them to sign in
        if not hasattr(user, "is_verified"):
            raise ImproperlyConfigured(
                "Put django_otp.middleware.OTPMiddleware before "
                "staff.two_factor.middleware.TwoFactorMiddleware in MIDDLEWARE."
            )
        if user.is_verified() or not policy.must_verify(user):
            return None
        target = "staff_2fa_verify" if policy.has_device(user) else "staff_2fa_enrol"
        return redirect_to_login(request.get_full_path(), reverse(target))
