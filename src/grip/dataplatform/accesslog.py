"""The access log of personal-data reads (Logboek dataverwerkingen), chained by hash.

One line per object and data subject read. Each line holds ``prev_hash`` (the hash of the line
before it; 64 zeros for the first) and ``hash = sha256(prev_hash + canonical_json(line))``, the
canonical JSON of the line without its hash (sorted keys, compact separators, UTF-8, times in
ISO 8601 UTC with milliseconds). Appends are serialised by first UPDATE-ing the one-row
``AccessLogHead`` (a write lock on PostgreSQL and SQLite alike), inside the caller's transaction,
so a read and its log line commit together.

:func:`verify` recomputes the chain: a hash that does not match is an altered line; a gap in the
sequence or a broken link is a removed one. A removed *tail* (with the head rewritten to match)
only shows against an anchor: a daily job writes the head into the audit trail
(:func:`write_anchor`). Pruning by retention (:func:`prune`) deletes a prefix and keeps its last
hash in a write-once ``AccessLogPrune``, where verification then starts.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from grip.cases.models import Case, Document
from grip.core.audit import Actor, audit_create, audit_update
from grip.core.errors import Conflict, DomainError
from grip.core.models import AuditRecord
from grip.core.permissions import require_permission
from grip.core.tracing import trace_of
from grip.dataplatform import privacy
from grip.dataplatform.models import (
    AccessLogHead,
    AccessLogLine,
    AccessLogPrune,
    AccessOutcome,
    ProcessingActivity,
)
from grip.dataplatform.pseudonym import pseudonymise

GENESIS = "0" * 64
HEAD_PK = 1
SUBJECT_TYPE = "grip:person"
PRUNE_PERMISSION = "dataplatform.delete_accesslogline"
TRACE_ID = re.compile(r"^[0-9a-f]{32}$")
SPAN_ID = re.compile(r"^[0-9a-f]{16}$")
STATUS_UNSET, STATUS_OK, STATUS_ERROR = 0, 1, 2
# The actions logged (LDV ``name``) and the datasets they read.
CASE_READ = "zaak.inzien"
DOCUMENT_DOWNLOAD = "document.downloaden"
CASE_DATASET = "cases.case"
DOCUMENT_DATASET = "cases.document"

# The fields that go into a line's hash, in the canonical JSON (all but the key and the hash).
HASHED_FIELDS = (
    "seq",
    "trace_id",
    "span_id",
    "parent_span_id",
    "name",
    "start_time",
    "end_time",
    "status_code",
    "outcome",
    "processing_activity_id",
    "data_subject_id",
    "data_subject_id_type",
    "dataset",
    "object_pk",
    "actor",
    "prev_hash",
)


# --- the hash ---------------------------------------------------------------------------------


def _to_millis(moment: datetime.datetime) -> datetime.datetime:
    """The moment in UTC, cut to whole milliseconds (what the hash holds is what is stored)."""
    moment = moment.astimezone(datetime.UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def iso_millis(moment: datetime.datetime) -> str:
    """ISO 8601 in UTC with milliseconds: ``2026-11-29T08:15:02.123Z``."""
    moment = _to_millis(moment)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def canonical_json(line: AccessLogLine) -> str:
    values: dict[str, Any] = {}
    for name in HASHED_FIELDS:
        value = getattr(line, name)
        values[name] = iso_millis(value) if isinstance(value, datetime.datetime) else value
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def line_hash(line: AccessLogLine) -> str:
    """``sha256(prev_hash + canonical_json(line without hash))`` in hex."""
    return hashlib.sha256((line.prev_hash + canonical_json(line)).encode("utf-8")).hexdigest()


# --- appending --------------------------------------------------------------------------------


def new_trace_id() -> str:
    return secrets.token_hex(16)


def _actor_id(actor: Actor | str) -> str:
    """``grip.actor``: the user's id; empty for the system."""
    if isinstance(actor, str):
        return actor
    if actor is None or not actor.is_authenticated:
        return ""
    return str(actor.pk)


def _activity_id(code: str) -> str:
    """The URI of the version of the activity in force; an activity missing from the register
    is seeded first (a fresh database), and one unknown even then is named without a version."""
    try:
        return privacy.activity_uri(privacy.current_activity(code))
    except ProcessingActivity.DoesNotExist:
        privacy.load_processing_activities()
    try:
        return privacy.activity_uri(privacy.current_activity(code))
    except ProcessingActivity.DoesNotExist:
        return f"{settings.BASE_URL}/verwerkingen/{code}"


def _lock_head() -> AccessLogHead:
    """Take the write lock (UPDATE the head row) first, then read it."""
    if not AccessLogHead.objects.filter(pk=HEAD_PK).update(seq=F("seq")):
        AccessLogHead.objects.get_or_create(pk=HEAD_PK)  # a flushed database: no head yet
        AccessLogHead.objects.filter(pk=HEAD_PK).update(seq=F("seq"))
    return AccessLogHead.objects.get(pk=HEAD_PK)


def record(
    *,
    actor: Actor | str,
    name: str,
    activity_code: str,
    dataset: str,
    object_pk: object,
    data_subject: object = None,
    outcome: str,
    status_code: int = STATUS_UNSET,
    trace_id: str | None = None,
    parent_span_id: str = "",
    start_time: datetime.datetime | None = None,
    end_time: datetime.datetime | None = None,
) -> AccessLogLine:
    """Append one line to the chain, in the caller's transaction."""
    if outcome not in AccessOutcome.values:
        raise DomainError(f"Unknown outcome '{outcome}'.", field="outcome", code="outcome")
    if status_code not in (STATUS_UNSET, STATUS_OK, STATUS_ERROR):
        raise DomainError(f"Unknown status code {status_code}.", code="status_code")
    if parent_span_id and not SPAN_ID.match(parent_span_id):
        raise DomainError("parent_span_id is 16 hex digits.", code="parent_span_id")
    now = timezone.now()
    start = _to_millis(start_time or now)
    end = _to_millis(end_time or now)
    subject = pseudonymise(data_subject) if data_subject is not None else None
    activity_id = _activity_id(activity_code)
    with transaction.atomic():
        head = _lock_head()
        line = AccessLogLine(
            seq=head.seq + 1,
            trace_id=trace_id if trace_id and TRACE_ID.match(trace_id) else new_trace_id(),
            span_id=secrets.token_hex(8),
            parent_span_id=parent_span_id,
            name=name,
            start_time=start,
            end_time=end,
            status_code=status_code,
            outcome=outcome,
            processing_activity_id=activity_id,
            data_subject_id=subject or "",
            data_subject_id_type=SUBJECT_TYPE if subject else "",
            dataset=dataset,
            object_pk=str(object_pk),
            actor=_actor_id(actor),
            prev_hash=head.hash,
        )
        line.hash = line_hash(line)
        line.save()
        head.seq, head.hash = line.seq, line.hash
        head.save(update_fields=["seq", "hash"])
    return line


def case_subject(case: Case) -> str | None:
    """The stable key of a case's person (its pseudonym is logged), or None without one."""
    return f"case:{case.pk}:person" if case.person_name.strip() else None


def record_case_read(
    *,
    actor: Actor,
    name: str,
    case: Case,
    outcome: str = AccessOutcome.SHOWN,
    dataset: str = CASE_DATASET,
    object_pk: object = None,
    trace_id: str | None = None,
    parent_span_id: str = "",
    start_time: datetime.datetime | None = None,
    end_time: datetime.datetime | None = None,
) -> AccessLogLine | None:
    """Log the read of a case's personal data (or a document of it); nothing when the case
    holds no person."""
    subject = case_subject(case)
    if subject is None:
        return None
    return record(
        actor=actor,
        name=name,
        activity_code=privacy.case_activity_code(case),
        dataset=dataset,
        object_pk=case.pk if object_pk is None else object_pk,
        data_subject=subject,
        outcome=outcome,
        trace_id=trace_id,
        parent_span_id=parent_span_id,
        start_time=start_time,
        end_time=end_time,
    )


def record_refused_case_read(
    *,
    actor: Actor,
    name: str,
    case_pk: object,
    dataset: str = CASE_DATASET,
    object_pk: object = None,
    trace_id: str | None = None,
    start_time: datetime.datetime | None = None,
) -> AccessLogLine | None:
    """Log a refused read: the case (or its document) exists, with a person, but is outside
    what the user may see. Nothing for a case that does not exist or holds no person."""
    try:
        case = Case.objects.select_related("case_type").get(pk=int(str(case_pk)))
    except (Case.DoesNotExist, ValueError):
        return None
    return record_case_read(
        actor=actor,
        name=name,
        case=case,
        outcome=AccessOutcome.REFUSED,
        dataset=dataset,
        object_pk=object_pk,
        trace_id=trace_id,
        start_time=start_time,
    )


def record_refused_document_read(
    *,
    actor: Actor,
    name: str,
    document_pk: object,
    trace_id: str | None = None,
    start_time: datetime.datetime | None = None,
) -> AccessLogLine | None:
    """Log a refused download of a document that exists (of a case with a person)."""
    try:
        case_pk = Document.objects.values_list("case_id", flat=True).get(pk=int(str(document_pk)))
    except (Document.DoesNotExist, ValueError):
        return None
    return record_refused_case_read(
        actor=actor,
        name=name,
        case_pk=case_pk,
        dataset=DOCUMENT_DATASET,
        object_pk=document_pk,
        trace_id=trace_id,
        start_time=start_time,
    )


class RequestRead:
    """The reads of one request (a page, an API call, a download) of a case's personal data.

    Made before the lookup, so the start time and the trace are the request's; the caller then
    logs either the refusal (the lookup failed) or the read (the answer is ready)."""

    def __init__(self, request: Any, *, name: str) -> None:
        self.actor: Actor = request.user
        self.name = name
        self.trace_id, self.parent_span_id = trace_of(request)
        self.started = timezone.now()

    def refused_case(self, case_pk: object) -> AccessLogLine | None:
        return record_refused_case_read(
            actor=self.actor,
            name=self.name,
            case_pk=case_pk,
            trace_id=self.trace_id,
            start_time=self.started,
        )

    def refused_document(self, document_pk: object) -> AccessLogLine | None:
        return record_refused_document_read(
            actor=self.actor,
            name=self.name,
            document_pk=document_pk,
            trace_id=self.trace_id,
            start_time=self.started,
        )

    def shown(self, case: Case, *, document: Document | None = None) -> AccessLogLine | None:
        """Log the read of the case, or of one of its documents."""
        return record_case_read(
            actor=self.actor,
            name=self.name,
            case=case,
            dataset=CASE_DATASET if document is None else DOCUMENT_DATASET,
            object_pk=None if document is None else document.pk,
            trace_id=self.trace_id,
            parent_span_id=self.parent_span_id,
            start_time=self.started,
        )


# --- verifying --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    kind: str  # "altered", "removed", "removed_tail", "head"
    seq: int | None
    detail: str

    def __str__(self) -> str:
        at = f"regel {self.seq}" if self.seq is not None else "kop"
        return f"{at}: {self.kind}: {self.detail}"


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str


def latest_anchor() -> Anchor | None:
    record = (
        AuditRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(AccessLogHead), object_id=str(HEAD_PK)
        )
        .order_by("-at", "-pk")
        .first()
    )
    if record is None or not record.after:
        return None
    return Anchor(seq=int(record.after["seq"]), hash=str(record.after["hash"]))


def verify(anchor: Anchor | None = None) -> list[Problem]:
    """Recompute the chain from the latest prune (or the start) and compare with the head and
    the anchor (by default the latest one in the audit trail). No problems: the chain holds."""
    problems: list[Problem] = []
    pruned = AccessLogPrune.objects.order_by("-through_seq").first()
    first_seq = pruned.through_seq + 1 if pruned else 1
    previous = pruned.last_hash if pruned else GENESIS
    anchor = anchor if anchor is not None else latest_anchor()
    anchor_hash: str | None = None
    expected = first_seq
    lines = AccessLogLine.objects.filter(seq__gte=first_seq).order_by("seq")
    for line in lines.iterator(chunk_size=2000):
        gap = line.seq != expected
        if gap:
            problems.append(
                Problem(
                    "removed",
                    line.seq,
                    _("regels %(first)s tot en met %(last)s ontbreken")
                    % {"first": expected, "last": line.seq - 1},
                )
            )
        if line_hash(line) != line.hash:
            problems.append(
                Problem("altered", line.seq, _("de inhoud past niet bij de opgeslagen hash"))
            )
        elif line.prev_hash != previous and not gap:
            problems.append(
                Problem(
                    "removed",
                    line.seq,
                    _(
                        "de verwijzing naar de vorige regel klopt niet "
                        "(regel verwijderd of herschreven)"
                    ),
                )
            )
        if anchor is not None and line.seq == anchor.seq:
            anchor_hash = line.hash
        previous = line.hash
        expected = line.seq + 1
    last_seq = expected - 1
    head = AccessLogHead.objects.filter(pk=HEAD_PK).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq > last_seq:
        problems.append(
            Problem(
                "removed_tail",
                head_seq,
                _("de kop staat op regel %(head)s, de laatste regel is %(last)s")
                % {"head": head_seq, "last": last_seq},
            )
        )
    elif head_seq != last_seq or head_hash != previous:
        problems.append(
            Problem(
                "head",
                head_seq,
                _("de kop past niet bij de laatste regel (%(last)s)") % {"last": last_seq},
            )
        )
    if anchor is not None:
        if anchor.seq > last_seq:
            problems.append(
                Problem(
                    "removed_tail",
                    anchor.seq,
                    _("het anker noemt regel %(anchor)s, de laatste regel is %(last)s")
                    % {"anchor": anchor.seq, "last": last_seq},
                )
            )
        elif anchor.seq >= first_seq and anchor_hash is not None and anchor_hash != anchor.hash:
            problems.append(
                Problem("altered", anchor.seq, _("de hash verschilt van die in het anker"))
            )
        elif pruned and anchor.seq == pruned.through_seq and pruned.last_hash != anchor.hash:
            problems.append(
                Problem(
                    "altered", anchor.seq, _("de opschoning bewaarde een andere hash dan het anker")
                )
            )
    return problems


# --- reading ----------------------------------------------------------------------------------


def _actor_key(value: str) -> str:
    """A username or a user id as the log stores it (the id)."""
    if value.isdigit():
        return value
    found = get_user_model().objects.filter(username=value).values_list("pk", flat=True).first()
    return str(found) if found is not None else value


def line_list(
    *,
    dataset: str = "",
    object_pk: str = "",
    actor: str = "",
    outcome: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[AccessLogLine]:
    """The lines, newest first; ``actor`` is a username or a user id; ``start`` and ``end``
    are days in the local time zone, both included."""
    lines = AccessLogLine.objects.order_by("-seq")
    if dataset.strip():
        lines = lines.filter(dataset=dataset.strip())
    if object_pk.strip():
        lines = lines.filter(object_pk=object_pk.strip())
    if actor.strip():
        lines = lines.filter(actor=_actor_key(actor.strip()))
    if outcome:
        lines = lines.filter(outcome=outcome)
    zone = timezone.get_current_timezone()
    if start is not None:
        lines = lines.filter(
            start_time__gte=datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
        )
    if end is not None:
        next_day = end + datetime.timedelta(days=1)
        lines = lines.filter(
            start_time__lt=datetime.datetime.combine(next_day, datetime.time.min, tzinfo=zone)
        )
    return lines


def actor_usernames(lines: Iterable[AccessLogLine]) -> dict[str, str]:
    """The username of each user id among ``lines`` (one query)."""
    ids = {int(line.actor) for line in lines if line.actor.isdigit()}
    return {
        str(pk): username
        for pk, username in get_user_model()
        .objects.filter(pk__in=ids)
        .values_list("pk", "username")
    }


def head() -> AccessLogHead:
    found = AccessLogHead.objects.filter(pk=HEAD_PK).first()
    return found or AccessLogHead(pk=HEAD_PK)


def line_count() -> int:
    return AccessLogLine.objects.count()


# --- anchoring and pruning --------------------------------------------------------------------


def write_anchor() -> AuditRecord | None:
    """Write the head (seq, hash) into the audit trail, so that a removed tail shows; nothing
    when it has not moved since the last anchor."""
    with transaction.atomic():
        current = _lock_head()
        last = latest_anchor()
        before = {"id": HEAD_PK, "seq": last.seq, "hash": last.hash} if last else {}
        return audit_update(actor=None, instance=current, before=before)


@task()
def anchor_access_log() -> int:
    """The daily anchor of the access log (registered as a daily job): the head's seq."""
    write_anchor()
    return head().seq


def prune(*, actor: Actor, through_seq: int) -> AccessLogPrune:
    """Delete the lines up to and including ``through_seq`` (retention), keeping that line's
    hash as the start of the chain. Refused while the part to prune does not verify."""
    require_permission(actor, PRUNE_PERMISSION)
    with transaction.atomic():
        current = _lock_head()
        last = AccessLogLine.objects.filter(seq=through_seq).first()
        if last is None or through_seq > current.seq:
            raise DomainError(
                _("Regel %(seq)s bestaat niet (meer); kies een regel uit het logboek.")
                % {"seq": through_seq},
                field="through_seq",
                code="no_such_line",
            )
        broken = [
            problem
            for problem in verify()
            if problem.seq is None or problem.seq <= through_seq or problem.kind == "head"
        ]
        if broken:
            raise Conflict(
                _("De keten klopt niet (%(problem)s); onderzoek dat eerst.")
                % {"problem": broken[0]},
                code="chain_broken",
            )
        pruned = AccessLogPrune.objects.create(
            through_seq=through_seq,
            last_hash=last.hash,
            pruned_at=timezone.now(),
            pruned_by=_actor_id(actor),
        )
        audit_create(actor=actor, instance=pruned)
        AccessLogLine.objects.filter(seq__lte=through_seq).delete()
    return pruned
