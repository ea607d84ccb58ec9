"""Settings shared by every environment, with safe defaults.

Every environment variable Grip reads is read in this package and documented here and in the
README ("Configuration").
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from grip.settings.environment import database_from_url, env_bool, env_int, env_list

SOURCE_DIR = Path(__file__).resolve().parent.parent  # src/grip
# GRIP_VAR_DIR: where the embedded database, the generated dev secret and collected static
# files live. Default: var/ in the working directory.
VAR_DIR = Path(os.environ.get("GRIP_VAR_DIR", Path.cwd() / "var")).resolve()

# GRIP_DEBUG: show Django's debug pages. Never true in production (refused there).
DEBUG = env_bool("GRIP_DEBUG", default=False)

# GRIP_ALLOWED_HOSTS: comma-separated host names this instance answers to.
ALLOWED_HOSTS = env_list("GRIP_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# GRIP_DATABASE_URL: sqlite:////abs/path.sqlite3 or postgres://user:pass@host:5432/name.
# Default: an embedded SQLite file under var/.
DATABASE_URL = os.environ.get("GRIP_DATABASE_URL", f"sqlite:///{VAR_DIR / 'grip.sqlite3'}")
DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

SECRET_KEY = ""  # set by dev (generated once), test (fixed) or production (required)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc served locally, no CDN
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Grip's domain apps, lowest layer first (DESIGN.md).
    "grip.core",
    "grip.organisation",
    "grip.participants",
    "grip.frameworks",
    "grip.sites",
    "grip.programmes",
    "grip.cases",
    "grip.mandates",
    "grip.enforcement",
    "grip.hours",
    "grip.planning",
    "grip.finance",
    "grip.kpis",
    "grip.reporting",
    "grip.dataplatform",
    # Thin layers on top.
    "grip.api",
    "grip.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "grip.core.tracing.TraceMiddleware",  # request.trace_id for the access log
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "grip.urls"
WSGI_APPLICATION = "grip.wsgi.application"

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
                "grip.web.context_processors.navigation",
            ],
        },
    },
]

# --- authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts failures and refuses locked-out log-ins
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # verifies older hashes, then upgrades
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
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:login"

# GRIP_LOGIN_FAILURE_LIMIT: failed log-ins before an account/address pair is locked out.
AXES_FAILURE_LIMIT = env_int("GRIP_LOGIN_FAILURE_LIMIT", default=5, minimum=1)
# GRIP_LOGIN_COOLOFF_MINUTES: how long a lock-out lasts.
AXES_COOLOFF_TIME = env_int("GRIP_LOGIN_COOLOFF_MINUTES", default=30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
# The interface is Dutch; an English catalogue can be added later through LANGUAGES.
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [SOURCE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- background tasks (Django's tasks API through django-tasks) --------------------------------
# GRIP_TASKS_IMMEDIATE: run tasks in-process (the embedded default); false queues them in the
# database for `grip db_worker` processes.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("GRIP_TASKS_IMMEDIATE", default=True)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- e-mail (notifications) -------------------------------------------------------------------
# GRIP_EMAIL_BACKEND: development prints mails on the console; production sends them through
# GRIP_EMAIL_HOST (see production.py).
EMAIL_BACKEND = os.environ.get(
    "GRIP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# GRIP_DEFAULT_FROM_EMAIL: the sender of Grip's notifications.
DEFAULT_FROM_EMAIL = os.environ.get("GRIP_DEFAULT_FROM_EMAIL", "Grip <grip@localhost>")
# GRIP_BASE_URL: where users reach Grip, for the links in notifications.
BASE_URL = os.environ.get("GRIP_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# GRIP_PSEUDONYM_KEY: the key of the keyed hash (HMAC-SHA256) that pseudonymises personal data
# in the analytics export and in the access log. Separate from SECRET_KEY, so rotating one
# never changes the other; set per environment below.
PSEUDONYM_KEY = ""
# GRIP_PUBLISHER_URI / GRIP_PUBLISHER_NAME: the publisher of the open datasets (DCAT-AP-NL),
# preferably a URI from the TOOI lists.
PUBLISHER_URI = os.environ.get("GRIP_PUBLISHER_URI", "https://www.odzob.nl")
PUBLISHER_NAME = os.environ.get("GRIP_PUBLISHER_NAME", "Omgevingsdienst Zuidoost-Brabant")
# GRIP_ARCHIVE_TRANSFER_TERM: ISO 8601 duration from a case's closure until a case kept
# permanently is transferred to the archive repository (Archiefwet 1995 art. 12: twenty years).
ARCHIVE_TRANSFER_TERM = os.environ.get("GRIP_ARCHIVE_TRANSFER_TERM", "P20Y")

# GRIP_FOLLOW_UP_REMINDER_DAYS: a follow-up's owner is reminded this many days before it is due.
GRIP_FOLLOW_UP_REMINDER_DAYS = env_int("GRIP_FOLLOW_UP_REMINDER_DAYS", default=3)

# --- API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous request gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["grip.api.permissions.HasModelPermission"],
    "DEFAULT_PAGINATION_CLASS": "grip.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "grip.api.problems.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Grip API",
    "DESCRIPTION": (
        "The REST API of Grip: participants, organisation, the product catalogue and work "
        "programmes, and (later) cases, hours and indicators of an omgevingsdienst. "
        "Errors are application/problem+json (RFC 9457)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "LICENSE": {"name": "EUPL-1.2", "url": "https://opensource.org/licenses/EUPL-1.2"},
    "ENUM_NAME_OVERRIDES": {
        "TeamKindEnum": "grip.organisation.models.TeamKind",
        "ParticipantKindEnum": "grip.participants.models.ParticipantKind",
        "ContactRoleEnum": "grip.participants.models.ContactRole",
        "InteractionKindEnum": "grip.participants.models.InteractionKind",
        "FollowUpStatusEnum": "grip.participants.models.FollowUpStatus",
        "RequestKindEnum": "grip.participants.models.RequestKind",
        "RequestStatusEnum": "grip.participants.models.RequestStatus",
        "NotificationKindEnum": "grip.core.models.NotificationKind",
        "VersionStatusEnum": "grip.programmes.constants.VersionStatus",
        "ExtraWorkStatusEnum": "grip.programmes.constants.ExtraWorkStatus",
        "RelatedWorkKindEnum": "grip.programmes.constants.RelatedWorkKind",
        "CaseStatusEnum": "grip.cases.constants.CaseStatus",
        "CaseResultEnum": "grip.cases.constants.CaseResult",
        "ArchiveNominationEnum": "grip.cases.constants.ArchiveNomination",
        "ArchiveStatusEnum": "grip.cases.constants.ArchiveStatus",
        # Named before the case result came; kept so that the name does not change.
        "ResultEnum": "grip.enforcement.constants.FindingResult",
        "UnitEnum": "grip.frameworks.constants.Unit",
        "IndicatorUnitEnum": "grip.kpis.constants.Unit",
        "SnapshotKindEnum": "grip.kpis.constants.SnapshotKind",
        "StepStatusEnum": "grip.kpis.constants.StepStatus",
        "ReportKindEnum": "grip.reporting.constants.ReportKind",
        "ReportStatusEnum": "grip.reporting.constants.ReportStatus",
        "PackStatusEnum": "grip.reporting.constants.PackStatus",
        "FileFormatEnum": "grip.reporting.constants.FileFormat",
        "ModelStatusEnum": "grip.planning.constants.ModelStatus",
        "RuleKindEnum": "grip.planning.constants.RuleKind",
        "PlanStatusEnum": "grip.planning.constants.PlanStatus",
        "ItemKindEnum": "grip.planning.constants.ItemKind",
        "ItemReasonEnum": "grip.planning.constants.Reason",
        "DatasetKindEnum": "grip.dataplatform.models.DatasetKind",
        "DataRoleEnum": "grip.dataplatform.models.DataRole",
        "CheckKindEnum": "grip.dataplatform.models.CheckKind",
        "IncidentStatusEnum": "grip.dataplatform.models.IncidentStatus",
        # Named before the planning reasons came; kept so that the name does not change.
        "ReasonEnum": "grip.cases.constants.SuspensionReason",
        # The values of grip.cases.deadlines.DeadlineState (a plain enum, not Django choices).
        "DeadlineStateEnum": ["op_tijd", "bijna", "verlopen", "opgeschort", "afgerond"],
    },
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],  # the schema is public
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Grip's own settings ------------------------------------------------------------------------
# GRIP_FULLTIME_HOURS: hours a week of a full-time job, the denominator of FTE (Cao Gemeenten: 36).
GRIP_FULLTIME_HOURS = env_int("GRIP_FULLTIME_HOURS", default=36, minimum=1)

# GRIP_DECLARABLE_NORM_HOURS: declarable hours a full-time employee (1 FTE) is expected to book in
# a year; the norm the declarable share is measured against.
GRIP_DECLARABLE_NORM_HOURS = env_int("GRIP_DECLARABLE_NORM_HOURS", default=1300, minimum=1)

# GRIP_FORECAST_WARNING_PERCENT: a participant's year-end forecast that deviates from its plan by
# more than this percentage (either way) is flagged on the realisation pages and in the API.
GRIP_FORECAST_WARNING_PERCENT = env_int("GRIP_FORECAST_WARNING_PERCENT", default=10, minimum=0)

# GRIP_SERVICE_NAME: the omgevingsdienst's name as decisions taken in mandate carry it in their
# "namens" line (Awb 10:10).
GRIP_SERVICE_NAME = os.environ.get("GRIP_SERVICE_NAME", "Omgevingsdienst Zuidoost-Brabant")

# GRIP_DOCUMENT_MAX_MB: the largest file a case's dossier accepts, in megabytes.
GRIP_DOCUMENT_MAX_MB = env_int("GRIP_DOCUMENT_MAX_MB", default=100, minimum=1)

# GRIP_MEDIA_DIR: where uploaded files (case documents) are stored. Default: var/media.
MEDIA_ROOT = Path(os.environ.get("GRIP_MEDIA_DIR", VAR_DIR / "media")).resolve()
MEDIA_URL = "/media/"  # never served directly: documents are downloaded through a checked view

# GRIP_LOG_LEVEL: the root log level (DEBUG, INFO, WARNING, ERROR); default INFO.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GRIP_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every step of every PDF at INFO; its warnings still show.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
