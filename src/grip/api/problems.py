"""Every API error as application/problem+json (RFC 9457).

The body carries ``type``, ``title``, ``status``, ``detail``, a stable ``code`` and, for
validation errors, ``invalid_params``: one entry per field with its reason (as the ZGW APIs do).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from grip.core.errors import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "urn:grip:problem:"


def _invalid_params(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested error detail into [{name, code, reason}]."""
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(_invalid_params(value, name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list) and not isinstance(value, exceptions.ErrorDetail):
                params.extend(_invalid_params(value, f"{prefix}.{index}" if prefix else str(index)))
            else:
                params.extend(_invalid_params(value, prefix))
    else:
        code = getattr(detail, "code", "invalid")
        params.append(
            {"name": prefix or "nonFieldErrors", "code": str(code), "reason": str(detail)}
        )
    return params


def problem_response(
    *,
    status_code: int,
    code: str,
    title: str,
    detail: str,
    invalid_params: list[dict[str, str]] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": f"{PROBLEM_TYPE_BASE}{code}",
        "code": code,
        "title": title,
        "status": status_code,
        "detail": detail,
    }
    if invalid_params:
        body["invalid_params"] = invalid_params
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    set_rollback()
    if isinstance(exc, DomainError):
        return problem_response(
            status_code=exc.status,
            code=exc.code,
            title=type(exc).__name__,
            detail=exc.message,
            invalid_params=(
                [{"name": exc.field, "code": exc.code, "reason": exc.message}]
                if exc.field
                else None
            ),
        )
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"nonFieldErrors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # an unexpected error: a 500, logged by Django
    if isinstance(exc, exceptions.ValidationError):
        return problem_response(
            status_code=status.HTTP_400_BAD_REQUEST,
            code="invalid",
            title="Invalid input",
            detail="One or more fields are invalid; see invalid_params.",
            invalid_params=_invalid_params(exc.detail),
        )
    codes = exc.get_codes()
    response = problem_response(
        status_code=exc.status_code,
        code=codes if isinstance(codes, str) else exc.default_code,
        title=str(exc.default_detail),
        detail=str(exc.detail),
    )
    wait = getattr(exc, "wait", None)  # set on Throttled
    if wait is not None:
        response["Retry-After"] = str(int(wait))
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        response["WWW-Authenticate"] = auth_header
    return response
