"""The upload step every file-import page shares: the file, its size, and the import's answer.

An import validates the whole file and raises :class:`grip.core.errors.ImportRejected` with
every problem; the page shows the first ``SHOWN_PROBLEMS`` of them in a table, or the error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest
from django.utils.translation import gettext as _

from grip.core.errors import DomainError, ImportRejected
from grip.web.feedback import dutch_message

SHOWN_PROBLEMS = 1000  # the table shows this many; the count tells how many there are

_Result = TypeVar("_Result")


def run_upload(
    request: HttpRequest,
    context: dict[str, Any],
    *,
    max_bytes: int,
    run: Callable[[bytes, str], _Result],
) -> tuple[_Result | None, int]:
    """Read the uploaded ``bestand`` and hand it to ``run(data, file_name)``.

    Returns the import's result and 200, or None and the status of the refusal, with
    ``error`` or ``problems``/``problem_count``/``file_name`` set in ``context``.
    """
    upload = request.FILES.get("bestand")
    if upload is None:
        context["error"] = _("Kies een CSV- of XLSX-bestand om in te lezen.")
        return None, 400
    if upload.size is not None and upload.size > max_bytes:
        context["error"] = _("Het bestand is groter dan %(megabytes)s MB.") % {
            "megabytes": max_bytes // (1024 * 1024)
        }
        return None, 400
    try:
        return run(upload.read(), upload.name or "upload"), 200
    except ImportRejected as rejected:
        context["problems"] = rejected.problems[:SHOWN_PROBLEMS]
        context["problem_count"] = len(rejected.problems)
        context["file_name"] = upload.name
        return None, 422
    except DomainError as error:
        context["error"] = dutch_message(error)
        return None, 400
