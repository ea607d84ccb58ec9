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

from grip.core.errors import DomainError
from grip.hours import imports
from grip.hours.models import HourImport

MAX_BYTES = 100 * 1024 * 1024  # a year of a large service's hours fits in well under this
SHOWN_PROBLEMS = 1000  # the table shows this many; the count tells how many there are


@login_required
@permission_required(imports.PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def hours_import(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"columns": imports.COLUMNS}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("bestand")
        if upload is None:
            context["error"] = _("Kies een CSV- of XLSX-bestand om in te lezen.")
            status = 400
        elif upload.size is not None and upload.size > MAX_BYTES:
            context["error"] = _("Het bestand is groter dan 100 MB.")
            status = 400
        else:
            try:
                batch = imports.import_hours_file(
                    actor=request.user,
                    path_or_bytes=upload.read(),
                    file_name=upload.name or "upload",
                )
            except imports.ImportRejected as rejected:
                context["problems"] = rejected.problems[:SHOWN_PROBLEMS]
                context["problem_count"] = len(rejected.problems)
                context["file_name"] = upload.name
                status = 422
            except DomainError as error:
                context["error"] = error.message
                status = 400
            else:
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
