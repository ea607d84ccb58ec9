"""The demo's cases: the mix, legal status paths, the engine's due dates, realistic processing.

The demo is loaded once for the class (setUpTestData) at scale small, for the current year, so
that the year of cases always ends today; every test reads it in its own savepoint. The shares
of suspensions, extensions and late decisions are checked on the simulator itself over many
cases, where a few hundred would be too few to say anything.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import random
from collections import Counter, defaultdict
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import F, Q
from django.test import TestCase
from django.utils import timezone

from grip.cases import archive, deadlines, demo
from grip.cases.constants import CLOSED, TRANSITIONS, CaseStatus, LegalRegime, Procedure
from grip.cases.deadlines import AtwCalendar, Term, easter_sunday
from grip.cases.models import (
    Case,
    CaseRelation,
    CaseStatusChange,
    Document,
    EquatedDay,
    Extension,
    Suspension,
)
from grip.cases.selectors import atw_calendar, case_deadline, case_deadline_inputs, deadline_of
from grip.core.demodata import Progress, load_demo, registered_steps

SEED = 5


def _year() -> int:
    return timezone.localdate().year


def _load(*, reset: bool = False) -> None:
    load_demo(scale="small", seed=SEED, year=_year(), reset=reset, progress=Progress(io.StringIO()))


def _fingerprint() -> list[Any]:
    return list(
        Case.objects.order_by("identification").values_list(
            "identification", "case_type__code", "status", "received_on", "due_on", "decided_on"
        )
    )


class DemoCasesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _load()

    def test_a_year_of_cases_over_the_reference_case_types(self):
        counts = Counter(Case.objects.values_list("case_type__code", flat=True))
        assert counts.pop("controle", 0) > 0  # the enforcement step's inspection cases
        assert 380 <= sum(counts.values()) <= 440
        for code in demo.PROFILES:
            assert counts[code] >= demo.MIN_PER_TYPE, code
        assert counts.most_common(2)[0][0] == "melding-bal"
        assert counts.most_common(2)[1][0] == "milieuklacht"
        assert 120 <= counts["melding-bal"] <= 170
        assert 100 <= counts["milieuklacht"] <= 145
        assert 8 <= counts["aanvraag-omgevingsvergunning"] <= 25
        assert counts["klacht-gedraging"] <= 5
        today = timezone.localdate()
        # The enforcement step's inspection cases include some of the year before (recidivism).
        window = Case.objects.filter(regime=LegalRegime.OMGEVINGSWET).exclude(
            case_type__code="controle"
        )
        assert window.filter(received_on__gt=today).count() == 0
        assert window.filter(received_on__lte=today - datetime.timedelta(days=365)).count() == 0

    def test_cases_lie_on_sites_of_their_participant_or_at_a_bare_location(self):
        assert (
            Case.objects.exclude(site=None).exclude(site__participant=F("participant")).count() == 0
        )
        with_site = Case.objects.exclude(site=None)
        assert with_site.count() >= 0.8 * Case.objects.count()
        assert (
            with_site.exclude(establishment=None)
            .exclude(establishment=F("site__establishment"))
            .count()
            == 0
        )
        bare = Case.objects.filter(site=None)
        assert bare.filter(location_description="").count() == 0
        assert not with_site.filter(case_type__code="klacht-gedraging").exists()
        assert Case.objects.exclude(establishment=None).exclude(person_name="").count() == 0
        assert len(set(Case.objects.values_list("participant", flat=True))) >= 15

    def test_every_status_history_is_a_legal_path_ending_in_the_case_status(self):
        histories: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for case_id, from_status, status in CaseStatusChange.objects.order_by(
            "case_id", "on", "id"
        ).values_list("case_id", "from_status", "status"):
            histories[case_id].append((from_status, status))
        cases = Case.objects.values_list("pk", "case_type__procedure", "status")
        for pk, procedure, status in cases:
            steps = histories[pk]
            assert steps[0] == ("", CaseStatus.ONTVANGEN), pk
            current = CaseStatus.ONTVANGEN
            for from_status, to_status in steps[1:]:
                assert from_status == current, (pk, steps)
                assert to_status in TRANSITIONS[procedure].get(current, ()), (pk, steps)
                current = to_status
            assert current == status, (pk, steps)

    def test_history_dates_run_forward_and_match_the_case(self):
        today = timezone.localdate()
        for case in Case.objects.prefetch_related("status_history"):
            days = [change.on for change in case.status_history.all()]
            assert days == sorted(days)
            assert days[0] == case.received_on
            assert days[-1] <= today
            decided = [c.on for c in case.status_history.all() if c.status == CaseStatus.BESLOTEN]
            assert case.decided_on == (decided[0] if decided else None)
            if case.status in CLOSED:
                assert case.closed_on == days[-1]

    def test_due_dates_are_the_engines_answer(self):
        today = timezone.localdate()
        calendar = atw_calendar()
        cases = Case.objects.select_related("case_type").prefetch_related("suspensions")
        for case in cases.filter(case_type__code="controle"):  # no legal term
            assert deadline_of(case, as_of=today, calendar=calendar) is None
            assert case.due_on is None
        for case in cases.exclude(case_type__code="controle"):
            deadline = deadline_of(case, as_of=today, calendar=calendar)
            assert deadline is not None
            assert (case.original_due_on, case.due_on) == (deadline.original_due, deadline.due), (
                case.identification
            )

    def test_most_cases_are_finished_in_time_and_recent_ones_are_open(self):
        termed = Case.objects.exclude(case_type__code="controle")  # inspections have no term
        finished = termed.filter(Q(decided_on__isnull=False) | Q(status__in=CLOSED))
        in_time = [
            (case.decided_on or case.closed_on) <= case.due_on
            for case in finished
            if case.status != CaseStatus.INGETROKKEN
        ]
        assert sum(in_time) >= 0.85 * len(in_time)
        decided = finished.filter(decided_on__isnull=False)
        assert decided.filter(decided_on__lte=F("due_on")).count() >= 0.75 * decided.count()
        running = termed.running()
        assert running.count() >= 10
        today = timezone.localdate()
        recent = today - datetime.timedelta(days=14)
        assert (
            running.filter(received_on__gte=recent).count()
            >= 0.3 * termed.filter(received_on__gte=recent).count()
        )

    def test_suspensions_and_extensions_are_consistent_with_the_history(self):
        for suspension in Suspension.objects.select_related("case"):
            case = suspension.case
            assert suspension.start >= case.received_on
            changes = case.status_history.filter(status=CaseStatus.OPGESCHORT, on=suspension.start)
            assert changes.exists()
            if suspension.end is None:
                assert case.status == CaseStatus.OPGESCHORT
        calendar = atw_calendar()
        for extension in Extension.objects.select_related("case__case_type"):
            case = extension.case
            inputs = case_deadline_inputs(case, calendar=calendar)
            refusal = deadlines.extension_refusal(
                received=case.received_on,
                term=inputs.term,
                suspensions=inputs.suspensions,
                extension=deadlines.Extension(extension.decided_on, Term(weeks=extension.weeks)),
                max_extension=inputs.max_extension,
                calendar=calendar,
            )
            assert refusal is None, (case.identification, refusal)
            assert case.decided_on is None or extension.decided_on <= case.decided_on

    def test_old_wabo_cases_and_notices_of_default(self):
        wabo = Case.objects.filter(regime=LegalRegime.WABO)
        assert wabo.count() == len(demo.WABO_CASES)
        assert all(case.received_on < demo.OMGEVINGSWET_FROM for case in wabo)
        risky = [case for case in wabo if case_deadline(case).permit_by_default_risk]
        assert len(risky) >= 2  # one decided late, one still open
        for case in Case.objects.exclude(notice_of_default_on=None):
            assert case.notice_of_default_on > case.due_on

    def test_closed_cases_carry_their_result_and_archive_fields(self):
        today = timezone.localdate()
        closed = Case.objects.filter(status__in=CLOSED).select_related("selection_list_result")
        assert closed.filter(case_type__code="controle").exists()  # closed by the enforcement step
        assert not closed.filter(result="").exists()
        assert not Case.objects.exclude(status__in=CLOSED).exclude(result="").exists()
        # every reference case type has its proposed rules: every closed case got a class
        assert not closed.filter(selection_list_result__isnull=True).exists()
        terms = {
            ("aanvraag-omgevingsvergunning", "verleend"): ("11.1.6", 20),
            ("aanvraag-omgevingsvergunning", "geweigerd"): ("11.2", 5),
            ("aanvraag-omgevingsvergunning", "ingetrokken"): ("11.4", 1),
            ("milieuklacht", "afgehandeld"): ("6.1", 5),
            ("controle", "toezicht_uitgevoerd"): ("12.1.11", 20),
        }
        seen = set()
        for case in closed.filter(case_type__code__in={code for code, _ in terms}):
            key = (case.case_type.code, case.result)
            if key not in terms:
                continue
            seen.add(key)
            number, years = terms[key]
            assert case.selection_list_result.number == number, case.identification
            assert case.archive_source_date == case.closed_on
            expected = archive.add_duration(case.closed_on, f"P{years}Y")
            assert case.archive_action_date == expected, case.identification
        assert ("aanvraag-omgevingsvergunning", "verleend") in seen
        assert ("milieuklacht", "afgehandeld") in seen
        for case in closed.filter(
            case_type__code="aanvraag-maatwerkvoorschrift", result="verleend"
        ):
            assert case.archive_action_date is None  # waits for the end of the decision
        # The archivist's destruction proposal is not empty: the old withdrawn cases.
        due = closed.filter(archive_nomination="vernietigen", archive_action_date__lte=today)
        assert due.filter(regime=LegalRegime.WABO).count() >= 3
        assert set(due.values_list("result", flat=True)) <= {"ingetrokken", "afgebroken"}

    def test_objections_relate_to_the_contested_case(self):
        objections = Case.objects.filter(case_type__code="bezwaarschrift")
        for objection in objections:
            relation = CaseRelation.objects.get(source=objection, kind="bezwaar")
            contested = relation.target
            assert contested.participant_id == objection.participant_id
            assert contested.decided_on is not None
            assert contested.decided_on < objection.received_on

    def test_documents_are_small_stored_files_with_their_checksum(self):
        documents = list(Document.objects.all())
        assert 0 < len(documents) <= 2 * demo.MAX_APPLICATION_DOCUMENTS + demo.MAX_DECISION_LETTERS
        for document in documents[:20]:
            with default_storage.open(document.file.name) as stream:
                data = stream.read()
            assert len(data) == document.size < 2048
            assert hashlib.sha256(data).hexdigest() == document.sha256

    def test_equated_days_are_demo_data(self):
        demo_days = EquatedDay.objects.filter(name=demo.EQUATED_DAY_NAME)
        friday = easter_sunday(_year()) + datetime.timedelta(days=40)
        assert demo_days.filter(date=friday).exists()
        assert all(day.weekday() == 4 for day in demo_days.values_list("date", flat=True))

    def test_the_step_reports_data_and_a_reset_loads_the_same_again(self):
        step = next(step for step in registered_steps() if step.name == "cases")
        assert step.order == 54
        assert step.has_data()
        before = _fingerprint()
        _load(reset=True)
        assert _fingerprint() == before


def _permit_type() -> demo.TypeInfo:
    return demo.TypeInfo(
        pk=1,
        code="aanvraag-omgevingsvergunning",
        name="Aanvraag omgevingsvergunning",
        procedure=Procedure.REGULIER,
        term=Term(weeks=8),
        max_extension_weeks=6,
        team_id=None,
        team_code="vergunningverlening",
    )


def test_the_simulator_suspends_extends_and_decides_about_as_planned():
    """Over 4,000 permit applications: about a quarter suspended, one in ten extended, about
    nine in ten decided in time; every extension counts and every date is plausible."""
    rng = random.Random(3)  # noqa: S311 - demo data, not security
    today = datetime.date(2026, 11, 27)
    simulator = demo.Simulator(
        rng,
        AtwCalendar(),
        today,
        {"omgevingsvergunning-verlenen": "verlenen", "omgevingsvergunning-weigeren": "weigeren"},
    )
    profile, info = demo.PROFILES["aanvraag-omgevingsvergunning"], _permit_type()
    counts: Counter[str] = Counter()
    for number in range(4000):
        received = datetime.date(2025, 6, 2) + datetime.timedelta(days=number % 120)
        case = demo.Planned(info, 1, "x", received, LegalRegime.OMGEVINGSWET)
        simulator.plan(case, profile, simulator.choices(profile, info))
        simulator.cut(case, "Ontvangen.")
        deadline = case.deadline
        assert deadline is not None
        counts["cases"] += 1
        counts["suspended"] += case.suspension is not None
        counts["extended"] += case.extension is not None
        if case.extension is not None:
            assert deadline.extension_days == 7 * case.extension[1]
        if case.decided_on is not None:
            counts["decided"] += 1
            counts["in_time"] += case.decided_on <= deadline.due
            assert case.decided_on.weekday() < 5
        if case.status == CaseStatus.BUITEN_BEHANDELING:
            counts["not_completed"] += 1
    assert 0.20 <= counts["suspended"] / counts["cases"] <= 0.30
    assert 0.06 <= counts["extended"] / counts["cases"] <= 0.14
    assert 0.87 <= counts["in_time"] / counts["decided"] <= 0.95
    assert counts["not_completed"] > 0
