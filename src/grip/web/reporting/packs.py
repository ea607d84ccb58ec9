"""The regional pack: every participant's report and the regional one, published from one
snapshot in the background (``grip.reporting.services.pack_start``), with a page that shows
the run's progress and refreshes itself through htmx while the run is queued or running."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grip.core.errors import DomainError
from grip.reporting import selectors, services
from grip.reporting.constants import PackStatus
from grip.reporting.models import PackRun
from grip.web.cases import refusal_status
from grip.web.feedback import is_htmx
from grip.web.reporting.forms import PackForm
from grip.web.reporting.reports import PUBLISH_ANY, user_of

VIEW_PACKRUN = "reporting.view_packrun"
RECENT_RUNS = 10


def _runs() -> list[PackRun]:
    return list(selectors.pack_run_list()[:RECENT_RUNS])


@login_required
@permission_required(VIEW_PACKRUN, raise_exception=True)
@require_http_methods(["GET", "POST"])
def pack_start(request: HttpRequest) -> HttpResponse:
    """The recent runs, and for KIS the form to start one."""
    user = user_of(request)
    may_start = user.has_perm(PUBLISH_ANY)
    status = 200
    form: PackForm | None = PackForm() if may_start else None
    if request.method == "POST":
        if not may_start:
            messages.error(request, _("Alleen KIS publiceert het regionale pakket."))
            return redirect("web:pack-start")
        form = PackForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                run = services.pack_start(
                    actor=user,
                    snapshot=form.cleaned_data["snapshot"],
                    kind=form.cleaned_data["kind"],
                )
            except (DomainError, ValidationError) as error:
                form.add_refusal(error)
                status = refusal_status(error)
            else:
                messages.success(
                    request,
                    _("Het regionale pakket wordt gemaakt: %(total)s rapportages.")
                    % {"total": run.total},
                )
                return redirect("web:pack-run", pk=run.pk)
    context = {
        "form": form.style() if form is not None else None,
        "runs": _runs(),
        "refused_anchor": "pakket-starten" if status != 200 else "",
    }
    return render(request, "web/reporting/pack_start.html", context, status=status)


def _run(pk: int) -> PackRun:
    return get_object_or_404(selectors.pack_run_list(), pk=pk)


def _progress_context(run: PackRun) -> dict[str, object]:
    return {
        "run": run,
        "polling": run.status in (PackStatus.QUEUED, PackStatus.RUNNING),
        "finished": run.status == PackStatus.DONE,
        "failed": run.status == PackStatus.FAILED,
    }


@login_required
@permission_required(VIEW_PACKRUN, raise_exception=True)
@require_GET
def pack_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    return render(request, "web/reporting/pack_run.html", _progress_context(run))


@login_required
@permission_required(VIEW_PACKRUN, raise_exception=True)
@require_GET
def pack_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block alone, for htmx to swap in every 2 seconds."""
    run = _run(pk)
    if not is_htmx(request):
        return redirect("web:pack-run", pk=run.pk)
    return render(request, "web/reporting/partials/pack_progress.html", _progress_context(run))
