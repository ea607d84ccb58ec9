"""`grip import-hours FILE` (also `grip import_hours FILE`): read hours from a time system."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from grip.core.demodata import Progress
from grip.core.errors import DomainError
from grip.hours.imports import CODE as BOOKING_CODE
from grip.hours.imports import EMPLOYEE, ImportRejected, import_hours_file, read_mapping


class Command(BaseCommand):
    help = (
        "Read hours from a time system's CSV or XLSX file (columns: docs/uren-import.md). "
        "The whole file is checked first; with any problem nothing is written and every problem "
        "is listed (exit code 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV or XLSX file")
        parser.add_argument(
            "--map-employees",
            type=Path,
            metavar="CSV",
            help="CSV with columns extern;personeelsnummer: the time system's numbers to Grip's",
        )
        parser.add_argument(
            "--map-codes",
            type=Path,
            metavar="CSV",
            help="CSV with columns extern;boekingscode: the time system's codes to Grip's",
        )
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="import as this user (needs hours.import_hours); default: the system",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        actor = None
        if options["username"]:
            actor = get_user_model().objects.filter(username=options["username"]).first()
            if actor is None:
                raise CommandError(f"There is no user {options['username']!r}.")
        try:
            employee_map = (
                read_mapping(options["map_employees"], column=EMPLOYEE)
                if options["map_employees"]
                else None
            )
            code_map = (
                read_mapping(options["map_codes"], column=BOOKING_CODE)
                if options["map_codes"]
                else None
            )
            batch = import_hours_file(
                actor=actor,
                path_or_bytes=path,
                file_name=path.name,
                employee_map=employee_map,
                code_map=code_map,
                progress=Progress(self.stderr._out),  # type: ignore[arg-type]  # the wrapped stream
            )
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stdout.write(str(problem))
            self.stderr.write(rejected.message)
            raise SystemExit(1) from None
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{batch.file_name}: {batch.rows} rows, {batch.created} new, "
                f"{batch.unchanged} already imported (import {batch.pk})."
            )
        )
