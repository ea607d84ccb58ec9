"""What the planning pages share: the permissions, the logged-in user, the years, and the
refusal of a service shown on the page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone

from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.web.cases import ServiceForm, refusal_status

VIEW_PLAN = "planning.view_inspectionplan"
VIEW_RISK = "planning.view_siterisk"
VIEW_MODEL = "planning.view_riskmodel"
VIEW_CAPACITY = "planning.view_inspectorcapacity"
ADD_ASSESSMENT = "planning.add_assessment"
ADD_PLAN = "planning.add_inspectionplan"
RUN_SCENARIO = "planning.run_scenario"
ADD_MODEL = "planning.add_riskmodel"
CHANGE_MODEL = "planning.change_riskmodel"
ADOPT_MODEL = "planning.adopt_riskmodel"
CHANGE_CAPACITY = "planning.change_inspectorcapacity"
VIEW_SITE = "sites.view_site"
PAGE_SIZE = 50


def user_of(request: HttpRequest) -> UserModel:
    user = request.user
    if not isinstance(user, UserModel):  # pragma: no cover - every view requires a login
        raise PermissionDenied
    return user


def next_year() -> int:
    return timezone.localdate().year + 1


def parse_id(raw: str | None) -> int | None:
    text = (raw or "").strip()
    return int(text) if text.isdigit() else None


def refuse(form: ServiceForm, error: DomainError | ValidationError) -> int:
    """Show a service's refusal at the form; the status the page answers with."""
    form.add_refusal(error)
    return refusal_status(error)


def percent(part: float | None, whole: float | None) -> float | None:
    """``part`` as a percentage of ``whole`` (None when either is unknown or whole is 0)."""
    if part is None or whole is None or abs(whole) < 1e-12:
        return None
    return part / whole * 100


def trimmed(value: float | None, digits: int = 3) -> str:
    """'0,4', '1,25', '15': a number rounded to at most ``digits`` decimals, without trailing
    zeros, with a decimal comma."""
    if value is None:
        return "—"
    text = f"{float(value):.{digits}f}".rstrip("0").rstrip(".")
    return ("0" if text in ("-0", "") else text).replace(".", ",")
