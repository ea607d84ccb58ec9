"""The processing register (AVG article 30): what the service does with personal data, why, on
which legal basis, for whom and how long.

Every relevant change is a new version with its own identifier (Logboek dataverwerkingen,
component register): the old version stays and ends the day before the new one starts, so an
access log line always points at the version that was in force when it was written
(:func:`activity_uri`). The register is seeded from ``data/processing_activities.json`` after
``grip migrate``; a code already there keeps what people made of it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.cases.constants import CimObject
from grip.cases.models import Case
from grip.core.audit import Actor, audit_create
from grip.core.errors import Conflict, DomainError
from grip.core.permissions import require_permission
from grip.core.services import assign_fields, update_audited
from grip.dataplatform.models import Dataset, ProcessingActivity

ACTIVITIES_FILE = Path(__file__).parent / "data" / "processing_activities.json"
ADD_ACTIVITY = "dataplatform.add_processingactivity"

# What people write in a version (code and version number are the register's own).
ACTIVITY_FIELDS = (
    "name",
    "role",
    "controller",
    "purposes",
    "legal_basis",
    "legal_basis_detail",
    "data_subjects",
    "data_categories",
    "recipients",
    "transfers_outside_eu",
    "retention",
    "security_measures",
    "dpia_required",
)

# The processing activity under which a case is handled, by the CIM VTH FLo object of its type.
CASE_ACTIVITY: dict[str, str] = {
    CimObject.VERZOEK: "vth-vergunningverlening",
    CimObject.ADVIESVERZOEK: "vth-vergunningverlening",
    CimObject.HANDHAVINGSVERZOEK: "toezicht-handhaving",
    CimObject.CONTROLE: "toezicht-handhaving",
    CimObject.INCIDENT: "klachten",
    CimObject.BEZWAAR: "bezwaar-beroep",
}
DEFAULT_CASE_ACTIVITY = "vth-vergunningverlening"


def activity_uri(activity: ProcessingActivity) -> str:
    """The persistent identifier of one version: ``dpl.core.processing_activity_id``."""
    return f"{settings.BASE_URL}/verwerkingen/{activity.code}/v{activity.version}"


def activity_names() -> dict[str, str]:
    """The name of every version of every activity, by the URI the access log holds."""
    return {activity_uri(activity): str(activity) for activity in ProcessingActivity.objects.all()}


def activity_list() -> QuerySet[ProcessingActivity]:
    """Every version of every activity, by code and newest version first."""
    return ProcessingActivity.objects.prefetch_related("datasets").order_by("code", "-version")


def current_activities(*, on: datetime.date | None = None) -> list[ProcessingActivity]:
    """The register as it stands on a day: per code the version in force (or, for a code whose
    versions all start later or have ended, its latest)."""
    versions: dict[str, list[ProcessingActivity]] = {}
    for activity in activity_list():  # newest version first
        versions.setdefault(activity.code, []).append(activity)
    chosen = [
        next((version for version in found if in_force(version, on)), found[0])
        for found in versions.values()
    ]
    return sorted(chosen, key=lambda activity: activity.name.lower())


def in_force(activity: ProcessingActivity, on: datetime.date | None = None) -> bool:
    """Whether this version is the one in force on ``on`` (default today)."""
    day = on or timezone.localdate()
    return activity.valid_from <= day and (activity.valid_to is None or activity.valid_to >= day)


def current_activity(code: str, *, on: datetime.date | None = None) -> ProcessingActivity:
    """The version of ``code`` in force on a day (today by default); failing that, its latest.
    Raises ``ProcessingActivity.DoesNotExist`` for an unknown code."""
    day = on or timezone.localdate()
    versions = ProcessingActivity.objects.filter(code=code)
    in_force = (
        versions.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-version")
        .first()
    )
    if in_force is not None:
        return in_force
    latest = versions.order_by("-version").first()
    if latest is None:
        raise ProcessingActivity.DoesNotExist(f"No processing activity '{code}'.")
    return latest


def activity_versions(code: str) -> QuerySet[ProcessingActivity]:
    return activity_list().filter(code=code)


def case_activity_code(case: Case) -> str:
    """The activity under which a case's personal data is processed (by its case type)."""
    return CASE_ACTIVITY.get(str(case.case_type.cim_object), DEFAULT_CASE_ACTIVITY)


# --- writes -----------------------------------------------------------------------------------


def _datasets(identifiers: Iterable[str]) -> list[Dataset]:
    wanted = list(identifiers)
    found = {
        dataset.identifier: dataset for dataset in Dataset.objects.filter(identifier__in=wanted)
    }
    return [found[identifier] for identifier in wanted if identifier in found]


def _dataset_list(value: Any) -> list[Dataset]:
    """Datasets given as rows, primary keys or identifiers."""
    items = list(value or [])
    rows = [item for item in items if isinstance(item, Dataset)]
    keys = [item for item in items if isinstance(item, int)]
    names = [item for item in items if isinstance(item, str)]
    rows += list(Dataset.objects.filter(pk__in=keys)) + _datasets(names)
    return list({dataset.pk: dataset for dataset in rows}.values())


def _fill(activity: ProcessingActivity, data: Mapping[str, Any]) -> None:
    # The linked datasets and the start date are written by the callers themselves.
    fields = {name: value for name, value in data.items() if name not in ("datasets", "valid_from")}
    assign_fields(activity, fields, ACTIVITY_FIELDS)


def activity_create(*, actor: Actor, code: str, data: Mapping[str, Any]) -> ProcessingActivity:
    """A new activity in the register (version 1)."""
    require_permission(actor, ADD_ACTIVITY)
    with transaction.atomic():
        if ProcessingActivity.objects.filter(code=code).exists():
            raise Conflict(
                _("Er is al een verwerking met de code %(code)s; maak een nieuwe versie.")
                % {"code": code},
                field="code",
                code="activity_exists",
            )
        activity = ProcessingActivity(
            code=code, version=1, valid_from=data.get("valid_from") or timezone.localdate()
        )
        _fill(activity, data)
        activity.full_clean()
        activity.save()
        activity.datasets.set(_dataset_list(data.get("datasets")))
        audit_create(actor=actor, instance=activity)
    return activity


def _same(activity: ProcessingActivity, data: Mapping[str, Any]) -> bool:
    fields_same = all(
        getattr(activity, name) == value for name, value in data.items() if name in ACTIVITY_FIELDS
    )
    if "datasets" not in data:
        return fields_same
    wanted = {dataset.pk for dataset in _dataset_list(data["datasets"])}
    return fields_same and wanted == set(activity.datasets.values_list("pk", flat=True))


def activity_new_version(
    *, actor: Actor, activity: ProcessingActivity, data: Mapping[str, Any]
) -> ProcessingActivity:
    """Change an activity: a new version from ``data["valid_from"]`` (default today) with the
    fields of ``data`` over those of ``activity``; the version it replaces ends the day before.
    Only the latest version can be changed, and only with a real change."""
    require_permission(actor, ADD_ACTIVITY)
    with transaction.atomic():
        versions = list(
            ProcessingActivity.objects.select_for_update().filter(code=activity.code).order_by("pk")
        )
        latest = max(versions, key=lambda version: version.version)
        if latest.pk != activity.pk:
            raise Conflict(
                _("Er is al een nieuwere versie (v%(version)s); wijzig die.")
                % {"version": latest.version},
                code="not_latest_version",
            )
        # By default from today, or the day after the latest version starts if that is later.
        valid_from = data.get("valid_from") or max(
            timezone.localdate(), latest.valid_from + datetime.timedelta(days=1)
        )
        if not isinstance(valid_from, datetime.date):
            raise DomainError(
                _("Geef een geldige ingangsdatum."), field="valid_from", code="invalid"
            )
        if _same(latest, data):
            raise DomainError(
                _("Er is niets gewijzigd; een nieuwe versie is alleen nodig bij een wijziging."),
                code="unchanged",
            )
        if valid_from <= latest.valid_from:
            raise DomainError(
                _("Versie %(version)s geldt vanaf %(date)s; kies een latere datum.")
                % {"version": latest.version, "date": latest.valid_from.strftime("%d-%m-%Y")},
                field="valid_from",
                code="version_overlaps",
            )
        if latest.valid_to is None or latest.valid_to >= valid_from:
            update_audited(
                actor=actor,
                instance=latest,
                data={"valid_to": valid_from - datetime.timedelta(days=1)},
                fields=("valid_to",),
            )
        new = ProcessingActivity(
            code=latest.code,
            version=latest.version + 1,  # ``latest`` is the highest of the locked versions
            valid_from=valid_from,
        )
        for name in ACTIVITY_FIELDS:
            setattr(new, name, getattr(latest, name))
        _fill(new, data)
        new.full_clean()
        new.save()
        if "datasets" in data:
            new.datasets.set(_dataset_list(data["datasets"]))
        else:
            new.datasets.set(list(latest.datasets.all()))
        audit_create(actor=actor, instance=new)
    return new


def load_processing_activities(path: Path | None = None) -> int:
    """Seed the register: each code not yet in it gets version 1 from the file (valid from
    today), linked to the datasets the file names. A code already there is left alone (people
    own it). Like the glossary, the seed writes no audit records: the file is its history.
    Returns how many activities are new."""
    with (path or ACTIVITIES_FILE).open(encoding="utf-8") as handle:
        rows = json.load(handle)
    existing = set(ProcessingActivity.objects.values_list("code", flat=True))
    new = 0
    with transaction.atomic():
        for row in rows:
            if row["code"] in existing:
                continue
            activity = ProcessingActivity(
                code=row["code"], version=1, valid_from=timezone.localdate()
            )
            for name in ACTIVITY_FIELDS:
                if name in row:
                    setattr(activity, name, row[name])
            activity.full_clean()
            activity.save()
            activity.datasets.set(_datasets(row.get("datasets", [])))
            new += 1
    return new
