"""Harvesting: every model of Grip into the catalogue, without anyone registering it.

A harvest writes only the harvested fields of a dataset and its columns (names, types, verbose
names, help texts, nullability, code lists). What people wrote (title, description, DCAT-AP-NL
metadata, personal-data class, glossary links, owners) is never touched. A model or field that
disappeared is marked as no longer present, never deleted: its metadata and history stay.
"""

from __future__ import annotations

import csv
import functools
import inspect
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from grip.core.models import AuditRecord
from grip.dataplatform.concepts import load_concepts
from grip.dataplatform.models import Column, Dataset, DatasetKind, GlossaryTerm, PersonalData

GLOSSARY_FILE = Path(__file__).parent / "data" / "glossary.csv"
PERSONAL_COLUMNS_FILE = Path(__file__).parent / "data" / "personal_columns.csv"


@dataclass(frozen=True)
class HarvestResult:
    datasets: int  # harvested models
    created: int  # datasets new in this harvest
    gone: int  # datasets whose model no longer exists
    columns: int


def grip_models() -> list[type[models.Model]]:
    """Every model of Grip with a table of its own (no proxies, no unmanaged holders)."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("grip.") and model._meta.managed and not model._meta.proxy
    ]


def identifier_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _docstring(model: type[models.Model]) -> str:
    """The model's own docstring; Django's generated "Name(field, ...)" counts as none."""
    doc = inspect.getdoc(model) or ""
    if doc.startswith(f"{model.__name__}("):
        return ""
    return doc


def _data_type(field: models.Field) -> str:  # type: ignore[type-arg]
    if field.many_to_many:
        return "ManyToManyField"
    return str(field.get_internal_type())


def _code_list(field: models.Field) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(value), str(label)] for value, label in (field.flatchoices or [])]


def _fields(model: type[models.Model]) -> list[models.Field]:  # type: ignore[type-arg]
    opts = model._meta
    return [*opts.concrete_fields, *opts.many_to_many]


@transaction.atomic
def harvest_models() -> HarvestResult:
    """Bring the catalogue in line with the models in the code."""
    now = timezone.now()
    existing = {dataset.identifier: dataset for dataset in Dataset.objects.all()}
    seen: set[str] = set()
    created = columns = 0
    for model in grip_models():
        identifier = identifier_of(model)
        seen.add(identifier)
        dataset = existing.get(identifier) or Dataset(identifier=identifier, kind=DatasetKind.MODEL)
        created += dataset.pk is None
        dataset.model_label = model._meta.label
        dataset.domain = model._meta.app_label
        dataset.harvested_title = str(model._meta.verbose_name_plural)
        dataset.harvested_description = _docstring(model)
        dataset.present = True
        dataset.harvested_at = now
        dataset.save()
        columns += _harvest_columns(dataset, model)
    gone = (
        Dataset.objects.filter(kind=DatasetKind.MODEL, present=True)
        .exclude(identifier__in=seen)
        .update(present=False)
    )
    _link_glossary()
    return HarvestResult(datasets=len(seen), created=created, gone=gone, columns=columns)


def _harvest_columns(dataset: Dataset, model: type[models.Model]) -> int:
    existing = {column.name: column for column in dataset.columns.all()}
    seen = set()
    for position, field in enumerate(_fields(model)):
        name = field.attname if field.concrete and not field.many_to_many else field.name
        seen.add(name)
        column = existing.get(name) or Column(dataset=dataset, name=name)
        column.position = position
        column.data_type = _data_type(field)
        column.verbose_name = str(field.verbose_name)
        column.help_text = str(field.help_text or "")
        column.nullable = bool(field.null)
        column.code_list = _code_list(field)
        column.present = True
        _apply_personal_seed(dataset, column)
        column.save()
    dataset.columns.filter(present=True).exclude(name__in=seen).update(present=False)
    return len(seen)


@functools.cache
def personal_column_seed() -> dict[tuple[str, str], tuple[str, str]]:
    """``data/personal_columns.csv``: (dataset, column) -> (personal-data class, treatment in
    the analytics export: ``pseudonymise`` or ``omit``)."""
    with PERSONAL_COLUMNS_FILE.open(encoding="utf-8") as handle:
        return {
            (row["dataset"], row["column"]): (row["class"], row["treatment"])
            for row in csv.DictReader(handle)
        }


def _apply_personal_seed(dataset: Dataset, column: Column) -> None:
    """Classify a seeded personal column when it is created. A column that already exists gets
    the seed only while it still has the default class and no person ever changed it (no
    audit record): a database harvested before the seed existed. A class someone chose, even
    "geen", is never overwritten."""
    seeded = personal_column_seed().get((dataset.identifier, column.name))
    if seeded is None:
        return
    if column.pk is not None:
        if column.personal_data != PersonalData.NONE:
            return
        if AuditRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Column), object_id=str(column.pk)
        ).exists():
            return
    column.personal_data = seeded[0]


def load_glossary() -> int:
    """Load the domain's terms (from DOMAIN.md, kept in ``data/glossary.csv``); a term already
    there keeps what people wrote. Returns how many terms are new."""
    new = 0
    with GLOSSARY_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            _term, made = GlossaryTerm.objects.get_or_create(
                term=row["term"], defaults={"english": row["english"], "in_code": row["in_code"]}
            )
            new += made
    _link_glossary()
    return new + load_concepts()  # after the terms the concepts link to


def _link_glossary() -> None:
    """Link each term to the datasets of the models the glossary names for it (added, never
    removed: a link people made stays)."""
    with GLOSSARY_FILE.open(encoding="utf-8") as handle:
        named = {row["term"]: row["models"].split() for row in csv.DictReader(handle)}
    terms = {term.term: term for term in GlossaryTerm.objects.filter(term__in=named)}
    datasets = {dataset.model_label: dataset for dataset in Dataset.objects.all()}
    for term_name, labels in named.items():
        term = terms.get(term_name)
        if term is None:
            continue
        linked = [datasets[label] for label in labels if label in datasets]
        if linked:
            term.datasets.add(*linked)
