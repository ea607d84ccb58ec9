"""Pages for work programmes: the regional overview, the programme editor, comparisons, Excel.

Views read through ``grip.programmes.selectors`` and write through ``grip.programmes.services``;
the services decide who may do what. The pages only ask the same checks to know which buttons
to show. A refused change never answers 500: its reason is shown next to the field (htmx) or as
a message after a redirect (plain forms, which work without JavaScript).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from grip.core.audit import Actor
from grip.core.errors import DomainError, ImportRejected, NotAllowed
from grip.core.tenancy import User, participant_id_of
from grip.frameworks import selectors as framework_selectors
from grip.frameworks.constants import TaskKind
from grip.participants import selectors as participant_selectors
from grip.programmes import excel, selectors, services
from grip.programmes.constants import (
    OPEN_STATUSES,
    RelatedWorkBasis,
    RelatedWorkKind,
    VersionStatus,
)
from grip.programmes.models import Programme, ProgrammeVersion, RelatedWorkLine
from grip.web.feedback import dutch_message, dutch_number, is_htmx

VIEW_PERMISSION = "programmes.view_programme"

# --- messages ---------------------------------------------------------------------------------


def _htmx_status(error: DomainError) -> int:
    """403 and 409 keep their meaning; a refused value is 422 (Unprocessable Content)."""
    return error.status if error.status in (403, 409) else 422


def _quantity_text(quantity: Decimal) -> str:
    """A quantity as the pages show it: '10', '2,50'."""
    return str(floatformat(quantity, "-2"))


def _allowed(check: Callable[[Actor, Programme], None], user: User, programme: Programme) -> bool:
    try:
        check(user, programme)
    except NotAllowed:
        return False
    return True


# --- what a user may do with a programme ------------------------------------------------------


@dataclass(frozen=True)
class Abilities:
    """Which actions to offer; the services check them again when the action is taken."""

    draft: bool
    adopt: bool
    request_extra_work: bool
    decide_extra_work: bool
    comment: bool  # on a concept or submitted version (the page checks the version's status)


def _abilities(user: User, programme: Programme) -> Abilities:
    participant = programme.participant
    is_own = participant is not None and participant_id_of(user) == programme.participant_id
    return Abilities(
        draft=_allowed(services.require_drafter, user, programme),
        adopt=_allowed(services.require_adopter, user, programme),
        request_extra_work=(
            participant is not None
            and user.has_perm("programmes.add_extrawork")
            and services.is_account_manager_of(user, participant)
        ),
        decide_extra_work=is_own and user.has_perm("programmes.decide_extrawork"),
        comment=(
            participant is not None
            and (
                (is_own and user.has_perm("programmes.comment_programme"))
                or services.is_account_manager_of(user, participant)
            )
        ),
    )


def _default_version(
    versions: list[ProgrammeVersion], abilities: Abilities
) -> ProgrammeVersion | None:
    """The drafter sees the version in progress, the adopter a submitted one, others the adopted."""
    in_progress = next((v for v in versions if v.status in OPEN_STATUSES), None)
    adopted = next((v for v in versions if v.status == VersionStatus.ADOPTED), None)
    if in_progress is not None and (
        abilities.draft or (abilities.adopt and in_progress.status == VersionStatus.SUBMITTED)
    ):
        return in_progress
    return adopted or in_progress or (versions[-1] if versions else None)


def _programme_url(version: ProgrammeVersion) -> str:
    return reverse("web:programme-detail", args=[version.programme_id]) + f"?versie={version.pk}"


# --- the regional overview --------------------------------------------------------------------


def _years() -> list[int]:
    return sorted(
        set(selectors.programme_years()) | set(framework_selectors.catalogue_years()),
        reverse=True,
    )


def _chosen_year(request: HttpRequest, years: list[int]) -> int | None:
    requested = request.GET.get("jaar", "")
    if requested.isdigit() and int(requested) in years:
        return int(requested)
    this_year = timezone.localdate().year
    if this_year in years:
        return this_year
    return years[0] if years else None


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """All programmes of a year the user may see, with totals and the collective share."""
    years = _years()
    year = _chosen_year(request, years)
    overview = selectors.regional_overview(user=request.user, year=year) if year else None
    managed = (
        set(
            participant_selectors.participants_managed_by(user=request.user).values_list(
                "pk", flat=True
            )
        )
        if request.user.has_perm("programmes.add_programme")
        else set()
    )
    context = {
        "years": years,
        "year": year,
        "overview": overview,
        # Participants this account manager may start a programme for: its own, without one.
        "creatable": managed - {row.participant.pk for row in overview.rows if row.programme}
        if overview
        else set(),
        "may_see_collective": request.user.has_perm("programmes.view_distributionkey"),
    }
    return render(request, "web/programme_overview.html", context)


@login_required
@require_POST
def programme_create(request: HttpRequest) -> HttpResponse:
    """Start a participant's programme (or, without participant, the collective one)."""
    year_text = request.POST.get("jaar", "")
    if not year_text.isdigit():
        raise Http404
    year = int(year_text)
    participant_text = request.POST.get("deelnemer", "")
    participant = (
        get_object_or_404(
            participant_selectors.participant_list_for(user=request.user), pk=participant_text
        )
        if participant_text.isdigit()
        else None
    )
    try:
        version = services.programme_create(
            actor=request.user,
            participant=participant,
            year=year,
            copy_last_year=request.POST.get("vorig_jaar") == "ja",
        )
    except DomainError as error:
        messages.error(request, dutch_message(error))
        if participant is None:
            return redirect("web:programme-collective", year=year)
        return redirect(reverse("web:programme-overview") + f"?jaar={year}")
    messages.success(
        request,
        _("Werkprogramma %(programme)s is opgesteld als concept.")
        % {"programme": version.programme},
    )
    return redirect(_programme_url(version))


# --- the programme page and its editor -------------------------------------------------------


def _related_rows(items: list[RelatedWorkLine], *, editable: bool) -> list[dict[str, Any]]:
    """One row per kind of related work; an editable version offers the kinds not yet planned."""
    by_kind = {item.kind: item for item in items}
    return [
        {"kind": kind, "label": label, "item": by_kind.get(kind)}
        for kind, label in RelatedWorkKind.choices
        if editable or kind in by_kind
    ]


def _task_kind_rows(totals: Any) -> list[dict[str, Any]]:
    labels = dict(TaskKind.choices)
    return [
        {"label": labels.get(kind, kind), "figures": figures}
        for kind, figures in sorted(totals.by_task_kind.items())
    ]


def _programme_context(
    request: HttpRequest, programme: Programme, selected: ProgrammeVersion | None
) -> dict[str, Any]:
    user = request.user
    versions = selectors.versions_of(programme)
    abilities = _abilities(user, programme)
    if selected is None:
        selected = _default_version(versions, abilities)
    context: dict[str, Any] = {
        "programme": programme,
        "versions": versions,
        "version": selected,
        "abilities": abilities,
        "today": timezone.localdate(),
        "has_open_version": any(v.status in OPEN_STATUSES for v in versions),
        "has_adopted_version": any(v.status == VersionStatus.ADOPTED for v in versions),
        "basis_choices": RelatedWorkBasis.choices,
    }
    if selected is None:
        return context
    editable = selected.is_editable and abilities.draft
    lines = list(selectors.lines_of(selected))
    totals = selectors.version_totals(selected)
    present = {line.product_id for line in lines}
    context.update(
        {
            "editable": editable,
            "lines": lines,
            "related_rows": _related_rows(
                list(selectors.related_work_of(selected)), editable=editable
            ),
            "totals": totals,
            "task_kind_rows": _task_kind_rows(totals),
            "addable_products": (
                [
                    product
                    for product in framework_selectors.product_list(year=programme.year)
                    if product.pk not in present
                ]
                if editable
                else []
            ),
            "other_versions": [v for v in versions if v.pk != selected.pk],
            "previous_year": selectors.previous_year_version(programme),
            # The remarks of the participant and its account manager on this version.
            "comments": list(selected.comments.select_related("author")),
            "may_comment": abilities.comment and selected.status in OPEN_STATUSES,
        }
    )
    if programme.participant_id is not None:
        context["extra_work"] = list(
            selectors.extra_work_list_for(user=user).filter(
                participant_id=programme.participant_id, year=programme.year
            )
        )
        if abilities.request_extra_work:
            context["year_products"] = list(framework_selectors.product_list(year=programme.year))
    return context


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(selectors.programme_list_for(user=request.user), pk=pk)
    selected = None
    requested = request.GET.get("versie", "")
    if requested:
        if not requested.isdigit():
            raise Http404
        selected = get_object_or_404(programme.versions.all(), pk=int(requested))
    return render_programme_page(request, programme, selected)


def render_programme_page(
    request: HttpRequest,
    programme: Programme,
    selected: ProgrammeVersion | None,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The programme page at ``selected``; ``extra`` adds to its context (a refused comment
    comes back with its text and the reason)."""
    context = _programme_context(request, programme, selected)
    context.update(extra)
    return render(request, "web/programme_detail.html", context, status=status)


def _visible_version(request: HttpRequest, pk: int) -> ProgrammeVersion:
    return get_object_or_404(selectors.version_list_for(user=request.user), pk=pk)


def _line_partial(
    request: HttpRequest,
    version: ProgrammeVersion,
    line: Any,
    *,
    error: str = "",
    value: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The line's row again, with the totals and related-work figures swapped out of band."""
    abilities = _abilities(request.user, version.programme)
    totals = selectors.version_totals(version)
    context = {
        "line": line,
        "version": version,
        "editable": version.is_editable and abilities.draft,
        "error": error,
        "value": value,
        "totals": totals,
        "task_kind_rows": _task_kind_rows(totals),
        "related_items": list(selectors.related_work_of(version)),
        "oob": True,
    }
    return render(request, "web/partials/programme_line_update.html", context, status=status)


@login_required
@require_POST
def line_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a line's quantity: inline through htmx, or as a plain form."""
    line = get_object_or_404(selectors.line_list_for(user=request.user), pk=pk)
    version = line.version
    raw = request.POST.get("quantity", "")
    try:
        services.line_set(
            actor=request.user, version=version, product=line.product, quantity=dutch_number(raw)
        )
    except DomainError as error:
        if is_htmx(request):
            return _line_partial(
                request,
                version,
                line,
                error=dutch_message(error),
                value=raw,
                status=_htmx_status(error),
            )
        messages.error(request, f"{line.product.code}: {dutch_message(error)}")
        return redirect(_programme_url(version))
    version.refresh_from_db()
    fresh = selectors.lines_of(version).get(pk=line.pk)
    if is_htmx(request):
        return _line_partial(request, version, fresh)
    messages.success(
        request,
        _("Aantal van %(code)s aangepast naar %(quantity)s.")
        % {"code": fresh.product.code, "quantity": _quantity_text(fresh.quantity)},
    )
    return redirect(_programme_url(version))


@login_required
@require_POST
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    version = _visible_version(request, pk)
    product_text = request.POST.get("product", "")
    product = (
        framework_selectors.product_list(year=version.programme.year)
        .filter(pk=product_text)
        .first()
        if product_text.isdigit()
        else None
    )
    if product is None:
        messages.error(request, _("Kies een product uit de catalogus van dit jaar."))
        return redirect(_programme_url(version))
    try:
        line = services.line_set(
            actor=request.user,
            version=version,
            product=product,
            quantity=dutch_number(request.POST.get("quantity", "")),
            note=request.POST.get("toelichting", "").strip() or None,
        )
    except DomainError as error:
        messages.error(request, f"{product.code}: {dutch_message(error)}")
        return redirect(_programme_url(version))
    messages.success(
        request,
        _("Regel toegevoegd: %(code)s × %(quantity)s.")
        % {"code": product.code, "quantity": _quantity_text(line.quantity)},
    )
    return redirect(_programme_url(version) + f"#regel-{line.pk}")


@login_required
@require_POST
def line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(selectors.line_list_for(user=request.user), pk=pk)
    version = line.version
    try:
        services.line_delete(actor=request.user, line=line)
    except DomainError as error:
        messages.error(request, dutch_message(error))
    else:
        messages.success(request, _("Regel %(code)s is verwijderd.") % {"code": line.product.code})
    return redirect(_programme_url(version))


def _related_partial(
    request: HttpRequest,
    version: ProgrammeVersion,
    kind: str,
    *,
    error: str = "",
    posted: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    abilities = _abilities(request.user, version.programme)
    totals = selectors.version_totals(version)
    item = selectors.related_work_of(version).filter(kind=kind).first()
    context = {
        "row": {"kind": kind, "label": RelatedWorkKind(kind).label, "item": item},
        "version": version,
        "editable": version.is_editable and abilities.draft,
        "basis_choices": RelatedWorkBasis.choices,
        "error": error,
        "posted": posted,
        "totals": totals,
        "task_kind_rows": _task_kind_rows(totals),
        "oob": True,
    }
    return render(request, "web/partials/programme_related_update.html", context, status=status)


@login_required
@require_POST
def related_work_save(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Plan one kind of related work, as a percentage of the direct hours or as hours."""
    version = _visible_version(request, pk)
    if kind not in RelatedWorkKind.values:
        raise Http404
    basis = request.POST.get("grondslag", "")
    value = dutch_number(request.POST.get("waarde", ""))
    posted = {
        "basis": basis,
        "value": request.POST.get("waarde", ""),
        "note": request.POST.get("toelichting", ""),
    }
    try:
        services.related_work_set(
            actor=request.user,
            version=version,
            kind=kind,
            basis=basis,
            percentage=value if basis == RelatedWorkBasis.PERCENTAGE else None,
            planned_hours=value if basis == RelatedWorkBasis.HOURS else None,
            note=request.POST.get("toelichting", "").strip(),
        )
    except DomainError as error:
        if is_htmx(request):
            return _related_partial(
                request,
                version,
                kind,
                error=dutch_message(error),
                posted=posted,
                status=_htmx_status(error),
            )
        messages.error(request, f"{RelatedWorkKind(kind).label}: {dutch_message(error)}")
        return redirect(_programme_url(version))
    if is_htmx(request):
        return _related_partial(request, version, kind)
    messages.success(
        request,
        _("Gerelateerde werkzaamheden opgeslagen: %(kind)s.")
        % {"kind": RelatedWorkKind(kind).label},
    )
    return redirect(_programme_url(version))


@login_required
@require_POST
def related_work_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.related_work_list_for(user=request.user), pk=pk)
    version = item.version
    try:
        services.related_work_delete(actor=request.user, item=item)
    except DomainError as error:
        messages.error(request, dutch_message(error))
    else:
        messages.success(
            request,
            _("Gerelateerde werkzaamheden verwijderd: %(kind)s.")
            % {"kind": item.get_kind_display()},
        )
    return redirect(_programme_url(version))


# --- the life cycle --------------------------------------------------------------------------


def _life_cycle_step(
    request: HttpRequest,
    version: ProgrammeVersion,
    step: Callable[[], Any],
    success: str,
) -> HttpResponse:
    try:
        step()
    except DomainError as error:
        messages.error(request, dutch_message(error))
    else:
        messages.success(request, success)
    return redirect(_programme_url(version))


@login_required
@require_POST
def version_submit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _visible_version(request, pk)
    return _life_cycle_step(
        request,
        version,
        lambda: services.version_submit(
            actor=request.user, version=version, note=request.POST.get("toelichting", "")
        ),
        (
            _("Versie %(number)s is ingediend bij de deelnemer.")
            if version.programme.participant_id is not None
            else _("Versie %(number)s is ingediend ter vaststelling.")
        )
        % {"number": version.number},
    )


@login_required
@require_POST
def version_return(request: HttpRequest, pk: int) -> HttpResponse:
    version = _visible_version(request, pk)
    return _life_cycle_step(
        request,
        version,
        lambda: services.version_return(
            actor=request.user, version=version, note=request.POST.get("toelichting", "")
        ),
        _("Versie %(number)s is teruggezet naar concept.") % {"number": version.number},
    )


@login_required
@require_POST
def version_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    version = _visible_version(request, pk)
    try:
        adopted_on = datetime.date.fromisoformat(request.POST.get("vastgesteld_op", ""))
    except ValueError:
        messages.error(request, _("Geef de datum van vaststelling, bijvoorbeeld 2026-01-15."))
        return redirect(_programme_url(version))
    return _life_cycle_step(
        request,
        version,
        lambda: services.version_adopt(
            actor=request.user,
            version=version,
            adopted_on=adopted_on,
            decision_reference=request.POST.get("kenmerk", ""),
        ),
        _("Versie %(number)s is vastgesteld.") % {"number": version.number},
    )


@login_required
@require_POST
def programme_amend(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(selectors.programme_list_for(user=request.user), pk=pk)
    try:
        amendment = services.version_amend(
            actor=request.user,
            programme=programme,
            explanation=request.POST.get("toelichting", ""),
        )
    except DomainError as error:
        messages.error(request, dutch_message(error))
        return redirect("web:programme-detail", pk=programme.pk)
    messages.success(
        request,
        _("Wijziging gestart als versie %(number)s (concept).") % {"number": amendment.number},
    )
    return redirect(_programme_url(amendment))


@login_required
@require_POST
def version_discard(request: HttpRequest, pk: int) -> HttpResponse:
    version = _visible_version(request, pk)
    try:
        services.version_discard(actor=request.user, version=version)
    except DomainError as error:
        messages.error(request, dutch_message(error))
        return redirect(_programme_url(version))
    messages.success(
        request, _("De wijziging (versie %(number)s) is verwijderd.") % {"number": version.number}
    )
    return redirect("web:programme-detail", pk=version.programme_id)


# --- Excel ------------------------------------------------------------------------------------


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def version_export(request: HttpRequest, pk: int) -> HttpResponse:
    version = _visible_version(request, pk)
    response = HttpResponse(excel.export_version(version), content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{excel.filename_for(version)}"'
    return response


@login_required
@require_POST
def version_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Read an Excel file into a concept version; every problem is shown, nothing is written."""
    version = _visible_version(request, pk)
    upload = request.FILES.get("bestand")
    if upload is None:
        messages.error(request, _("Kies een Excel-bestand om in te lezen."))
        return redirect(_programme_url(version))
    if upload.size is not None and upload.size > excel.MAX_BYTES:
        messages.error(request, _("Het bestand is groter dan 5 MB; dat is geen werkprogramma."))
        return redirect(_programme_url(version))
    try:
        changed = excel.import_version(actor=request.user, version=version, data=upload.read())
    except ImportRejected as rejected:
        context = _programme_context(request, version.programme, version)
        context["import_problems"] = rejected.problems
        context["import_filename"] = upload.name
        return render(request, "web/programme_detail.html", context, status=422)
    except DomainError as error:
        messages.error(request, dutch_message(error))
        return redirect(_programme_url(version))
    messages.success(
        request,
        _("Het Excel-bestand is ingelezen; versie %(number)s is bijgewerkt.")
        % {"number": version.number}
        if changed
        else _("Het Excel-bestand is ingelezen; het was gelijk aan versie %(number)s.")
        % {"number": version.number},
    )
    return redirect(_programme_url(version))


# --- comparison -------------------------------------------------------------------------------


def _version_label(version: ProgrammeVersion, *, with_year: bool) -> str:
    if with_year:
        return _("%(year)s versie %(number)s") % {
            "year": version.programme.year,
            "number": version.number,
        }
    return _("Versie %(number)s") % {"number": version.number}


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions line by line; the earlier one on the left, the differences towards the later."""
    version = _visible_version(request, pk)
    other_text = request.GET.get("met", "")
    if not other_text.isdigit():
        raise Http404
    other = _visible_version(request, int(other_text))
    earlier, later = sorted((version, other), key=lambda v: (v.programme.year, v.number, v.pk))
    comparison = selectors.compare(earlier, later)
    same_programme = earlier.programme_id == later.programme_id
    context = {
        "version": version,
        "label_a": _version_label(earlier, with_year=not same_programme),
        "label_b": _version_label(later, with_year=not same_programme),
        "comparison": comparison,
        "earlier": earlier,
        "later": later,
        "task_kind_rows": [
            {
                "label": label,
                "a": comparison.totals_a.by_task_kind.get(kind),
                "b": comparison.totals_b.by_task_kind.get(kind),
            }
            for kind, label in TaskKind.choices
            if kind in comparison.totals_a.by_task_kind or kind in comparison.totals_b.by_task_kind
        ],
    }
    return render(request, "web/programme_compare.html", context)


# --- the collective programme -----------------------------------------------------------------


@login_required
@permission_required("programmes.view_distributionkey", raise_exception=True)
@require_GET
def collective(request: HttpRequest, year: int) -> HttpResponse:
    """The collective tasks of a year and how their cost is spread over the participants."""
    version, shares = selectors.collective_distribution(year)
    totals = selectors.version_totals(version) if version is not None else None
    context = {
        "year": year,
        "years": _years(),
        "version": version,
        "lines": list(selectors.lines_of(version)) if version is not None else [],
        "totals": totals,
        "key": selectors.distribution_key(year),
        "shares": shares,
        "share_total": sum((share.amount for share in shares), Decimal("0")),
        "weight_total": sum((share.weight for share in shares), Decimal("0")),
        "may_create": version is None
        and request.user.has_perm("programmes.manage_collective_programme"),
    }
    return render(request, "web/programme_collective.html", context)


# --- extra work -------------------------------------------------------------------------------


@login_required
@require_POST
def extra_work_request(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(selectors.programme_list_for(user=request.user), pk=pk)
    if programme.participant is None:
        raise Http404
    product_text = request.POST.get("product", "")
    product = (
        framework_selectors.product_list(year=programme.year).filter(pk=product_text).first()
        if product_text.isdigit()
        else None
    )
    if product is None:
        messages.error(request, _("Kies een product uit de catalogus van dit jaar."))
        return redirect("web:programme-detail", pk=programme.pk)
    try:
        services.extra_work_request(
            actor=request.user,
            participant=programme.participant,
            year=programme.year,
            product=product,
            quantity=dutch_number(request.POST.get("quantity", "")),
            description=request.POST.get("omschrijving", ""),
        )
    except DomainError as error:
        messages.error(request, dutch_message(error))
    else:
        messages.success(
            request,
            _("Meerwerk aangevraagd: %(code)s. De deelnemer beslist erover.")
            % {"code": product.code},
        )
    return redirect(reverse("web:programme-detail", args=[programme.pk]) + "#meerwerk")


@login_required
@require_POST
def extra_work_decide(request: HttpRequest, pk: int) -> HttpResponse:
    work = get_object_or_404(selectors.extra_work_list_for(user=request.user), pk=pk)
    approve = request.POST.get("besluit") == "goedkeuren"
    try:
        services.extra_work_decide(
            actor=request.user,
            work=work,
            approve=approve,
            note=request.POST.get("toelichting", ""),
        )
    except DomainError as error:
        messages.error(request, dutch_message(error))
    else:
        messages.success(
            request,
            _("Meerwerk %(code)s is goedgekeurd.") % {"code": work.product.code}
            if approve
            else _("Meerwerk %(code)s is afgewezen.") % {"code": work.product.code},
        )
    programme = (
        selectors.programme_list_for(user=request.user, year=work.year)
        .filter(participant_id=work.participant_id)
        .first()
    )
    if programme is None:
        return redirect(reverse("web:programme-overview") + f"?jaar={work.year}")
    return redirect(reverse("web:programme-detail", args=[programme.pk]) + "#meerwerk")
