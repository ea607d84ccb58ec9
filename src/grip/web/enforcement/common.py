"""Small helpers the enforcement pages share: today, the logged-in user, what to offer, the
labels of the intervention matrix and who can be an inspector."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from grip.core.models import User as UserModel
from grip.core.tenancy import participant_id_of
from grip.enforcement import selectors
from grip.enforcement.constants import Behaviour, Consequence
from grip.enforcement.models import Violation
from grip.organisation import selectors as organisation_selectors
from grip.organisation.models import Employee

VIEW_INSPECTION = "enforcement.view_inspection"
VIEW_VIOLATION = "enforcement.view_violation"
VIEW_MEASURE = "enforcement.view_measure"
VIEW_STRATEGY = "enforcement.view_strategyversion"
PAGE_SIZE = 50

# The matrix as the LHSO draws it: the worst consequence on top, behaviour A-D left to right.
CONSEQUENCES_TOP_DOWN = (4, 3, 2, 1)
BEHAVIOURS = ("A", "B", "C", "D")
POSITIONS = tuple(f"{c}{b}" for c in CONSEQUENCES_TOP_DOWN for b in BEHAVIOURS)


def today() -> datetime.date:
    return timezone.localdate()


def long_date(value: datetime.date) -> str:
    """'2 maart 2026', as a message says it."""
    return date_format(value, "j F Y")


def user_of(request: HttpRequest) -> UserModel:
    user = request.user
    if not isinstance(user, UserModel):  # pragma: no cover - every view requires a login
        raise PermissionDenied
    return user


def is_staff(user: UserModel) -> bool:
    return participant_id_of(user) is None


def may(user: UserModel, permission: str) -> bool:
    """Whether to offer an action; the service checks it again when it is taken."""
    return is_staff(user) and user.has_perm(permission)


def parse_id(raw: str | None) -> int | None:
    text = (raw or "").strip()
    return int(text) if text.isdigit() else None


def position_label(code: str) -> str:
    """'3B: gevolg 3 van belang, gedrag B onverschillig' — what a screen reader hears."""
    return _("%(code)s: gevolg %(consequence)s, gedrag %(behaviour)s") % {
        "code": code,
        "consequence": Consequence(int(code[0])).label,
        "behaviour": Behaviour(code[1]).label,
    }


def behaviour_headers() -> list[str]:
    return [str(Behaviour(b).label) for b in BEHAVIOURS]


def inspectors() -> QuerySet[Employee]:
    """Who a work list or an inspection can be for: toezichthouders in service, and anyone
    who already holds inspections."""
    return (
        organisation_selectors.employee_list()
        .filter(Q(function__code="toezichthouder") | Q(inspections__isnull=False))
        .filter(end_date__isnull=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


def employee_label(employee: Employee) -> str:
    return f"{employee.full_name} ({employee.function})"


@dataclass(frozen=True)
class LoadedViolation:
    """A violation with the decision support its page and forms read."""

    violation: Violation
    advice: selectors.ViolationAdvice

    @property
    def pk(self) -> int:
        return self.violation.pk


def load_violation(user: UserModel, pk: int) -> LoadedViolation:
    violation = selectors.violation_detail_for(user=user, pk=pk)
    return LoadedViolation(violation, selectors.violation_advice(violation, today=today()))
