"""The access log's hash chain: appends link, verification finds altered, removed and cut-off
lines, pruning keeps it green, and the command's exit codes."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from grip.core.errors import Conflict, NotAllowed
from grip.dataplatform import accesslog
from grip.dataplatform.accesslog import GENESIS, Anchor
from grip.dataplatform.models import AccessLogHead, AccessLogLine, AccessLogPrune
from grip.dataplatform.pseudonym import pseudonymise

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 11, 29, 8, 15, 2, 123456, tzinfo=datetime.UTC)
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


def _append(count: int, **kwargs: Any) -> list[AccessLogLine]:
    values: dict[str, Any] = {
        "actor": "7",
        "name": "zaak.inzien",
        "activity_code": "vth-vergunningverlening",
        "dataset": "cases.case",
        "outcome": "getoond",
    }
    values.update(kwargs)
    return [
        accesslog.record(object_pk=100 + number, data_subject=f"case:{number}:person", **values)
        for number in range(count)
    ]


def _kinds(problems: list[accesslog.Problem]) -> list[tuple[str, int | None]]:
    return [(problem.kind, problem.seq) for problem in problems]


def test_the_hash_of_one_line_by_hand(settings: Any) -> None:
    settings.BASE_URL = "https://grip.example"
    line = accesslog.record(
        actor="12",
        name="zaak.inzien",
        activity_code="vth-vergunningverlening",
        dataset="cases.case",
        object_pk=42,
        data_subject="case:42:person",
        outcome="getoond",
        trace_id=TRACE,
        start_time=AT,
        end_time=AT + datetime.timedelta(milliseconds=5),
    )
    line.refresh_from_db()
    subject = pseudonymise("case:42:person")
    assert subject is not None
    expected_json = (
        '{"actor":"12","data_subject_id":"' + subject + '","data_subject_id_type":"grip:person",'
        '"dataset":"cases.case","end_time":"2026-11-29T08:15:02.128Z","name":"zaak.inzien",'
        '"object_pk":"42","outcome":"getoond","parent_span_id":"","prev_hash":"' + GENESIS + '",'
        '"processing_activity_id":"https://grip.example/verwerkingen/vth-vergunningverlening/v1",'
        '"seq":1,"span_id":"' + line.span_id + '","start_time":"2026-11-29T08:15:02.123Z",'
        '"status_code":0,"trace_id":"' + TRACE + '"}'
    )
    assert accesslog.canonical_json(line) == expected_json
    assert line.hash == hashlib.sha256((GENESIS + expected_json).encode()).hexdigest()
    # Stored at millisecond precision: what was hashed is what is read back.
    assert line.start_time == datetime.datetime(2026, 11, 29, 8, 15, 2, 123000, tzinfo=datetime.UTC)
    assert (line.seq, line.prev_hash, line.trace_id, len(line.span_id)) == (1, GENESIS, TRACE, 16)
    assert json.loads(expected_json)["seq"] == 1


def test_two_appends_link_and_move_the_head() -> None:
    first, second = _append(2)
    assert (first.seq, second.seq) == (1, 2)
    assert second.prev_hash == first.hash
    head = AccessLogHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (2, second.hash)
    assert first.data_subject_id != second.data_subject_id
    assert first.data_subject_id == pseudonymise("case:0:person")


def test_a_chain_of_lines_verifies() -> None:
    _append(25)
    assert accesslog.verify() == []


def test_an_altered_field_is_found_at_its_line() -> None:
    _append(6)
    AccessLogLine.objects.filter(seq=4).update(actor="99")
    assert _kinds(accesslog.verify()) == [("altered", 4)]


def test_a_rewritten_line_with_a_fresh_hash_breaks_the_next_link() -> None:
    _append(5)
    line = AccessLogLine.objects.get(seq=3)
    line.object_pk = "1"
    line.hash = accesslog.line_hash(line)
    line.save()
    assert _kinds(accesslog.verify()) == [("removed", 4)]


def test_a_removed_middle_line_is_found() -> None:
    _append(6)
    AccessLogLine.objects.filter(seq=3).delete()
    problems = accesslog.verify()
    assert _kinds(problems) == [("removed", 4)]
    assert "3 tot en met 3" in problems[0].detail


def test_a_removed_tail_shows_against_the_anchor_even_with_the_head_rewritten() -> None:
    lines = _append(5)
    accesslog.write_anchor()
    assert accesslog.latest_anchor() == Anchor(seq=5, hash=lines[-1].hash)
    AccessLogLine.objects.filter(seq__gte=4).delete()
    # Whoever cut the tail also set the head back: only the anchor tells.
    AccessLogHead.objects.filter(pk=1).update(seq=3, hash=lines[2].hash)
    assert _kinds(accesslog.verify()) == [("removed_tail", 5)]
    # Without an anchor (an explicit older one) the cut is invisible.
    assert accesslog.verify(anchor=Anchor(seq=3, hash=lines[2].hash)) == []


def test_a_removed_tail_with_the_head_untouched_shows_at_the_head() -> None:
    _append(4)
    AccessLogLine.objects.filter(seq=4).delete()
    assert _kinds(accesslog.verify()) == [("removed_tail", 4)]


def test_the_anchor_is_written_only_when_the_head_moved() -> None:
    _append(2)
    assert accesslog.write_anchor() is not None
    assert accesslog.write_anchor() is None
    _append(1)
    assert accesslog.write_anchor() is not None
    assert accesslog.latest_anchor() == Anchor(seq=3, hash=AccessLogHead.objects.get().hash)
    assert accesslog.anchor_access_log.call() == 3


def test_a_prune_keeps_verification_green(make_user: Any) -> None:
    lines = _append(8)
    accesslog.write_anchor()
    pruned = accesslog.prune(actor=make_user("beheerder"), through_seq=5)
    assert (pruned.through_seq, pruned.last_hash) == (5, lines[4].hash)
    assert list(AccessLogLine.objects.values_list("seq", flat=True)) == [6, 7, 8]
    assert accesslog.verify() == []
    _append(2)
    assert accesslog.verify() == []
    # The chain still starts where the prune says: altering the genesis shows.
    AccessLogPrune.objects.filter(pk=pruned.pk).update(last_hash="f" * 64)
    assert _kinds(accesslog.verify()) == [("removed", 6)]


def test_pruning_is_the_beheerders_and_refused_on_a_broken_chain(make_user: Any) -> None:
    _append(4)
    with pytest.raises(NotAllowed):
        accesslog.prune(actor=make_user("privacy"), through_seq=2)
    AccessLogLine.objects.filter(seq=1).update(name="iets anders")
    with pytest.raises(Conflict):
        accesslog.prune(actor=make_user("beheerder"), through_seq=2)
    assert AccessLogLine.objects.count() == 4


def test_the_command_says_ok_or_lists_the_problems_with_exit_code_1() -> None:
    lines = _append(3)
    out = io.StringIO()
    call_command("verify_access_log", stdout=out)
    assert out.getvalue().strip() == f"OK: 3 regels, kop {lines[-1].hash}"

    AccessLogLine.objects.filter(seq=2).update(outcome="geweigerd")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_access_log", stdout=out, stderr=io.StringIO())
    assert exit_info.value.code == 1
    assert out.getvalue().startswith("2\taltered\t")


def test_a_trace_id_from_the_caller_is_kept_and_a_bad_one_replaced(settings: Any) -> None:
    settings.BASE_URL = "https://grip.example"
    kept = accesslog.record(
        actor="",
        name="zaak.inzien",
        activity_code="klachten",
        dataset="cases.case",
        object_pk=1,
        outcome="getoond",
        trace_id=TRACE,
        parent_span_id="00f067aa0ba902b7",
    )
    replaced = accesslog.record(
        actor="",
        name="zaak.inzien",
        activity_code="klachten",
        dataset="cases.case",
        object_pk=1,
        outcome="getoond",
        trace_id="not-a-trace",
    )
    assert (kept.trace_id, kept.parent_span_id) == (TRACE, "00f067aa0ba902b7")
    assert len(replaced.trace_id) == 32
    assert replaced.trace_id != "not-a-trace"
    assert kept.processing_activity_id == "https://grip.example/verwerkingen/klachten/v1"
    assert (kept.data_subject_id, kept.data_subject_id_type) == ("", "")
