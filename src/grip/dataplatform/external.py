"""The external sources an omgevingsdienst works with, seeded into the catalogue.

``data/external_datasets.json`` lists the usual ones (the VTH system's case export, the time
recording export, BAG, the trade register, the Omgevingsloket, the SBI). They are created after
``grip migrate`` when missing and never overwritten: once there, they are people's to keep
(``services.external_*``). The harvest never touches an external dataset.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from grip.dataplatform.models import Column, Dataset, DatasetKind

EXTERNAL_FILE = Path(__file__).parent / "data" / "external_datasets.json"


def seed() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(EXTERNAL_FILE.read_text(encoding="utf-8"))
    return entries


@transaction.atomic
def load_external_datasets() -> int:
    """Create each seeded external dataset that is missing, with its columns. Returns how
    many were created; an existing one (even one people changed or emptied) is left alone."""
    existing = set(
        Dataset.objects.filter(kind=DatasetKind.EXTERNAL).values_list("identifier", flat=True)
    )
    created = 0
    for entry in seed():
        fields = {name: value for name, value in entry.items() if name != "columns"}
        if fields["identifier"] in existing:
            continue
        dataset = Dataset(kind=DatasetKind.EXTERNAL, **fields)
        dataset.full_clean()
        dataset.save()
        for position, column_fields in enumerate(entry.get("columns", [])):
            column = Column(dataset=dataset, position=position, **column_fields)
            column.full_clean()
            column.save()
        created += 1
    return created
