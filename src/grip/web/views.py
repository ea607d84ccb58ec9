"""Pages. Views only read through selectors and write through services; no rules here."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from grip.core import selectors as core_selectors
from grip.core.tenancy import participant_id_of, sees_all_participants
from grip.frameworks import selectors as framework_selectors
from grip.organisation import selectors as organisation_selectors
from grip.participants import selectors as participant_selectors
from grip.web.accounts.participant import participant_page
from grip.web.portal.home import portal_home


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    participants = participant_selectors.participant_list_for(user=request.user)
    own_participant = participants.first() if participant_id_of(request.user) is not None else None
    context = {
        "participant_count": participants.count(),
        "own_participant": own_participant,
        "sees_all": sees_all_participants(request.user),
        "managed": participant_selectors.participants_managed_by(user=request.user),
        "employee": organisation_selectors.employee_of(request.user),
        # The participant's own user: "Mijn omgevingsdienst" (the participant portal).
        "portal": (
            portal_home(user=request.user, participant=own_participant)
            if own_participant is not None
            else None
        ),
    }
    return render(request, "web/dashboard.html", context)


@login_required
@permission_required("participants.view_participant", raise_exception=True)
def participant_list(request: HttpRequest) -> HttpResponse:
    participants = participant_selectors.participant_list_for(user=request.user)
    return render(request, "web/participant_list.html", {"participants": participants})


@login_required
@permission_required("participants.view_participant", raise_exception=True)
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Another participant's page answers 404, the same as one that does not exist.
    participant = get_object_or_404(
        participant_selectors.participant_list_for(user=request.user), pk=pk
    )
    # Staff see the account management around the participant as well; its own users do not.
    return participant_page(request, participant)


@login_required
@permission_required("organisation.view_team", raise_exception=True)
def team_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/team_list.html", {"teams": organisation_selectors.team_list()})


@login_required
@permission_required("organisation.view_employee", raise_exception=True)
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(organisation_selectors.team_list(), pk=pk)
    employees = organisation_selectors.employee_list().filter(team=team)
    return render(request, "web/team_detail.html", {"team": team, "employees": employees})


@login_required
@permission_required("frameworks.view_product", raise_exception=True)
def catalogue(request: HttpRequest) -> HttpResponse:
    years = framework_selectors.catalogue_years()
    requested = request.GET.get("jaar", "")
    year = (
        int(requested)
        if requested.isdigit() and int(requested) in years
        else (years[0] if years else None)
    )
    context = {
        "years": years,
        "year": year,
        "products": framework_selectors.catalogue(year=year) if year else [],
        "tariff": framework_selectors.tariff_record(year=year) if year else None,
    }
    return render(request, "web/catalogue.html", context)


@login_required
@permission_required("core.view_auditrecord", raise_exception=True)
def audit_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(core_selectors.audit_records(), 50).get_page(request.GET.get("pagina"))
    return render(request, "web/audit_list.html", {"page": page})
