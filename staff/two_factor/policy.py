"""Who must use a second factor, checking a code, enrolling and resetting devices.

Wrong codes are limited twice:

- per account, in the sign-in's counters (serving/throttle.py, the limit and window
  of staff/sign_in.py): after LOGIN_FAILURE_LIMIT wrong codes within
  LOGIN_FAILURE_WINDOW seconds the account's verification is refused until the
  window has passed, from any client (whoever tries already has the password);
- per device, by django-otp itself (OTP_TOTP_THROTTLE_FACTOR): after n wrong codes
  in a row the next one is refused for 2^(n-1) seconds. It lives in the database, so
  it holds across workers even without a shared cache.

A code is accepted once: django-otp keeps the time step of the last accepted code
(`last_t`) and refuses that step and earlier ones, in any session.
"""

from __future__ import annotations

import base64
import logging
import math
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

import django_otp
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from serving import throttle
from staff.roles import COMPLIANCE_APPROVERS, ENQUIRIES
from staff.sign_in import failure_limit, failure_window

logger = logging.getLogger(__name__)

# Groups whose members must use a second factor, as superusers must: Enquiries read
# patients' data; a Compliance approver's override is the clinic's legal sign-off.
REQUIRED_GROUPS = (ENQUIRIES, COMPLIANCE_APPROVERS)
SCOPE = "admin-otp"
DEVICE_NAME = "Authenticator app"


def can_use_admin(user) -> bool:
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


def is_required(user) -> bool:
    """Superusers and the members of REQUIRED_GROUPS."""
    return user.is_superuser or user.groups.filter(name__in=REQUIRED_GROUPS).exists()


def confirmed_devices(user) -> QuerySet[TOTPDevice]:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk")


def has_device(user) -> bool:
    return confirmed_devices(user).exists()


def must_verify(user) -> bool:
    """Whether this signed-in user must enter a code before using the admin.

    Marketers and Translators are not required to, but once they enrol their
    account is protected like the others'.
    """
    return can_use_admin(user) and (is_required(user) or has_device(user))


# --- Checking a code -------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why a code was not accepted: "locked" (too many wrong codes for the account,
    `seconds` = the window), "wait" (django-otp's back-off, `seconds` left), "used"
    (a code already accepted) or "wrong"."""

    reason: str
    seconds: int = 0


def is_locked_out(user) -> bool:
    return throttle.count(SCOPE, str(user.pk)) >= failure_limit()


def forget_failures(user) -> None:
    throttle.reset(SCOPE, str(user.pk))


def check_code(user, device: TOTPDevice, code: str) -> Refusal | None:
    """Verify `code` against `device`; None when accepted."""
    if is_locked_out(user):
        return Refusal("locked", failure_window())
    device.refresh_from_db()
    allowed, details = device.verify_is_allowed()
    if not allowed:
        left = (details["locked_until"] - timezone.now()).total_seconds()
        return Refusal("wait", max(1, math.ceil(left)))
    # Locks the device's row while checking: two requests cannot both use one code.
    if django_otp.verify_token(user, device.persistent_id, code) is not None:
        forget_failures(user)
        return None
    failures = throttle.hit(SCOPE, str(user.pk), window=failure_window())
    if failures >= failure_limit():
        logger.warning(
            "Two-factor verification locked for user %s after %s wrong codes",
            user.pk,
            failures,
        )
        return Refusal("locked", failure_window())
    device.refresh_from_db()
    return Refusal("used" if _was_used(device, code) else "wrong")


def _was_used(device: TOTPDevice, code: str) -> bool:
    """The code is right for now, so it was refused because it was used already."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp.verify(int(code), device.tolerance)


# --- Enrolment and reset ---------------------------------------------------------


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: kept until confirmed, so reloading the page
    keeps the secret the person may already have scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirm(device: TOTPDevice) -> None:
    """Make `device` the user's only one (a new phone replaces the old)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    logger.info("Two-factor device enrolled for user %s", device.user_id)


def reset(user) -> int:
    """Remove every OTP device of `user`: their sessions stop being verified and
    their next admin page asks them to enrol again. Returns how many were removed."""
    removed = 0
    with transaction.atomic():
        for device in list(django_otp.devices_for_user(user, confirmed=None)):
            device.delete()
            removed += 1
    forget_failures(user)
    logger.warning(
        "Two-factor devices reset for user %s (%s removed)", user.pk, removed
    )
    return removed


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it (base32), in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
