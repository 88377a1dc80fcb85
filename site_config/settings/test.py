"""pytest settings: fast hashing, no real email, plain static files."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One media folder per test run, so parallel runs never delete each other's files.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clinic-test-media-"))
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Most tests sign in with force_login and open admin pages; the second factor's own
# tests (tests/test_two_factor.py) turn it on with `settings.STAFF_2FA_REQUIRED = True`.
STAFF_2FA_REQUIRED = False

# Serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# wagtail-localize's dummy translator: the "Machine translate" button works offline.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"
}
