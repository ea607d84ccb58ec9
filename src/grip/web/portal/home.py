"""The portal home: what a participant's own user sees first ("Mijn omgevingsdienst").

The summary is the account manager's cockpit for this one participant
(``grip.reporting.cockpit.accounts``); the participant comes from the tenancy-scoped selector,
so a participant user only ever sees its own. The service's own notes (interactions,
follow-ups, satisfaction) are staff-only in the selectors and never reach this page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from grip.core.tenancy import User
from grip.kpis.selectors import Figure
from grip.organisation.models import Employee
from grip.participants.models import Participant
from grip.programmes.constants import OPEN_STATUSES
from grip.reporting.cockpit import Account, ProgrammeStatus, accounts
from grip.web.kpis.display import norm_text, value_text
from grip.web.reporting.reports import report_title


@dataclass(frozen=True)
class ProgrammeRow:
    status: ProgrammeStatus
    url: str  # the programme page ("" without a programme)
    comment_url: str  # the open concept or submitted version, to react on ("" without one)


@dataclass(frozen=True)
class IndicatorRow:
    figure: Figure
    url: str
    value: str
    norm: str


@dataclass(frozen=True)
class Manager:
    role: str
    name: str
    email: str


def _programme_rows(statuses: list[ProgrammeStatus]) -> list[ProgrammeRow]:
    rows = []
    for status in statuses:
        url = (
            reverse("web:programme-detail", args=[status.programme.pk]) if status.programme else ""
        )
        comment_url = (
            f"{url}?versie={status.open.pk}#reacties"
            if status.open is not None and status.open.status in OPEN_STATUSES
            else ""
        )
        rows.append(ProgrammeRow(status=status, url=url, comment_url=comment_url))
    return rows


def _indicator_rows(figures: list[Figure]) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            figure=figure,
            url=reverse("web:indicator-detail", args=[figure.indicator.code]),
            value=value_text(figure.measurement.value, figure.indicator.unit),
            norm=norm_text(figure.norm, figure.indicator.unit),
        )
        for figure in figures
    ]


def _email_of(employee: Employee) -> str:
    if employee.email:
        return employee.email
    return employee.user.email if employee.user is not None else ""


def _managers(participant: Participant) -> list[Manager]:
    result = []
    for role, employee in (
        (_("Accountmanager"), participant.account_manager),
        (_("Plaatsvervangend accountmanager"), participant.deputy_account_manager),
    ):
        if employee is not None:
            result.append(Manager(role=role, name=employee.full_name, email=_email_of(employee)))
    return result


def portal_home(*, user: User, participant: Participant) -> dict[str, Any]:
    """The context of "Mijn omgevingsdienst" for ``participant``, taken from a scoped selector."""
    account: Account = accounts(user=user, participants=[participant])[0]
    report = account.latest_report
    return {
        "account": account,
        "programme_rows": _programme_rows(account.programmes),
        "indicator_rows": _indicator_rows(account.off_target),
        "latest_report_title": report_title(report) if report is not None else "",
        "managers": _managers(participant),
        "may_submit_request": user.has_perm("participants.submit_request"),
    }
