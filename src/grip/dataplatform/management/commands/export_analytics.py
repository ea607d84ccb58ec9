"""`grip export-analytics`: the tables of Grip as Parquet (personal data pseudonymised) with a
DuckDB database of views over them, for analysts and the regional data lab."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from grip.dataplatform import export, harvest


class Command(BaseCommand):
    help = (
        "Write every table of Grip to Parquet with personal data pseudonymised (HMAC with "
        "GRIP_PSEUDONYM_KEY), a manifest.json and grip.duckdb with a view per table."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            default=Path(settings.VAR_DIR) / "analytics",
            help="Directory of the export (default var/analytics); an earlier export there "
            "is replaced.",
        )
        parser.add_argument(
            "--datasets",
            nargs="+",
            default=None,
            help="Only these datasets (cases.case) or apps (cases); comma- or space-separated.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        only = [
            name.strip()
            for value in options["datasets"] or []
            for name in value.split(",")
            if name.strip()
        ]
        # The catalogue decides what is personal: bring it in line with the code first.
        harvest.harvest_models()
        try:
            result = export.export_analytics(
                options["out"], datasets=only or None, actor=f"cli:{getpass.getuser()}"
            )
        except export.ExportError as error:
            raise CommandError(str(error)) from error
        pseudonymised = sum(len(entry["pseudonymised"]) for entry in result.files)
        omitted = sum(len(entry["omitted"]) for entry in result.files)
        self.stdout.write(
            f"Exported {len(result.files)} tables ({result.rows} rows) to {result.out}: "
            f"{pseudonymised} columns pseudonymised, {omitted} left out. "
            f"Open with: cd {result.out} && duckdb {export.DUCKDB_FILE}"
        )
