"""Writes of the reporting app: freezing a quarter with its report figures, drafting and
publishing board reports, and the regional pack in the background.

Publishing builds the content from the frozen snapshot, renders the PDF and the workbook from
it, and stores all three in one transaction: a published report is an immutable document.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import replace

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from grip.core import links
from grip.core.audit import Actor, audit_create, audit_update, snapshot
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import NotificationKind
from grip.core.notifications import Message, notify
from grip.core.permissions import require_permission, require_user
from grip.kpis import services as kpis_services
from grip.kpis.constants import SnapshotKind
from grip.kpis.models import Snapshot
from grip.kpis.registry import Context
from grip.participants.models import Participant
from grip.participants.notifications import account_managers_of, participant_users_of
from grip.reporting import building, excel, rendering
from grip.reporting.annotations import annotate, figure_keys
from grip.reporting.constants import QUARTERS_OF_KIND, FileFormat, PackStatus, ReportStatus
from grip.reporting.content import ReportContent, dump
from grip.reporting.models import FrozenSection, PackRun, Report, ReportFile
from grip.reporting.sections import section_data

logger = logging.getLogger(__name__)


# --- freezing -----------------------------------------------------------------------------------


def _freeze_sections(frozen: Snapshot, context: Context) -> None:
    FrozenSection.objects.bulk_create(
        FrozenSection(snapshot=frozen, participant_id=key, data=dump(data))
        for key, data in section_data(context).items()
    )


def quarter_freeze(
    *, actor: Actor, year: int, quarter: int, today: datetime.date | None = None
) -> Snapshot:
    """Freeze a quarter: every indicator and every report figure, for every participant and the
    region, in one transaction. Reports are then made from this snapshot only."""
    return kpis_services.snapshot_freeze(
        actor=actor, year=year, quarter=quarter, today=today, also=_freeze_sections
    )


# --- who may ------------------------------------------------------------------------------------


def _is_account_manager(actor: Actor, participant: Participant | None) -> bool:
    manager = participant.account_manager if participant is not None else None
    return (
        manager is not None
        and manager.user_id is not None
        and actor is not None
        and manager.user_id == actor.pk
    )


def require_report_keeper(actor: Actor, participant: Participant | None) -> None:
    """A participant's account manager writes and publishes its report; KIS any report, the
    regional one and the pack."""
    require_permission(actor, "reporting.publish_report")
    if actor is not None and actor.has_perm("reporting.publish_any_report"):
        return
    if participant is None or not _is_account_manager(actor, participant):
        raise NotAllowed(
            _("Alleen de accountmanager van de deelnemer of KIS maakt deze rapportage."),
            code="not_report_keeper",
        )


# --- reports ------------------------------------------------------------------------------------


def report_create(
    *,
    actor: Actor,
    snapshot: Snapshot,
    kind: str,
    participant: Participant | None,
    notable_items: str = "",
) -> Report:
    """A draft report from a frozen quarter; its notable items can be written until publishing."""
    require_report_keeper(actor, participant)
    user = require_user(actor, "reporting.publish_report")
    if snapshot.kind != SnapshotKind.QUARTER:
        raise DomainError(
            _("Een rapportage wordt gemaakt van een bevroren kwartaal, niet van een nulmeting."),
            field="snapshot",
            code="not_a_quarter",
        )
    if snapshot.quarter not in QUARTERS_OF_KIND.get(kind, ()):
        raise DomainError(
            _("Een %(kind)s gaat niet over Q%(quarter)s.")
            % {"kind": kind, "quarter": snapshot.quarter},
            field="kind",
            code="kind_quarter_mismatch",
        )
    if not FrozenSection.objects.filter(snapshot=snapshot).exists():
        raise DomainError(
            _("Deze meting heeft geen bevroren rapportagegegevens; bevries het kwartaal opnieuw."),
            field="snapshot",
            code="no_frozen_sections",
        )
    report = Report(
        snapshot=snapshot,
        kind=kind,
        participant=participant,
        notable_items=notable_items.strip(),
        created_by=user,
    )
    report.full_clean(validate_constraints=False)
    with transaction.atomic():
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            raise Conflict(
                _("Voor deze deelnemer en periode bestaat deze rapportage al."),
                code="report_exists",
            ) from None
        audit_create(actor=user, instance=report)
    return report


def _require_draft(report: Report) -> None:
    if report.is_published:
        raise Conflict(
            _("Een gepubliceerde rapportage verandert niet meer."), code="report_published"
        )


def report_update(*, actor: Actor, report: Report, notable_items: str) -> Report:
    """Write the notable items (the account manager's narrative) of a draft."""
    require_report_keeper(actor, report.participant)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        _require_draft(locked)
        before = snapshot(locked)
        locked.notable_items = notable_items.strip()
        locked.save()
        audit_update(actor=actor, instance=locked, before=before)
    return locked


def preview(report: Report) -> ReportContent:
    """A draft's content as it would be published now: the frozen figures, and beside them
    their definition, lineage and today's data quality (frozen with the content when the
    report is published, so a published report shows the quality as at publication)."""
    content = building.build(
        snapshot=report.snapshot,
        kind=report.kind,
        participant=report.participant,
        notable_items=report.notable_items,
    )
    return annotated(content)


def annotated(content: ReportContent) -> ReportContent:
    """``content`` with the annotations of its figures as they are now."""
    keys = figure_keys([line.code for line in content.indicators], regional=content.is_regional)
    return replace(
        content,
        annotations=annotate(keys),
        annotated_at=formats.date_format(timezone.localtime(), "j F Y"),
    )


def _file(report: Report, file_format: str, content: bytes) -> ReportFile:
    return ReportFile(
        report=report,
        format=file_format,
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def report_publish(*, actor: Actor, report: Report) -> Report:
    """Build the content from the snapshot, render the PDF and the workbook, store all three."""
    require_report_keeper(actor, report.participant)
    user = require_user(actor, "reporting.publish_report")
    # Built from the stored row, not the caller's copy: the notable items as saved.
    current = Report.objects.select_related("snapshot", "participant").get(pk=report.pk)
    _require_draft(current)
    content = preview(current)
    pdf = rendering.render_pdf(content)
    workbook = excel.render_xlsx(content)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        _require_draft(locked)
        if locked.notable_items != current.notable_items:
            raise Conflict(
                _("De opvallende zaken zijn intussen gewijzigd; publiceer opnieuw."),
                code="report_changed",
            )
        before = snapshot(locked)
        locked.content = dump(content)
        locked.status = ReportStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = user
        locked.save()
        ReportFile.objects.bulk_create(
            [_file(locked, FileFormat.PDF, pdf), _file(locked, FileFormat.XLSX, workbook)]
        )
        audit_update(actor=user, instance=locked, before=before)
        _announce(locked)
    return locked


def _announce(report: Report) -> None:
    """Tell the participant's own users and its account managers that its report is out (the
    regional report has no participant to tell)."""
    if report.participant is None:
        return
    message = Message(
        subject=_("%(report)s is gepubliceerd") % {"report": capfirst(str(report))},
        body=_(
            "De %(kind)s van %(participant)s over %(snapshot)s is gepubliceerd, als pagina, PDF "
            "en Excel."
        )
        % {
            "kind": report.get_kind_display().lower(),
            "participant": report.participant,
            "snapshot": report.snapshot,
        },
        link=links.page_of(report),
    )
    notify(
        users=[
            *participant_users_of(report.participant),
            *account_managers_of(report.participant),
        ],
        kind=NotificationKind.REPORT_PUBLISHED,
        key=f"report:{report.pk}",
        message=message,
    )


# --- the regional pack --------------------------------------------------------------------------


def pack_start(*, actor: Actor, snapshot: Snapshot, kind: str) -> PackRun:
    """Publish every participant's report and the regional one in the background."""
    user = require_user(actor, "reporting.publish_any_report")
    if snapshot.kind != SnapshotKind.QUARTER or snapshot.quarter not in QUARTERS_OF_KIND.get(
        kind, ()
    ):
        raise DomainError(
            _("Deze soort rapportage gaat niet over deze meting."),
            field="kind",
            code="kind_quarter_mismatch",
        )
    if PackRun.objects.filter(
        snapshot=snapshot, kind=kind, status__in=(PackStatus.QUEUED, PackStatus.RUNNING)
    ).exists():
        raise Conflict(_("Dit pakket wordt al gemaakt."), code="pack_running")
    with transaction.atomic():
        run = PackRun.objects.create(
            snapshot=snapshot,
            kind=kind,
            started_by=user,
            total=Participant.objects.count() + 1,
        )
        audit_create(actor=user, instance=run)
        # After the commit, so that a worker in another process finds the run.
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from grip.reporting.tasks import publish_pack

    result = publish_pack.enqueue(run_id)
    PackRun.objects.filter(pk=run_id, task_id="").update(task_id=str(result.id)[:64])


def run_pack(run_id: int) -> PackRun:
    """The pack's work (the task calls this): each report is published in its own transaction,
    so progress shows and a rerun skips what is already published."""
    run = PackRun.objects.select_related("snapshot", "started_by").get(pk=run_id)
    PackRun.objects.filter(pk=run.pk).update(status=PackStatus.RUNNING)
    actor = run.started_by
    participants: list[Participant | None] = [
        *Participant.objects.select_related("account_manager").order_by("kind", "name"),
        None,
    ]
    done = skipped = 0
    try:
        for participant in participants:
            report = Report.objects.filter(
                snapshot=run.snapshot, kind=run.kind, participant=participant
            ).first()
            if report is None:
                report = report_create(
                    actor=actor, snapshot=run.snapshot, kind=run.kind, participant=participant
                )
            if report.is_published:
                skipped += 1
            else:
                report_publish(actor=actor, report=report)
            done += 1
            PackRun.objects.filter(pk=run.pk).update(done=done, skipped=skipped)
    except Exception as error:  # the run records why it stopped; published reports stay
        logger.exception("Regional pack %s stopped", run.pk)
        PackRun.objects.filter(pk=run.pk).update(
            status=PackStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    PackRun.objects.filter(pk=run.pk).update(status=PackStatus.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    return run
