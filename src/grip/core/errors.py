"""Domain errors with a stable code; the API turns them into application/problem+json."""

from __future__ import annotations


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
