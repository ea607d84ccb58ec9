"""Pages of the register of supervised sites: the list with filters, a site's page, the import.

Reads go through ``grip.sites.selectors`` (a participant user sees only its own sites; another
participant's site answers 404); the import through ``grip.sites.imports``, which checks the
permission, validates the whole file and writes. The pages hold no rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from grip.core.models import User as UserModel
from grip.core.tenancy import participant_id_of
from grip.enforcement import selectors as enforcement_selectors
from grip.participants import selectors as participant_selectors
from grip.sites import imports, selectors
from grip.sites.constants import SbiSection
from grip.web.file_import import run_upload

VIEW_PERMISSION = "sites.view_site"
PAGE_SIZE = 50
MAX_BYTES = 50 * 1024 * 1024  # a register of a large service fits in well under this
ENFORCEMENT_ROWS = 20  # the newest inspections and violations on a site's page

STATUS_CHOICES = (
    ("", gettext_lazy("Alle")),
    ("lopend", gettext_lazy("Lopend")),
    ("beeindigd", gettext_lazy("Beëindigd")),
)


@dataclass(frozen=True)
class SectionCount:
    code: str  # '' for the sites without a main SBI code
    name: str
    count: int


@dataclass(frozen=True)
class SiteFilter:
    """The list's filters as read from the query string (Dutch parameter names)."""

    participant_id: int | None
    section: str
    sbi: str
    activity: str
    query: str
    status: str

    @classmethod
    def from_request(cls, request: HttpRequest, *, participant_ids: set[int]) -> SiteFilter:
        """Values that cannot be used (another participant, an unknown section) are dropped."""
        raw_participant = request.GET.get("deelnemer", "")
        participant_id = int(raw_participant) if raw_participant.isdigit() else None
        section = request.GET.get("branche", "").upper()
        status = request.GET.get("status", "")
        return cls(
            participant_id=participant_id if participant_id in participant_ids else None,
            section=section if section in SbiSection.values else "",
            sbi=request.GET.get("sbi", "").strip()[:5],
            activity=request.GET.get("activiteit", "").strip()[:60],
            query=request.GET.get("zoek", "").strip()[:100],
            status=status if status in {"lopend", "beeindigd"} else "",
        )

    def selector_arguments(self, *, with_section: bool = True) -> dict[str, Any]:
        return {
            "participant": self.participant_id,
            "section": (self.section or None) if with_section else None,
            "sbi": self.sbi if self.sbi.isdigit() else None,
            "activity": self.activity or None,
            "q": self.query or None,
            "active": {"lopend": True, "beeindigd": False}.get(self.status),
        }


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def site_list(request: HttpRequest) -> HttpResponse:
    """The register: filters for participant, branch (SBI section or code), activity and a
    search; the number of sites per branch of what the other filters select."""
    participants = list(participant_selectors.participant_list_for(user=request.user))
    site_filter = SiteFilter.from_request(
        request, participant_ids={participant.pk for participant in participants}
    )
    sites = selectors.site_list_for(user=request.user, **site_filter.selector_arguments())
    page = Paginator(selectors.with_branches(sites), PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = [{"site": site, "main_sbi": selectors.main_sbi(site)} for site in page]
    per_section = selectors.site_counts_by_section(
        user=request.user, **site_filter.selector_arguments(with_section=False)
    )
    section_names = dict(SbiSection.choices)
    sections = sorted(
        (
            SectionCount(code, str(section_names.get(code, _("Zonder SBI-code"))), count)
            for code, count in per_section.items()
        ),
        key=lambda item: (-item.count, item.code),
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    without_section = query.copy()
    without_section.pop("branche", None)
    context = {
        "page": page,
        "rows": rows,
        "filter": site_filter,
        "participants": participants,
        "own_participant": participant_id_of(request.user) is not None,
        "section_choices": SbiSection.choices,
        "activities": selectors.bal_activity_list(),
        "status_choices": STATUS_CHOICES,
        "sections": sections,
        "query": query.urlencode(),
        "query_without_section": without_section.urlencode(),
        "may_import": request.user.has_perm(imports.PERMISSION),
    }
    return render(request, "sites/site_list.html", context)


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A site: address, establishment with its SBI codes, its activities, and its inspections
    and violations for who may read them."""
    site = selectors.site_detail_for(user=request.user, pk=pk)
    links = list(site.establishment.sbi_links.all()) if site.establishment else []
    context: dict[str, Any] = {
        "site": site,
        "sbi_links": links,
        "activities": list(site.activities.all()),
        "shows_enforcement": False,
    }
    user = request.user
    if isinstance(user, UserModel) and user.has_perm("enforcement.view_inspection"):
        context.update(
            shows_enforcement=True,
            inspections=list(
                enforcement_selectors.site_compliance_history(user=user, site=site)[
                    :ENFORCEMENT_ROWS
                ]
            ),
            violations=list(
                enforcement_selectors.violation_list_for(user=user, site_id=site.pk)[
                    :ENFORCEMENT_ROWS
                ]
            ),
            may_plan=participant_id_of(user) is None
            and user.has_perm("enforcement.add_inspection"),
        )
    return render(request, "sites/site_detail.html", context)


@login_required
@permission_required(imports.PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def site_import(request: HttpRequest) -> HttpResponse:
    """The beheerder reads a CSV or XLSX file of sites: every problem, or what it changed."""
    context: dict[str, Any] = {"columns": imports.COLUMNS, "required": imports.REQUIRED}
    status = 200
    if request.method == "POST":
        result, status = run_upload(
            request,
            context,
            max_bytes=MAX_BYTES,
            run=lambda data, name: imports.import_sites_file(
                actor=request.user, path_or_bytes=data, file_name=name
            ),
        )
        if result is not None:
            messages.success(
                request,
                _(
                    "%(name)s is ingelezen: %(rows)s regels, %(created)s nieuw, "
                    "%(updated)s gewijzigd, %(unchanged)s ongewijzigd."
                )
                % {
                    "name": result.record.file_name,
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("web:site-import")
    context["recent"] = selectors.site_import_list()[:10]
    return render(request, "sites/site_import.html", context, status=status)
