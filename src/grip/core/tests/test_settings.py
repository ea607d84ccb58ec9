"""Bad configuration gives one clear sentence, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from grip.settings.environment import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    secret_key_from_file,
)


def test_env_bool(monkeypatch):
    monkeypatch.setenv("GRIP_X", "Yes")
    assert env_bool("GRIP_X", default=False) is True
    monkeypatch.setenv("GRIP_X", "0")
    assert env_bool("GRIP_X", default=True) is False
    monkeypatch.setenv("GRIP_X", "misschien")
    with pytest.raises(ImproperlyConfigured, match="GRIP_X='misschien' is not a yes/no value"):
        env_bool("GRIP_X", default=False)
    monkeypatch.delenv("GRIP_X")
    assert env_bool("GRIP_X", default=True) is True


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("GRIP_N", "7")
    assert env_int("GRIP_N", default=1) == 7
    monkeypatch.setenv("GRIP_N", "zeven")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("GRIP_N", default=1)
    monkeypatch.setenv("GRIP_N", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("GRIP_N", default=1, minimum=1)
    monkeypatch.setenv("GRIP_HOSTS", "a.example, b.example,,")
    assert env_list("GRIP_HOSTS", default=[]) == ["a.example", "b.example"]


def test_database_urls(tmp_path):
    sqlite = database_from_url(f"sqlite:///{tmp_path}/sub/grip.sqlite3")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert (tmp_path / "sub").is_dir()
    postgres = database_from_url("postgres://grip:geheim@db.example:5432/grip")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert postgres["NAME"] == "grip"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("foo://x", "is not a valid database URL"),
        ("mysql://u:p@h/db", "unsupported database"),
        ("postgres://host-only", "names no database"),
    ],
)
def test_broken_database_urls(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url(url)


def test_dev_secret_is_generated_once(tmp_path):
    path = tmp_path / "var" / "secret_key"
    first = secret_key_from_file(path)
    assert len(first) >= 50
    assert secret_key_from_file(path) == first
    assert oct(path.stat().st_mode)[-3:] == "600"


def _grip(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    grip = Path(sys.executable).parent / "grip"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GRIP_", "DJANGO_"))}
    environment.update(env)
    return subprocess.run(
        [str(grip), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret(tmp_path):
    result = _grip(
        "check", DJANGO_SETTINGS_MODULE="grip.settings.production", GRIP_VAR_DIR=str(tmp_path)
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "grip: configuration error: GRIP_SECRET_KEY must be set to a random value of at least "
        "50 characters in production."
    )
    assert "Traceback" not in result.stderr


def test_a_broken_database_url_is_one_sentence(tmp_path):
    result = _grip(
        "migrate",
        DJANGO_SETTINGS_MODULE="grip.settings.dev",
        GRIP_VAR_DIR=str(tmp_path),
        GRIP_DATABASE_URL="nonsense://x",
    )
    assert result.returncode == 2
    assert result.stderr.startswith("grip: configuration error: GRIP_DATABASE_URL='nonsense://x'")
    assert "Traceback" not in result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _grip(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="grip.settings.production",
        GRIP_VAR_DIR=str(tmp_path),
        GRIP_SECRET_KEY="x7!Qm" * 12,
        GRIP_PSEUDONYM_KEY="p9#Kd" * 8,
        GRIP_ALLOWED_HOSTS="grip.odzob.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_pseudonym_key(tmp_path):
    result = _grip(
        "check",
        DJANGO_SETTINGS_MODULE="grip.settings.production",
        GRIP_VAR_DIR=str(tmp_path),
        GRIP_SECRET_KEY="x7!Qm" * 12,
        GRIP_ALLOWED_HOSTS="grip.odzob.example",
    )
    assert result.returncode == 2
    assert "GRIP_PSEUDONYM_KEY must be set" in result.stderr
