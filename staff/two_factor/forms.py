"""The one field of verification and enrolment: the code the app shows now."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.two_factor.policy import Refusal, check_code


def refusal_message(refusal: Refusal) -> str:
    if refusal.reason == "locked":
        minutes = max(1, refusal.seconds // 60)
        return ngettext(
            "Too many wrong codes. For your security, please wait %(minutes)s "
            "minute before trying again.",
            "Too many wrong codes. For your security, please wait %(minutes)s "
            "minutes before trying again.",
            minutes,
        ) % {"minutes": minutes}
    if refusal.reason == "wait":
        return ngettext(
            "That was a wrong code. Please wait %(seconds)s second before trying "
            "again.",
            "That was a wrong code. Please wait %(seconds)s seconds before trying "
            "again.",
            refusal.seconds,
        ) % {"seconds": refusal.seconds}
    if refusal.reason == "used":
        return str(
            _(
                "That code has already been used. Wait for your app to show the "
                "next one, then enter it."
            )
        )
    return str(
        _(
            "That code is not right. Enter the 6-digit code your authenticator app "
            "shows now; if it keeps failing, check that your phone sets its clock "
            "automatically."
        )
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, user, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit()) or len(code) != self.device.digits:
            raise ValidationError(
                _("Enter the %(digits)s digits your authenticator app shows."),
                code="format",
                params={"digits": self.device.digits},
            )
        return code

    def clean(self):
        code = self.cleaned_data.get("code")
        if code:
            refusal = check_code(self.user, self.device, code)
            if refusal is not None:
                raise ValidationError(refusal_message(refusal), code=refusal.reason)
        return self.cleaned_data
