"""Settings shared by every environment; everything secret or site-specific comes from the environment."""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from wagtail.embeds.oembed_providers import vimeo, youtube

import dj_database_url
from csp.constants import NONE, SELF

from cms.release import release_id

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The platform first, then the content apps, then what builds on them (README, "What is where").
    "cms",
    "articles",
    "clusters",
    "registry",
    "home",
    "search",
    "newsletter",
    "comments",
    "api",
    "accounts",
    "wagtail_headless_preview",  # Preview in the admin shows the downstream site's preview page
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",  # the agency's brand and contacts (cms/agency.py)
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
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
    "ninja",  # its Swagger UI assets, served from our static files (no CDN)
    "django_tasks",
    "django_tasks_db",
    "corsheaders",
    "csp",  # Content-Security-Policy (django-csp; the policy below, the middleware in cms/csp.py)
    "dbbackup",  # manage.py backup / restore (django-dbbackup)
    "axes",  # failed log-ins and page passwords, counted per client and per account (cms/lockouts.py)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail's admin says "3 minutes ago" with humanize's naturaltime; the app brings its catalogue.
    "django.contrib.humanize",
    # Django's widget templates for FORM_RENDERER, which draws fields with the project's templates.
    "django.forms",
]

# Every public form's fields: label above, help and errors tied to the field (templates/forms/field.html).
FORM_RENDERER = "cms.form_rendering.PublicFormRenderer"
# The empty choice of the readers' list filters says what it means instead of "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

MIDDLEWARE = [
    # Outermost: every response gets its Content-Security-Policy, pages served by the page cache,
    # error pages and health answers included (cms/csp.py).
    "cms.csp.ContentSecurityPolicyMiddleware",
    # Then: /healthz and /readyz answer load balancers before host checks, redirects or sessions.
    "cms.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outermost for /api/: CORS headers go on every API answer, 304s included.
    "corsheaders.middleware.CorsMiddleware",
    # Before sessions: a cached page is served without touching the session or the database; the
    # host is validated here, before any cache is read.
    "cms.page_cache.PageCacheMiddleware",
    # /api/ only: read-only methods, ETag, Last-Modified, Cache-Control and 304s.
    "api.middleware.APIMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: picks the language from the /en/ prefix.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Under /admin/: the editor's preferred language for the whole request (cms/admin_language.py).
    "cms.admin_language.AdminLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out log-in into the lock-out page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# The embedded default is a SQLite file in the project; production points DATABASE_URL at PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out client or account before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. Polish is the default and lives at the site root; every other language gets a
# URL prefix (/en/). Adding a language means adding it here and translating the content.
LANGUAGE_CODE = "pl"
LANGUAGES = [
    ("pl", "Polski"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
# LANGUAGES names each language in itself, for the public language switcher; the admin names a
# content language in the editor's own language ("angielski" to a Polish editor).
WAGTAIL_CONTENT_LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The project's own strings (templates/, cms/) first, then the project's Polish and English
# wording of Wagtail's and wagtail-localize's strings where theirs is missing or wrong. Those two
# are kept apart because makemessages would mark them obsolete in a catalogue of our sources.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail", BASE_DIR / "locale" / "wagtail_localize"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "collected-static"))
STATIC_URL = os.environ.get("STATIC_URL", "/static/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

# Media stay on the local disk unless an S3-compatible bucket is named.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # Images are public in the bucket, documents private (cms/storage.py).
    from cms.storage import media_storage

    STORAGES["default"] = media_storage(os.environ)
# Every document download goes through Wagtail's view, which checks the collection's view
# restrictions and streams the file; a document is never linked at the bucket.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# E-mail goes through SMTP configured from the environment; dev and tests override the backend.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every message goes through the task queue after its transaction commits (cms/outbox.py): attempts
# per message, the first retry's delay in seconds (doubled for each further retry), and the age at
# which a message never tried counts as lost and is sent by `manage.py send_queued_mail`.
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "5"))
MAIL_BACKOFF_SECONDS = float(os.environ.get("MAIL_BACKOFF_SECONDS", "60"))
MAIL_LOST_AFTER_SECONDS = int(os.environ.get("MAIL_LOST_AFTER_SECONDS", "600"))
# Days the record of a sent or failed message (its recipients are personal data) stays in the admin.
MAIL_LOG_DAYS = int(os.environ.get("MAIL_LOG_DAYS", "30"))

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Part of every cache key, so that a deploy never serves what an older release kept: the build's
# commit or image tag, or by default a hash of the code, templates and translations (cms/release.py).
RELEASE_ID = release_id(BASE_DIR)
# Layers below the whole-page cache to switch off, comma-separated (cms/generation.py LAYERS);
# bench/run switches each off in turn to show what it buys.
CACHE_LAYERS_OFF = frozenset(env_list("CACHE_LAYERS_OFF"))

# "content": what is computed from published content under keys naming its generation, in the
# default cache with a copy in each process, which such keys allow (cms/cache.py). Production
# replaces "default" with Redis and keeps this alias. The largest values are the maps' drawings
# (about 30 kB), so the copies cost a process at most some 30 MB.
CONTENT_CACHE = {"BACKEND": "cms.cache.LocalCopyCache", "OPTIONS": {"MAX_ENTRIES": 1000}}
if "local_copies" in CACHE_LAYERS_OFF:
    CONTENT_CACHE = {"BACKEND": "cms.cache.LocalCopyCache", "OPTIONS": {"MAX_ENTRIES": 1, "LOCAL_SECONDS": 0}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "content": CONTENT_CACHE,
}

# Whole pages for anonymous readers are kept this long in the cache, and dropped on any publish.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# A CDN or caching proxy in front of the app servers (Wagtail's front-end cache invalidation).
# Pages for anonymous readers say it may keep them this long (s-maxage; browsers revalidate),
# and publishing purges what changed (home/frontend_cache.py). 0 keeps shared caches out.
FRONTEND_CACHE_SECONDS = int(os.environ.get("FRONTEND_CACHE_SECONDS", "0"))
WAGTAILFRONTENDCACHE = {}
# Each language has its own page tree and URLs here; Wagtail must not rewrite /en/ into /pl/.
WAGTAILFRONTENDCACHE_LANGUAGES = []
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    # Varnish, nginx or Squid accepting PURGE requests; the Host header names the site.
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", _("Regional Development Agency"))
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Search: the database (SQLite or PostgreSQL) by default. Words are lemmatised and stripped of
# diacritics in Python before they reach the backend (search/text.py), so PostgreSQL's "simple"
# configuration only splits them, as SQLite does. OPENSEARCH_URL moves search to OpenSearch
# (pip install opensearch-py, then manage.py rebuild_search_index); see the README.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "search.backends", "SEARCH_CONFIG": "simple"},
}
if os.environ.get("OPENSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["default"] = {
        # wagtail.search.backends.opensearch2, or elasticsearch7/8/9 for Elasticsearch
        "BACKEND": os.environ.get("OPENSEARCH_BACKEND", "wagtail.search.backends.opensearch3"),
        "URLS": env_list("OPENSEARCH_URL"),
        "INDEX_PREFIX": os.environ.get("OPENSEARCH_INDEX_PREFIX", "portal_"),
        "TIMEOUT": 5,
    }
# Up to how many matches of a kind the search page counts exactly; above it says "over 1,000". Counting
# checks that each match is public (a lookup of a few microseconds): a lower limit counts faster.
SEARCH_EXACT_COUNT_LIMIT = int(os.environ.get("SEARCH_EXACT_COUNT_LIMIT", "1000"))
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# ASCII slugs: Wagtail then transliterates Polish titles ("Baza usług" -> "baza-uslug").
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_MODERATION_ENABLED = True
# A new translation starts as a draft: untranslated Polish text must not go live under /en/.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)
# Every absolute address in an API answer (`url`, `api_url`, images, documents, links in bodies)
# starts with this one; empty: the scheme and host the request came to.
API_BASE_URL = os.environ.get("API_BASE_URL", "")
# The image renditions (Wagtail filter specs) a client may ask for with `?renditions=`, e.g. for a
# srcset; AVIF ones are offered only where Pillow can write AVIF (api/renditions.py).
API_IMAGE_RENDITIONS = [
    *(f"width-{width}{suffix}" for width in (400, 800, 1200, 1600) for suffix in ("", "|format-webp", "|format-avif")),
    "fill-300x200",
    "fill-300x200|format-webp",
    "fill-600x400",
    "fill-600x400|format-webp",
    "max-800x600",
    "max-1600x1200",
]
# Embedded media in articles and rich text: YouTube and Vimeo only, the providers the editors are
# told about and the only frames the Content-Security-Policy below allows. Other providers'
# embeds bring scripts of their own, which the policy would block.
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "providers": [youtube, vimeo]}]
EMBED_FRAME_SOURCES = ["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]
# The admin asks no third party from an editor's browser either: no Gravatar images (each would tell
# gravatar.com an editor's e-mail hash; Wagtail draws its default avatar) and no check of
# releases.wagtail.org for a newer Wagtail (upgrades are the developers' decision, in requirements.txt).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Content-Security-Policy for readers and the API (django-csp): no inline script or style
# anywhere, so no nonce that the whole-page cache would replay to every reader; every script and
# stylesheet is a static file. cms/csp.py adds the media bucket's origin to img-src when media
# live in one, and gives /admin/ and the API's documentation page their own, looser policies.
# No report-only policy: this one is enforced.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": EMBED_FRAME_SOURCES,
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail logs every background task and page action at INFO; the audit log in the admin keeps those.
    "loggers": {
        name: {"level": os.environ.get("LOG_LEVEL_LIBRARIES", "WARNING")}
        for name in ("wagtail", "django_tasks", "modelsearch", "weasyprint", "fontTools")
    },
}


# ---------------------------------------------------------------------------------------------
# Headless API (/api/, the api app): caching, CORS, preview tokens and webhooks.
# ---------------------------------------------------------------------------------------------
# Background tasks (Wagtail's search and reference index updates, webhook deliveries, every e-mail).
# "immediate" runs them right after the request's transaction commits: one process, nothing else
# to run. "database" queues them in the database for `manage.py db_worker` processes, so an
# editor's publish never waits for a slow webhook receiver; production should use it.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "immediate")]}}

# Seconds that browsers and CDNs may reuse an API answer without asking again.
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))
# Seconds the app servers keep a whole public API answer in the shared cache; any change to
# published content starts a new generation at once (api/caching.py). 0 turns it off.
API_RESPONSE_CACHE_SECONDS = int(os.environ.get("API_RESPONSE_CACHE_SECONDS", "300"))
# Seconds a headless preview link (a signed token for a draft) stays valid.
API_PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("API_PREVIEW_TOKEN_MAX_AGE", "600"))
# The downstream site's preview page: with it set, Preview in the admin shows that page for
# articles and clusters, passing `?content_type=…&token=…` that /api/preview/ answers with the
# draft (README, "Headless preview"). Per site: add "<hostname>": "<url>" to CLIENT_URLS. Unset,
# Preview shows the site's own rendered page.
FRONTEND_PREVIEW_URL = os.environ.get("FRONTEND_PREVIEW_URL", "")
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": FRONTEND_PREVIEW_URL} if FRONTEND_PREVIEW_URL else {},
    "REDIRECT_ON_PREVIEW": False,  # the admin frames the front-end's page in its preview panel
    "ENFORCE_TRAILING_SLASH": False,
}
if FRONTEND_PREVIEW_URL:
    # The admin's preview panel frames the front-end's preview page.
    _frame_sources = CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"] = [
        *_frame_sources,
        "/".join(FRONTEND_PREVIEW_URL.split("/")[:3]),
    ]
# Webhook deliveries: attempts per event, the first retry's delay (doubled for each further
# retry) and the seconds a receiver has to answer.
API_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("API_WEBHOOK_MAX_ATTEMPTS", "3"))
API_WEBHOOK_BACKOFF_SECONDS = float(os.environ.get("API_WEBHOOK_BACKOFF_SECONDS", "2"))
API_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("API_WEBHOOK_TIMEOUT_SECONDS", "5"))

# Downstream sites that may call the API from a browser; CORS applies to /api/ and /graphql/ only,
# and only to reading (preflights allow the conditional-request headers, responses expose the
# validators): a browser on another site sends its GraphQL queries with GET.
CORS_ALLOWED_ORIGINS = env_list("API_CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/(api|graphql)/.*$"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-modified-since", "if-none-match")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified")


# ---------------------------------------------------------------------------------------------
# Abuse resistance: who the client is, and how many wrong credentials it may send (cms/abuse.py,
# cms/lockouts.py).
# ---------------------------------------------------------------------------------------------
# The reverse proxies in front of the app servers, whose X-Forwarded-For is believed: their
# addresses or networks (CIDR, comma-separated) and/or how many stand in a row. Trust none by
# default: the client is then the address that connected, and a forged header changes nothing.
TRUSTED_PROXIES = [str(ipaddress.ip_network(value, strict=False)) for value in env_list("TRUSTED_PROXIES")]
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Wrong passwords (admin and reader log-ins, page and document passwords) before a client address,
# an account or a protected page is locked, and for how long. django-axes counts them in the
# database, so every app server sees the same counts; Settings -> Log-in lock-outs lifts a lock.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
# Either is enough to lock: one address trying many accounts, or many addresses trying one.
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "cms.abuse.client_ip"
AXES_LOCKOUT_CALLABLE = "cms.lockouts.lockout_response"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# A success must not wipe the address's failures: an attacker would interleave its own log-ins.
AXES_RESET_ON_SUCCESS = False
# Only failures are kept; successful log-ins are not a record we need.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Lock-outs are logged with the client's address; never with the username, where people
# sometimes type their password.
AXES_SENSITIVE_PARAMETERS = ["username"]


# ---------------------------------------------------------------------------------------------
# Readers take part: the newsletter and comments on articles (the newsletter and comments apps).
# ---------------------------------------------------------------------------------------------
# Days a newsletter confirmation link stays valid.
NEWSLETTER_CONFIRMATION_DAYS = int(os.environ.get("NEWSLETTER_CONFIRMATION_DAYS", "7"))
# The first digest covers this many days; later ones cover what appeared since the previous one.
NEWSLETTER_FIRST_DIGEST_DAYS = int(os.environ.get("NEWSLETTER_FIRST_DIGEST_DAYS", "7"))
# Rate limits as (submissions, seconds): newsletter sign-ups per IP, comments per IP and per account.
NEWSLETTER_SIGNUP_RATE = (int(os.environ.get("NEWSLETTER_SIGNUPS_PER_HOUR", "10")), 3600)
COMMENT_RATE_PER_IP = (int(os.environ.get("COMMENTS_PER_IP_PER_HOUR", "30")), 3600)
COMMENT_RATE_PER_USER = (int(os.environ.get("COMMENTS_PER_USER_PER_HOUR", "10")), 3600)
COMMENT_MAX_LENGTH = 3000


# ---------------------------------------------------------------------------------------------
# Accounts of company representatives (the accounts app): sign-up, their entries, leads.
# ---------------------------------------------------------------------------------------------
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:entries"
# Seconds a sign-up confirmation link stays valid.
ACCOUNTS_CONFIRMATION_MAX_AGE = int(os.environ.get("ACCOUNTS_CONFIRMATION_MAX_AGE", str(3 * 24 * 3600)))
# (submissions, seconds) per IP address and per account, for every public form.
ACCOUNTS_RATE_LIMIT = (int(os.environ.get("ACCOUNTS_RATE_LIMIT", "5")), 600)
ACCOUNTS_LOGO_MAX_BYTES = 2 * 1024 * 1024
ACCOUNTS_LOGO_MAX_PIXELS = 4000 * 4000
# Days a sign-up waits for its confirmation before `manage.py expire_unconfirmed_accounts` removes it.
ACCOUNTS_UNCONFIRMED_DAYS = int(os.environ.get("ACCOUNTS_UNCONFIRMED_DAYS", "7"))


# ---------------------------------------------------------------------------------------------
# Backups (manage.py backup / restore)
# ---------------------------------------------------------------------------------------------
# django-dbbackup writes the database dump and a tarball of the media (read through the default
# storage, so local disk or S3 alike) to its own storage: BACKUP_DIR on the local disk, or the
# private bucket BACKUP_BUCKET, reached with the same endpoint, region and credentials as the media.
# Never point it at the media bucket or under MEDIA_ROOT: every backup would then be published
# and copied into the next one.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(BACKUP_DIR)},
}
if os.environ.get("BACKUP_BUCKET"):
    STORAGES["dbbackup"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["BACKUP_BUCKET"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            "querystring_auth": True,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
# One timestamp names both halves of a backup, which sort by date in any listing:
# 2026-01-31-030000-database-default.psql.bin.gz and 2026-01-31-030000-media.tar.gz.
DBBACKUP_FILENAME_TEMPLATE = "{datetime}-database-{databasename}.{extension}"
DBBACKUP_MEDIA_FILENAME_TEMPLATE = "{datetime}-media.{extension}"
# `manage.py backup --clean` keeps this many backups and deletes older ones.
DBBACKUP_CLEANUP_KEEP = int(os.environ.get("BACKUP_KEEP", "10"))
# The restoring role owns what it restores: a dump from production restores into a staging
# database with another owner, and grants to roles that exist only in production are skipped.
DBBACKUP_CONNECTORS = {"default": {"PG_OPTIONS": "--no-owner --no-privileges"}}
