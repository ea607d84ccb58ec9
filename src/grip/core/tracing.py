"""Trace ids for the access log (Logboek dataverwerkingen, W3C Trace Context).

A request that carries a valid ``traceparent`` header (``00-<32 hex trace id>-<16 hex parent
id>-<2 hex flags>``) keeps its trace id, so a read through another system's call is logged under
that system's trace; any other request gets a new random 16-byte trace id. The view finds it as
``request.trace_id`` (and the caller's span as ``request.parent_span_id``).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

TRACEPARENT = re.compile(
    r"^(?P<version>[0-9a-f]{2})-(?P<trace_id>[0-9a-f]{32})-(?P<parent_id>[0-9a-f]{16})"
    r"-(?P<flags>[0-9a-f]{2})(?:-.*)?$"
)
INVALID_TRACE_ID = "0" * 32
INVALID_PARENT_ID = "0" * 16


def parse_traceparent(value: str | None) -> tuple[str, str] | None:
    """The (trace id, parent id) of a valid ``traceparent`` header; None for anything else.

    Version ``ff`` is invalid, an all-zero trace or parent id is invalid, and version ``00``
    allows nothing after the flags (W3C Trace Context, section 3.2)."""
    if not value:
        return None
    match = TRACEPARENT.match(value.strip())
    if match is None:
        return None
    version, trace_id, parent_id = match["version"], match["trace_id"], match["parent_id"]
    if version == "ff" or trace_id == INVALID_TRACE_ID or parent_id == INVALID_PARENT_ID:
        return None
    if version == "00" and len(value.strip()) != 55:
        return None
    return trace_id, parent_id


class TraceMiddleware:
    """Put ``request.trace_id`` (32 hex) and ``request.parent_span_id`` (16 hex or "")."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        parsed = parse_traceparent(request.headers.get("traceparent"))
        if parsed is None:
            request.trace_id = secrets.token_hex(16)  # type: ignore[attr-defined]
            request.parent_span_id = ""  # type: ignore[attr-defined]
        else:
            request.trace_id, request.parent_span_id = parsed  # type: ignore[attr-defined]
        return self.get_response(request)


def trace_of(request: object) -> tuple[str | None, str]:
    """The request's trace id and parent span id (None and "" outside the middleware)."""
    return getattr(request, "trace_id", None), getattr(request, "parent_span_id", "")
