"""W3C traceparent parsing and the middleware that puts ``request.trace_id``."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from grip.core.tracing import TraceMiddleware, parse_traceparent

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (f"00-{TRACE}-{PARENT}-01", (TRACE, PARENT)),
        (f"00-{TRACE}-{PARENT}-00", (TRACE, PARENT)),
        (f"01-{TRACE}-{PARENT}-01-later-fields", (TRACE, PARENT)),  # a future version
        (f"00-{TRACE}-{PARENT}-01-extra", None),  # version 00 has nothing after the flags
        (f"ff-{TRACE}-{PARENT}-01", None),  # version ff is invalid
        (f"00-{'0' * 32}-{PARENT}-01", None),  # all-zero trace id
        (f"00-{TRACE}-{'0' * 16}-01", None),  # all-zero parent id
        (f"00-{TRACE.upper()}-{PARENT}-01", None),  # upper case is not allowed
        (f"00-{TRACE[:-1]}-{PARENT}-01", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_traceparent(header: str | None, expected: tuple[str, str] | None) -> None:
    assert parse_traceparent(header) == expected


def _seen(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"{request.trace_id} {request.parent_span_id or '-'}")  # type: ignore[attr-defined]


def test_the_middleware_keeps_a_valid_trace_and_makes_one_otherwise() -> None:
    middleware = TraceMiddleware(_seen)
    factory = RequestFactory()
    kept = middleware(factory.get("/", HTTP_TRACEPARENT=f"00-{TRACE}-{PARENT}-01"))
    assert kept.content.decode() == f"{TRACE} {PARENT}"
    first = middleware(factory.get("/", HTTP_TRACEPARENT="nonsense")).content.decode().split()
    second = middleware(factory.get("/")).content.decode().split()
    assert len(first[0]) == 32
    assert int(first[0], 16) >= 0
    assert first[1] == "-"
    assert first[0] != second[0]
