"""The second factor's admin pages (registered in staff/wagtail_hooks.py).

Verification and enrolment look like the sign-in page (no menu: nothing else is
open yet); the account page and a superuser's reset are ordinary admin pages.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

import django_otp
import segno

from staff.two_factor import policy
from staff.two_factor.forms import CodeForm


def next_url(request, default: str | None = None) -> str:
    """Where to go once verified: the `next` asked for, if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default or reverse("wagtailadmin_home")


def url_with_next(name: str, next_to: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_to})}"


def verified(request, device) -> None:
    """Mark this session verified with `device`, under a new session key."""
    django_otp.login(request, device)
    request.session.cycle_key()


class VerifyView(FormView):
    template_name = "staff/two_factor/verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        self.device = policy.confirmed_devices(request.user).first()
        if self.device is None:
            return redirect(url_with_next("staff_2fa_enrol", next_url(request)))
        if request.user.is_verified():
            return redirect(next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return CodeForm(
            **self.get_form_kwargs(), user=self.request.user, device=self.device
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": next_url(self.request)}

    def form_valid(self, form):
        verified(self.request, self.device)
        return redirect(next_url(self.request))


class EnrolView(FormView):
    template_name = "staff/two_factor/enrol.html"

    def dispatch(self, request, *args, **kwargs):
        replacing = policy.has_device(request.user)
        # Someone with only the password must not swap the device for their own.
        if replacing and not request.user.is_verified():
            return redirect(url_with_next("staff_2fa_verify", next_url(request)))
        self.replacing = replacing
        self.device = policy.pending_device(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return CodeForm(
            **self.get_form_kwargs(), user=self.request.user, device=self.device
        )

    def get_context_data(self, **kwargs):
        qr_code = segno.make_qr(self.device.config_url, error="m")
        return {
            **super().get_context_data(**kwargs),
            "next": next_url(self.request, reverse("staff_2fa_account")),
            "replacing": self.replacing,
            "required": policy.is_required(self.request.user),
            "qr_code": qr_code.svg_data_uri(scale=5, border=2),
            "secret": policy.secret_for_typing(self.device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "account": self.request.user.get_username(),
        }

    def form_valid(self, form):
        policy.confirm(self.device)
        verified(self.request, self.device)
        messages.success(
            self.request,
            _("Two-factor authentication is on: each sign-in now asks for a code."),
        )
        return redirect(next_url(self.request, reverse("staff_2fa_account")))


class AccountView(WagtailAdminTemplateMixin, TemplateView):
    """Account → Two-factor authentication: status, replace the app, turn it off
    (only for those not required to use it)."""

    template_name = "staff/two_factor/account.html"
    page_title = gettext_lazy("Two-factor authentication")
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_account"), "label": _("Account")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "device": policy.confirmed_devices(user).first(),
            "required": policy.is_required(user),
        }

    def post(self, request, *args, **kwargs):
        if policy.is_required(request.user):
            raise PermissionDenied
        policy.reset(request.user)
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("staff_2fa_account")


class ResetView(WagtailAdminTemplateMixin, TemplateView):
    """A superuser removes someone's device (a lost phone): their next sign-in
    enrols a new one. Also `manage.py reset_2fa USERNAME`."""

    template_name = "staff/two_factor/reset.html"
    page_title = gettext_lazy("Reset two-factor authentication")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        self.person = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailusers_users:index"), "label": _("Users")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "person": self.person,
            "device": policy.confirmed_devices(self.person).first(),
        }

    def post(self, request, *args, **kwargs):
        policy.reset(self.person)
        messages.success(
            request,
            _(
                "Two-factor authentication reset for %(name)s: their next sign-in "
                "sets up a new authenticator app."
            )
            % {"name": self.person.get_username()},
        )
        return redirect("wagtailusers_users:index")
