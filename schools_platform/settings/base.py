"""Settings shared by every runtime.

Defaults are the embedded runtime (SQLite, eager Celery, local media) so a newcomer needs no
environment at all. Production overrides live in ``production.py`` and refuse to start without
the values a real deployment must set. Every variable is documented in docs/configuration.md.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "schools_platform"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# Only the embedded/dev runtime may use this key; production.py demands a real one.
SECRET_KEY = env.str("SECRET_KEY", default="embedded-insecure-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "schools_platform.core",
    "schools_platform.registry",
    "schools_platform.equality",
    "schools_platform.imports",
    "schools_platform.representation",
    "schools_platform.home",
    "schools_platform.api",
    "schools_platform.dashboard",
    "governors",
    "governors.recruitment",
    "admissions",
    "admissions.engine",
    "cpd",
    "cpd.evaluation",
    "cpd.network",
    "policies",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
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
    "guardian",
    "import_export",
    "django_celery_beat",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Security headers (docs/security.md): CSP on every answer, no-store when signed in.
    "schools_platform.core.security.PathCSPMiddleware",
    "schools_platform.core.security.NoStoreMiddleware",
    "schools_platform.core.actor.CurrentActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it must see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]
# A database or broker outage in a view is a 503 page with Retry-After (core/errors.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("axes.middleware.AxesMiddleware"),
    "schools_platform.core.errors.ServiceUnavailableMiddleware",
)

ROOT_URLCONF = "schools_platform.urls"
WSGI_APPLICATION = "schools_platform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schools_platform.core.context_processors.navigation",
            ],
        },
    }
]


def configure_database(db: dict) -> dict:
    """Options every runtime needs for its database URL."""
    db["ATOMIC_REQUESTS"] = False
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # Several threads or workers write (audit rows on reads, too): take the write lock at
        # BEGIN and wait for it, rather than failing with "database is locked" mid-transaction.
        db.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    return db


DATABASES = {
    "default": configure_database(
        env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    ),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend first so a locked-out user is refused before the others run.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home-dashboard"
LOGOUT_REDIRECT_URL = "/"

# django-axes: lock an account+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Client address for the lockout (django-ipware): the embedded runtime has no proxy, so only
# REMOTE_ADDR counts; production.py trusts PROXY_COUNT hops of X-Forwarded-For. Not strict:
# extra addresses a client puts in front of the header are ignored, never a reason to fall
# back to the proxy's own address (which would lock everyone out together).
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
IPWARE_STRICT = False

# django-guardian: no anonymous object permissions; the public sees public pages only.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = env.str("STATIC_URL", default="/static/")
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Files that are not public (import files, failed-rows files, evidence, attachments): outside
# MEDIA_ROOT, no public URL, served only by core.private_files (a permission check per file).
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "schools_platform.core.private_files.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads: imports have their own, larger, per-view limit (IMPORT_MAX_UPLOAD_MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_UPLOAD_MB = env.int("IMPORT_MAX_UPLOAD_MB", default=20)
# Import pipeline limits (docs/modules/imports.md): rows and columns of a file, and the zip
# checks made on an XLSX before openpyxl opens it (ASVS 5.2.3).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=100_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=400)
IMPORT_XLSX_MAX_ENTRIES = env.int("IMPORT_XLSX_MAX_ENTRIES", default=100)
IMPORT_XLSX_MAX_UNPACKED_MB = env.int("IMPORT_XLSX_MAX_UNPACKED_MB", default=200)
IMPORT_XLSX_MAX_RATIO = env.int("IMPORT_XLSX_MAX_RATIO", default=100)
# Background work of the pipeline (imports/jobs.py): files up to this size are checked inside
# the upload request, larger ones by a background task with progress on the job page.
IMPORT_CHECK_IN_REQUEST_MAX_KB = env.int("IMPORT_CHECK_IN_REQUEST_MAX_KB", default=256)
# The sweep sends again a queued job whose task has not started after this long (broker down).
IMPORT_RESEND_AFTER_MINUTES = env.int("IMPORT_RESEND_AFTER_MINUTES", default=5)
# ... and fails a running import with no live run and no progress for this long (worker lost).
IMPORT_STALLED_AFTER_MINUTES = env.int("IMPORT_STALLED_AFTER_MINUTES", default=30)

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://schools-platform"),
}

# Wagtail
WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="Schools equity platform")
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Celery: JSON only; eager in the embedded runtime so nothing else needs to run.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The periodic tasks; `manage.py run_periodic_tasks` runs each once in the embedded runtime.
CELERY_BEAT_SCHEDULE = {
    "guardian-clean-orphan-permissions": {
        "task": "schools_platform.core.tasks.clean_orphan_object_permissions",
        "schedule": crontab(hour=3, minute=0, day_of_week=0),
    },
    "imports-sweep-jobs": {
        "task": "schools_platform.imports.tasks.sweep_import_jobs",
        "schedule": crontab(minute="*/5"),
    },
    "equality-apply-retention": {
        "task": "schools_platform.equality.tasks.apply_retention_policy",
        "schedule": crontab(hour=2, minute=15),
    },
    "cpd-send-reminders": {
        "task": "cpd.tasks.send_cpd_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "cpd-schedule-follow-ups": {
        "task": "cpd.tasks.schedule_follow_up_sessions",
        "schedule": crontab(hour=6, minute=45),
    },
    "cpd-evaluation-survey-invitations": {
        "task": "cpd.evaluation.tasks.send_survey_invitations",
        "schedule": crontab(hour=7, minute=15),
    },
    "policies-equality-duty-reminders": {
        "task": "policies.tasks.send_equality_duty_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "admissions-deadline-reminders": {
        "task": "admissions.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=45),
    },
    "policies-review-reminders": {
        "task": "policies.tasks.send_review_reminders",
        "schedule": crontab(hour=7, minute=35),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so API clients get 401 with a WWW-Authenticate header, not 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "schools_platform.api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env.str("API_USER_RATE", default="2000/hour")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Schools equity platform API",
    "DESCRIPTION": "Read and write access to the platform, scoped by the caller's permissions.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["schools_platform.api.schema.only_platform_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "schools_platform.api.schema.document_error_responses",
    ],
}

# django-import-export: only officers with the named permissions may import or export,
# inside a transaction, with the admin log kept.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_FORMATS = [
    "import_export.formats.base_formats.CSV",
    "import_export.formats.base_formats.XLSX",
]

# Disclosure control default (per-authority overrides live on the Authority record).
DISCLOSURE_SUPPRESS_UP_TO = env.int("DISCLOSURE_SUPPRESS_UP_TO", default=7)
DISCLOSURE_ROUND_TO = env.int("DISCLOSURE_ROUND_TO", default=5)
# Percentages are shown only for groups of at least this many people.
DISCLOSURE_MIN_PERCENTAGE_BASE = env.int("DISCLOSURE_MIN_PERCENTAGE_BASE", default=30)
# Months after which an unsuccessful applicant's equality profile is deleted.
EQUALITY_RETENTION_MONTHS = env.int("EQUALITY_RETENTION_MONTHS", default=6)

# Mounts bench/bare/, the baseline view for bench/run.py; never set in a real deployment.
BENCHMARK_ENDPOINTS = env.bool("BENCHMARK_ENDPOINTS", default=False)

# Content-Security-Policy (django-csp 4; docs/security.md). Public and member pages: everything
# from the platform itself, inline script only with the request's nonce, no inline style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail and Django admins render inline <script> (inline panels, date pickers) and inline
# style attributes, so they get 'unsafe-inline' for those two; still nothing from other hosts.
_ADMIN_CSP = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
}
CONTENT_SECURITY_POLICY_BY_PATH = {"/admin/": _ADMIN_CSP, "/django-admin/": _ADMIN_CSP}
# No avatars from Gravatar: the platform makes no request to an outside host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# E-mail (core.notifications): printed to the console in the embedded runtime; production
# defaults to SMTP with the settings below (docs/configuration.md).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@schools-platform.invalid")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
# Quiet start-up banner; lockouts are still logged.
AXES_VERBOSE = False

# The appeal panel engine (admissions/engine/solver.py: DEFAULT_WEIGHTS names each term).
# Overrides of the objective's default weights; a clerk can change them again per run.
ADMISSIONS_ENGINE_WEIGHTS = env.json("ADMISSIONS_ENGINE_WEIGHTS", default={})
ADMISSIONS_ENGINE_TIME_LIMIT = env.int("ADMISSIONS_ENGINE_TIME_LIMIT", default=60)
ADMISSIONS_ENGINE_WORKERS = env.int("ADMISSIONS_ENGINE_WORKERS", default=2)
# Choose at random among near-optimal rosters (seed recorded on the run); off by default.
ADMISSIONS_ENGINE_RANDOMISE = env.bool("ADMISSIONS_ENGINE_RANDOMISE", default=False)
# CPD follow-ups (cpd/services.py schedule_follow_ups): a reflection session the platform
# creates has this many places and this online link (blank: it only books the sessions the
# programme lead scheduled).
CPD_FOLLOW_UP_CAPACITY = env.int("CPD_FOLLOW_UP_CAPACITY", default=20)
CPD_FOLLOW_UP_ONLINE_URL = env.str("CPD_FOLLOW_UP_ONLINE_URL", default="")
# CPD evaluation (cpd/evaluation/pseudonyms.py): the key of the survey pseudonyms. Kept apart
# from SECRET_KEY so that rotating one never relinks the other; production sets its own.
CPD_EVALUATION_PSEUDONYM_KEY = env.str(
    "CPD_EVALUATION_PSEUDONYM_KEY", default="embedded-insecure-pseudonym-key"
)
