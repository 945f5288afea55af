"""Django settings for Baladiya CMS.

Every value that differs between a laptop and production is read from the environment here,
and only here (see docs/CONTRACTS.md §5 and .env.example). With nothing set, the project runs
on one machine: SQLite and media under ``var/``, database search, tasks run inline.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from django.core.exceptions import ImproperlyConfigured

from cms.secret_key import secret_key_weakness

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BALADIYA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# --- Environment: production or one machine ---------------------------------------------------
# ``DJANGO_ENV=production`` (set by gunicorn.conf.py) demands real settings; anything else is a
# one-machine run (development, demo, tests) with embedded defaults.
PRODUCTION = os.environ.get("DJANGO_ENV", "development").strip().lower() == "production"
EMBEDDED = not PRODUCTION
DEBUG = env_bool("DJANGO_DEBUG", default=EMBEDDED)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if PRODUCTION:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to at least 50 characters in production.")
    if weakness := secret_key_weakness(SECRET_KEY):
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is too weak for production: {weakness}. Generate one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names in production.")
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")
else:
    # Not a secret: only ever used on one machine, never when DJANGO_ENV=production.
    SECRET_KEY = SECRET_KEY or "embedded-development-only-" + "x" * 40
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver", "[::1]"]

# --- Applications, middleware, templates ------------------------------------------------------
INSTALLED_APPS = [
    "cms",
    "common",
    "publication",
    "catalogue",
    "news",
    "status",
    "feedback",
    "search",
    "media",
    "feed",
    "opendata",
    "home",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.typed_table_block",
    "wagtail.locales",
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
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Admin login lock-out after repeated wrong passwords (docs/security.md).
    "axes",
    # Listed so that the feed's API docs serve Swagger UI from our static files, not a CDN.
    "ninja",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Ends due statuses and alerts before a cached page or feed answer is served (status/middleware.py).
    "status.middleware.StatusSweepMiddleware",
    "common.pagecache.PublicPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A Content-Security-Policy on every page (cms/csp.py): the site's, or the admin's.
    "cms.csp.SiteCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the bilingual lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite serialises writers; wait instead of failing when the task runner and a request
    # write at the same moment. WAL lets readers run during a write; IMMEDIATE transactions take
    # the write lock up front, so a transaction that read first never hits "database is locked"
    # when it upgrades (that failure ignores the busy timeout). Read views run outside
    # transactions (non_atomic_requests), so they never queue behind a writer (docs/security.md).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Admin writes run in one transaction per request, so an edit and its Publication and ChangeLog
# rows commit or roll back together (docs/architecture.md).
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and passwords -------------------------------------------------------------------
# django-axes first: it refuses a locked-out username and address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: Arabic first, English second --------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
TIME_ZONE = "Asia/Dubai"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"

# --- Media: images, documents and their storage (local, or S3 via django-storages) ------------
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
    AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "300"))
    AWS_S3_FILE_OVERWRITE = False
    # A key prefix, so that several installations (or a benchmark) can share one bucket.
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "")
    # Recent boto3 sends CRC checksums that some S3-compatible servers reject; only send
    # them when the server asks for them.
    AWS_S3_CLIENT_CONFIG_KWARGS = {
        "request_checksum_calculation": "when_required",
        "response_checksum_validation": "when_required",
    }
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": os.environ.get("AWS_LOCATION", "media")},
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if EMBEDDED
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Signed links use Signature Version 4 (X-Amz-Expires), not legacy V2.
AWS_S3_SIGNATURE_VERSION = "s3v4"
# Lifetime of signed S3 links to private documents; pages showing them are cached no longer.
MEDIA_SIGNED_URL_SECONDS = int(os.environ.get("MEDIA_SIGNED_URL_SECONDS", "300"))

WAGTAILIMAGES_IMAGE_MODEL = "media.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "media.CustomDocument"
WAGTAILIMAGES_IMAGE_FORM_BASE = "media.forms.ImageForm"
# Every document is downloaded as an attachment, never rendered inline by the browser.
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
MEDIA_MAX_DOCUMENT_BYTES = int(os.environ.get("MEDIA_MAX_DOCUMENT_MB", "20")) * 1024 * 1024
MEDIA_MAX_IMAGE_BYTES = int(os.environ.get("MEDIA_MAX_IMAGE_MB", "10")) * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MEDIA_MAX_IMAGE_BYTES

# --- Online forms -----------------------------------------------------------------------------
# At most FORMS_RATE_LIMIT_COUNT submissions per client per window.
FORMS_RATE_LIMIT_COUNT = int(os.environ.get("FORMS_RATE_LIMIT_COUNT", "5"))
FORMS_RATE_LIMIT_WINDOW_SECONDS = int(os.environ.get("FORMS_RATE_LIMIT_WINDOW_SECONDS", "600"))
# (Who the client is behind a proxy: TRUSTED_PROXIES, under Security.)
FORMS_NOTIFY_EMAIL = os.environ.get("FORMS_NOTIFY_EMAIL", "customer.happiness@baladiya.local")

# --- Citizen feedback and content ownership (feedback/, docs/feedback.md) ----------------------
# Answers per client per window (counted in CACHES["counters"], shared by every process).
FEEDBACK_RATE_LIMIT_COUNT = int(os.environ.get("FEEDBACK_RATE_LIMIT_COUNT", "10"))
FEEDBACK_RATE_LIMIT_WINDOW_SECONDS = int(os.environ.get("FEEDBACK_RATE_LIMIT_WINDOW_SECONDS", "600"))
# Comments are emptied after this many days (never published in the meantime).
FEEDBACK_COMMENT_RETENTION_DAYS = int(os.environ.get("FEEDBACK_COMMENT_RETENTION_DAYS", "180"))
# A service goes to triage when fewer than this share of at least MIN answers in DAYS found it useful.
FEEDBACK_TRIAGE_SHARE = float(os.environ.get("FEEDBACK_TRIAGE_SHARE", "0.6"))
FEEDBACK_TRIAGE_MIN_ANSWERS = int(os.environ.get("FEEDBACK_TRIAGE_MIN_ANSWERS", "20"))
FEEDBACK_TRIAGE_DAYS = int(os.environ.get("FEEDBACK_TRIAGE_DAYS", "30"))
# Whether the feed carries `satisfaction` per service (False: always the null shape).
FEEDBACK_IN_FEED = env_bool("FEEDBACK_IN_FEED", default=True)
# Satisfaction in the feed is recomputed at most this often (a task enqueued by an answer).
FEEDBACK_RECOMPUTE_SECONDS = float(os.environ.get("FEEDBACK_RECOMPUTE_SECONDS", "900"))
FEEDBACK_REVIEW_MONTHS = int(os.environ.get("FEEDBACK_REVIEW_MONTHS", "6"))

# --- Search -----------------------------------------------------------------------------------
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "baladiya")
# Wagtail's own admin search stays on the database: public search goes through search/.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Seconds a search or index request may take before the public search falls back to the
# database; replicas of each search index (0 on a single node).
SEARCH_ES_TIMEOUT = float(os.environ.get("SEARCH_ES_TIMEOUT", "5"))
SEARCH_INDEX_REPLICAS = int(os.environ.get("SEARCH_INDEX_REPLICAS", "0" if EMBEDDED else "1"))
# After an Elasticsearch failure, searches answer from the database for this many seconds
# before trying it again, so a hanging server costs one timeout, not one per search.
SEARCH_ES_RETRY_SECONDS = float(os.environ.get("SEARCH_ES_RETRY_SECONDS", "30"))

# --- Background tasks -------------------------------------------------------------------------
TASKS_BACKEND = os.environ.get("TASKS_BACKEND") or (
    "django_tasks.backends.immediate.ImmediateBackend" if EMBEDDED else "django_tasks_db.DatabaseBackend"
)
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
# Live status (docs/status.md): requests end due statuses and alerts at most this often per
# process, so expiry is on time even with no worker running.
STATUS_SWEEP_SECONDS = float(os.environ.get("STATUS_SWEEP_SECONDS", "1"))

# --- Cache ------------------------------------------------------------------------------------
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith("redis"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    # Shared between gunicorn processes and machines through the database.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "baladiya_cache",
        }
    }

# Counters that public reads bump (rate limits, search statistics, download counts) live in the
# "counters" cache, never in a database write on the read path (docs/security.md). It is shared by
# every process: Redis when CACHE_URL points at one; in production otherwise the database cache
# (PostgreSQL takes concurrent writes); on one machine a file cache under var/, which several
# runserver or gunicorn processes share without writing to SQLite.
if CACHE_URL.startswith("redis") or PRODUCTION:
    CACHES["counters"] = {**CACHES["default"], "KEY_PREFIX": "counters"}
else:
    CACHES["counters"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "counters"),
    }

# Search statistics and form download counts wait in CACHES["counters"] and are written to the
# database by a task at most this often, so a public read never waits on a database write.
COUNTERS_FLUSH_SECONDS = float(os.environ.get("COUNTERS_FLUSH_SECONDS", "10"))

# Whole public pages are cached for anonymous visitors and purged on publish (common/pagecache.py).
# Short by default because "open now" on outlet pages changes with the clock.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300"))
PUBLIC_PAGE_CACHE_SKIP = ("search/",)

# --- Export feed, webhooks and snapshots (feed/) ----------------------------------------------
# Requests per minute per client address (TRUSTED_PROXIES) without an API key (0 = unlimited);
# partners' keys carry their own limit. Counted in CACHES["counters"], shared by all processes.
FEED_RATE_LIMIT_PER_MINUTE = int(os.environ.get("FEED_RATE_LIMIT_PER_MINUTE", "600"))
FEED_CACHE_MAX_AGE = int(os.environ.get("FEED_CACHE_MAX_AGE", "30"))
FEED_STALE_WHILE_REVALIDATE = int(os.environ.get("FEED_STALE_WHILE_REVALIDATE", "300"))
FEED_CACHE_ENTRIES = int(os.environ.get("FEED_CACHE_ENTRIES", "512"))
# Where publish_feed writes on the media storage (S3 when configured).
FEED_SNAPSHOT_PREFIX = os.environ.get("FEED_SNAPSHOT_PREFIX", "feed/snapshots")
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "8"))
WEBHOOK_RETRY_BASE_SECONDS = int(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "30"))
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
# Webhooks go to public addresses only (no loopback, private, link-local: no port scanning from
# inside); host names listed here (exactly, e.g. "hooks.intranet") may be internal.
WEBHOOK_ALLOWED_HOSTS = [host.lower() for host in env_list("WEBHOOK_ALLOWED_HOSTS")]
# Seconds a process trusts its memo of a type's version before re-reading it; a publish in the
# same process invalidates at once (docs/feed.md).
FEED_VERSION_TTL = float(os.environ.get("FEED_VERSION_TTL", "1"))

# --- Spreadsheet import (catalogue/importing) -------------------------------------------------
# Files above these limits are refused before parsing; the uncompressed limit guards against zip bombs.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "20000"))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024)))
# Per-part caps (issue 12): a sheet streams (our own 20,000-row export's sheet is 53 MB), but
# openpyxl holds every shared string in memory before the first row, so that part gets less.
IMPORT_MAX_PART_BYTES = int(os.environ.get("IMPORT_MAX_PART_BYTES", str(64 * 1024 * 1024)))
IMPORT_MAX_SHARED_STRINGS_BYTES = int(os.environ.get("IMPORT_MAX_SHARED_STRINGS_BYTES", str(24 * 1024 * 1024)))
# Reading a workbook stops here with a message, well before the web worker's 60 s timeout.
IMPORT_MAX_PARSE_SECONDS = float(os.environ.get("IMPORT_MAX_PARSE_SECONDS", "40"))

# --- Wagtail and the site's address -----------------------------------------------------------
WAGTAIL_SITE_NAME = "Baladiya CMS"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Absolute links in published representations (feed, sync, snapshots, search) start here.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", WAGTAILADMIN_BASE_URL)
# Open data (opendata/, docs/opendata.md): the licence of /api/open-data/v1/ (a URL).
OPEN_DATA_LICENCE = os.environ.get("OPEN_DATA_LICENCE", "https://creativecommons.org/licenses/by/4.0/")
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: no request may leave the server (and no e-mail hash with it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_WORKFLOW_ENABLED = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if EMBEDDED else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@baladiya.local")

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Wagtail's live preview frames the site inside the admin, on the same origin.
# https://docs.wagtail.org/en/stable/advanced_topics/deploying.html
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The directives are computed per request from the media settings (cms/csp.py); this only turns
# django-csp on and leaves the policy to the middleware.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}
if not EMBEDDED:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")


def env_trusted_proxies() -> int | list[str]:
    """TRUSTED_PROXIES: a count of proxies, or their networks; the older per-area variables still work."""
    value = os.environ.get("TRUSTED_PROXIES", "").strip()
    if not value and os.environ.get("FORMS_TRUSTED_PROXY_COUNT", "").strip():
        value = os.environ["FORMS_TRUSTED_PROXY_COUNT"].strip()
    elif not value and os.environ.get("FEED_CLIENT_IP_HEADER", "").strip():
        value = "1"  # the old feed setting trusted the entry the nearest proxy appended
    if not value:
        # gunicorn binds 127.0.0.1 in production, so its only peer is a proxy on the same machine.
        return 0 if EMBEDDED else ["127.0.0.0/8", "::1/128"]
    if value.isdigit():
        return int(value)
    import ipaddress

    try:
        return [str(ipaddress.ip_network(item, strict=False)) for item in env_list("TRUSTED_PROXIES")]
    except ValueError as error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must be a number or networks such as 10.0.0.0/8: {error}"
        ) from error


# Who may speak for the client in X-Forwarded-For (common/clients.py): the feed and form rate limits
# and the login lock-out all count the address this gives; anyone else's header is ignored.
TRUSTED_PROXIES = env_trusted_proxies()
# Admin login: AXES_FAILURE_LIMIT wrong passwords for one username from one address lock that
# pair out for AXES_COOLOFF_TIME (a guesser elsewhere cannot lock the real person out).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "common.clients.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "cms.views.login_locked_out"

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Admin account (manage.py ensure_admin) ---------------------------------------------------
BALADIYA_ADMIN_USERNAME = os.environ.get("BALADIYA_ADMIN_USERNAME", "admin")
BALADIYA_ADMIN_PASSWORD = os.environ.get("BALADIYA_ADMIN_PASSWORD", "")
