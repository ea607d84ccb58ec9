"""What every page needs to read input and answer refusals: shared by the page modules."""

from __future__ import annotations

import re

from django.http import HttpRequest
from django.utils.translation import gettext as _

from grip.core.errors import DomainError


def dutch_message(error: DomainError) -> str:
    """The reason a change was refused, as the user reads it.

    The services explain themselves in Dutch; only the general permission check of
    ``grip.core`` names a codename, which means nothing to a user.
    """
    if error.code == "permission_denied":
        return _("U hebt geen recht om dit te doen.")
    return error.message


def dutch_number(raw: str) -> str:
    """A number typed the Dutch way ('1.234,5') or the international way ('1234.5'), as the
    text the services parse ('1234.5')."""
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return text


_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


def dutch_amount(raw: str) -> str:
    """A euro amount typed the Dutch way: like :func:`dutch_number`, and '5.000' is five
    thousand (an amount never has three decimals, so the dots can only group thousands)."""
    text = raw.strip().replace(" ", "").replace("\u00a0", "").removeprefix("€")
    if "," not in text and _THOUSANDS.fullmatch(text):
        return text.replace(".", "")
    return dutch_number(text)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
