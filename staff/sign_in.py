"""Admin sign-in throttling: failed attempts counted per username and client.

Every failed authentication (Django's `user_login_failed` signal) counts against
the pair (username, client address) in the database (serving/throttle.py). After
LOGIN_FAILURE_LIMIT failures within LOGIN_FAILURE_WINDOW seconds that pair is
refused, even with the right password, until the window has passed:

- ThrottledModelBackend (AUTHENTICATION_BACKENDS) refuses to authenticate it;
- ThrottledLoginForm (WAGTAILADMIN_USER_LOGIN_FORM) tells the person why.

A successful sign-in clears the pair's count. Only requests are throttled:
authenticate() without a request (a shell, a management command) is not.
"""

from django.conf import settings
from django.contrib.auth import get_user_model, user_logged_in, user_login_failed
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.utils.translation import ngettext

from wagtail.admin.forms.auth import LoginForm

from serving import throttle

SCOPE = "admin-login"


def failure_limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def failure_window() -> int:
    return getattr(settings, "LOGIN_FAILURE_WINDOW", 15 * 60)


def _pair(request, username) -> tuple[str, str]:
    return (str(username or "").strip().casefold(), throttle.client_ip(request))


def is_locked_out(request, username) -> bool:
    if request is None:
        return False
    return throttle.count(SCOPE, *_pair(request, username)) >= failure_limit()


@receiver(user_login_failed, dispatch_uid="staff.sign_in.count_failed_login")
def count_failed_login(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = credentials.get(
        get_user_model().USERNAME_FIELD, credentials.get("username")
    )
    throttle.hit(SCOPE, *_pair(request, username), window=failure_window())


@receiver(user_logged_in, dispatch_uid="staff.sign_in.forget_failed_logins")
def forget_failed_logins(sender, request, user, **kwargs):
    if request is not None:
        throttle.reset(SCOPE, *_pair(request, user.get_username()))


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if is_locked_out(request, username):
            # Ends authenticate() for every backend; Django reports a failed attempt.
            raise PermissionDenied
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )


class ThrottledLoginForm(LoginForm):
    def clean(self):
        username = self.cleaned_data.get("username")
        if username and is_locked_out(self.request, username):
            minutes = max(1, failure_window() // 60)
            raise ValidationError(
                ngettext(
                    "Too many failed sign-in attempts. For your security, please wait "
                    "%(minutes)s minute before trying again.",
                    "Too many failed sign-in attempts. For your security, please wait "
                    "%(minutes)s minutes before trying again.",
                    minutes,
                ),
                code="too_many_attempts",
                params={"minutes": minutes},
            )
        return super().clean()
