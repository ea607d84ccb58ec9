"""Reads of the register of supervised sites, always through the tenancy scope.

A participant user sees only the sites of its own participant; another participant's site
answers 404. The reference lists (SBI codes, Bal activities, site types) are national and
readable by everyone who may read sites.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from grip.core.tenancy import User, scope_to_user
from grip.participants.models import Participant
from grip.sites.constants import CURRENT_ACTIVITY_STATUSES
from grip.sites.models import (
    BalActivity,
    Establishment,
    EstablishmentSbi,
    SbiCode,
    Site,
    SiteActivity,
    SiteImport,
    SiteType,
)

NO_SECTION = ""  # the section key of sites without an establishment or without a main SBI code


def sbi_code_list() -> QuerySet[SbiCode]:
    return SbiCode.objects.all()


def bal_activity_list() -> QuerySet[BalActivity]:
    return BalActivity.objects.all()


def site_type_list() -> QuerySet[SiteType]:
    return SiteType.objects.all()


def site_import_list() -> QuerySet[SiteImport]:
    return SiteImport.objects.select_related("imported_by")


def _participant_id(participant: Participant | int | None) -> int | None:
    if participant is None:
        return None
    return participant if isinstance(participant, int) else participant.pk


def _search(text: str) -> Q:
    """Name, identification, address, trade name; a KvK number or postcode as typed."""
    condition = (
        Q(name__icontains=text)
        | Q(identification__icontains=text)
        | Q(street__icontains=text)
        | Q(city__icontains=text)
        | Q(establishment__trade_name__icontains=text)
    )
    compact = text.replace(" ", "")
    if compact.isdigit() and len(compact) == 8:
        condition |= Q(establishment__kvk_number=compact)
    if 4 <= len(compact) <= 6 and compact[:4].isdigit():
        condition |= Q(postcode__startswith=compact.upper())
    return condition


def site_list_for(
    *,
    user: User,
    participant: Participant | int | None = None,
    sbi: str | None = None,
    section: str | None = None,
    activity: BalActivity | str | None = None,
    q: str | None = None,
    active: bool | None = None,
) -> QuerySet[Site]:
    """The sites ``user`` may see, filtered.

    - ``sbi``: sites whose establishment has an SBI code starting with it ('0146', or '01'
      for all of division 01);
    - ``section``: sites whose establishment's main SBI code lies in that section (A to U);
    - ``activity``: sites where that Bal activity is intended or carried out (not stopped or
      ended);
    - ``q``: a word in the name, identification, street, place or trade name, or a KvK number
      or (the start of) a postcode;
    - ``active``: True for sites without an end date (or one in the future), False for ended.
    """
    sites = scope_to_user(
        Site.objects.select_related("participant", "site_type", "establishment"), user=user
    )
    participant_id = _participant_id(participant)
    if participant_id is not None:
        sites = sites.filter(participant_id=participant_id)
    if sbi:
        sites = sites.filter(
            Exists(
                EstablishmentSbi.objects.filter(
                    establishment_id=OuterRef("establishment_id"), sbi_code__code__startswith=sbi
                )
            )
        )
    if section:
        sites = sites.filter(
            Exists(
                EstablishmentSbi.objects.filter(
                    establishment_id=OuterRef("establishment_id"),
                    is_main=True,
                    sbi_code__section=section,
                )
            )
        )
    if activity:
        code = activity if isinstance(activity, str) else activity.code
        sites = sites.filter(
            Exists(
                SiteActivity.objects.filter(
                    site_id=OuterRef("pk"),
                    activity__code=code,
                    status__in=CURRENT_ACTIVITY_STATUSES,
                )
            )
        )
    if q and q.strip():
        sites = sites.filter(_search(q.strip()))
    if active is not None:
        current = Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate())
        sites = sites.filter(current if active else ~current)
    return sites


def with_branches(sites: QuerySet[Site]) -> QuerySet[Site]:
    """Sites with their establishment's SBI codes (main first) and their activities, for a
    page or an API list: two extra queries, whatever the number of sites."""
    return sites.prefetch_related(
        Prefetch(
            "establishment__sbi_links",
            queryset=EstablishmentSbi.objects.select_related("sbi_code").order_by(
                "-is_main", "sbi_code__code"
            ),
        ),
        Prefetch(
            "activities",
            queryset=SiteActivity.objects.select_related("activity").order_by("activity__name"),
        ),
    )


def site_detail_for(*, user: User, pk: int) -> Site:
    """One site with its establishment, SBI codes and activities; 404 when ``user`` may not
    see it (another participant's site) or it does not exist."""
    site = with_branches(site_list_for(user=user)).filter(pk=pk).first()
    if site is None:
        raise Http404
    return site


def main_sbi(site: Site) -> EstablishmentSbi | None:
    """The main SBI code of a site's establishment (after :func:`with_branches`)."""
    if site.establishment is None:
        return None
    links = list(site.establishment.sbi_links.all())
    return next((link for link in links if link.is_main), links[0] if links else None)


def site_find_for(*, user: User, identification: str) -> Site | None:
    """A site by its identification, if ``user`` may see it."""
    return site_list_for(user=user).filter(identification=identification).first()


def establishment_list_for(*, user: User) -> QuerySet[Establishment]:
    """Staff see every establishment; a participant user those with a site of its own."""
    establishments = Establishment.objects.all()
    visible_sites = scope_to_user(Site.objects.all(), user=user)
    return establishments.filter(Exists(visible_sites.filter(establishment_id=OuterRef("pk"))))


def site_counts_by_section(
    *, user: User, participant: Participant | int | None = None, **filters: Any
) -> dict[str, int]:
    """How many sites per SBI section (of the main SBI code), for the sites ``user`` may see;
    ``NO_SECTION`` counts the sites without an establishment or main SBI code. Takes the
    filters of :func:`site_list_for`."""
    sites = site_list_for(user=user, participant=participant, **filters)
    rows = (
        sites.annotate(
            main_link=FilteredRelation(
                "establishment__sbi_links",
                condition=Q(establishment__sbi_links__is_main=True),
            )
        )
        .order_by()
        .values_list("main_link__sbi_code__section")
        .annotate(count=Count("id"))
    )
    return {section or NO_SECTION: count for section, count in rows}


def site_counts_by_participant_and_section(*, user: User) -> Counter[tuple[int, str]]:
    """Sites per (participant id, SBI section of the main code); one grouped query."""
    rows = (
        site_list_for(user=user)
        .annotate(
            main_link=FilteredRelation(
                "establishment__sbi_links",
                condition=Q(establishment__sbi_links__is_main=True),
            )
        )
        .order_by()
        .values_list("participant_id", "main_link__sbi_code__section")
        .annotate(count=Count("id"))
    )
    return Counter(
        {(participant_id, section or NO_SECTION): count for participant_id, section, count in rows}
    )


# --- profiles for the risk model (planning) ------------------------------------------------------


@dataclass(frozen=True)
class SiteProfile:
    """What the risk model reads of one site: where it is, what it is and what it does."""

    site_id: int
    participant_id: int
    site_type: str
    sbi_codes: tuple[str, ...]  # the establishment's codes, main first
    activities: tuple[str, ...]  # Bal activities intended or carried out
    categories: tuple[str, ...]  # their activity groups


def site_profiles(
    *, as_of: datetime.date, participant_ids: list[int] | None = None
) -> list[SiteProfile]:
    """The profile of every site that exists on ``as_of``, in three queries. The caller (the
    planning services) has checked the actor may plan for all participants."""
    sites = Site.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=as_of),
        Q(end_date__isnull=True) | Q(end_date__gte=as_of),
    )
    if participant_ids is not None:
        sites = sites.filter(participant_id__in=participant_ids)
    rows = list(
        sites.order_by("pk").values_list(
            "pk", "participant_id", "site_type__code", "establishment_id"
        )
    )
    codes: dict[int, list[str]] = {}
    for establishment_id, code in (
        EstablishmentSbi.objects.filter(
            establishment_id__in={row[3] for row in rows if row[3] is not None}
        )
        .order_by("establishment_id", "-is_main", "sbi_code__code")
        .values_list("establishment_id", "sbi_code__code")
    ):
        codes.setdefault(establishment_id, []).append(code)
    activities: dict[int, list[tuple[str, str]]] = {}
    for site_id, code, category in (
        SiteActivity.objects.filter(site__in=sites, status__in=CURRENT_ACTIVITY_STATUSES)
        .order_by("site_id", "activity__code")
        .values_list("site_id", "activity__code", "activity__category")
    ):
        activities.setdefault(site_id, []).append((code, category))
    return [
        SiteProfile(
            site_id=pk,
            participant_id=participant_id,
            site_type=site_type,
            sbi_codes=tuple(codes.get(establishment_id, ())) if establishment_id else (),
            activities=tuple(code for code, _category in activities.get(pk, ())),
            categories=tuple(dict.fromkeys(category for _code, category in activities.get(pk, ()))),
        )
        for pk, participant_id, site_type, establishment_id in rows
    ]


def site_ids_matching(
    *,
    as_of: datetime.date,
    sbi: str | None = None,
    activity: str | None = None,
    category: str | None = None,
) -> set[int]:
    """Ids of the sites existing on ``as_of`` with an SBI code starting with ``sbi``, or a
    current Bal activity ``activity``, or one of group ``category``: a theme of the inspection
    programme. One query."""
    sites = Site.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=as_of),
        Q(end_date__isnull=True) | Q(end_date__gte=as_of),
    )
    if sbi:
        sites = sites.filter(
            Exists(
                EstablishmentSbi.objects.filter(
                    establishment_id=OuterRef("establishment_id"), sbi_code__code__startswith=sbi
                )
            )
        )
    elif activity or category:
        current = SiteActivity.objects.filter(
            site_id=OuterRef("pk"), status__in=CURRENT_ACTIVITY_STATUSES
        )
        current = (
            current.filter(activity__code=activity)
            if activity
            else current.filter(activity__category=category)
        )
        sites = sites.filter(Exists(current))
    else:
        return set()
    return set(sites.values_list("pk", flat=True))
