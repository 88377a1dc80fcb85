"""Production: everything from the environment, nothing insecure by default."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "test-")):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random string of at least 50 characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# No script reads the CSRF cookie: forms carry their token in the HTML.
CSRF_COOKIE_HTTPONLY = True
# The language cookie (set by /i18n/setlang/, read by LocaleMiddleware for `/`):
# never over plain HTTP, not sent with cross-site subrequests or posts, and no
# script reads it.
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# The page cache's content version must be the same in every gunicorn worker. With
# Redis (REDIS_URL) it lives there; with the default local-memory cache, in a small
# file every process on this machine reads (serving/cache/version.py).
if not REDIS_URL:  # noqa: F405
    CONTENT_VERSION_FILE = os.environ.get(
        "CONTENT_VERSION_FILE",
        str(BASE_DIR / "var" / "content-version"),  # noqa: F405
    )
X_FRAME_OPTIONS = "DENY"

# Backups hold patients' enquiries: never written unencrypted (tools/backup.py).
BACKUP_REQUIRE_KEY = True

# Not read from the environment: the admin always asks for the second factor here.
STAFF_2FA_REQUIRED = True
