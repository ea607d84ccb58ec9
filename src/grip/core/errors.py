"""Domain errors with a stable code; the API turns them into application/problem+json."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from django.utils.translation import gettext as _


class DomainError(Exception):
    """A business rule refused a change. ``code`` is stable; ``message`` is for people."""

    code = "domain_error"
    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


class NotAllowed(DomainError):
    """The actor may not do this (missing permission or outside their participant)."""

    code = "not_allowed"
    status = 403


class Conflict(DomainError):
    """The change conflicts with the current state (an adopted version, a closed period)."""

    code = "conflict"
    status = 409


class ImportProblemLike(Protocol):
    """One problem in an imported file: where a person finds it, and what is wrong."""

    @property
    def location(self) -> str: ...

    @property
    def message(self) -> str: ...


class ImportRejected(DomainError):
    """A file had problems; all of them are listed, and nothing was written."""

    code = "import_rejected"
    status = 400

    def __init__(self, problems: Sequence[ImportProblemLike]) -> None:
        super().__init__(
            _("Het bestand is niet ingelezen: %(count)s probleem/problemen gevonden.")
            % {"count": len(problems)}
        )
        self.problems = list(problems)
