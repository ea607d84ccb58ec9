"""The permission check every service starts with."""

from __future__ import annotations

from django.utils.translation import gettext as _

from grip.core.audit import Actor
from grip.core.errors import NotAllowed
from grip.core.models import User


def require_permission(actor: Actor, codename: str) -> None:
    """Refuse unless ``actor`` holds ``codename`` (``app_label.codename``)."""
    if actor is None or not actor.is_authenticated or not actor.has_perm(codename):
        raise NotAllowed(
            _("U hebt geen recht om dit te doen (%(codename)s).") % {"codename": codename},
            code="permission_denied",
        )


def require_user(actor: Actor, codename: str) -> User:
    """Like :func:`require_permission`, and hand back the logged-in user the check found."""
    require_permission(actor, codename)
    if not isinstance(actor, User):  # pragma: no cover - an authenticated actor is a User
        raise NotAllowed(_("Log eerst in."), code="permission_denied")
    return actor
