"""What every page needs: the navigation this user may use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    permission: str | None  # shown only to users holding it

    @property
    def url(self) -> str:
        return reverse(self.url_name)


MENU = (
    MenuItem(_("Overzicht"), "web:dashboard", None),
    MenuItem(_("Cockpit"), "web:cockpit", "participants.add_interaction"),
    MenuItem(_("Deelnemers"), "web:participant-list", "participants.view_participant"),
    MenuItem(_("Werkprogramma's"), "web:programme-overview", "programmes.view_programme"),
    MenuItem(_("Verzoeken"), "web:request-list", "participants.view_participantrequest"),
    MenuItem(_("Realisatie"), "web:realisation", "programmes.view_programme"),
    MenuItem(_("Uren"), "web:timesheet", "hours.add_hourentry"),
    MenuItem(_("Toezichtobjecten"), "web:site-list", "sites.view_site"),
    MenuItem(_("Zaken"), "web:case-list", "cases.view_case"),
    MenuItem(_("Toezicht"), "web:enforcement-worklist", "enforcement.view_inspection"),
    MenuItem(_("Toezichtprogramma"), "web:planning-overview", "planning.view_inspectionplan"),
    MenuItem(_("Indicatoren"), "web:indicator-overview", "kpis.view_snapshotvalue"),
    MenuItem(_("Beleidscyclus"), "web:cycle-overview", "kpis.view_cycle"),
    MenuItem(_("Rapportages"), "web:report-list", "reporting.view_report"),
    MenuItem(_("Mandaten"), "web:mandate-list", "mandates.view_mandatedecision"),
    MenuItem(_("Productencatalogus"), "web:catalogue", "frameworks.view_product"),
    MenuItem(_("Organisatie"), "web:team-list", "organisation.view_team"),
    MenuItem(_("Datacatalogus"), "web:dataset-list", "dataplatform.view_dataset"),
    MenuItem(_("Datakwaliteit"), "web:quality-dashboard", "dataplatform.view_check"),
    MenuItem(
        _("Verwerkingsregister"), "web:processing-list", "dataplatform.view_processingactivity"
    ),
    MenuItem(_("Toegangslogboek"), "web:access-log", "dataplatform.view_accesslogline"),
    MenuItem(_("Archief"), "web:destruction-list-index", "dataplatform.view_destructionlist"),
    MenuItem(_("Audittrail"), "web:audit-list", "core.view_auditrecord"),
    MenuItem(_("Meldingen"), "web:notifications", None),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    items = [item for item in MENU if item.permission is None or user.has_perm(item.permission)]
    return {"menu": items, "current_path": request.path}
