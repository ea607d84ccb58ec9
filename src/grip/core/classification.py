"""Confidentiality levels shared by every app that keeps documents or datasets.

The eight levels of the ZGW APIs' ``vertrouwelijkheidaanduiding`` (Documenten API, Catalogi
API), lowest first. A reader cleared for a level may read everything at or below it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidentiality(models.TextChoices):
    OPENBAAR = "openbaar", _("openbaar")
    BEPERKT_OPENBAAR = "beperkt_openbaar", _("beperkt openbaar")
    INTERN = "intern", _("intern")
    ZAAKVERTROUWELIJK = "zaakvertrouwelijk", _("zaakvertrouwelijk")
    VERTROUWELIJK = "vertrouwelijk", _("vertrouwelijk")
    CONFIDENTIEEL = "confidentieel", _("confidentieel")
    GEHEIM = "geheim", _("geheim")
    ZEER_GEHEIM = "zeer_geheim", _("zeer geheim")


CONFIDENTIALITY_ORDER: tuple[str, ...] = tuple(Confidentiality.values)


def rank(level: str) -> int:
    """Position of a level, 0 for openbaar; raises ValueError for an unknown level."""
    return CONFIDENTIALITY_ORDER.index(level)


def levels_up_to(level: str) -> tuple[str, ...]:
    """Every level a reader cleared for ``level`` may read."""
    return CONFIDENTIALITY_ORDER[: rank(level) + 1]
