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
# One folder per test run for its media files and its SQLite database, so parallel
# runs never touch each other's files (tests/conftest.py removes it at the end).
TEST_RUN_DIR = Path(tempfile.mkdtemp(prefix="clinic-test-"))
MEDIA_ROOT = TEST_RUN_DIR / "media"
MEDIA_ROOT.mkdir()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production, not SQLite's in-memory default: with memory, the
    # live server's request threads and the test share one connection, and two
    # requests at once (the editor's preview beside its ping) break each other's
    # transactions ("cannot release savepoint - SQL statements in progress").
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_RUN_DIR / "db.sqlite3")}  # noqa: F405
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
