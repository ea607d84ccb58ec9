"""The risk table of an assessment (filters, sorting, pages of 50) and one site's explanation:
the effect per aspect, the base probability, the factors that add up to the risk, the
compliance history, the class, and why the latest programme takes the site or not."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from grip.participants import selectors as participant_selectors
from grip.planning import selectors
from grip.planning.constants import SOLVED_STATUSES, WEIGHT_FIELDS, Aspect
from grip.planning.models import Assessment, SiteRisk
from grip.sites.constants import ActivityCategory
from grip.web.planning.common import PAGE_SIZE, VIEW_RISK, VIEW_SITE, parse_id, trimmed, user_of

# The sort links of the table: the key selectors.SCORE_ORDERINGS knows, and its label.
SORTS = (
    ("risico", gettext_lazy("Risico")),
    ("naam", gettext_lazy("Locatie")),
    ("kans", gettext_lazy("Kans")),
    ("effect", gettext_lazy("Effect")),
    ("laatste", gettext_lazy("Laatste controle")),
)


@dataclass(frozen=True)
class RiskFilter:
    """The table's filters as read from the query string (Dutch parameter names)."""

    participant_id: int | None
    risk_class: str
    sbi: str
    category: str
    query: str
    order: str

    @classmethod
    def from_query(cls, query: QueryDict, *, participant_ids: set[int]) -> RiskFilter:
        participant_id = parse_id(query.get("deelnemer"))
        category = query.get("groep", "")
        sbi = query.get("sbi", "").strip()[:5]
        order = query.get("sorteer", "risico")
        return cls(
            participant_id=participant_id if participant_id in participant_ids else None,
            risk_class=query.get("klasse", "").strip()[:4],
            sbi=sbi if sbi.isdigit() else "",
            category=category if category in ActivityCategory.values else "",
            query=query.get("zoek", "").strip()[:100],
            order=order if order in selectors.SCORE_ORDERINGS else "risico",
        )


def _assessment(request: HttpRequest) -> Assessment | None:
    chosen = parse_id(request.GET.get("beoordeling"))
    if chosen is not None:
        return selectors.assessment_detail(pk=chosen)
    return selectors.latest_assessment()


def _sort_links(query: QueryDict, current: str) -> list[dict[str, Any]]:
    """Per sortable column: the link, and whether (and how) the table is sorted by it. Risk
    toggles between high-low and low-high; the others sort one way."""
    links = []
    for key, label in SORTS:
        target = key
        if key == "risico" and current == "risico":
            target = "-risico"
        params = query.copy()
        params.pop("pagina", None)
        params["sorteer"] = target
        active = current == key or (key == "risico" and current == "-risico")
        direction = ""
        if active:
            direction = "ascending" if current in ("-risico", "naam", "laatste") else "descending"
        links.append(
            {
                "key": key,
                "label": label,
                "url": f"?{params.urlencode()}",
                "active": active,
                "direction": direction,
            }
        )
    return links


@login_required
@permission_required(VIEW_RISK, raise_exception=True)
@require_GET
def risk_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    assessment = _assessment(request)
    participants = list(participant_selectors.participant_list_for(user=user).order_by("name"))
    chosen = RiskFilter.from_query(request.GET, participant_ids={p.pk for p in participants})
    context: dict[str, Any] = {
        "assessment": assessment,
        "assessments": list(selectors.assessment_list()[:20]),
        "filter": chosen,
        "participants": participants,
        "categories": ActivityCategory.choices,
        "section": "risicos",
    }
    if assessment is not None:
        scores = selectors.site_risk_list_for(
            user=user,
            assessment=assessment,
            participant_id=chosen.participant_id,
            risk_class=chosen.risk_class or None,
            sbi=chosen.sbi or None,
            category=chosen.category or None,
            q=chosen.query or None,
            order=chosen.order,
        ).defer("explanation")
        page = Paginator(scores, PAGE_SIZE).get_page(request.GET.get("pagina"))
        query = request.GET.copy()
        query.pop("pagina", None)
        context.update(
            page=page,
            query=query.urlencode(),
            classes=list(selectors.classes_of(assessment.model)),
            sorts=_sort_links(request.GET, chosen.order),
            links_sites=user.has_perm(VIEW_SITE),
        )
    return render(request, "web/planning/risk_list.html", context)


# --- one site's explanation ------------------------------------------------------------------


@dataclass(frozen=True)
class AspectRow:
    label: str
    score: int
    weight: Any
    rule: str


@dataclass(frozen=True)
class HistoryRow:
    day: datetime.date
    in_order: bool


def aspect_rows(score: SiteRisk) -> list[AspectRow]:
    model = score.assessment.model
    aspects = score.explanation.get("aspects") or {}
    rows = []
    for aspect in Aspect:
        given = aspects.get(aspect.value)
        if given is None:
            continue
        rows.append(
            AspectRow(
                label=str(aspect.label),
                score=int(given.get("score", 0)),
                weight=getattr(model, WEIGHT_FIELDS[aspect]),
                rule=str(given.get("rule", "")),
            )
        )
    return rows


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text[:10]) if text else None


@login_required
@permission_required(VIEW_RISK, raise_exception=True)
@require_GET
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    score = selectors.site_risk_detail_for(user=user, pk=pk)
    explanation = score.explanation or {}
    contributions = [
        {**contribution, "value_text": trimmed(contribution.get("value"))}
        for contribution in explanation.get("contributions") or []
    ]
    history = explanation.get("history") or {}
    risk_class = next(
        (c for c in selectors.classes_of(score.assessment.model) if c.code == score.risk_class),
        None,
    )
    plan = (
        selectors.plan_list()
        .filter(based_on__isnull=True, status__in=SOLVED_STATUSES)
        .order_by("-created_at", "-pk")
        .first()
    )
    items = (
        list(selectors.item_list_for(user=user, plan=plan).filter(site_id=score.site_id))
        if plan is not None
        else []
    )
    context = {
        "score": score,
        "site": score.site,
        "explanation": explanation,
        "aspects": aspect_rows(score),
        "contributions": contributions,
        "contribution_total": sum(float(c.get("risk_added", 0)) for c in contributions),
        "facts": explanation.get("facts") or {},
        "results": [
            HistoryRow(day, bool(in_order))
            for day, in_order in (
                (_date(text), flag) for text, flag in history.get("results") or []
            )
            if day is not None
        ],
        "repair_due_on": _date(history.get("repair_due_on")),
        "reinspection_planned": bool(history.get("reinspection_planned")),
        "recidivism": history.get("recidivism") or 0,
        "risk_class": risk_class,
        "plan": plan if items else None,
        "items": items,
        "links_sites": user.has_perm(VIEW_SITE),
        "section": "risicos",
    }
    return render(request, "web/planning/risk_detail.html", context)
