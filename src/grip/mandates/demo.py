"""Demo mandate registers, the director's sub-mandates, and the signed decisions of the demo cases.

Runs after the cases step (order 54): it needs the decisions the cases step planned
(``context.shared["case_decisions"]``), and a decision can only be written with the mandate
chain and the *namens* line of a register, which is this app's (the cases app may not import
it). Order 56, before the hours (60).

The registers (written through the services, as the demo's beheerder, so they are validated and
audited like in production):

- every participant has a mandate decision of the college of B&W (the province: gedeputeerde
  staten), valid from 1 January 2024 (the Omgevingswet), mandating to the director, with
  sub-mandate allowed: permits, maatwerk, the decisions on meldingen (a line by case type),
  enforcement requests and sanctions; a few participants cap the sanctions at € 50.000 and
  three mandate "everything in enforcement cases except the fine" (a case-type line with an
  excluded decision type); the fine with sub-mandate only at the larger participants (the
  others leave it to the director); decisions on objections to the director *without*
  sub-mandate (and at Eindhoven, Helmond and the province also directly to the manager);
- history: six participants have an older decision of 2019 (revoked or expired when the 2024
  one took over), and Eindhoven replaced its 2024 decision in the year before the demo year;
- the director's sub-mandate decision of 2024 (and a revoked one of 2019) passes powers on to
  the manager (everything but objections), the team leader (permits, maatwerk, enforcement
  requests; sanctions up to € 50.000, fines up to € 10.000), the permit officer (granting
  permits and maatwerk; a refusal is the team leader's), the jurist (enforcement requests,
  penalties up to € 10.000, fines up to € 5.000), the inspector (urgent administrative coercion
  up to € 2.500) and, for Eindhoven and Helmond only, the adviser (maatwerk).

The demo's ``medewerker`` log-in is the first permit officer, so it can sign a permit under
sub-mandate.

The decisions are written in bulk (no service and no audit record per row). Each is signed by
the first of: the case's handler, the team leaders of the case's team, the managers, the
director, whose function gets an *allowed* answer from ``grip.mandates.verdict.verdict`` (the
same check the signing service runs), never by the person who took a contested decision or
wrote a fine's report (Awb 10:3). A verdict costs some 20 ms of queries, so answers are cached
per participant, decision type, function, band of amounts between the registers' limits,
period in which the registers do not change, and case type only where a register line names
case types; candidates whose function this module's own specs name for the decision are asked
first, so that few verdicts refuse (the verdict still decides). The decision keeps that chain
(DecisionMandate) and the *namens* line of ``namens_line``. The MAX_DECISION_LETTERS most
recently decided permits also get a one-page decision letter (a small text file).
"""

from __future__ import annotations

import datetime
from bisect import bisect, bisect_left
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q

from grip.cases.constants import DocumentType
from grip.cases.demo import DecisionPlan, store_text
from grip.cases.models import Case, CaseType, Decision, DecisionType, Document
from grip.core.classification import Confidentiality
from grip.core.demodata import DemoContext, demo_step
from grip.core.models import User
from grip.mandates import services
from grip.mandates.models import (
    DecisionMandate,
    MandateDecision,
    MandateLine,
    SubMandateDecision,
    SubMandateLine,
)
from grip.mandates.verdict import Verdict, namens_line, verdict
from grip.organisation.models import Employee, Function
from grip.participants.models import Participant, ParticipantKind

BEHEERDER_USERNAME = "beheerder"
MANDATE_FROM = datetime.date(2024, 1, 1)
OLD_FROM = datetime.date(2019, 1, 1)
PROVINCE_MANDATOR = "gedeputeerde staten van Noord-Brabant"

PERMITS = ("omgevingsvergunning-verlenen", "omgevingsvergunning-weigeren")
MAATWERK = ("maatwerkvoorschrift-stellen", "maatwerkvoorschrift-weigeren")
REQUESTS = ("handhavingsverzoek-toewijzen", "handhavingsverzoek-afwijzen")
SANCTIONS = ("last-onder-dwangsom", "last-onder-bestuursdwang", "invordering-dwangsom")
FINE = ("bestuurlijke-boete",)
OBJECTION = ("besluit-op-bezwaar",)
ALL_BUT_OBJECTION = (*PERMITS, *MAATWERK, *REQUESTS, *SANCTIONS, *FINE)


@dataclass(frozen=True)
class LineSpec:
    power: str
    legal_basis: str
    decision_types: tuple[str, ...] = ()
    case_types: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    function: str = "directeur"
    sub_mandate: bool = True
    max_amount: Decimal | None = None
    conditions: str = ""


PERMIT_LINE = LineSpec(
    "Beslissen op aanvragen om een omgevingsvergunning voor een milieubelastende activiteit",
    "Omgevingswet art. 5.1 en 16.64",
    PERMITS,
)
MAATWERK_LINE = LineSpec(
    "Stellen of weigeren van maatwerkvoorschriften",
    "Besluit activiteiten leefomgeving art. 2.13; Omgevingswet art. 4.5",
    MAATWERK,
)
MELDING_LINE = LineSpec(
    "Alle besluiten naar aanleiding van meldingen op grond van het Bal",
    "Besluit activiteiten leefomgeving",
    case_types=("melding-bal",),
)
REQUEST_LINE = LineSpec("Beslissen op verzoeken om handhaving", "Awb art. 4:13 en 5:1", REQUESTS)
SANCTION_LINE = LineSpec(
    "Opleggen en invorderen van herstelsancties",
    "Awb art. 5:21, 5:32 en 5:37; Omgevingswet art. 18.1",
    SANCTIONS,
)
ENFORCEMENT_CASE_LINE = LineSpec(
    "Alle besluiten in handhavingszaken, behalve de bestuurlijke boete",
    "Awb titel 4.1 en hoofdstuk 5; Omgevingswet art. 18.1",
    case_types=("handhavingsverzoek", "controle"),
    excluded=FINE,
)
FINE_LINE = LineSpec(
    "Opleggen van bestuurlijke boetes",
    "Awb titel 5.4; Omgevingswet art. 18.16a",
    FINE,
    sub_mandate=False,
    conditions="Niet door degene die het rapport van de overtreding opstelde (Awb 10:3 lid 4).",
)
OBJECTION_LINE = LineSpec(
    "Beslissen op bezwaarschriften",
    "Awb art. 7:11",
    OBJECTION,
    sub_mandate=False,
    conditions="Niet door degene die het bestreden besluit nam (Awb 10:3 lid 2); na advies van "
    "de bezwaarschriftencommissie waar die is ingesteld.",
)
OBJECTION_MANAGER_LINE = replace(
    OBJECTION_LINE,
    function="manager",
    conditions="Bij afwezigheid van de directeur; niet door degene die het bestreden besluit nam "
    "(Awb 10:3 lid 2).",
)
OLD_LINES = (
    LineSpec(
        "Beslissen op aanvragen om een omgevingsvergunning (Wabo)",
        "Wet algemene bepalingen omgevingsrecht art. 2.1 en 3.9",
        PERMITS,
    ),
    LineSpec(
        "Stellen van maatwerkvoorschriften (Activiteitenbesluit)",
        "Activiteitenbesluit milieubeheer art. 2.7a; Wet milieubeheer art. 8.42",
        MAATWERK,
    ),
    LineSpec("Beslissen op verzoeken om handhaving", "Awb art. 4:13 en 5:1", REQUESTS),
    LineSpec(
        "Opleggen van herstelsancties",
        "Awb art. 5:21 en 5:32; Wabo art. 5.2",
        SANCTIONS,
        max_amount=Decimal("25000"),
    ),
    OBJECTION_LINE,
)

# Who does what differently (CBS codes).
ENFORCEMENT_CASE_STYLE = ("GM1667", "GM0866", "GM1724")  # one case-type line for enforcement
SANCTION_LIMIT = {code: Decimal("50000") for code in ("GM0743", "GM1658", "GM0848", "GM1728")}
FINE_SUB_MANDATE = {  # participants that allow a sub-mandate of the fine, and their cap
    "GM0772": None,
    "GM0794": None,
    "GM0861": None,
    "GM1771": None,
    "PV30": Decimal("25000"),
}
OBJECTION_TO_MANAGER = ("GM0772", "GM0794", "PV30")
OLD_DECISIONS = {  # the 2019 decision: revoked by the 2024 one, or expired at the end of 2023
    "GM0772": "revoked",
    "GM0794": "expired",
    "GM0753": "revoked",
    "GM0762": "revoked",
    "GM0861": "expired",
    "PV30": "revoked",
}
REPLACED = "GM0772"  # replaced its 2024 decision on 1 July of the year before the demo year


@dataclass(frozen=True)
class SubLineSpec:
    function: str
    power: str
    decision_types: tuple[str, ...]
    max_amount: Decimal | None = None
    conditions: str = ""
    participants: tuple[str, ...] = ()


SUB_LINES = (
    SubLineSpec(
        "manager",
        "Alle aan de directeur gemandateerde besluiten, behalve besluiten op bezwaar",
        ALL_BUT_OBJECTION,
    ),
    SubLineSpec(
        "teamleider",
        "Besluiten op aanvragen, maatwerk en verzoeken om handhaving",
        (*PERMITS, *MAATWERK, *REQUESTS),
        conditions="Voor zaken van het eigen team.",
    ),
    SubLineSpec("teamleider", "Herstelsancties", SANCTIONS, Decimal("50000")),
    SubLineSpec(
        "teamleider",
        "Bestuurlijke boetes",
        FINE,
        Decimal("10000"),
        "Niet door degene die het rapport van de overtreding opstelde.",
    ),
    SubLineSpec(
        "vergunningverlener",
        "Verlenen van omgevingsvergunningen en besluiten over maatwerkvoorschriften",
        ("omgevingsvergunning-verlenen", *MAATWERK),
        conditions="Een weigering van een omgevingsvergunning tekent de teamleider.",
    ),
    SubLineSpec("jurist", "Beslissen op verzoeken om handhaving", REQUESTS),
    SubLineSpec(
        "jurist",
        "Last onder dwangsom en invordering van dwangsommen",
        ("last-onder-dwangsom", "invordering-dwangsom"),
        Decimal("10000"),
    ),
    SubLineSpec(
        "jurist",
        "Bestuurlijke boetes",
        FINE,
        Decimal("5000"),
        "Niet door degene die het rapport van de overtreding opstelde.",
    ),
    SubLineSpec(
        "toezichthouder",
        "Spoedeisende bestuursdwang (Awb 5:31)",
        ("last-onder-bestuursdwang",),
        Decimal("2500"),
        "Alleen ter plaatse, bij acuut gevaar voor mens of milieu.",
    ),
    SubLineSpec(
        "adviseur",
        "Maatwerkvoorschriften bodem en geluid",
        ("maatwerkvoorschrift-stellen",),
        conditions="Alleen maatwerkvoorschriften over bodem en geluid.",
        participants=("GM0772", "GM0794"),
    ),
)
OLD_SUB_LINES = (
    SubLineSpec("manager", "Alle gemandateerde besluiten, behalve op bezwaar", ALL_BUT_OBJECTION),
    SubLineSpec("vergunningverlener", "Verlenen van omgevingsvergunningen (Wabo)", PERMITS[:1]),
    SubLineSpec("jurist", "Beslissen op verzoeken om handhaving", REQUESTS),
)


# --- the step ----------------------------------------------------------------------------------


def _has_data() -> bool:
    return (
        MandateDecision.objects.exists()
        or SubMandateDecision.objects.exists()
        or DecisionMandate.objects.exists()
    )


def _reset() -> None:
    """The decisions signed under the registers go first (the cases step removes the dossier),
    then the registers; lines before their decisions (PROTECT)."""
    DecisionMandate.objects.all().delete()
    Decision.objects.update(contested_decision=None, supersedes=None, document=None)
    Decision.objects.all().delete()  # a queryset delete: the model's delete() refuses
    SubMandateLine.objects.all().delete()
    SubMandateDecision.objects.all().delete()
    MandateLine.objects.all().delete()
    MandateDecision.objects.all().delete()


def current_lines(code: str, *, fine_sub_mandate: bool = True) -> list[LineSpec]:
    """The lines of a participant's mandate decision of 2024 (Eindhoven's first one without
    the fine's sub-mandate)."""
    lines = [PERMIT_LINE, MAATWERK_LINE, MELDING_LINE]
    sanctions = replace(SANCTION_LINE, max_amount=SANCTION_LIMIT.get(code))
    if code in ENFORCEMENT_CASE_STYLE:
        lines.append(ENFORCEMENT_CASE_LINE)
    else:
        lines += [REQUEST_LINE, sanctions]
    if fine_sub_mandate and code in FINE_SUB_MANDATE:
        lines.append(replace(FINE_LINE, sub_mandate=True, max_amount=FINE_SUB_MANDATE[code]))
    else:
        lines.append(FINE_LINE)
    lines.append(OBJECTION_LINE)
    if code in OBJECTION_TO_MANAGER:
        lines.append(OBJECTION_MANAGER_LINE)
    return lines


def mandator_of(participant: Participant) -> str:
    if participant.kind == ParticipantKind.PROVINCE:
        return PROVINCE_MANDATOR
    return f"het college van burgemeester en wethouders van {participant.name}"


def _publication(participant: Participant, year: int, number: int) -> str:
    if participant.kind == ParticipantKind.PROVINCE:
        return f"Provinciaal blad {year}, nr. {number}"
    return f"Gemeenteblad {participant.name} {year}, nr. {number}"


class Registers:
    """Writes the registers through the services."""

    def __init__(self, context: DemoContext, actor: User) -> None:
        self.context = context
        self.actor = actor
        self.functions = {f.code: f for f in Function.objects.all()}
        self.decision_types = {t.code: t for t in DecisionType.objects.all()}
        self.case_types: dict[str, list[CaseType]] = defaultdict(list)
        for case_type in CaseType.objects.order_by("code", "version"):
            self.case_types[case_type.code].append(case_type)
        self.participants = {p.code: p for p in Participant.objects.order_by("code")}

    def decision(
        self,
        participant: Participant,
        *,
        title: str,
        decided: datetime.date,
        valid_from: datetime.date,
        valid_to: datetime.date | None,
        lines: list[LineSpec],
    ) -> MandateDecision:
        number = self.context.random.randint(100_000, 999_999)
        decision = services.mandate_decision_create(
            actor=self.actor,
            participant=participant,
            mandator=mandator_of(participant),
            title=title,
            decision_date=decided,
            valid_from=valid_from,
            valid_to=valid_to,
            publication_reference=_publication(participant, decided.year, number),
        )
        for spec in lines:
            services.mandate_line_add(
                actor=self.actor,
                decision=decision,
                power=spec.power,
                function=self.functions[spec.function],
                decision_types=[self.decision_types[c] for c in spec.decision_types],
                case_types=[t for c in spec.case_types for t in self.case_types.get(c, [])],
                excluded_decision_types=[self.decision_types[c] for c in spec.excluded],
                legal_basis=spec.legal_basis,
                sub_mandate_allowed=spec.sub_mandate,
                max_amount=spec.max_amount,
                conditions=spec.conditions,
            )
        return decision

    def participant_registers(self, year: int) -> None:
        rng = self.context.random
        replaced_on = datetime.date(max(MANDATE_FROM.year, year - 1), 7, 1)
        for code, participant in self.participants.items():
            name = participant.name
            if code in OLD_DECISIONS:
                old = self.decision(
                    participant,
                    title=f"Mandaatbesluit omgevingsdienst Zuidoost-Brabant {name} 2019",
                    decided=datetime.date(2018, 12, rng.randint(4, 18)),
                    valid_from=OLD_FROM,
                    valid_to=(
                        datetime.date(2023, 12, 31) if OLD_DECISIONS[code] == "expired" else None
                    ),
                    lines=list(OLD_LINES),
                )
                if OLD_DECISIONS[code] == "revoked":
                    services.mandate_decision_revoke(
                        actor=self.actor,
                        decision=old,
                        on=MANDATE_FROM,
                        reason="Vervangen door het mandaatbesluit 2024 bij de inwerkingtreding "
                        "van de Omgevingswet.",
                    )
            title = f"Mandaatbesluit VTH-taken omgevingsdienst Zuidoost-Brabant {name} 2024"
            decided = datetime.date(2023, 12, rng.randint(5, 19))
            if code == REPLACED:
                first = self.decision(
                    participant,
                    title=title,
                    decided=decided,
                    valid_from=MANDATE_FROM,
                    valid_to=None,
                    lines=current_lines(code, fine_sub_mandate=False),
                )
                services.mandate_decision_revoke(
                    actor=self.actor,
                    decision=first,
                    on=replaced_on,
                    reason="Vervangen door het mandaatbesluit van "
                    f"{replaced_on:%d-%m-%Y}: ondermandaat voor de bestuurlijke boete.",
                )
                title = (
                    "Mandaatbesluit VTH-taken omgevingsdienst Zuidoost-Brabant "
                    f"{name} {replaced_on.year}"
                )
                decided = replaced_on - datetime.timedelta(days=rng.randint(14, 28))
            self.decision(
                participant,
                title=title,
                decided=decided,
                valid_from=replaced_on if code == REPLACED else MANDATE_FROM,
                valid_to=None,
                lines=current_lines(code),
            )

    def sub_mandate(
        self,
        *,
        title: str,
        decided: datetime.date,
        valid_from: datetime.date,
        reference: str,
        lines: tuple[SubLineSpec, ...],
    ) -> SubMandateDecision:
        decision = services.sub_mandate_decision_create(
            actor=self.actor,
            title=title,
            decision_date=decided,
            mandator_function=self.functions["directeur"],
            valid_from=valid_from,
            reference=reference,
        )
        for spec in lines:
            services.sub_mandate_line_add(
                actor=self.actor,
                decision=decision,
                power=spec.power,
                function=self.functions[spec.function],
                decision_types=[self.decision_types[c] for c in spec.decision_types],
                participants=[self.participants[c] for c in spec.participants],
                max_amount=spec.max_amount,
                conditions=spec.conditions,
            )
        return decision

    def sub_mandates(self) -> None:
        old = self.sub_mandate(
            title="Ondermandaatbesluit directeur omgevingsdienst Zuidoost-Brabant 2019",
            decided=datetime.date(2018, 12, 20),
            valid_from=OLD_FROM,
            reference="ODZOB/DIR/2018-0377",
            lines=OLD_SUB_LINES,
        )
        services.sub_mandate_decision_revoke(
            actor=self.actor,
            decision=old,
            on=MANDATE_FROM,
            reason="Vervangen door het ondermandaatbesluit 2024 (Omgevingswet).",
        )
        self.sub_mandate(
            title="Ondermandaatbesluit directeur omgevingsdienst Zuidoost-Brabant 2024",
            decided=datetime.date(2023, 12, 21),
            valid_from=MANDATE_FROM,
            reference="ODZOB/DIR/2023-0412",
            lines=SUB_LINES,
        )


# --- signing the planned decisions ---------------------------------------------------------------


def _line_covers(spec: LineSpec, case_code: str, decision_type: str) -> bool:
    if decision_type in spec.excluded:
        return False
    if spec.case_types and case_code not in spec.case_types:
        return False
    return decision_type in spec.decision_types if spec.decision_types else bool(spec.case_types)


def plausible_functions(participant: str, case_code: str, decision_type: str) -> set[str]:
    """The functions this module's specs give the decision at the participant, in any of its
    decisions (a superset of who may sign on a given day)."""
    lines = [*register_lines(participant)]
    functions = {spec.function for spec in lines if _line_covers(spec, case_code, decision_type)}
    if any(
        spec.sub_mandate and spec.function == "directeur"
        for spec in lines
        if _line_covers(spec, case_code, decision_type)
    ):
        functions |= {
            spec.function
            for spec in (*SUB_LINES, *OLD_SUB_LINES)
            if decision_type in spec.decision_types
            and (not spec.participants or participant in spec.participants)
        }
    return functions


def register_lines(participant: str) -> list[LineSpec]:
    """Every line spec of the participant's decisions, current and old."""
    lines = [*current_lines(participant), *current_lines(participant, fine_sub_mandate=False)]
    if participant in OLD_DECISIONS:
        lines += OLD_LINES
    return lines


@dataclass(frozen=True)
class Signer:
    employee_id: int
    user_id: int
    function_id: int
    team_id: int
    name: str


@dataclass(frozen=True)
class CaseRow:
    pk: int
    participant_id: int
    case_type_id: int
    team_id: int | None
    identification: str


def _changes(
    valid_from: datetime.date, valid_to: datetime.date | None, revoked_on: datetime.date | None
) -> set[datetime.date]:
    """The days on which a decision starts or stops being in force."""
    days = {valid_from}
    if valid_to:
        days.add(valid_to + datetime.timedelta(days=1))
    if revoked_on:
        days.add(revoked_on)
    return days


class Signing:
    """Finds a signer with a valid chain for each planned decision; caches the verdicts."""

    def __init__(self) -> None:
        self.participants = {p.pk: p for p in Participant.objects.all()}
        self.case_types = {t.pk: t for t in CaseType.objects.all()}
        self.decision_types = {t.code: t for t in DecisionType.objects.all()}
        self.functions = {f.pk: f for f in Function.objects.all()}
        self.function_codes = {pk: function.code for pk, function in self.functions.items()}
        self.signers: dict[int, Signer] = {}
        leaders: dict[int, list[Signer]] = defaultdict(list)
        self.managers: list[Signer] = []
        self.directors: list[Signer] = []
        for pk, user_id, function_id, function, team_id, first, last in (
            Employee.objects.filter(user__isnull=False)
            .order_by("employee_number")
            .values_list(
                "pk",
                "user_id",
                "function_id",
                "function__code",
                "team_id",
                "first_name",
                "last_name",
            )
        ):
            signer = Signer(pk, user_id, function_id, team_id, f"{first} {last}")
            self.signers[pk] = signer
            if function == "teamleider":
                leaders[team_id].append(signer)
            elif function == "manager":
                self.managers.append(signer)
            elif function == "directeur":
                self.directors.append(signer)
        self.leaders = dict(leaders)
        # The answer for a participant changes only on the days its mandate decisions or the
        # sub-mandate decisions start or end, and with an amount only where it crosses a limit.
        shared: set[datetime.date] = set()
        own: dict[int, set[datetime.date]] = defaultdict(set)
        for valid_from, valid_to, revoked_on in SubMandateDecision.objects.values_list(
            "valid_from", "valid_to", "revoked_on"
        ):
            shared |= _changes(valid_from, valid_to, revoked_on)
        for participant_id, valid_from, valid_to, revoked_on in MandateDecision.objects.values_list(
            "participant_id", "valid_from", "valid_to", "revoked_on"
        ):
            own[participant_id] |= _changes(valid_from, valid_to, revoked_on)
        self.boundaries = {pk: sorted(shared | own.get(pk, set())) for pk in self.participants}
        limits: set[Decimal] = {
            amount
            for model in (MandateLine, SubMandateLine)
            for amount in model.objects.filter(max_amount__isnull=False).values_list(
                "max_amount", flat=True
            )
            if amount is not None
        }
        self.limits = sorted(limits)
        self.restricting_codes = set(
            MandateLine.case_types.through.objects.values_list("casetype__code", flat=True)
        )
        self.cache: dict[tuple[object, ...], Verdict] = {}

    def verdict(
        self, case: CaseRow, decision_type: DecisionType, signer: Signer, plan: DecisionPlan
    ) -> Verdict:
        # A case type matters only where a register line names case types (by code).
        case_code = self.case_types[case.case_type_id].code
        key = (
            case.participant_id,
            case_code if case_code in self.restricting_codes else None,
            decision_type.pk,
            signer.function_id,
            bisect(self.boundaries[case.participant_id], plan.decision_date),
            None if plan.amount is None else bisect_left(self.limits, plan.amount),
        )
        if key not in self.cache:
            self.cache[key] = verdict(
                participant=self.participants[case.participant_id],
                case_type=self.case_types[case.case_type_id],
                decision_type=decision_type,
                function=self.functions[signer.function_id],
                on=plan.decision_date,
                signer_name="",
                amount=plan.amount,
            )
        return self.cache[key]

    def candidates(self, case: CaseRow, plan: DecisionPlan) -> list[Signer]:
        """The handler, one of the team's leaders, one manager and the director."""
        handler = self.signers.get(plan.handler) if plan.handler else None
        team = self.leaders.get(case.team_id or -1, [])
        chosen = [handler] if handler else []
        for group in (team, self.managers, self.directors[:1]):
            if group:
                chosen.append(group[case.pk % len(group)])
        return chosen

    def sign(
        self, case: CaseRow, plan: DecisionPlan, excluded_users: set[int]
    ) -> tuple[Signer, Verdict]:
        """The first candidate with an allowed verdict. Candidates whose function the demo's
        own register specs do not name for this decision are asked last (saves verdicts that
        would refuse; the verdict still decides)."""
        decision_type = self.decision_types[plan.decision_type]
        participant = self.participants[case.participant_id]
        case_code = self.case_types[case.case_type_id].code
        named = plausible_functions(participant.code, case_code, plan.decision_type)
        candidates = [s for s in self.candidates(case, plan) if s.user_id not in excluded_users]
        ordered = sorted(candidates, key=lambda s: self.function_codes[s.function_id] not in named)
        for signer in ordered:
            answer = self.verdict(case, decision_type, signer, plan)
            if answer.allowed and answer.mandate_line is not None:
                return signer, answer
        raise RuntimeError(
            f"Nobody may sign {plan.decision_type} in {case.identification} on "
            f"{plan.decision_date}: the demo's registers do not cover it."
        )

    def namens(self, signer: Signer, answer: Verdict) -> str:
        line = answer.mandate_line
        if line is None:
            raise RuntimeError("An allowed verdict names its mandate line.")
        return namens_line(
            mandator=line.decision.mandator,
            signer_name=signer.name,
            signer_function=self.functions[signer.function_id],
            via_function=line.function if answer.sub_mandate_line is not None else None,
        )


def _letter(case: CaseRow, plan: DecisionPlan, namens: str) -> Document:
    text = (
        f"Besluit\n\nZaak: {case.identification}\nDatum: {plan.decision_date:%d-%m-%Y}\n\n"
        f"{plan.summary}\n\n{namens}\n\n"
        "Bezwaar: binnen zes weken na de dag van bekendmaking kan een belanghebbende bezwaar "
        "maken (Awb 6:7).\n\nDemogegevens: dit besluit is gegenereerd.\n"
    )
    name, size, digest = store_text(
        f"zaken/{case.identification}/besluit-{case.identification}-{plan.decision_date:%Y%m%d}.txt",
        text,
    )
    return Document(
        case_id=case.pk,
        title=f"Besluit {case.identification}",
        document_type=DocumentType.BESLUIT,
        confidentiality=Confidentiality.OPENBAAR,
        author="Omgevingsdienst Zuidoost-Brabant",
        document_date=plan.decision_date,
        file=name,
        file_name=name.rsplit("/", 1)[-1],
        content_type="text/plain",
        size=size,
        sha256=digest,
    )


@dataclass
class _Pending:
    """Decisions signed but not yet written, with their chains and letters."""

    plans: list[DecisionPlan] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    answers: list[Verdict] = field(default_factory=list)
    letters: list[tuple[int, Document]] = field(default_factory=list)

    def flush(self, first_decision: dict[str, Decision]) -> int:
        Document.objects.bulk_create([document for _i, document in self.letters], batch_size=500)
        for index, document in self.letters:
            self.decisions[index].document = document
        Decision.objects.bulk_create(self.decisions, batch_size=1000)
        DecisionMandate.objects.bulk_create(
            [
                DecisionMandate(
                    decision=decision,
                    mandate_line=answer.mandate_line,
                    sub_mandate_line=answer.sub_mandate_line,
                    chain=list(answer.chain),
                )
                for decision, answer in zip(self.decisions, self.answers, strict=True)
            ],
            batch_size=1000,
        )
        for plan, decision in zip(self.plans, self.decisions, strict=True):
            first_decision.setdefault(plan.identification, decision)
        written = len(self.decisions)
        self.plans, self.decisions, self.answers, self.letters = [], [], [], []
        return written


def sign_planned(context: DemoContext, plans: list[DecisionPlan]) -> int:
    """Write the planned decisions with their chains: the others first, then the decisions on
    objections (they name the contested decision and must not be signed by its signer)."""
    signing = Signing()
    cases = {
        row[4]: CaseRow(*row)
        for row in Case.objects.filter(
            identification__in={plan.identification for plan in plans}
        ).values_list("pk", "participant_id", "case_type_id", "team_id", "identification")
    }
    ordered = sorted(plans, key=lambda plan: bool(plan.contested))  # stable: objections last
    first_decision: dict[str, Decision] = {}
    pending = _Pending()
    count = 0
    for plan in context.progress.track(ordered, label="Besluiten", total=len(ordered)):
        if plan.contested and plan.contested not in first_decision:
            count += pending.flush(first_decision)  # the contested decisions get their ids
        case = cases[plan.identification]
        excluded: set[int] = set()
        contested = first_decision.get(plan.contested) if plan.contested else None
        if contested is not None:
            excluded.add(contested.signed_by_id)
        elif plan.contested:
            raise RuntimeError(f"No decision in {plan.contested} to object to.")
        author = signing.signers.get(plan.report_author) if plan.report_author else None
        if author is not None:
            excluded.add(author.user_id)
        signer, answer = signing.sign(case, plan, excluded)
        namens = signing.namens(signer, answer)
        if plan.letter:
            pending.letters.append((len(pending.decisions), _letter(case, plan, namens)))
        pending.plans.append(plan)
        pending.answers.append(answer)
        pending.decisions.append(
            Decision(
                case_id=case.pk,
                decision_type=signing.decision_types[plan.decision_type],
                decision_date=plan.decision_date,
                summary=plan.summary,
                amount=plan.amount,
                signed_by_id=signer.user_id,
                signer_name=signer.name,
                signer_function_id=signer.function_id,
                namens=namens,
                contested_decision=contested,
                report_author_id=plan.report_author,
            )
        )
    return count + pending.flush(first_decision)


@demo_step(name="mandates", order=56, has_data=_has_data, reset=_reset)
def generate_mandates(context: DemoContext) -> None:
    beheerder = get_user_model().objects.get(username=BEHEERDER_USERNAME)
    registers = Registers(context, beheerder)
    registers.participant_registers(context.year)
    registers.sub_mandates()
    plans: list[DecisionPlan] = context.shared.get("case_decisions", [])
    if not plans and Case.objects.filter(~Q(decided_on=None)).exists():
        raise RuntimeError("The cases step planned no decisions for its decided cases.")
    signed = sign_planned(context, plans)
    context.shared["mandates"] = {
        "decisions": MandateDecision.objects.count(),
        "signed": signed,
    }
