"""System checks of the cases app's settings (run by `grip check`, `migrate` and `runserver`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from grip.cases.archive import parse_duration


def check_archive_transfer_term(**kwargs: Any) -> list[checks.CheckMessage]:
    """GRIP_ARCHIVE_TRANSFER_TERM must be a duration: a bad one would fail every closure of a
    case kept permanently."""
    term = settings.ARCHIVE_TRANSFER_TERM
    try:
        parse_duration(term)
    except (ValueError, AttributeError):
        return [
            checks.Error(
                f"GRIP_ARCHIVE_TRANSFER_TERM is {term!r}, not an ISO 8601 date duration.",
                hint="Give years, months, weeks or days, such as P20Y (the default).",
                id="grip.cases.E001",
            )
        ]
    return []
