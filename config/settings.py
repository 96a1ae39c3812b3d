"""MuseWave settings, read from the environment (and `.env` when present).

With nothing set, MuseWave runs for development: SQLite in the project folder, DEBUG on, a
development secret and a local-memory cache. Production sets `DATABASE_URL` (PostgreSQL),
`REDIS_URL`, `SECRET_KEY`, `ALLOWED_HOSTS` and `DEBUG=false`; `.env.example` lists every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from corsheaders.defaults import default_headers as default_cors_headers
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def env_or(cast, name: str, default):
    """`cast(name)` when the variable is set to something; unset or empty means `default`
    (so the empty lines of .env.example change nothing)."""
    return cast(name) if os.environ.get(name, "").strip() else default


DEBUG = env_or(env.bool, "DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-musewave-development-only-key-do-not-use-in-production"
SECRET_KEY = env_or(env.str, "SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_or(env.list, "ALLOWED_HOSTS", ["*"] if DEBUG else [])
if not DEBUG:
    # Refuse to start a production server on development defaults.
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

INSTALLED_APPS = [
    "musewave.apps.MusewaveAdminConfig",  # django.contrib.admin with a throttled login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "csp",
    "django_guid",
    "django_prometheus",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "strawberry_django",
    "channels",
    "musewave",
]

MIDDLEWARE = [
    # First: the request id exists before anything logs, and every response carries it.
    "django_guid.middleware.guid_middleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "config.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "config.middleware.MaxBodySizeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Outside the admin, `request.user` comes from the bearer token only, never the session.
    "config.middleware.BearerTokenUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: SQLite by default, PostgreSQL through DATABASE_URL --------------------------------
# An empty DATABASE_URL (as in .env.example) means the default, like an unset one.
DATABASE_URL = env_or(env.str, "DATABASE_URL", "") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
# Kept connections suit WSGI workers, whose threads serve request after request; under ASGI each
# request runs in a thread of its own, where a kept connection would only be left behind.
DATABASES["default"].setdefault("CONN_MAX_AGE", env_or(env.int, "DB_CONN_MAX_AGE", 0))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL connections come from a pool (psycopg_pool, one per process): opening one costs
# more than most requests. A request borrows one for its duration, under WSGI and ASGI alike.
# Off (DB_POOL=false) behind a pooler such as PgBouncer.
DB_POOL = env_or(env.bool, "DB_POOL", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_POOL:
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_or(env.int, "DB_POOL_MIN_SIZE", 2),
        "max_size": env_or(env.int, "DB_POOL_MAX_SIZE", 20),
        # Seconds a request waits for a free connection before it fails.
        "timeout": env_or(env.float, "DB_POOL_TIMEOUT_SECONDS", 10.0),
    }
    # The pool keeps the connections; Django refuses persistent ones beside it.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server's threads write without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# No SQL statement may run longer than this many milliseconds on PostgreSQL (0: no limit), so no
# request holds a worker or a connection for long. On by default in production.
DB_STATEMENT_TIMEOUT_MS = env_or(env.int, "DB_STATEMENT_TIMEOUT_MS", 0 if DEBUG else 10_000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_STATEMENT_TIMEOUT_MS:
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(
        filter(None, [options.get("options"), f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"])
    )
# The same backends through django-prometheus's wrappers, which count queries and errors.
_ENGINE = DATABASES["default"]["ENGINE"]
if _ENGINE.rpartition(".")[2] in ("sqlite3", "postgresql", "mysql"):
    DATABASES["default"]["ENGINE"] = _ENGINE.replace("django.db.", "django_prometheus.db.", 1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis through REDIS_URL, else local memory -------------------------------------------
REDIS_URL = env_or(env.str, "REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, counting hits and misses for the metrics.
            "BACKEND": "django_prometheus.cache.backends.redis.NativeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_or(env.str, "CACHE_KEY_PREFIX", "musewave"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django_prometheus.cache.backends.locmem.LocMemCache"}}

# --- Accounts ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "musewave.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_or(env.int, "PASSWORD_MIN_LENGTH", 8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# When true, every write needs a token and only owners (or staff) edit their resources. On by
# default in production; development keeps the legacy mode (the request body names the actor)
# so that the legacy web client works with `make run`.
MUSEWAVE_REQUIRE_AUTH = env_or(env.bool, "MUSEWAVE_REQUIRE_AUTH", not DEBUG)

# Abuse limits ("count/period", or "off"): sliding windows kept in the cache. Login attempts
# (API and admin alike) count per address, per account and address, and per account overall;
# the account-wide ceiling is higher so that an attacker elsewhere cannot lock the owner out.
MUSEWAVE_THROTTLE_RATES = {
    "login_ip": env_or(env.str, "THROTTLE_LOGIN_IP", "10/min"),
    "login_account_ip": env_or(env.str, "THROTTLE_LOGIN_ACCOUNT_IP", "10/min"),
    "login_account": env_or(env.str, "THROTTLE_LOGIN_ACCOUNT", "50/min"),
    "write_user": env_or(env.str, "THROTTLE_WRITE_USER", "120/min"),
    "write_ip": env_or(env.str, "THROTTLE_WRITE_IP", "300/min"),
}
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none, use the
# connection's address). The client's address keys the abuse limits and is kept with plays.
MUSEWAVE_TRUSTED_PROXIES = env_or(env.int, "TRUSTED_PROXIES", 0)
# Statistics are kept this many seconds in the cache (they carry the time they were computed).
MUSEWAVE_STATS_CACHE_SECONDS = env_or(env.int, "STATS_CACHE_SECONDS", 30)
# Search ranks at most this many index rows per kind of match (the most played first), so that its
# cost does not grow with the number of rows that match; at least twice the page is always taken.
MUSEWAVE_SEARCH_CANDIDATES = env_or(env.int, "SEARCH_CANDIDATES", 200)
# A listener replaying the same track within this many seconds is not counted again.
MUSEWAVE_PLAY_REPLAY_SECONDS = env_or(env.int, "PLAY_REPLAY_SECONDS", 30)
# A playlist holds at most this many items.
MUSEWAVE_PLAYLIST_MAX_ITEMS = env_or(env.int, "PLAYLIST_MAX_ITEMS", 10_000)
# Request bodies larger than this are refused with 413 before they reach a view.
MUSEWAVE_MAX_BODY_BYTES = env_or(env.int, "MAX_BODY_BYTES", 1024 * 1024)

# --- Media: uploads, limits, processing ------------------------------------------------------
MIB = 1024 * 1024
# Audio uploads: larger files are refused (the upload route answers 413 before reading the body),
# and so are longer ones. Stricter than the bounds of any stored track (MAX_AUDIO_BYTES and
# MAX_AUDIO_SECONDS below), which also hold for tracks that point at an external audio_url.
MUSEWAVE_UPLOAD_MAX_AUDIO_BYTES = env_or(env.int, "UPLOAD_MAX_AUDIO_BYTES", 200 * MIB)
MUSEWAVE_UPLOAD_MAX_AUDIO_SECONDS = env_or(env.float, "UPLOAD_MAX_AUDIO_SECONDS", 3 * 60 * 60)
# Covers, avatars and headers.
MUSEWAVE_MAX_IMAGE_BYTES = env_or(env.int, "MAX_IMAGE_BYTES", 10 * MIB)
# Images with more pixels than this are refused (a guard against decompression bombs).
MUSEWAVE_MAX_IMAGE_PIXELS = env_or(env.int, "MAX_IMAGE_PIXELS", 40_000_000)
# JSON bodies of the routes that take `data:` URLs (track and user create/update).
MUSEWAVE_MEDIA_MAX_BODY_BYTES = env_or(env.int, "MEDIA_MAX_BODY_BYTES", 64 * MIB)
# Bit rate of the AAC streaming rendition, e.g. 128k or 192000.
MUSEWAVE_STREAM_BITRATE = env_or(env.str, "STREAM_BITRATE", "128k")
# Delivery: how long a signed stream link (and a presigned object-store URL) works, how long a
# CDN or browser may keep a published track's stream, and the internal nginx location that
# serves MEDIA_ROOT when the app hands the bytes to nginx (`X-Accel-Redirect`; empty: the app
# sends them itself).
MUSEWAVE_STREAM_URL_SECONDS = env_or(env.int, "STREAM_URL_SECONDS", 60 * 60)
MUSEWAVE_STREAM_CACHE_SECONDS = env_or(env.int, "STREAM_CACHE_SECONDS", 60 * 60)
MUSEWAVE_MEDIA_ACCEL_REDIRECT = env_or(env.str, "MEDIA_ACCEL_REDIRECT", "")
# Non-file form fields and JSON bodies are bounded per route by config.middleware; this is the
# largest of those bounds.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(MUSEWAVE_MAX_BODY_BYTES, MUSEWAVE_MEDIA_MAX_BODY_BYTES)
# Uploaded files above this size wait in a temporary file rather than in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * MIB

MEDIA_ROOT = env_or(env.str, "MEDIA_ROOT", str(BASE_DIR / "media"))
# Stored files' URLs are absolute (the URL fields of the API hold them); set it to the public
# address that serves MEDIA_ROOT. With DEBUG on the app serves it itself.
MEDIA_URL = env_or(env.str, "MEDIA_URL", "http://localhost:5000/media/")
AWS_STORAGE_BUCKET_NAME = env_or(env.str, "AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible object storage (django-storages); credentials as boto3 reads them
    # (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) or from the settings below.
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "access_key": env_or(env.str, "AWS_ACCESS_KEY_ID", None),
            "secret_key": env_or(env.str, "AWS_SECRET_ACCESS_KEY", None),
            "region_name": env_or(env.str, "AWS_S3_REGION_NAME", None),
            "endpoint_url": env_or(env.str, "AWS_S3_ENDPOINT_URL", None),
            "custom_domain": env_or(env.str, "AWS_S3_CUSTOM_DOMAIN", None),
            "location": env_or(env.str, "AWS_LOCATION", ""),
            "querystring_auth": env_or(env.bool, "AWS_QUERYSTRING_AUTH", False),
            # Presigned URLs (private buckets, stream and download hand-offs) by Signature V4,
            # which every region accepts.
            "signature_version": env_or(env.str, "AWS_S3_SIGNATURE_VERSION", "s3v4"),
            "file_overwrite": False,
            "default_acl": env_or(env.str, "AWS_DEFAULT_ACL", None),
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

# --- Background jobs (Celery) ----------------------------------------------------------------
# The broker defaults to REDIS_URL; with neither set, jobs run in-process (eager mode) so that
# development needs nothing but Python.
CELERY_BROKER_URL = env_or(env.str, "CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env_or(env.bool, "CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A job is acknowledged when it has run, so a worker that dies mid-job leaves it to another.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_or(env.str, "CELERY_QUEUE", "musewave")

# --- Bounds of stored data: a value outside is refused (400, or OperationInfo, on its field) ----
# Seconds one play may last at most; with a known track duration, at most that plus the margin.
MUSEWAVE_MAX_PLAY_SECONDS = env_or(env.float, "MAX_PLAY_SECONDS", 24 * 60 * 60.0)
MUSEWAVE_PLAY_DURATION_MARGIN_SECONDS = env_or(env.float, "PLAY_DURATION_MARGIN_SECONDS", 5.0)
# Longest track (seconds), fastest tempo, largest audio file (bytes).
MUSEWAVE_MAX_AUDIO_SECONDS = env_or(env.float, "MAX_AUDIO_SECONDS", 24 * 60 * 60.0)
MUSEWAVE_MAX_BPM = env_or(env.int, "MAX_BPM", 999)
MUSEWAVE_MAX_AUDIO_BYTES = env_or(env.int, "MAX_AUDIO_BYTES", 4 * 1024**3)
# Sizes of text: tags per track and characters per tag, characters of a track's or album's
# description, bytes (UTF-8) of a track's waveform data.
MUSEWAVE_MAX_TAGS = env_or(env.int, "MAX_TAGS", 30)
MUSEWAVE_MAX_TAG_CHARS = env_or(env.int, "MAX_TAG_CHARS", 50)
MUSEWAVE_MAX_DESCRIPTION_CHARS = env_or(env.int, "MAX_DESCRIPTION_CHARS", 5000)
MUSEWAVE_MAX_WAVEFORM_BYTES = env_or(env.int, "MAX_WAVEFORM_BYTES", 64 * 1024)

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# WhiteNoise serves static files (the admin, Swagger UI, GraphiQL) from the app server itself;
# in production from `collectstatic` output, compressed and with hashed names.
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- CORS: explicit origins only -----------------------------------------------------------------
CORS_ALLOWED_ORIGINS = env_or(
    env.list,
    "CORS_ALLOWED_ORIGINS",
    [
        "http://localhost:3000",
        "http://127.0.0.1:3000",
        "http://localhost:5173",
        "http://127.0.0.1:5173",
    ]
    if DEBUG
    else [],
)
# Credentials only ever go with the explicit list above, never with a wildcard.
CORS_ALLOW_CREDENTIALS = True
CORS_URLS_REGEX = r"^/(musewave|api|graphql).*$"
# Browser apps may read the request id, to quote it when they report an error, and the headers
# a player that fetches audio itself (Web Audio, wavesurfer.js) needs to seek.
CORS_EXPOSE_HEADERS = ["X-Request-ID", "Accept-Ranges", "Content-Range", "ETag"]
# ... and send `Range` (and the validators) in such a fetch.
CORS_ALLOW_HEADERS = (*default_cors_headers, "range", "if-none-match", "if-range")

# --- REST framework ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_compat.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_compat.renderers.FastJSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "rest_compat.openapi.LegacyAutoSchema",
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "rest_compat.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MuseWave REST API",
    "DESCRIPTION": "The legacy-compatible REST API of MuseWave (`/musewave/…`).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get their own components, so that required strings say they cannot be
    # blank (minLength 1) where answers may hold empty strings.
    "COMPONENT_SPLIT_REQUEST": True,
    "CONTACT": {
        "name": env_or(env.str, "OPENAPI_CONTACT_NAME", "MuseWave API"),
        "url": env_or(env.str, "OPENAPI_CONTACT_URL", "https://musewave.app"),
    },
    # Served, the document names the server that served it (rest_compat.openapi.document_servers);
    # generated offline (`manage.py spectacular`), this one.
    "SERVERS": [
        {
            "url": env_or(env.str, "OPENAPI_SERVER_URL", "http://localhost:5000"),
            "description": "The API server.",
        }
    ],
    "TAGS": [
        {"name": name, "description": description}
        for name, description in (
            ("users", "Profiles, sign-up, artists and user statistics."),
            ("tracks", "Tracks: list, upload, edit, delete, statistics."),
            ("albums", "Albums of an owner's tracks."),
            ("likes, plays and downloads", "Listening activity; each moves the track's counter."),
            ("follows", "Who follows whom."),
            ("search", "Ranked search over published tracks and users."),
            (
                "playlists",
                "Ordered, shareable lists of tracks (new paths beside the legacy ones).",
            ),
            ("media", "A track's audio: the stream (byte ranges), links to it, downloads."),
            ("authentication", "Bearer tokens: log in, refresh, log out."),
            ("notifications", "The signed-in user's notifications."),
            ("feed", "The signed-in user's feed: followed artists' tracks and reposts."),
        )
    ],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "rest_compat.openapi.document_servers",
    ],
    # The default description is the legacy one; /api/ has its own (rest_compat.express_urls).
    "PREPROCESSING_HOOKS": ["rest_compat.openapi.legacy_paths_only"],
    # Swagger UI's assets are served from this project (drf-spectacular-sidecar), not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_or(env.int, "JWT_ACCESS_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_or(env.int, "JWT_REFRESH_DAYS", 7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "SIGNING_KEY": SECRET_KEY,
}

# --- GraphQL -------------------------------------------------------------------------------------
GRAPHIQL = DEBUG or env_or(env.bool, "GRAPHIQL", False)
# Schema introspection (GraphiQL needs it) and "Did you mean …?" suggestions in error messages:
# on in development and wherever GraphiQL is served, off by default in production.
GRAPHQL_INTROSPECTION = env_or(env.bool, "GRAPHQL_INTROSPECTION", GRAPHIQL)
GRAPHQL_SUGGESTIONS = env_or(env.bool, "GRAPHQL_SUGGESTIONS", DEBUG)
# The most list items one operation may ask for: each paginated field's page size times the
# page sizes of the lists it is nested in, summed over the operation (checked before it runs).
GRAPHQL_MAX_COST = env_or(env.int, "GRAPHQL_MAX_COST", 10_000)
# How deep a query may nest, how many aliases and how many tokens its document may hold.
GRAPHQL_MAX_DEPTH = env_or(env.int, "GRAPHQL_MAX_DEPTH", 10)
GRAPHQL_MAX_ALIASES = env_or(env.int, "GRAPHQL_MAX_ALIASES", 30)
GRAPHQL_MAX_TOKENS = env_or(env.int, "GRAPHQL_MAX_TOKENS", 3000)
# How many distinct query documents are kept parsed and validated (a client's queries repeat;
# each text is parsed and checked once while it is among the most recent ones).
GRAPHQL_DOCUMENT_CACHE_SIZE = env_or(env.int, "GRAPHQL_DOCUMENT_CACHE_SIZE", 256)
# Page sizes of every GraphQL list and connection: the size when the client gives none (offset
# lists and the feed's and notifications' cursors) and the most a page may hold (a connection
# without `first` returns that many). strawberry-django's pagination reads them from here.
GRAPHQL_PAGE_SIZE = env_or(env.int, "GRAPHQL_PAGE_SIZE", 20)
GRAPHQL_MAX_PAGE_SIZE = env_or(env.int, "GRAPHQL_MAX_PAGE_SIZE", 100)
STRAWBERRY_DJANGO = {
    "PAGINATION_DEFAULT_LIMIT": GRAPHQL_PAGE_SIZE,
    "PAGINATION_MAX_LIMIT": GRAPHQL_MAX_PAGE_SIZE,
    "FIELD_DESCRIPTION_FROM_HELP_TEXT": True,
    "TYPE_DESCRIPTION_FROM_MODEL_DOCSTRING": True,
    # Mutations are declared with `schema.core.mutations.mutation`, whose payload carries
    # MuseWave's own `OperationInfo` (with `ErrorCode`), not strawberry-django's.
    "MUTATIONS_DEFAULT_HANDLE_ERRORS": False,
}

# --- Content-Security-Policy (django-csp) ---------------------------------------------------------
# Every response gets the strict policy: the API answers JSON, which loads and runs nothing.
# The HTML pages get their own, by path (config.middleware.ContentSecurityPolicyMiddleware).
_CSP_REPORT_URI = env_or(env.list, "CSP_REPORT_URI", [])
_CSP_LOCKED = {"base-uri": [NONE], "form-action": [NONE], "frame-ancestors": [NONE]}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {"default-src": [NONE], **_CSP_LOCKED, "report-uri": _CSP_REPORT_URI or None}
}
# Swagger UI (both REST dialects): its bundle from drf-spectacular-sidecar and its start-up
# script, both served here; the page's small <style> block and the styles it sets inline.
_SWAGGER_UI = {
    "default-src": [NONE],
    "script-src": [SELF],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    **_CSP_LOCKED,
}
MUSEWAVE_CSP_PAGES = {
    # The admin: its own scripts, styles and forms only.
    "/admin/": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
    "/musewave/docs": _SWAGGER_UI,
    "/api/docs": _SWAGGER_UI,
    # Strawberry's GraphiQL: its scripts and styles come from unpkg.com (pinned, with SRI); its
    # inline script runs with this response's nonce; queries and subscriptions go to this host.
    "/graphql": {
        "default-src": [NONE],
        "script-src": [NONCE, "https://unpkg.com"],
        "style-src": [SELF, UNSAFE_INLINE, "https://unpkg.com"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:", "https://unpkg.com"],
        "connect-src": [SELF],
        **_CSP_LOCKED,
    },
}

# --- Live updates: GraphQL subscriptions over WebSocket (Django Channels) ------------------------
# Events reach subscribers through the channel layer: in process memory by default (one server
# process), Redis when REDIS_URL is set (every worker and process sees every event). The Redis
# layer is channels-redis's publish/subscribe one: an event is published once per group and each
# process hands it to its own subscribers, which keeps one track's thousand subscribers cheap.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": f"{env_or(env.str, 'CACHE_KEY_PREFIX', 'musewave')}:live",
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Operations one WebSocket connection may run at once, and connections one signed-in user may
# hold at once (over every worker when REDIS_URL is set).
MUSEWAVE_WS_MAX_SUBSCRIPTIONS = env_or(env.int, "WS_MAX_SUBSCRIPTIONS_PER_CONNECTION", 20)
MUSEWAVE_WS_MAX_CONNECTIONS_PER_USER = env_or(env.int, "WS_MAX_CONNECTIONS_PER_USER", 10)
# Seconds a new connection has to send `connection_init` before it is closed (4408).
MUSEWAVE_WS_INIT_TIMEOUT_SECONDS = env_or(env.int, "WS_INIT_TIMEOUT_SECONDS", 10)

# --- Production hardening (active when DEBUG is off) ---------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_or(env.bool, "SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_or(env.int, "SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_TRUSTED_ORIGINS = env_or(env.list, "CSRF_TRUSTED_ORIGINS", [])

# --- Operations: health, metrics, logs, error reporting --------------------------------------
# Load balancers and probes poll /health/live and /health/ready over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]

# /metrics (Prometheus) is served only when enabled, and only to these addresses (the client's
# address as TRUSTED_PROXIES reads it) or to a request with `Authorization: Bearer METRICS_TOKEN`.
METRICS_ENABLED = env_or(env.bool, "METRICS_ENABLED", False)
METRICS_ALLOWED_IPS = env_or(env.list, "METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
METRICS_TOKEN = env_or(env.str, "METRICS_TOKEN", "")
# Set (to a directory), workers of one server share their metrics; set but empty means unset.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR", "unset").strip():
    del os.environ["PROMETHEUS_MULTIPROC_DIR"]

# Readiness probes give each dependency this many seconds before calling it unavailable.
HEALTH_CHECK_TIMEOUT_SECONDS = env_or(env.float, "HEALTH_CHECK_TIMEOUT_SECONDS", 3.0)

# Request ids: a valid UUID in X-Request-ID (from the proxy) is kept, anything else replaced by a
# new one; the response echoes it and every log line carries it.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    # Browsers may read it through CORS_EXPOSE_HEADERS below (django-guid's own would replace
    # any other exposed header).
    "EXPOSE_HEADER": False,
    "UUID_FORMAT": "hex",
    "INTEGRATIONS": [],
}

# JSON lines in production, readable lines in development; LOG_FORMAT=json|console overrides.
LOG_FORMAT = env_or(env.str, "LOG_FORMAT", "console" if DEBUG else "json")
if LOG_FORMAT not in ("json", "console"):
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'console'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "django_guid.log_filters.CorrelationId",
            "correlation_id_field": "request_id",
        }
    },
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "console": {
            "()": "config.logs.ConsoleFormatter",
            "format": "%(asctime)s %(levelname)-7s [%(request_id)s] %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_or(env.str, "LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Its lines about each incoming header (a line per request) come before the id is set.
        "django_guid": {"level": "ERROR"},
    },
}

# Error reporting: with SENTRY_DSN set, unhandled errors go to Sentry with the request id and
# without personal data.
SENTRY_DSN = env_or(env.str, "SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env_or(env.str, "SENTRY_ENVIRONMENT", "development" if DEBUG else "production")
SENTRY_TRACES_SAMPLE_RATE = env_or(env.float, "SENTRY_TRACES_SAMPLE_RATE", 0.0)
if SENTRY_DSN:
    from config.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT,
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
    )

TEST_RUNNER = "config.test_runner.PytestTestRunner"
