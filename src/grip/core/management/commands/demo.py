"""`grip demo`: fill the database with deterministic demo data."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grip.core.demodata import (
    DEMO_PASSWORD,
    SCALES,
    DatabaseNotEmpty,
    Progress,
    database_has_data,
    demo_logins,
    load_demo,
)
from grip.core.errors import DomainError


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise CommandError(f"--year {text!r} is not a year such as 2026.") from None
    if not 2013 <= year <= 2100:
        raise CommandError(f"--year {year} is outside 2013 (ODZOB's founding) to 2100.")
    return year


class Command(BaseCommand):
    help = "Generate demo data: staff, roles, contacts and every later domain's facts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            default="odzob",
            choices=list(SCALES),
            help="; ".join(f"{scale.name}: {scale.description}" for scale in SCALES.values()),
        )
        parser.add_argument("--seed", type=int, default=2026, help="same seed, same data")
        parser.add_argument(
            "--year", type=str, default=str(datetime.date.today().year), help="the current year"
        )
        parser.add_argument(
            "--reset", action="store_true", help="replace existing data with demo data"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="load only into an empty database; otherwise leave it and succeed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = _year(options["year"])
        if options["if_empty"] and database_has_data():
            self.stdout.write("The database already has data; demo data not loaded.")
        else:
            try:
                result = load_demo(
                    scale=options["scale"],
                    seed=options["seed"],
                    year=year,
                    reset=options["reset"],
                    progress=Progress(self.stderr._out),  # type: ignore[arg-type]  # the wrapped stream
                )
            except DatabaseNotEmpty as error:
                raise CommandError(error.message) from None
            except DomainError as error:
                raise CommandError(error.message) from None
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data ({options['scale']}, seed {options['seed']}, {year}) "
                    f"loaded in {result.seconds:.1f} s."
                )
            )
        self._print_logins()

    def _print_logins(self) -> None:
        logins = demo_logins()
        if not logins:
            return
        self.stdout.write(f"\nDemo log-ins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.role:<18} {login.username:<24} {login.description}")
