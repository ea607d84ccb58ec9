"""Writes to the register of supervised sites; each checked, in one transaction, audited.

Who may write: the ``sites.*`` permissions of the role table (the beheerder). A user bound to a
participant may only ever write sites of that participant. The rules for the values (postcode,
KvK number, vestigingsnummer, BAG identification, SBI codes) are those of
:mod:`grip.sites.validation`, shared with the file import.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from grip.core.audit import Actor, audit_create, audit_delete, audit_update, snapshot
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.permissions import require_permission
from grip.core.tenancy import participant_id_of
from grip.participants.models import Participant
from grip.sites import validation
from grip.sites.constants import IDENTIFICATION_PREFIX, ActivityStatus
from grip.sites.models import (
    BalActivity,
    Establishment,
    EstablishmentSbi,
    SbiCode,
    Site,
    SiteActivity,
    SiteType,
)

# What a site's data may hold; the identification is given once, at creation.
SITE_FIELDS = (
    "identification",
    "name",
    "site_type",
    "participant",
    "establishment",
    "street",
    "house_number",
    "house_letter",
    "house_number_addition",
    "postcode",
    "city",
    "bag_id",
    "location_description",
    "start_date",
    "end_date",
)
UPDATABLE_SITE_FIELDS = tuple(name for name in SITE_FIELDS if name != "identification")

_NAME_LENGTH = Site._meta.get_field("name").max_length or 200
_STREET_LENGTH = Site._meta.get_field("street").max_length or 120
_CITY_LENGTH = Site._meta.get_field("city").max_length or 80
_LOCATION_LENGTH = Site._meta.get_field("location_description").max_length or 300
_TRADE_NAME_LENGTH = Establishment._meta.get_field("trade_name").max_length or 200

_TEXT_CLEANERS: dict[str, Callable[[str], Any]] = {
    "identification": validation.clean_identification,
    "postcode": validation.clean_postcode,
    "bag_id": validation.clean_bag_id,
    "house_letter": validation.clean_house_letter,
    "house_number_addition": validation.clean_house_number_addition,
}
_TEXT_LIMITS = {
    "name": _NAME_LENGTH,
    "street": _STREET_LENGTH,
    "city": _CITY_LENGTH,
    "location_description": _LOCATION_LENGTH,
}


# --- rules --------------------------------------------------------------------------------------


def text_problem(field: str, value: str) -> str | None:
    """Why a free text is refused (too long), or None."""
    limit = _TEXT_LIMITS.get(field)
    if limit is not None and len(value) > limit:
        return _("Hoogstens %(max)s tekens.") % {"max": limit}
    return None


def site_rule_problems(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The rules between a site's fields, as (field, Dutch message) pairs.

    ``values`` holds cleaned values (house_number an int or None, dates as dates)."""
    problems: list[tuple[str, str]] = []
    if not values.get("name"):
        problems.append(("name", _("Vul een naam in.")))
    if not values.get("city"):
        problems.append(("city", _("Vul een plaats in.")))
    if values.get("house_number") is None and (
        values.get("house_letter") or values.get("house_number_addition")
    ):
        field = "house_letter" if values.get("house_letter") else "house_number_addition"
        problems.append((field, _("Een huisletter of toevoeging hoort bij een huisnummer.")))
    if values.get("house_number") is not None and not values.get("street"):
        problems.append(("street", _("Een huisnummer hoort bij een straat.")))
    if not values.get("street") and not values.get("location_description"):
        problems.append(("street", _("Vul een adres of een locatieomschrijving in.")))
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        problems.append(("end_date", _("De beëindigingsdatum ligt vóór de ontstaansdatum.")))
    return problems


def _clean_site_data(data: Mapping[str, Any], *, allowed: Sequence[str]) -> dict[str, Any]:
    """The given fields cleaned (normalised); the first refused value raises DomainError."""
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        if name not in allowed:
            raise DomainError(
                _("Het veld %(name)s kan hier niet worden gewijzigd.") % {"name": name},
                field=name,
                code="field_not_writable",
            )
        if name in _TEXT_CLEANERS:
            cleaned[name] = _TEXT_CLEANERS[name](str(value or ""))
        elif name == "house_number":
            cleaned[name] = validation.clean_house_number(value)
        elif name in _TEXT_LIMITS:
            text = str(value or "").strip()
            problem = text_problem(name, text)
            if problem is not None:
                raise DomainError(problem, field=name, code="too_long")
            cleaned[name] = text
        elif name == "site_type" and not isinstance(value, SiteType):
            raise DomainError(_("Kies een type."), field=name, code="site_type_required")
        elif name == "participant" and not isinstance(value, Participant):
            raise DomainError(_("Kies een deelnemer."), field=name, code="participant_required")
        elif name == "establishment" and value is not None and not isinstance(value, Establishment):
            raise DomainError(_("Onbekende vestiging."), field=name, code="unknown_establishment")
        else:
            cleaned[name] = value
    return cleaned


def _require_participant(actor: Actor, participant: Participant) -> None:
    """A user bound to a participant writes only that participant's sites."""
    if actor is None:
        return
    bound = participant_id_of(actor)
    if bound is not None and bound != participant.pk:
        raise NotAllowed(
            _("U kunt alleen toezichtobjecten van uw eigen deelnemer wijzigen."),
            code="other_participant",
        )


def _raise_first(problems: list[tuple[str, str]]) -> None:
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field, code="invalid_site")


def _identification_taken(identification: str) -> bool:
    return Site.objects.filter(identification=identification).exists()


# --- sites --------------------------------------------------------------------------------------


def site_create(*, actor: Actor, data: Mapping[str, Any]) -> Site:
    """Register a site. Without an identification Grip gives it one: GRIP-VO-000123."""
    require_permission(actor, "sites.add_site")
    cleaned = _clean_site_data(
        {name: value for name, value in data.items() if name != "identification" or value},
        allowed=SITE_FIELDS,
    )
    if "participant" not in cleaned:
        raise DomainError(
            _("Kies een deelnemer."), field="participant", code="participant_required"
        )
    if "site_type" not in cleaned:
        raise DomainError(_("Kies een type."), field="site_type", code="site_type_required")
    _require_participant(actor, cleaned["participant"])
    _raise_first(site_rule_problems(cleaned))
    given = cleaned.pop("identification", None)
    if given is not None and _identification_taken(given):
        raise DomainError(
            _("Identificatie %(value)s is al in gebruik.") % {"value": given},
            field="identification",
            code="identification_taken",
        )
    site = Site(**cleaned)
    try:
        with transaction.atomic():
            site.identification = given or f"{IDENTIFICATION_PREFIX}new-{uuid.uuid4().hex}"
            site.save()
            if given is None:
                site.identification = f"{IDENTIFICATION_PREFIX}{site.pk:06d}"
                site.save(update_fields=["identification"])
            audit_create(actor=actor, instance=site)
    except IntegrityError:
        raise Conflict(
            _("De identificatie is tegelijk door een ander in gebruik genomen; probeer opnieuw."),
            code="identification_taken",
        ) from None
    return site


def site_update(*, actor: Actor, site: Site, data: Mapping[str, Any]) -> Site:
    """Change a site's data (not its identification, which stays for good)."""
    require_permission(actor, "sites.change_site")
    _require_participant(actor, site.participant)
    cleaned = _clean_site_data(data, allowed=UPDATABLE_SITE_FIELDS)
    if "participant" in cleaned:
        _require_participant(actor, cleaned["participant"])
    with transaction.atomic():
        locked = Site.objects.select_for_update().get(pk=site.pk)
        before = snapshot(locked)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        values = {name: getattr(locked, name) for name in SITE_FIELDS}
        _raise_first(site_rule_problems(values))
        locked.save()
        audit_update(actor=actor, instance=locked, before=before)
    return locked


def site_activities_set(
    *, actor: Actor, site: Site, activities: Mapping[str, str]
) -> list[SiteActivity]:
    """Make the site's activities exactly these: Bal activity code -> CIM status.

    New activities are added, changed statuses recorded, activities not named removed; each
    change has its audit record. Returns the site's activities afterwards."""
    require_permission(actor, "sites.change_site")
    _require_participant(actor, site.participant)
    known = {activity.code: activity for activity in BalActivity.objects.all()}
    wanted: dict[str, str] = {}
    for code, status in activities.items():
        if code not in known:
            raise DomainError(
                _("Activiteit %(code)s is onbekend.") % {"code": code},
                field="activities",
                code="unknown_activity",
            )
        if status not in ActivityStatus.values:
            raise DomainError(
                _("Status %(status)s bestaat niet; kies uit %(choices)s.")
                % {"status": status, "choices": ", ".join(ActivityStatus.values)},
                field="activities",
                code="unknown_activity_status",
            )
        wanted[code] = status
    with transaction.atomic():
        current = {
            row.activity.code: row
            for row in SiteActivity.objects.select_for_update()
            .filter(site=site)
            .select_related("activity")
        }
        for code, row in current.items():
            if code not in wanted:
                audit_delete(actor=actor, instance=row)
                row.delete()
            elif row.status != wanted[code]:
                before = snapshot(row)
                row.status = wanted[code]
                row.save(update_fields=["status", "updated_at"])
                audit_update(actor=actor, instance=row, before=before)
        for code, status in wanted.items():
            if code not in current:
                row = SiteActivity.objects.create(site=site, activity=known[code], status=status)
                audit_create(actor=actor, instance=row)
    return list(SiteActivity.objects.filter(site=site).select_related("activity"))


# --- establishments -----------------------------------------------------------------------------


def sbi_codes_from(codes: Sequence[str], *, field: str = "sbi_codes") -> list[SbiCode]:
    """SBI codes by their code, in the given order without repeats; unknown codes refused."""
    known = {sbi.code: sbi for sbi in SbiCode.objects.filter(code__in=list(codes))}
    result: list[SbiCode] = []
    for code in codes:
        if code not in known:
            raise DomainError(
                _("SBI-code %(code)s is onbekend.") % {"code": code},
                field=field,
                code="unknown_sbi",
            )
        if known[code] not in result:
            result.append(known[code])
    return result


def _set_sbi_links(actor: Actor, establishment: Establishment, codes: list[SbiCode]) -> None:
    current = {link.sbi_code_id: link for link in establishment.sbi_links.all()}
    main_id = codes[0].pk if codes else None
    wanted = {sbi.pk for sbi in codes}
    for sbi_id, link in current.items():
        if sbi_id not in wanted:
            audit_delete(actor=actor, instance=link)
            link.delete()
    # The main flag moves in two steps, so that there is never a moment with two main codes.
    for sbi_id, link in current.items():
        if sbi_id in wanted and link.is_main and sbi_id != main_id:
            before = snapshot(link)
            link.is_main = False
            link.save(update_fields=["is_main"])
            audit_update(actor=actor, instance=link, before=before)
    for sbi in codes:
        kept = current.get(sbi.pk)
        if kept is None:
            made = EstablishmentSbi.objects.create(
                establishment=establishment, sbi_code=sbi, is_main=sbi.pk == main_id
            )
            audit_create(actor=actor, instance=made)
        elif sbi.pk == main_id and not kept.is_main:
            before = snapshot(kept)
            kept.is_main = True
            kept.save(update_fields=["is_main"])
            audit_update(actor=actor, instance=kept, before=before)


def establishment_save(
    *,
    actor: Actor,
    kvk_number: str,
    trade_name: str,
    branch_number: str | None = None,
    sbi_codes: Sequence[str] = (),
    is_main_branch: bool = False,
) -> Establishment:
    """Record an establishment by its KvK number and vestigingsnummer, or bring it up to
    date; ``sbi_codes`` become its SBI activities, the first one the main activity."""
    kvk = validation.clean_kvk_number(kvk_number)
    branch = validation.clean_branch_number(branch_number or "")
    name = trade_name.strip()
    if not name:
        raise DomainError(_("Vul een handelsnaam in."), field="trade_name", code="invalid")
    if len(name) > _TRADE_NAME_LENGTH:
        raise DomainError(
            _("Hoogstens %(max)s tekens.") % {"max": _TRADE_NAME_LENGTH},
            field="trade_name",
            code="too_long",
        )
    codes = sbi_codes_from(sbi_codes)
    with transaction.atomic():
        existing = (
            Establishment.objects.select_for_update().filter(branch_number=branch).first()
            if branch is not None
            else Establishment.objects.select_for_update()
            .filter(kvk_number=kvk, branch_number__isnull=True)
            .first()
        )
        if existing is None:
            require_permission(actor, "sites.add_establishment")
            establishment = Establishment.objects.create(
                kvk_number=kvk,
                branch_number=branch,
                trade_name=name,
                is_main_branch=is_main_branch,
            )
            audit_create(actor=actor, instance=establishment)
        else:
            require_permission(actor, "sites.change_establishment")
            if existing.kvk_number != kvk:
                raise DomainError(
                    _("Vestigingsnummer %(branch)s hoort bij KvK-nummer %(kvk)s.")
                    % {"branch": branch, "kvk": existing.kvk_number},
                    field="branch_number",
                    code="branch_of_other_kvk",
                )
            establishment = existing
            before = snapshot(establishment)
            establishment.trade_name = name
            establishment.is_main_branch = is_main_branch
            establishment.save()
            audit_update(actor=actor, instance=establishment, before=before)
        _set_sbi_links(actor, establishment, codes)
    return establishment
