"""`grip scheduler`: enqueue the daily jobs (notifications, later quality checks) when due."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from grip.core import schedule


class Command(BaseCommand):
    help = "Enqueue each registered daily job once a day from its hour; --once checks one time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and stop.")
        parser.add_argument(
            "--interval", type=int, default=60, help="Seconds between checks (default 60)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names = ", ".join(f"{job.name} ({job.hour}:00)" for job in schedule.jobs())
        self.stdout.write(f"Daily jobs: {names or 'none'}")
        while True:
            for name in schedule.run_due():
                self.stdout.write(f"Enqueued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
