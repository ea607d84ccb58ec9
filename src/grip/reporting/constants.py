"""Value lists of the reporting app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    """A report covers the year to the end of a quarter: Q1-Q4, the first half (to Q2) or the
    whole year (to Q4). The figures come from that quarter's snapshot."""

    QUARTER = "kwartaal", _("kwartaalrapportage")
    HALF_YEAR = "halfjaar", _("halfjaarrapportage")
    YEAR = "jaar", _("jaarrapportage")


# Which quarter's snapshot each kind may be made from.
QUARTERS_OF_KIND: dict[str, tuple[int, ...]] = {
    ReportKind.QUARTER: (1, 2, 3, 4),
    ReportKind.HALF_YEAR: (2,),
    ReportKind.YEAR: (4,),
}


class ReportStatus(models.TextChoices):
    DRAFT = "concept", _("concept")
    PUBLISHED = "gepubliceerd", _("gepubliceerd")


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel"


class PackStatus(models.TextChoices):
    QUEUED = "wachtrij", _("in de wachtrij")
    RUNNING = "bezig", _("bezig")
    DONE = "gereed", _("gereed")
    FAILED = "mislukt", _("mislukt")
