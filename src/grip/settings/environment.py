"""Reading settings from the environment with one clear sentence when a value is wrong."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, *, default: bool) -> bool:
    """A yes/no setting: 1/0, true/false, yes/no or on/off."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value; use true or false.")


def env_list(name: str, *, default: list[str]) -> list[str]:
    """A comma-separated list, such as host names."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


SUPPORTED_ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}


def database_from_url(url: str) -> dict[str, Any]:
    """Parse GRIP_DATABASE_URL (sqlite:///path or postgres://user:pass@host:port/name)."""
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as error:  # dj-database-url raises several types for a broken URL
        raise ImproperlyConfigured(
            f"GRIP_DATABASE_URL={url!r} is not a valid database URL ({error}); "
            "use sqlite:////absolute/path.sqlite3 or postgres://user:password@host:5432/name."
        ) from None
    if config.get("ENGINE") not in SUPPORTED_ENGINES:
        raise ImproperlyConfigured(
            f"GRIP_DATABASE_URL={url!r} names an unsupported database; Grip runs on SQLite "
            "and PostgreSQL."
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"GRIP_DATABASE_URL={url!r} names no database.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # WAL lets the web process read while a background task writes.
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
        name = config.get("NAME") or ""
        if name and name != ":memory:":
            Path(name).parent.mkdir(parents=True, exist_ok=True)
    return config


def secret_key_from_file(path: Path) -> str:
    """A development secret generated once into var/ so sessions survive restarts."""
    from django.core.management.utils import get_random_secret_key

    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key()
    path.write_text(key)
    path.chmod(0o600)
    return key
