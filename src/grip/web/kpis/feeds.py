"""The Grip data that feeds the operational steps of a BIG-8 cycle.

Step 5 is the year's adopted work programme, step 6 the execution (hours against the plan and
the cases, from the year's latest frozen quarter, else live), step 7 the snapshots of the year
and step 8 the annual report. Each feed is a few lines with a link to where the data lives.
The web layer composes them because they combine programmes, finance, cases, kpis and
reporting; every read is scoped to the user.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from grip.cases import selectors as case_selectors
from grip.core.models import User as UserModel
from grip.finance import selectors as finance
from grip.finance.periods import Period
from grip.kpis import selectors as kpis
from grip.kpis.constants import SnapshotKind
from grip.kpis.models import Cycle, Snapshot
from grip.participants.models import Participant
from grip.programmes import selectors as programme_selectors
from grip.programmes.constants import VersionStatus
from grip.reporting.building import frozen_sections
from grip.reporting.constants import ReportKind, ReportStatus
from grip.reporting.content import CaseLine
from grip.reporting.selectors import report_list_for
from grip.web.kpis.display import count_text, date_text, number_text


@dataclass(frozen=True)
class FeedLine:
    label: str
    text: str
    url: str = ""
    link_text: str = ""


def _query(url: str, **params: object) -> str:
    return url + "?" + "&".join(f"{key}={value}" for key, value in params.items())


# --- step 5: the work programme -------------------------------------------------------------------


def programme_feed(user: UserModel, cycle: Cycle) -> list[FeedLine]:
    year = cycle.year
    overview_url = _query(reverse("web:programme-overview"), jaar=year)
    if cycle.participant is None:
        adopted = (
            programme_selectors.version_list_for(user=user)
            .filter(programme__year=year, status=VersionStatus.ADOPTED)
            .count()
        )
        total = Participant.objects.count()
        return [
            FeedLine(
                _("Vastgestelde werkprogramma's"),
                _("%(adopted)s van de %(total)s deelnemers") % {"adopted": adopted, "total": total},
                overview_url,
                _("Werkprogramma's %(year)s") % {"year": year},
            )
        ]
    programme = (
        programme_selectors.programme_list_for(user=user, year=year)
        .filter(participant=cycle.participant)
        .first()
    )
    if programme is None:
        return [
            FeedLine(
                _("Werkprogramma"),
                _("Er is nog geen werkprogramma voor %(year)s.") % {"year": year},
                overview_url,
                _("Werkprogramma's %(year)s") % {"year": year},
            )
        ]
    url = reverse("web:programme-detail", args=[programme.pk])
    version = programme_selectors.adopted_version(programme)
    if version is None:
        return [
            FeedLine(
                _("Werkprogramma"),
                _("Nog niet vastgesteld."),
                url,
                _("Werkprogramma %(year)s") % {"year": year},
            )
        ]
    return [
        FeedLine(
            _("Vastgesteld werkprogramma"),
            _("Versie %(number)s, vastgesteld op %(date)s")
            % {"number": version.number, "date": date_text(version.adopted_on)},
            _query(url, versie=version.pk),
            _("Werkprogramma %(year)s") % {"year": year},
        )
    ]


# --- step 6: execution ----------------------------------------------------------------------------


def _latest_quarter(year: int) -> Snapshot | None:
    return (
        kpis.snapshot_list()
        .filter(kind=SnapshotKind.QUARTER, year=year)
        .order_by("-quarter")
        .first()
    )


def _hours_line(realised: Decimal | None, planned: Decimal | None, source: str) -> str:
    percent = (
        (realised * 100 / planned).quantize(Decimal("0.1"))
        if realised is not None and planned
        else None
    )
    text = _("%(realised)s van %(planned)s geplande uren gerealiseerd") % {
        "realised": count_text(realised),
        "planned": count_text(planned),
    }
    if percent is not None:
        text += f" ({number_text(percent)} %)"
    return f"{text}; {source}"


def _cases_line(received: int, ended: int, open_: int, overdue: int, source: str) -> str:
    return _(
        "%(received)s ontvangen, %(ended)s afgerond, %(open)s open aan het einde "
        "(%(overdue)s over de termijn); %(source)s"
    ) % {
        "received": received,
        "ended": ended,
        "open": open_,
        "overdue": overdue,
        "source": source,
    }


def execution_feed(user: UserModel, cycle: Cycle, today: datetime.date) -> list[FeedLine]:
    year = cycle.year
    participant = cycle.participant
    key = participant.pk if participant is not None else None
    if participant is not None:
        realisation_url = _query(
            reverse("web:realisation-participant", args=[participant.pk]), jaar=year
        )
        cases_url = _query(reverse("web:case-list"), deelnemer=participant.pk)
    else:
        realisation_url = _query(reverse("web:realisation"), jaar=year)
        cases_url = reverse("web:case-list")
    snapshot = _latest_quarter(year)
    realised: Decimal | None = None
    planned: Decimal | None = None
    lines: Sequence[CaseLine | case_selectors.CaseFlow] = []
    if snapshot is not None:
        source = _("bevroren in meting %(label)s") % {"label": snapshot.label}
        values = kpis.snapshot_values_for(user=user, snapshot=snapshot).filter(
            indicator_code="realisatie-uren"
        )
        value = (
            values.filter(participant__isnull=True)
            if key is None
            else values.filter(participant_id=key)
        ).first()
        if value is not None:
            realised, planned = value.numerator, value.denominator
        sections = frozen_sections(snapshot, [key]).get(key)
        lines = sections.cases if sections else []
    else:
        end = min(today, datetime.date(year, 12, 31))
        source = _("live tot en met %(date)s") % {"date": date_text(end)}
        if end >= datetime.date(year, 1, 1):
            participants = (
                [participant] if participant is not None else kpis.visible_participants(user=user)
            )
            rows = finance.realisations(
                participants=participants, period=Period.year_to_date(year, end), as_of=end
            )
            realised = sum((row.realised_hours for row in rows), Decimal(0))
            planned = sum((row.planned_hours for row in rows), Decimal(0))
            flows = case_selectors.case_flow(
                participant_ids=[p.pk for p in participants],
                start=datetime.date(year, 1, 1),
                end=end,
            )
            lines = [flow for per in flows.values() for flow in per]
    return [
        FeedLine(
            _("Uren"),
            _hours_line(realised, planned, source),
            realisation_url,
            _("Realisatie %(year)s") % {"year": year},
        ),
        FeedLine(
            _("Zaken"),
            _cases_line(
                sum(line.received for line in lines),
                sum(line.ended for line in lines),
                sum(line.open_at_end for line in lines),
                sum(line.overdue_at_end for line in lines),
                source,
            ),
            cases_url,
            _("Zaken"),
        ),
    ]


# --- step 7: monitoring ---------------------------------------------------------------------------


def snapshot_feed(cycle: Cycle) -> list[FeedLine]:
    snapshots = list(kpis.snapshot_list().filter(year=cycle.year).order_by("end", "pk"))
    if not snapshots:
        return [
            FeedLine(
                _("Metingen"),
                _("Nog geen bevroren meting in %(year)s.") % {"year": cycle.year},
                reverse("web:snapshot-list"),
                _("Metingen"),
            )
        ]
    return [
        FeedLine(
            str(snapshot.get_kind_display()).capitalize(),
            _("bevroren op %(date)s") % {"date": date_text(snapshot.frozen_at)},
            reverse("web:snapshot-detail", args=[snapshot.pk]),
            snapshot.label,
        )
        for snapshot in snapshots
    ]


# --- step 8: evaluation and the annual report -----------------------------------------------------


def report_feed(user: UserModel, cycle: Cycle) -> list[FeedLine]:
    published = report_list_for(user=user).filter(
        status=ReportStatus.PUBLISHED, participant=cycle.participant
    )
    if cycle.participant is None:
        published = report_list_for(user=user).filter(
            status=ReportStatus.PUBLISHED, participant__isnull=True
        )
    report = (
        published.filter(kind=ReportKind.YEAR, snapshot__year=cycle.year).first()
        or published.order_by("-published_at", "-pk").first()
    )
    if report is None:
        return [
            FeedLine(
                _("Jaarverslag"),
                _("Nog geen gepubliceerde rapportage."),
                _query(reverse("web:report-list"), jaar=cycle.year),
                _("Rapportages"),
            )
        ]
    is_annual = report.kind == ReportKind.YEAR and report.snapshot.year == cycle.year
    return [
        FeedLine(
            _("Jaarrapportage") if is_annual else _("Laatste gepubliceerde rapportage"),
            _("gepubliceerd op %(date)s") % {"date": date_text(report.published_at)},
            reverse("web:report-detail", args=[report.pk]),
            f"{report.get_kind_display()} {report.snapshot.label}".capitalize(),
        )
    ]


def cycle_feeds(user: UserModel, cycle: Cycle, today: datetime.date) -> dict[int, list[FeedLine]]:
    return {
        5: programme_feed(user, cycle),
        6: execution_feed(user, cycle, today),
        7: snapshot_feed(cycle),
        8: report_feed(user, cycle),
    }
