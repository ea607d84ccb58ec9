"""What every page needs to read input and answer refusals: shared by the page modules."""

from __future__ import annotations

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


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
