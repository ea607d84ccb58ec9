"""Tenancy: the one place that decides which participant's rows a user may see.

Every query for participant-owned rows, on every page, API endpoint, export and report, goes
through :func:`scope_to_user`. A participant user (a municipality's or the province's own
staff) sees only rows of its own participant; staff of the omgevingsdienst with the
``core.view_all_participants`` permission see all; anyone else sees nothing.

Which participant a user belongs to is known to the ``participants`` app, a layer above this
one; it registers a resolver at start-up so that this module never imports upwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models

from grip.core.models import User as UserModel

_Model = TypeVar("_Model", bound=models.Model)

User = UserModel | AnonymousUser
ParticipantResolver = Callable[[Any], int | None]

VIEW_ALL_PERMISSION = "core.view_all_participants"
_CACHE_ATTRIBUTE = "_grip_participant_id"
_resolver: ParticipantResolver | None = None


def register_participant_resolver(resolver: ParticipantResolver) -> None:
    """Called once by the participants app: how to find a user's participant id."""
    global _resolver
    _resolver = resolver


def participant_id_of(user: User) -> int | None:
    """The participant a user is bound to, or None for staff of the service."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, _CACHE_ATTRIBUTE):
        if _resolver is None:
            raise RuntimeError(
                "No participant resolver registered; is grip.participants installed?"
            )
        setattr(user, _CACHE_ATTRIBUTE, _resolver(user))
    value: int | None = getattr(user, _CACHE_ATTRIBUTE)
    return value


def forget_participant(user: User) -> None:
    """Drop the cached binding, after a user's participant changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def sees_all_participants(user: User) -> bool:
    return (
        user.is_authenticated
        and participant_id_of(user) is None
        and user.has_perm(VIEW_ALL_PERMISSION)
    )


def scope_to_user(
    queryset: models.QuerySet[_Model], *, user: User, participant_field: str = "participant"
) -> models.QuerySet[_Model]:
    """Restrict ``queryset`` to the rows ``user`` may see.

    ``participant_field`` is the lookup path from the model to its participant, for example
    ``"participant"`` or ``"programme__participant"``; ``"pk"`` when the model *is* the
    participant.
    """
    if not user.is_authenticated:
        return queryset.none()
    participant_id = participant_id_of(user)
    if participant_id is not None:
        lookup = "pk" if participant_field == "pk" else f"{participant_field}_id"
        return queryset.filter(**{lookup: participant_id})
    if user.has_perm(VIEW_ALL_PERMISSION):
        return queryset
    return queryset.none()
