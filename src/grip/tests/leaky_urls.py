"""A test-only URL configuration with deliberately leaky endpoints, and one safe control.

The cross-tenant probe must report every leak here and nothing for the control; this is how
the suite proves it can fail.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

from grip.cases import selectors
from grip.cases.models import Case
from grip.core.audit import audit_update, snapshot


def unscoped_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Forgets the tenancy scope: any case by id."""
    case = get_object_or_404(Case, pk=pk)
    return HttpResponse(f"<h1>{case.subject}</h1>")


def unscoped_case_list(request: HttpRequest) -> JsonResponse:
    """Trusts the participant filter in the query string."""
    cases = Case.objects.all()
    if "participant" in request.GET:
        cases = cases.filter(participant_id=request.GET["participant"])
    rows = [{"id": case.pk, "participant": case.participant_id} for case in cases[:5]]
    return JsonResponse({"results": rows})


def unscoped_case_touch(request: HttpRequest, pk: int) -> HttpResponse:
    """Changes another participant's case and says nothing about it."""
    case = get_object_or_404(Case, pk=pk)
    if request.method == "POST":
        before = snapshot(case)
        case.location_description = "aangeraakt"
        case.save()
        audit_update(actor=request.user, instance=case, before=before)
    return HttpResponse(status=404)


def scoped_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The control: through the scoped selector, so another participant's case is 404."""
    case = get_object_or_404(selectors.case_list_for(user=request.user), pk=pk)
    return HttpResponse(f"<h1>{case.subject}</h1>")


def riddle(request: HttpRequest, pk: int) -> HttpResponse:
    """An endpoint the probe has no target for: it must say so, not skip it."""
    return HttpResponse(status=404)


urlpatterns = [
    path("lek/zaken/<int:pk>/", unscoped_case_detail, name="unscoped-case-detail"),
    path("lek/zaken/", unscoped_case_list, name="unscoped-case-list"),
    path("lek/zaken/<int:pk>/aanraken/", unscoped_case_touch, name="unscoped-case-touch"),
    path("veilig/zaken/<int:pk>/", scoped_case_detail, name="scoped-case-detail"),
    path("raadsel/<int:pk>/", riddle, name="riddle"),
    # The pages themselves, for the templates' links (the error pages show the menu).
    path("api/v1/", include("grip.api.urls")),
    path("", include("grip.web.urls")),
]
