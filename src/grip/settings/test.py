"""The test suite: fast hashing, a fixed secret, in-process tasks."""

import tempfile
from pathlib import Path

from grip.settings.base import *

SECRET_KEY = "test-only-secret-key-not-for-any-real-instance-0123456789"  # noqa: S105
PSEUDONYM_KEY = "test-only-pseudonym-key-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only, tests only
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# No persistent connections: a thread's (the live server's) open connection would block
# PostgreSQL from dropping the test database at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Uploaded documents of one test run go to a fresh temporary directory, never to var/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="grip-test-media-"))
