"""Settings shared by every environment.

Everything that differs between a laptop and production comes from environment
variables, each with an embedded default that needs nothing installed: SQLite,
local-memory cache, Wagtail's database search backend, media on local disk.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The site: its shell (home), then what it serves people (one app each).
    "home",
    "blog",
    "search",
    "enquiries",
    "consultations",
    "staff",
    "translations",
    "content_checks",
    "editorial",
    # Plumbing every response goes through; demo content; operations tools.
    "serving",
    "demo",
    "tools",
    "wagtail_localize",
    "wagtail_localize.locales",
    # TOTP second factor for the admin (staff/two_factor/).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Content-Security-Policy and Permissions-Policy (Django 5.2 has neither built
    # in): serving/csp.py. First, so that they reach every response, even the HTTPS
    # redirect SecurityMiddleware answers without calling what follows it.
    "serving.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # 304 answers from the ETag / Last-Modified the page cache sets.
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for anonymous visitors, answered before sessions, CSRF, locale
    # and auth run; Cache-Control for every response (serving/cache/middleware.py).
    "serving.cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, except that admin 404s are not redirected to /en/admin/…
    "serving.locale_middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session entered a TOTP code?
    "django_otp.middleware.OTPMiddleware",
    # Superusers and Enquiries staff enter one before any admin page
    # (staff/two_factor/).
    "staff.two_factor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A publish refused for untranslated segments becomes a message, not a 403
    # (translations/refusals.py).
    "translations.refusals.UntranslatedPublishMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite file by default; DATABASE_URL (postgres://…) in production.
# Connections are kept (CONN_MAX_AGE) and checked before each request reuses one,
# so the site recovers by itself after the database restarts.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
SQLITE_OPTIONS = {
    # WAL: readers and the one writer never block each other. A writer takes the
    # write lock when its transaction starts (IMMEDIATE: no deadlock between two
    # readers turning writers) and waits up to `timeout` seconds for it;
    # serving/database.py retries a write that still finds it taken.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 5,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    # A database that does not answer costs a visitor 3 s (then the 503 page),
    # never a hung worker. A URL's own ?connect_timeout= wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default; REDIS_URL switches to Redis (shared by workers).
REDIS_URL = os.environ.get("REDIS_URL", "")
# A Redis that hangs or is gone costs a request at most one REDIS_TIMEOUT; after a
# failure it is left alone for REDIS_RETRY_AFTER seconds (serving/cache/breaker.py).
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.05"))
REDIS_RETRY_AFTER = float(os.environ.get("REDIS_RETRY_AFTER", "5"))


def redis_cache(url: str) -> dict:
    """Django's cache on Redis that degrades to "no cache", never to a 500 or a
    wait: errors ignored, short timeouts, no retries, a circuit breaker."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "CONNECTION_POOL_CLASS": "serving.cache.breaker.FailFastConnectionPool",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_TIMEOUT,
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
else:
    # Room for the page cache: both languages of a large site (300 by default).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# URLs per sitemap file; past it /sitemap.xml is an index of files (home/sitemaps.py).
SITEMAP_URLS_PER_FILE = int(os.environ.get("SITEMAP_URLS_PER_FILE", "5000"))

# Page cache (serving/cache/): whole responses for anonymous visitors, and site-wide
# fragments, under a content version that every publish or settings/snippet save
# renews. Browsers and Varnish get `public, max-age=HTTP_CACHE_MAX_AGE`.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(60 * 60)))
# Site-wide fragments (menu, sidebar, cards, routes) per content version; off only
# to measure the cost of rendering everything from scratch (make bench: "cold").
MEMO_CACHE_ENABLED = env_bool("MEMO_CACHE_ENABLED", True)
HTTP_CACHE_MAX_AGE = int(os.environ.get("HTTP_CACHE_MAX_AGE", "60"))
HTTP_CACHE_STALE_WHILE_REVALIDATE = 60


# wagtail.contrib.frontend_cache's HTTP backend purges Varnish on publish, each PURGE
# bounded in time (serving/cache/purge.py sends them after commit, for every
# affected URL, in both languages). The app itself is not installed: its own signal
# handlers would purge before the transaction commits.
def frontend_caches(urls: list[str]) -> dict:
    """One HTTP backend per Varnish: with several app nodes, each behind a Varnish
    of its own, FRONTEND_CACHE_URL lists them all and every publish purges each."""
    return {
        f"varnish{n or ''}": {
            "BACKEND": "serving.cache.purge.BoundedHTTPBackend",
            "LOCATION": url,
        }
        for n, url in enumerate(urls)
    }


if env_list("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = frontend_caches(env_list("FRONTEND_CACHE_URL"))
# Seconds a PURGE waits for Varnish's answer: a hung cache delays a publish by
# this much (once per batch), never without end (serving/cache/purge.py).
FRONTEND_CACHE_TIMEOUT = float(os.environ.get("FRONTEND_CACHE_TIMEOUT", "2"))

# Client addresses (rate limits) come from REMOTE_ADDR; set this to the number of our
# own proxies in front of Django (Varnish, a CDN) to read X-Forwarded-For instead.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Admin sign-in: failed attempts are throttled per username and client
# (staff/sign_in.py); sessions end after 8 hours or when the browser closes.
AUTHENTICATION_BACKENDS = ["staff.sign_in.ThrottledModelBackend"]
WAGTAILADMIN_USER_LOGIN_FORM = "staff.sign_in.ThrottledLoginForm"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Second factor (staff/two_factor/): superusers, the Enquiries group and anyone who
# enrolled must enter a code from an authenticator app (TOTP) once per session before
# any admin page. Off only in tests (site_config/settings/test.py) and, on a laptop,
# with STAFF_2FA_REQUIRED=false (dev.py); production always has it on.
STAFF_2FA_REQUIRED = True
# No framing anywhere; Wagtail's preview views (page/snippet preview, block previews,
# wagtail-localize's translation preview) set SAMEORIGIN on their own responses.
X_FRAME_OPTIONS = "DENY"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the source, Simplified Chinese the translation.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "中文")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
FORMAT_MODULE_PATH = ["site_config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Singapore"

# Static files (plain CSS/JS, served by WhiteNoise) and media on local disk.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# `make backup` writes its archives here (database + media; tools/backup.py).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
# Encrypts every archive (32 random bytes, URL-safe base64: `manage.py backup
# --generate-key`). Without it archives are written in clear with a warning, except
# in production, which refuses (BACKUP_REQUIRE_KEY).
BACKUP_KEY = os.environ.get("BACKUP_KEY", "")
BACKUP_REQUIRE_KEY = False
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# MEDIA_STORAGE=s3: uploads in S3-compatible object storage (django-storages),
# shared by every app node; Django then serves no media (SERVE_MEDIA is off) and
# documents stay private (serving/object_storage.py). Credentials come from the
# environment as boto3 reads them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, or
# the machine's role), never from here.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local").strip().lower()
if MEDIA_STORAGE == "s3":
    SERVE_MEDIA = False
    STORAGES["default"] = {
        "BACKEND": "serving.object_storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            # e.g. https://s3.example.net for MinIO, R2, Spaces; none for AWS.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # "path" for servers without a DNS name per bucket (MinIO).
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            # A CDN in front of the bucket: image URLs use its host.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # public-read on servers that use ACLs; none with a bucket policy.
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
            # Image URLs stay the same in cached pages: no expiring signature.
            "querystring_auth": False,
            # Two nodes uploading the same name keep two files.
            "file_overwrite": False,
        },
    }
    if not STORAGES["default"]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured("MEDIA_STORAGE is `local` (the default) or `s3`.")

# Email: console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "clinic@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Django limits a form to 1,000 fields; long StreamFields exceed that in the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Leaven Biotechnology")
# The name authenticator apps show beside the account (staff/two_factor/).
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# The public address (home/site_url.py): `set_site_url` writes it into the Site
# record that canonical links, the sitemap and the feeds are built from.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", SITE_URL or "http://127.0.0.1:8000"
)
# Search: Wagtail's database backend (SQLite FTS5 / PostgreSQL full-text search);
# English is stemmed on both ("injections" finds "injection": PostgreSQL through
# SEARCH_CONFIG, SQLite through the porter tokenizer set by search's migration 0002)
# and Chinese is cut by our backend (search/backends/indexing.py, with search/cjk.py).
# SEARCH_URL switches to Elasticsearch/OpenSearch
# (SEARCH_BACKEND picks Wagtail's module for it; install its Python client).
SEARCH_URL = os.environ.get("SEARCH_URL", "")
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends."
            + os.environ.get("SEARCH_BACKEND", "elasticsearch8"),
            "URLS": [SEARCH_URL],
            "INDEX": os.environ.get("SEARCH_INDEX", "clinic"),
            "TIMEOUT": 5,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            # Wagtail's database backend, with faster ranking (search/backends.py).
            "BACKEND": "search.backends",
            "SEARCH_CONFIG": "english",
            # Whose Chinese the backend indexes as bigrams (search/backends/
            # indexing.py): the page types that indexed them when pages did it
            # themselves. Others keep a Chinese run as one word; adding a type
            # makes its Chinese findable and shifts ranking: measure first.
            "CHINESE_TOKENS_MODELS": ["home.StandardPage", "blog.ArticlePage"],
        }
    }
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
# Documents are only ever served by Wagtail's view, which checks the collection's
# view restrictions (signed-in users, a password): never a redirect to, or a link
# straight at, the file's storage URL, which anyone could read. The media URL
# refuses the documents' folder (serving/media.py); with object storage, keep
# documents in a private bucket (README: "Enquiries, sign-in and backups").
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp"}
# A new translation starts as a draft; the translator publishes it when complete.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Editors may use these rich-text features; anything else is stripped on save.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": ["bold", "italic", "link", "document-link", "ol", "ul"]
        },
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Machine translation: off unless a DeepL key is set. Translators still review and
# publish every machine-translated string in wagtail-localize's editor.
DEEPL_API_KEY = os.environ.get("DEEPL_API_KEY", "")
if DEEPL_API_KEY:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": DEEPL_API_KEY},
    }
