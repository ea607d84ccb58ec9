"""Reading supervised sites from a CSV or XLSX file: validated whole, written in one go.

The columns are documented in ``docs/toezichtobjecten-import.md``. The whole file is checked
before anything is written; every problem is reported with its row, column and rule, and a
file with any problem writes nothing. A site is keyed by its ``identificatie``: a row of a new
identification registers a site, a row of a known one brings that site up to date, and a row
that matches what Grip holds changes nothing, so reading the same file again changes nothing.
An optional column that is left out of the file leaves that part of existing sites as it is.

Tens of thousands of rows are normal, so every lookup the rules need (participants, types, SBI
codes, activities, the existing sites, establishments and activities) is loaded up front with a
few queries, and the writes are bulk inserts with the audit records of
:func:`grip.core.audit.audit_create_many`. The value rules are those of the services
(:mod:`grip.sites.validation`, :func:`grip.sites.services.site_rule_problems`).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.core.audit import Actor, audit_create, audit_create_many, audit_delete, audit_update
from grip.core.audit import snapshot as audit_snapshot
from grip.core.errors import Conflict, DomainError, ImportRejected
from grip.core.permissions import require_permission
from grip.core.tabular import (
    ImportProblem,
    Source,
    chunks,
    problem_order,
    read_bytes,
    table_rows,
)
from grip.core.tenancy import participant_id_of
from grip.participants.models import Participant
from grip.sites import validation
from grip.sites.constants import ActivityStatus
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
from grip.sites.services import site_rule_problems, text_problem

PERMISSION = "sites.import_sites"

IDENTIFICATION = "identificatie"
NAME = "naam"
TYPE = "type"
PARTICIPANT = "deelnemer"
STREET = "straat"
HOUSE_NUMBER = "huisnummer"
HOUSE_LETTER = "huisletter"
HOUSE_NUMBER_ADDITION = "huisnummertoevoeging"
POSTCODE = "postcode"
CITY = "plaats"
BAG_ID = "bag_id"
LOCATION = "locatieomschrijving"
KVK = "kvk_nummer"
BRANCH = "vestigingsnummer"
TRADE_NAME = "handelsnaam"
SBI = "sbi_codes"
ACTIVITIES = "activiteiten"
START = "ontstaansdatum"
END = "beeindigingsdatum"

COLUMNS = (
    IDENTIFICATION,
    NAME,
    TYPE,
    PARTICIPANT,
    STREET,
    HOUSE_NUMBER,
    HOUSE_LETTER,
    HOUSE_NUMBER_ADDITION,
    POSTCODE,
    CITY,
    BAG_ID,
    LOCATION,
    KVK,
    BRANCH,
    TRADE_NAME,
    SBI,
    ACTIVITIES,
    START,
    END,
)
REQUIRED = (IDENTIFICATION, NAME, TYPE, PARTICIPANT, CITY)
ESTABLISHMENT_COLUMNS = (KVK, BRANCH, TRADE_NAME, SBI)

# The file's columns that hold a field of the site, and that field.
SITE_COLUMNS = {
    NAME: "name",
    TYPE: "site_type_id",
    PARTICIPANT: "participant_id",
    STREET: "street",
    HOUSE_NUMBER: "house_number",
    HOUSE_LETTER: "house_letter",
    HOUSE_NUMBER_ADDITION: "house_number_addition",
    POSTCODE: "postcode",
    CITY: "city",
    BAG_ID: "bag_id",
    LOCATION: "location_description",
    START: "start_date",
    END: "end_date",
}
# The column a rule of the services is about, by the service's field name.
_COLUMN_OF_FIELD = {
    "name": NAME,
    "city": CITY,
    "street": STREET,
    "house_letter": HOUSE_LETTER,
    "house_number_addition": HOUSE_NUMBER_ADDITION,
    "end_date": END,
}
_SITE_FIELDS = (*SITE_COLUMNS.values(), "establishment_id")
# A foreign key's column name and the field's own name.
_FIELD_NAMES = {
    "site_type_id": "site_type",
    "participant_id": "participant",
    "establishment_id": "establishment",
}

LIST_SEPARATORS = re.compile(r"[|,\s]+")
BATCH_SIZE = 2000
# Numeric XLSX cells lose leading zeros; these columns get them back.
_DIGIT_WIDTHS = {KVK: 8, BRANCH: 12, BAG_ID: 16}


@dataclass
class SiteImportResult:
    """What an import did; ``record`` is the audited :class:`SiteImport`."""

    record: SiteImport
    establishments_created: int = 0
    establishments_updated: int = 0
    activities_created: int = 0
    activities_changed: int = 0
    activities_removed: int = 0

    @property
    def rows(self) -> int:
        return self.record.rows

    @property
    def created(self) -> int:
        return self.record.created

    @property
    def updated(self) -> int:
        return self.record.updated

    @property
    def unchanged(self) -> int:
        return self.record.unchanged


EstablishmentKey = tuple[str, str | None]  # KvK number, vestigingsnummer


@dataclass
class _Row:
    """A row that passed its own checks, with values as Grip stores them."""

    number: int
    identification: str
    site: dict[str, Any]
    establishment_key: EstablishmentKey | None = None  # None: no establishment (when given)
    trade_name: str | None = None  # None: keep what Grip holds (or the site's name when new)
    sbi_ids: tuple[int, ...] | None = None  # None: keep; main first
    activities: dict[int, str] | None = None  # activity id -> status; None: keep
    establishment_given: bool = False
    valid: bool = True  # False when a cell of the row has a problem


@dataclass
class _Plan:
    """Everything the write step does, decided while checking."""

    new_establishments: dict[EstablishmentKey, tuple[str, tuple[int, ...]]] = field(
        default_factory=dict
    )
    changed_establishments: dict[int, tuple[str | None, tuple[int, ...] | None]] = field(
        default_factory=dict
    )
    new_sites: list[_Row] = field(default_factory=list)
    changed_sites: dict[int, _Row] = field(default_factory=dict)
    activity_rows: list[tuple[int | None, _Row]] = field(default_factory=list)  # site id or new
    establishment_ids: dict[EstablishmentKey, int] = field(default_factory=dict)
    unchanged: int = 0


# --- reading the file --------------------------------------------------------------------------


def _text(value: Any, column: str) -> str:
    """A cell as text; a numeric cell of a number column gets its leading zeros back."""
    if isinstance(value, int) and column in _DIGIT_WIDTHS:
        return str(value).zfill(_DIGIT_WIDTHS[column])
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _header_and_rows(
    data: bytes, file_name: str, problems: list[ImportProblem]
) -> tuple[dict[str, int], list[tuple[int, list[Any]]]]:
    """The column positions and the data rows (not the empty ones) with their row number.

    Header problems (a missing, unknown or doubled column) are added to ``problems``; without
    every required column the rows are not read at all."""
    rows: Iterator[list[Any]] = table_rows(data, file_name)
    header = next(rows, None)
    if header is None:
        problems.append(ImportProblem(file_name, None, None, _("Het bestand is leeg.")))
        return {}, []
    names = [str(name).strip().lower() for name in header]
    while names and not names[-1]:
        names.pop()
    position: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in position:
            problems.append(
                ImportProblem(
                    file_name,
                    1,
                    name,
                    _("De kolom %(name)s staat er twee keer in.") % {"name": name},
                )
            )
        elif name not in COLUMNS:
            problems.append(
                ImportProblem(
                    file_name,
                    1,
                    name or None,
                    _("Onbekende kolom '%(name)s'; de kolommen zijn %(columns)s.")
                    % {"name": name, "columns": ", ".join(COLUMNS)},
                )
            )
        else:
            position[name] = index
    missing = [name for name in REQUIRED if name not in position]
    for name in missing:
        problems.append(
            ImportProblem(file_name, 1, name, _("De kolom %(name)s ontbreekt.") % {"name": name})
        )
    if any(name in position for name in (BRANCH, TRADE_NAME, SBI)) and KVK not in position:
        problems.append(
            ImportProblem(
                file_name,
                1,
                KVK,
                _("De kolom %(name)s ontbreekt; die hoort bij %(others)s.")
                % {
                    "name": KVK,
                    "others": ", ".join(
                        name for name in (BRANCH, TRADE_NAME, SBI) if name in position
                    ),
                },
            )
        )
    if missing or problems:
        return position, []
    width = max(position.values()) + 1
    result: list[tuple[int, list[Any]]] = []
    for number, values in enumerate(rows, start=2):
        if len(values) < width:
            values = [*values, *([""] * (width - len(values)))]
        if not any(values[index] not in ("", None) for index in position.values()):
            continue  # an empty line, often the last one
        result.append((number, values))
    return position, result


# --- values -------------------------------------------------------------------------------------


def _parse_date(raw: Any) -> datetime.date | str | None:
    """A date, None for an empty cell, or why it is not a date."""
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw).strip()
    if not text:
        return None
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        if len(text) == 10 and text[2] == "-" and text[5] == "-":
            return datetime.date(int(text[6:]), int(text[3:5]), int(text[:2]))
    except ValueError:
        pass
    return _("'%(value)s' is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ.") % {"value": text}


def split_list(text: str) -> list[str]:
    """'0146 | 0141,0111' -> ['0146', '0141', '0111']."""
    return [part for part in LIST_SEPARATORS.split(text.strip()) if part]


@dataclass
class _Lookups:
    participants: dict[str, int]
    site_types: dict[str, int]
    sbi: dict[str, int]
    activities: dict[str, int]

    @classmethod
    def load(cls) -> _Lookups:
        participants: dict[str, int] = {}
        for pk, code, name in Participant.objects.values_list("pk", "code", "name"):
            participants[code.upper()] = pk
            participants[name.lower()] = pk
        return cls(
            participants=participants,
            site_types={
                code.lower(): pk for pk, code in SiteType.objects.values_list("pk", "code")
            },
            sbi=dict(SbiCode.objects.values_list("code", "pk")),
            activities={
                code.lower(): pk for pk, code in BalActivity.objects.values_list("pk", "code")
            },
        )


class _RowChecker:
    """The checks of one row on its own: values that parse and refer to what exists."""

    def __init__(
        self,
        *,
        file_name: str,
        position: dict[str, int],
        lookups: _Lookups,
        problems: list[ImportProblem],
        allowed_participant: int | None,
    ) -> None:
        self.file_name = file_name
        self.position = position
        self.lookups = lookups
        self.problems = problems
        self.allowed_participant = allowed_participant
        self.statuses = set(ActivityStatus.values)

    def add(self, number: int, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.file_name, number, column, message))

    def _clean(
        self, number: int, column: str, cleaner: Callable[[str], Any], raw: str
    ) -> tuple[bool, Any]:
        try:
            return True, cleaner(raw)
        except DomainError as error:
            self.add(number, column, error.message)
            return False, None

    def check(self, number: int, values: list[Any]) -> _Row:
        position = self.position
        before = len(self.problems)
        texts = {column: _text(values[index], column) for column, index in position.items()}
        ok, identification = self._clean(
            number, IDENTIFICATION, validation.clean_identification, texts[IDENTIFICATION]
        )
        site: dict[str, Any] = {}
        for column in (NAME, STREET, CITY, LOCATION):
            if column in texts:
                problem = text_problem(SITE_COLUMNS[column], texts[column])
                if problem is not None:
                    self.add(number, column, problem)
                site[SITE_COLUMNS[column]] = texts[column]
        self._reference(number, texts, site)
        cleaners: dict[str, Callable[[str], Any]] = {
            HOUSE_NUMBER: validation.clean_house_number,
            HOUSE_LETTER: validation.clean_house_letter,
            HOUSE_NUMBER_ADDITION: validation.clean_house_number_addition,
            POSTCODE: validation.clean_postcode,
            BAG_ID: validation.clean_bag_id,
        }
        for column, cleaner in cleaners.items():
            if column in texts:
                ok, value = self._clean(number, column, cleaner, texts[column])
                if ok:
                    site[SITE_COLUMNS[column]] = value
        for column in (START, END):
            if column in position:
                day = _parse_date(values[position[column]])
                if isinstance(day, str):
                    self.add(number, column, day)
                else:
                    site[SITE_COLUMNS[column]] = day
        row = _Row(number=number, identification=identification or "", site=site)
        if KVK in position:
            self._establishment(number, texts, row)
        if ACTIVITIES in position:
            row.activities = self._activities(number, texts[ACTIVITIES])
        row.valid = len(self.problems) == before
        return row

    def _reference(self, number: int, texts: dict[str, str], site: dict[str, Any]) -> None:
        type_text = texts[TYPE]
        type_id = self.lookups.site_types.get(type_text.lower())
        if type_id is None:
            self.add(
                number,
                TYPE,
                _("Vul een type in.")
                if not type_text
                else _("Type %(value)s is onbekend.") % {"value": type_text},
            )
        site["site_type_id"] = type_id
        participant_text = texts[PARTICIPANT]
        participant_id = self.lookups.participants.get(
            participant_text.upper()
        ) or self.lookups.participants.get(participant_text.lower())
        if participant_id is None:
            self.add(
                number,
                PARTICIPANT,
                _("Vul een deelnemer in (CBS-code, zoals GM0772).")
                if not participant_text
                else _("Deelnemer %(value)s is onbekend.") % {"value": participant_text},
            )
        elif self.allowed_participant is not None and participant_id != self.allowed_participant:
            self.add(
                number,
                PARTICIPANT,
                _("U kunt alleen toezichtobjecten van uw eigen deelnemer inlezen."),
            )
        site["participant_id"] = participant_id

    def _establishment(self, number: int, texts: dict[str, str], row: _Row) -> None:
        row.establishment_given = True
        kvk_text = texts[KVK]
        branch_text = texts.get(BRANCH, "")
        if not kvk_text:
            for column in (BRANCH, TRADE_NAME, SBI):
                if texts.get(column):
                    self.add(
                        number,
                        column,
                        _("Vul ook een KvK-nummer in, of laat %(column)s leeg.")
                        % {"column": column},
                    )
            row.establishment_key = None
            return
        ok_kvk, kvk = self._clean(number, KVK, validation.clean_kvk_number, kvk_text)
        ok_branch, branch = self._clean(number, BRANCH, validation.clean_branch_number, branch_text)
        if ok_kvk and ok_branch:
            row.establishment_key = (kvk, branch)
        if TRADE_NAME in texts:
            trade_name = texts[TRADE_NAME]
            problem = text_problem("name", trade_name)
            if problem is not None:
                self.add(number, TRADE_NAME, problem)
            row.trade_name = trade_name or None
        if SBI in texts:
            ids: list[int] = []
            for code in split_list(texts[SBI]):
                sbi_id = self.lookups.sbi.get(code)
                if sbi_id is None:
                    self.add(number, SBI, _("SBI-code %(code)s is onbekend.") % {"code": code})
                elif sbi_id not in ids:
                    ids.append(sbi_id)
            row.sbi_ids = tuple(ids)

    def _activities(self, number: int, text: str) -> dict[int, str]:
        result: dict[int, str] = {}
        for item in split_list(text):
            code, _separator, status = item.partition(":")
            status = status.strip().lower() or ActivityStatus.RUNNING
            activity_id = self.lookups.activities.get(code.strip().lower())
            if activity_id is None:
                self.add(number, ACTIVITIES, _("Activiteit %(code)s is onbekend.") % {"code": code})
                continue
            if status not in self.statuses:
                self.add(
                    number,
                    ACTIVITIES,
                    _("Status %(status)s bij %(code)s bestaat niet; kies uit %(choices)s.")
                    % {"status": status, "code": code, "choices": ", ".join(ActivityStatus.values)},
                )
                continue
            if activity_id in result:
                self.add(
                    number,
                    ACTIVITIES,
                    _("Activiteit %(code)s staat er twee keer in.") % {"code": code},
                )
                continue
            result[activity_id] = status
        return result


# --- checks against the database and each other -------------------------------------------------


def _existing_sites(identifications: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunks(identifications, 900):
        for values in Site.objects.filter(identification__in=chunk).values(
            "pk", "identification", *_SITE_FIELDS
        ):
            found[values["identification"]] = values
    return found


@dataclass
class _KnownEstablishment:
    pk: int
    kvk: str
    trade_name: str
    sbi_ids: tuple[int, ...]  # main first


def _existing_establishments(
    keys: set[EstablishmentKey],
) -> dict[EstablishmentKey, _KnownEstablishment]:
    """The establishments with these keys, with their SBI codes (main first).

    A vestigingsnummer is unique on its own: it is looked up without its KvK number, so that
    the check also finds one that Grip holds under another KvK number."""
    branches = sorted({branch for _kvk, branch in keys if branch is not None})
    bare = sorted({kvk for kvk, branch in keys if branch is None})
    fields = ("pk", "kvk_number", "branch_number", "trade_name")
    rows: list[tuple[int, str, str | None, str]] = []
    for numbers in chunks(branches, 900):
        rows.extend(Establishment.objects.filter(branch_number__in=numbers).values_list(*fields))
    for numbers in chunks(bare, 900):
        rows.extend(
            Establishment.objects.filter(
                kvk_number__in=numbers, branch_number__isnull=True
            ).values_list(*fields)
        )
    by_key = {
        (kvk, branch): _KnownEstablishment(pk, kvk, trade_name, ())
        for pk, kvk, branch, trade_name in rows
    }
    by_id = {known.pk: known for known in by_key.values()}
    links: dict[int, list[tuple[bool, int]]] = {}
    for chunk in chunks(sorted(by_id), 900):
        for establishment_id, sbi_id, is_main in EstablishmentSbi.objects.filter(
            establishment_id__in=chunk
        ).values_list("establishment_id", "sbi_code_id", "is_main"):
            links.setdefault(establishment_id, []).append((not is_main, sbi_id))
    for pk, known in by_id.items():
        known.sbi_ids = tuple(sbi_id for _not_main, sbi_id in sorted(links.get(pk, [])))
    return by_key


def _existing_activities(site_ids: list[int]) -> dict[int, dict[int, str]]:
    found: dict[int, dict[int, str]] = {}
    for chunk in chunks(site_ids, 900):
        for site_id, activity_id, status in SiteActivity.objects.filter(
            site_id__in=chunk
        ).values_list("site_id", "activity_id", "status"):
            found.setdefault(site_id, {})[activity_id] = status
    return found


def _same_sbi(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """The same codes with the same main code (the order of the others does not matter)."""
    return (a[:1] == b[:1]) and set(a) == set(b)


class _Planner:
    """The checks of the rows against each other and the database, and what to write."""

    def __init__(
        self,
        *,
        file_name: str,
        problems: list[ImportProblem],
        allowed_participant: int | None = None,
    ) -> None:
        self.file_name = file_name
        self.problems = problems
        self.allowed_participant = allowed_participant
        self.plan = _Plan()

    def add(self, row: _Row, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.file_name, row.number, column, message))

    def run(self, rows: list[_Row]) -> _Plan:
        seen: dict[str, int] = {}
        for row in rows:
            if not row.identification:
                continue
            if row.identification in seen:
                self.add(
                    row,
                    IDENTIFICATION,
                    _("Identificatie %(value)s staat ook op regel %(row)s.")
                    % {"value": row.identification, "row": seen[row.identification]},
                )
            else:
                seen[row.identification] = row.number
        existing = _existing_sites(list(seen))
        keys = {row.establishment_key for row in rows if row.establishment_key is not None}
        known = _existing_establishments(keys)
        self.plan.establishment_ids = {key: item.pk for key, item in known.items()}
        self._establishments(rows, known)
        self._sites(rows, existing, known)
        return self.plan

    def _establishments(
        self, rows: list[_Row], known: dict[EstablishmentKey, _KnownEstablishment]
    ) -> None:
        """One set of values per establishment across the file; a vestigingsnummer belongs to
        one KvK number, in the file and in Grip."""
        owner_in_grip = {branch: kvk for kvk, branch in known if branch is not None}
        owner_in_file: dict[str, tuple[str, int]] = {}
        first_row: dict[EstablishmentKey, _Row] = {}
        for row in rows:
            if row.establishment_key is None:
                continue
            kvk, branch = row.establishment_key
            if branch is not None:
                owner = owner_in_grip.get(branch)
                if owner is not None and owner != kvk:
                    self.add(
                        row,
                        BRANCH,
                        _("Vestigingsnummer %(branch)s hoort in Grip bij KvK-nummer %(kvk)s.")
                        % {"branch": branch, "kvk": owner},
                    )
                    continue
                earlier_kvk, earlier_row = owner_in_file.setdefault(branch, (kvk, row.number))
                if earlier_kvk != kvk:
                    self.add(
                        row,
                        BRANCH,
                        _(
                            "Vestigingsnummer %(branch)s staat op regel %(row)s bij "
                            "KvK-nummer %(kvk)s."
                        )
                        % {"branch": branch, "row": earlier_row, "kvk": earlier_kvk},
                    )
                    continue
            first = first_row.setdefault(row.establishment_key, row)
            if first is row:
                continue
            if (
                row.trade_name is not None
                and first.trade_name is not None
                and row.trade_name != first.trade_name
            ):
                self.add(
                    row,
                    TRADE_NAME,
                    _("Deze vestiging staat op regel %(row)s met handelsnaam %(name)s.")
                    % {"row": first.number, "name": first.trade_name},
                )
            if (
                row.sbi_ids is not None
                and first.sbi_ids is not None
                and not _same_sbi(row.sbi_ids, first.sbi_ids)
            ):
                self.add(
                    row,
                    SBI,
                    _("Deze vestiging staat op regel %(row)s met andere SBI-codes.")
                    % {"row": first.number},
                )
        for key, row in first_row.items():
            item = known.get(key)
            if item is None:
                self.plan.new_establishments[key] = (
                    row.trade_name or row.site.get("name") or "",
                    row.sbi_ids or (),
                )
                continue
            trade_name = (
                row.trade_name
                if row.trade_name is not None and row.trade_name != item.trade_name
                else None
            )
            sbi_ids = (
                row.sbi_ids
                if row.sbi_ids is not None and not _same_sbi(row.sbi_ids, item.sbi_ids)
                else None
            )
            if trade_name is not None or sbi_ids is not None:
                self.plan.changed_establishments[item.pk] = (trade_name, sbi_ids)

    def _sites(
        self,
        rows: list[_Row],
        existing: dict[str, dict[str, Any]],
        known: dict[EstablishmentKey, _KnownEstablishment],
    ) -> None:
        """Each row against what Grip holds: the rules between fields, new or changed."""
        activities = _existing_activities([values["pk"] for values in existing.values()])
        for row in rows:
            values = existing.get(row.identification)
            if (
                values is not None
                and self.allowed_participant is not None
                and values["participant_id"] != self.allowed_participant
            ):
                self.add(
                    row,
                    IDENTIFICATION,
                    _("Identificatie %(value)s is van een andere deelnemer.")
                    % {"value": row.identification},
                )
            if row.valid:
                merged = dict(row.site)
                if values is not None:
                    for name in _SITE_FIELDS:
                        merged.setdefault(name, values[name])
                rule_values = {
                    _FIELD_NAMES.get(name, name): value for name, value in merged.items()
                }
                for field_name, message in site_rule_problems(rule_values):
                    self.add(row, _COLUMN_OF_FIELD.get(field_name, field_name), message)
            if values is None:
                self.plan.new_sites.append(row)
                if row.activities:
                    self.plan.activity_rows.append((None, row))
                continue
            changed = any(values[name] != value for name, value in row.site.items())
            if row.establishment_given:
                if row.establishment_key is None:
                    changed = changed or values["establishment_id"] is not None
                else:
                    item = known.get(row.establishment_key)
                    changed = (
                        changed
                        or item is None
                        or item.pk != values["establishment_id"]
                        or item.pk in self.plan.changed_establishments
                    )
            activities_changed = row.activities is not None and row.activities != activities.get(
                values["pk"], {}
            )
            if changed:
                self.plan.changed_sites[values["pk"]] = row
            if activities_changed:
                self.plan.activity_rows.append((values["pk"], row))
            if not changed and not activities_changed:
                self.plan.unchanged += 1


# --- writing -----------------------------------------------------------------------------------

_Model = TypeVar("_Model", bound=Model)


def _insert(
    model: type[_Model], instances: Sequence[_Model], *, key: tuple[str, ...], lookup: str
) -> Sequence[_Model]:
    """INSERT the instances with ``executemany`` and give each its id, found back by its
    unique ``key`` (attnames) through ``lookup IN (...)``; returns the instances.

    ``bulk_create`` builds SQL per batch of 999 parameters on SQLite and prepares every value
    through the field; here plain values pass as they are and the others are prepared once per
    distinct value (DESIGN.md, Known pitfalls: Imports)."""
    if not instances:
        return instances
    ops = connection.ops
    fields = [item for item in model._meta.concrete_fields if not item.primary_key]
    statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        ops.quote_name(model._meta.db_table),
        ", ".join(ops.quote_name(item.column) for item in fields),
        ", ".join(["%s"] * len(fields)),
    )
    prepared: dict[tuple[str, Any], Any] = {}

    def adapt(model_field: Any, value: Any) -> Any:
        if value is None or isinstance(value, str | int):  # bool is an int
            return value
        slot = (model_field.get_internal_type(), value)
        if slot not in prepared:
            prepared[slot] = model_field.get_db_prep_save(value, connection)
        return prepared[slot]

    with connection.cursor() as cursor:
        for chunk in chunks(list(instances), BATCH_SIZE):
            cursor.executemany(
                statement,
                [
                    tuple(adapt(item, getattr(instance, item.attname)) for item in fields)
                    for instance in chunk
                ],
            )
    by_key = {tuple(getattr(instance, name) for name in key): instance for instance in instances}
    wanted = sorted({getattr(instance, lookup) for instance in instances}, key=str)
    for values in chunks(wanted, 900):
        for pk, *found in model._default_manager.filter(**{f"{lookup}__in": values}).values_list(
            "pk", *key
        ):
            instance = by_key.get(tuple(found))
            if instance is not None:
                instance.pk = pk
                instance._state.adding = False
                instance._state.db = connection.alias
    return instances


def _write_establishments(actor: Actor, plan: _Plan) -> None:
    """Insert the new establishments and their SBI codes; update the changed ones."""
    now = timezone.now()
    new = [
        Establishment(
            kvk_number=kvk,
            branch_number=branch,
            trade_name=trade_name,
            created_at=now,
            updated_at=now,
        )
        for (kvk, branch), (trade_name, _sbi) in plan.new_establishments.items()
    ]
    made = _insert(Establishment, new, key=("kvk_number", "branch_number"), lookup="kvk_number")
    audit_create_many(actor=actor, instances=made)
    ids = {(item.kvk_number, item.branch_number): item.pk for item in made}
    plan.establishment_ids.update(ids)
    links = [
        EstablishmentSbi(establishment_id=ids[key], sbi_code_id=sbi_id, is_main=index == 0)
        for key, (_name, sbi_ids) in plan.new_establishments.items()
        for index, sbi_id in enumerate(sbi_ids)
    ]
    audit_create_many(
        actor=actor,
        instances=_insert(
            EstablishmentSbi,
            links,
            key=("establishment_id", "sbi_code_id"),
            lookup="establishment_id",
        ),
    )
    for establishment in Establishment.objects.filter(pk__in=list(plan.changed_establishments)):
        trade_name, sbi_ids = plan.changed_establishments[establishment.pk]
        if trade_name is not None:
            before = audit_snapshot(establishment)
            establishment.trade_name = trade_name
            establishment.save(update_fields=["trade_name", "updated_at"])
            audit_update(actor=actor, instance=establishment, before=before)
        if sbi_ids is not None:
            _replace_sbi(actor, establishment, sbi_ids)


def _replace_sbi(actor: Actor, establishment: Establishment, sbi_ids: tuple[int, ...]) -> None:
    current = {link.sbi_code_id: link for link in establishment.sbi_links.all()}
    main_id = sbi_ids[0] if sbi_ids else None
    for sbi_id, link in current.items():
        if sbi_id not in sbi_ids or (link.is_main and sbi_id != main_id):
            audit_delete(actor=actor, instance=link)
            link.delete()
    remaining = {
        sbi_id for sbi_id, link in current.items() if sbi_id in sbi_ids and link.pk is not None
    }
    for sbi_id in sbi_ids:
        if sbi_id in remaining:
            link = current[sbi_id]
            if sbi_id == main_id and not link.is_main:
                before = audit_snapshot(link)
                link.is_main = True
                link.save(update_fields=["is_main"])
                audit_update(actor=actor, instance=link, before=before)
            continue
        link = EstablishmentSbi.objects.create(
            establishment=establishment, sbi_code_id=sbi_id, is_main=sbi_id == main_id
        )
        audit_create(actor=actor, instance=link)


def _write_sites(actor: Actor, plan: _Plan) -> dict[str, int]:
    """Insert the new sites, update the changed ones; returns new identification -> id."""

    def establishment_id(row: _Row) -> int | None:
        key = row.establishment_key
        return None if key is None else plan.establishment_ids[key]

    now = timezone.now()
    new_sites = []
    for row in plan.new_sites:
        site = Site(identification=row.identification, created_at=now, updated_at=now)
        for name, value in row.site.items():
            setattr(site, name, value)
        if row.establishment_given:
            site.establishment_id = establishment_id(row)
        new_sites.append(site)
    made = _insert(Site, new_sites, key=("identification",), lookup="identification")
    audit_create_many(actor=actor, instances=made)
    changed_ids = list(plan.changed_sites)
    for chunk in chunks(changed_ids, 900):
        sites = list(Site.objects.filter(pk__in=chunk))
        befores = {site.pk: audit_snapshot(site) for site in sites}
        fields: set[str] = {"updated_at"}
        for site in sites:
            row = plan.changed_sites[site.pk]
            for name, value in row.site.items():
                setattr(site, name, value)
                fields.add(_FIELD_NAMES.get(name, name))
            if row.establishment_given:
                site.establishment_id = establishment_id(row)
                fields.add("establishment")
            site.updated_at = now
        Site.objects.bulk_update(sites, sorted(fields), batch_size=BATCH_SIZE)
        for site in sites:
            audit_update(actor=actor, instance=site, before=befores[site.pk])
    return {site.identification: site.pk for site in made}


def _write_activities(
    actor: Actor, plan: _Plan, new_site_ids: dict[str, int]
) -> tuple[int, int, int]:
    """Make each row's site hold exactly the row's activities. Returns created, changed,
    removed."""
    now = timezone.now()
    targets = {
        (site_id if site_id is not None else new_site_ids[row.identification]): row.activities or {}
        for site_id, row in plan.activity_rows
    }
    existing: dict[int, dict[int, SiteActivity]] = {}
    for chunk in chunks(sorted(targets), 900):
        for item in SiteActivity.objects.filter(site_id__in=chunk):
            existing.setdefault(item.site_id, {})[item.activity_id] = item
    # The audit record names each row (str() of an activity uses its activity's name): the
    # activities are given to the rows, not looked up once per row.
    activities = {activity.pk: activity for activity in BalActivity.objects.all()}
    for of_site in existing.values():
        for item in of_site.values():
            item.activity = activities[item.activity_id]
    created: list[SiteActivity] = []
    changed = removed = 0
    for site_id, wanted in targets.items():
        current = existing.get(site_id, {})
        for activity_id, item in current.items():
            if activity_id not in wanted:
                audit_delete(actor=actor, instance=item)
                item.delete()
                removed += 1
            elif item.status != wanted[activity_id]:
                before = audit_snapshot(item)
                item.status = wanted[activity_id]
                item.save(update_fields=["status", "updated_at"])
                audit_update(actor=actor, instance=item, before=before)
                changed += 1
        for activity_id, status in wanted.items():
            if activity_id not in current:
                created.append(
                    SiteActivity(
                        site_id=site_id,
                        activity=activities[activity_id],
                        status=status,
                        created_at=now,
                        updated_at=now,
                    )
                )
    audit_create_many(
        actor=actor,
        instances=_insert(SiteActivity, created, key=("site_id", "activity_id"), lookup="site_id"),
    )
    return len(created), changed, removed


def import_sites_file(
    *, actor: Actor, path_or_bytes: Source, file_name: str | None = None
) -> SiteImportResult:
    """Read a file of supervised sites; returns what it did.

    ``actor`` None is the system (an operator's command); a user must hold
    sites.import_sites, and a user bound to a participant may only read its own sites.
    Raises :class:`ImportRejected` listing every problem; then nothing is written."""
    allowed_participant: int | None = None
    if actor is not None:
        require_permission(actor, PERMISSION)
        allowed_participant = participant_id_of(actor)
    if file_name is None:
        file_name = (
            "upload" if isinstance(path_or_bytes, bytes) else Path(os.fspath(path_or_bytes)).name
        )
    data = read_bytes(path_or_bytes)
    problems: list[ImportProblem] = []
    position, raw_rows = _header_and_rows(data, file_name, problems)
    if not raw_rows and not problems:
        problems.append(ImportProblem(file_name, None, None, _("Het bestand bevat geen regels.")))
    checker = _RowChecker(
        file_name=file_name,
        position=position,
        lookups=_Lookups.load(),
        problems=problems,
        allowed_participant=allowed_participant,
    )
    rows = [checker.check(number, values) for number, values in raw_rows]
    plan = _Planner(
        file_name=file_name, problems=problems, allowed_participant=allowed_participant
    ).run(rows)
    if problems:
        problems.sort(key=problem_order(COLUMNS))
        raise ImportRejected(problems)
    user = actor if actor is not None and actor.is_authenticated else None
    try:
        with transaction.atomic():
            _write_establishments(actor, plan)
            new_site_ids = _write_sites(actor, plan)
            activities = _write_activities(actor, plan, new_site_ids)
            updated = len(
                set(plan.changed_sites)
                | {site_id for site_id, _row in plan.activity_rows if site_id is not None}
            )
            record = SiteImport.objects.create(
                file_name=file_name[:255],
                sha256=hashlib.sha256(data).hexdigest(),
                rows=len(rows),
                created=len(plan.new_sites),
                updated=updated,
                unchanged=plan.unchanged,
                imported_by=user,
            )
            audit_create(actor=actor, instance=record)
    except IntegrityError:
        raise Conflict(
            _(
                "Tegelijk zijn dezelfde toezichtobjecten of vestigingen op een andere manier "
                "vastgelegd; lees het bestand opnieuw in."
            ),
            code="import_conflict",
        ) from None
    return SiteImportResult(
        record=record,
        establishments_created=len(plan.new_establishments),
        establishments_updated=len(plan.changed_establishments),
        activities_created=activities[0],
        activities_changed=activities[1],
        activities_removed=activities[2],
    )


__all__ = ["COLUMNS", "ImportProblem", "ImportRejected", "SiteImportResult", "import_sites_file"]
