"""The `grip` console script: Django's manage.py for this project.

A configuration error ends in one sentence on stderr and exit code 2, not a traceback.
"""

from __future__ import annotations

import os
import sys

from django.core.exceptions import ImproperlyConfigured

# Commands spelled the way the documentation writes them; Django's own names can't hold '-'.
ALIASES = {
    "import-hours": "import_hours",
    "import-sites": "import_sites",
    "export-analytics": "export_analytics",
    "verify-access-log": "verify_access_log",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grip.settings.dev")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    argv = list(argv or sys.argv)
    if len(argv) > 1 and argv[1] in ALIASES:
        argv[1] = ALIASES[argv[1]]
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"grip: configuration error: {error}\n")
        sys.exit(2)
    except OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        sys.stderr.write(
            f"grip: cannot use the database ({first_line}); check GRIP_DATABASE_URL.\n"
        )
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
