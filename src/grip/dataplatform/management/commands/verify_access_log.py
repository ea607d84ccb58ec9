"""`grip verify_access_log`: recompute the hash chain of the access log.

Prints ``OK: N regels, kop <hash>`` and exits 0 when the chain holds; otherwise lists each
problem (the line's sequence number and what is wrong) and exits 1.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from grip.dataplatform import accesslog


class Command(BaseCommand):
    help = (
        "Verify the access log's hash chain: an altered line, a removed line and (against the "
        "daily anchor in the audit trail) a removed tail are reported; exit code 1 if any."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = accesslog.verify()
        if not problems:
            head = accesslog.head()
            self.stdout.write(f"OK: {accesslog.line_count()} regels, kop {head.hash}")
            return
        for problem in problems:
            at = problem.seq if problem.seq is not None else "-"
            self.stdout.write(f"{at}\t{problem.kind}\t{problem.detail}")
        self.stderr.write(f"{len(problems)} probleem/problemen in het toegangslogboek.")
        sys.exit(1)
