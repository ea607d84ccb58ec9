"""`grip import_sites FILE` (`grip import-sites FILE` once manage.py knows the alias): read
supervised sites from a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from grip.core.errors import DomainError
from grip.sites.imports import ImportRejected, import_sites_file


class Command(BaseCommand):
    help = (
        "Read supervised sites from a CSV or XLSX file (columns: docs/toezichtobjecten-import.md). "
        "The whole file is checked first; with any problem nothing is written and every problem "
        "is listed (exit code 1). Reading the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV or XLSX file")
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="import as this user (needs sites.import_sites); default: the system",
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
            result = import_sites_file(actor=actor, path_or_bytes=path, file_name=path.name)
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stdout.write(str(problem))
            self.stderr.write(rejected.message)
            raise SystemExit(1) from None
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {result.rows} rows, {result.created} new, {result.updated} "
                f"changed, {result.unchanged} unchanged; {result.establishments_created} new "
                f"establishments (import {result.record.pk})."
            )
        )
