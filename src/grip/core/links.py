"""Where an object is shown, for the links in notifications.

Domain apps know their objects but not the pages (``web`` is above them); ``web`` registers a
page per model at start-up, the same inversion as the tenancy resolver.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

_pages: dict[str, Callable[[Any], str]] = {}


def register(model: type[models.Model], page: Callable[[Any], str]) -> None:
    _pages[model._meta.label_lower] = page


def page_of(instance: models.Model) -> str:
    """The path of the page that shows ``instance``, or "" when no page was registered."""
    page = _pages.get(instance._meta.label_lower)
    return page(instance) if page is not None else ""
