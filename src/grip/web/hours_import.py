"""The beheerder's page to read a time system's file of hours (CSV or XLSX).

The import itself (``grip.hours.imports``) checks the permission, validates the whole file and
writes; the page shows every problem in a table, or the counts of what was read.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from grip.hours import imports
from grip.hours.models import HourImport
from grip.web.file_import import run_upload

MAX_BYTES = 100 * 1024 * 1024  # a year of a large service's hours fits in well under this


@login_required
@permission_required(imports.PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def hours_import(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"columns": imports.COLUMNS}
    status = 200
    if request.method == "POST":
        batch, status = run_upload(
            request,
            context,
            max_bytes=MAX_BYTES,
            run=lambda data, name: imports.import_hours_file(
                actor=request.user, path_or_bytes=data, file_name=name
            ),
        )
        if batch is not None:
            messages.success(
                request,
                _(
                    "%(name)s is ingelezen: %(rows)s regels, %(created)s nieuw, "
                    "%(unchanged)s al eerder ingelezen."
                )
                % {
                    "name": batch.file_name,
                    "rows": batch.rows,
                    "created": batch.created,
                    "unchanged": batch.unchanged,
                },
            )
            return redirect("web:hours-import")
    context["recent"] = HourImport.objects.select_related("imported_by")[:10]
    return render(request, "web/hours_import.html", context, status=status)
