"""The permission check every service starts with."""

from __future__ import annotations

from django.utils.translation import gettext as _

from grip.core.audit import Actor
from grip.core.errors import NotAllowed


def require_permission(actor: Actor, codename: str) -> None:
    """Refuse unless ``actor`` holds ``codename`` (``app_label.codename``)."""
    if actor is None or not actor.is_authenticated or not actor.has_perm(codename):
        raise NotAllowed(
            _("U hebt geen recht om dit te doen (%(codename)s).") % {"codename": codename},
            code="permission_denied",
        )
