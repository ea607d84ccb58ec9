"""Demo work programmes: two years of adopted programmes for all 22 participants.

Written through the services with the demo's own users as actors (the account manager drafts
and submits, the participant's user adopts, the beheerder keeps the collective programme and
the key), so that every figure is computed as in production. The programmes are sized by the
participant's inhabitants; they do not grow with the scale, which only multiplies staff and
facts. Eindhoven and the province have amendments, Helmond and Veldhoven one in progress, so
that every status of the life cycle shows.

The services stamp history with the time of the run; afterwards the status history, the
submission times and the extra-work dates are moved back to plausible moments (the adoption
dates are given to the services that way), never later than the moment of the run.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from grip.core.demodata import DemoContext, demo_step
from grip.core.models import User
from grip.frameworks.constants import Unit
from grip.frameworks.models import ModulePlacement, Product
from grip.participants.models import (
    Participant,
    ParticipantKind,
    ParticipantMembership,
    ParticipantRequest,
    RequestStatus,
)
from grip.programmes import services
from grip.programmes.constants import (
    DistributionMethod,
    RelatedWorkBasis,
    RelatedWorkKind,
    VersionStatus,
)
from grip.programmes.models import (
    DistributionKey,
    ExtraWork,
    Programme,
    ProgrammeVersion,
    VersionTransition,
)

# Inhabitants per CBS code, rounded: approximations of CBS figures of about 1 January 2025,
# good enough to size demo programmes and to weigh the demo distribution key, not real data.
INHABITANTS: dict[str, int] = {
    "GM0743": 17_200,  # Asten
    "GM1724": 19_000,  # Bergeijk
    "GM0753": 31_000,  # Best
    "GM1728": 21_000,  # Bladel
    "GM1706": 21_200,  # Cranendonck
    "GM0762": 33_000,  # Deurne
    "GM0770": 19_800,  # Eersel
    "GM0772": 243_000,  # Eindhoven
    "GM1771": 40_000,  # Geldrop-Mierlo
    "GM1652": 31_000,  # Gemert-Bakel
    "GM1658": 16_500,  # Heeze-Leende
    "GM0794": 94_000,  # Helmond
    "GM1659": 23_000,  # Laarbeek
    "GM0820": 23_500,  # Nuenen, Gerwen en Nederwetten
    "GM0823": 19_500,  # Oirschot
    "GM1667": 13_800,  # Reusel-De Mierden
    "GM0847": 19_700,  # Someren
    "GM0848": 17_700,  # Son en Breugel
    "GM0858": 31_600,  # Valkenswaard
    "GM0861": 46_500,  # Veldhoven
    "GM0866": 17_600,  # Waalre
}
# Yearly growth used to derive the year before's figures from the table (about half a percent).
GROWTH_PER_YEAR = Decimal("0.006")

# What a municipality orders per 10,000 inhabitants in a year (pieces, or hours for products
# per hour). Products of modules it has not placed are left out, and so are the collective
# products (the collective programme) and the related-work products (related-work lines).
PER_10K_INHABITANTS: dict[str, Decimal] = {
    code: Decimal(rate)
    for code, rate in {
        "VV-01": "1.0",
        "VV-02": "0.1",
        "VV-03": "1.0",
        "VV-04": "12",
        "VV-05": "6",
        "VV-06": "0.3",
        "VV-07": "30",
        "VV-08": "1.5",
        "VV-09": "6",
        "VV-10": "25",
        "TH-01": "25",
        "TH-02": "15",
        "TH-03": "5",
        "TH-05": "10",
        "TH-06": "4",
        "TH-07": "10",
        "TH-08": "3",
        "TH-09": "12",
        "TH-10": "2",
        "TH-11": "8",
        "TH-12": "4",
        "TH-13": "15",
        "TH-14": "1",
        "HH-01": "3",
        "HH-02": "1.5",
        "HH-03": "0.5",
        "HH-04": "0.2",
        "HH-05": "1",
        "HH-06": "0.5",
        "HH-07": "0.4",
        "AD-01": "40",
        "AD-02": "25",
        "AD-04": "20",
        "AD-05": "30",
        "AD-06": "20",
    }.items()
}
# Only the larger municipalities keep an on-call service (TH-15) and order project management.
LARGE_MUNICIPALITY = 40_000
PROJECT_HOURS_PER_10K = Decimal("20")

# The province's own programme: the complex and Brzo/IPPC companies, external safety, soil.
PROVINCE: dict[str, int] = {
    "VV-01": 30,
    "VV-02": 25,
    "VV-03": 20,
    "VV-04": 60,
    "VV-06": 40,
    "VV-07": 1500,
    "VV-08": 20,
    "TH-02": 150,
    "TH-03": 250,
    "TH-04": 45,
    "TH-05": 120,
    "TH-06": 80,
    "TH-09": 200,
    "TH-10": 60,
    "TH-12": 150,
    "TH-14": 40,
    "TH-15": 1,
    "HH-01": 40,
    "HH-02": 25,
    "HH-03": 10,
    "HH-04": 4,
    "HH-05": 20,
    "HH-06": 15,
    "HH-07": 20,
    "AD-01": 1200,
    "AD-02": 1500,
    "AD-03": 2500,
    "AD-04": 800,
    "AD-05": 600,
    "PR-01": 800,
}
COLLECTIVE_MODULE = "collectief"
COLLECTIVE: dict[str, int] = {"CT-01": 1, "CT-02": 1, "CT-03": 1}
RELATED_TASK_KIND = "gerelateerd"
BEHEERDER_USERNAME = "beheerder"  # the organisation step's log-in for the beheerder role

# (year: 0 the demo year, -1 the one before; CBS code; product code; quantity; description;
#  approved True, rejected False or still open None; the participant's note on a decision)
EXTRA_WORK: list[tuple[int, str, str, int, str, bool | None, str]] = [
    (
        -1,
        "GM0772",
        "TH-09",
        20,
        "Afhandelen van klachten na de brand op bedrijventerrein De Hurk.",
        True,
        "",
    ),
    (
        0,
        "GM0794",
        "HH-06",
        4,
        "Vier handhavingsverzoeken van omwonenden over geluidhinder van een metaalbedrijf.",
        True,
        "",
    ),
    (
        0,
        "GM0861",
        "TH-07",
        40,
        "Administratieve controle van de energiebesparingsplicht bij veertig kantoren.",
        False,
        "Valt binnen het vastgestelde programma; geen meerwerk.",
    ),
    (
        0,
        "GM0753",
        "TH-05",
        15,
        "Hercontroles na de themacontrole opslag van gevaarlijke stoffen.",
        None,
        "",
    ),
    (
        0,
        "PV30",
        "AD-03",
        120,
        "Advies externe veiligheid bij de uitbreiding van een chemisch bedrijf.",
        None,
        "",
    ),
]

LineContent = dict[Product, tuple[Decimal, str]]
RelatedContent = dict[str, tuple[str, Decimal | None, Decimal | None, str]]


def _has_data() -> bool:
    return (
        Programme.objects.exists() or DistributionKey.objects.exists() or ExtraWork.objects.exists()
    )


def _reset() -> None:
    """Delete in an order the PROTECTed keys allow; lines and history cascade with versions."""
    ExtraWork.objects.all().delete()
    DistributionKey.objects.all().delete()  # its shares cascade
    ProgrammeVersion.objects.update(based_on=None)  # amendments protect what they amend
    ProgrammeVersion.objects.all().delete()
    Programme.objects.all().delete()


def inhabitants(participant: Participant, year: int, demo_year: int) -> int:
    """The table's figure for the demo year, a little less for the years before.

    The province counts with the inhabitants of the region whose tasks it placed here.
    """
    if participant.kind == ParticipantKind.PROVINCE:
        figure = Decimal(sum(INHABITANTS.values()))
    else:
        figure = Decimal(INHABITANTS[participant.code])
    figure *= 1 - GROWTH_PER_YEAR * (demo_year - year)
    return int(figure.quantize(Decimal("10"), rounding=ROUND_HALF_UP))


def _whole(value: Decimal, unit: str) -> Decimal:
    """Pieces in whole numbers, hours in fives, a lumpsum once."""
    if unit == Unit.HOUR:
        return (value / 5).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 5
    if unit == Unit.LUMPSUM:
        return Decimal("1") if value > 0 else Decimal("0")
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _noise(context: DemoContext, low: int, high: int) -> Decimal:
    return Decimal(context.random.randint(low, high)) / 100


def _base_quantities(context: DemoContext, participant: Participant) -> dict[str, Decimal]:
    """Unrounded quantities per product code for the first year, before placement filtering."""
    if participant.kind == ParticipantKind.PROVINCE:
        return {
            code: Decimal(quantity) * _noise(context, 90, 110)
            for code, quantity in PROVINCE.items()
        }
    size = Decimal(INHABITANTS[participant.code]) / 10_000
    quantities = {
        code: rate * size * _noise(context, 80, 120) for code, rate in PER_10K_INHABITANTS.items()
    }
    if INHABITANTS[participant.code] >= LARGE_MUNICIPALITY:
        quantities["TH-15"] = Decimal("1")  # one on-call service, whatever the size
        quantities["PR-01"] = PROJECT_HOURS_PER_10K * size * _noise(context, 80, 120)
    return quantities


def _line_content(
    base: Mapping[str, Decimal], products: Mapping[str, Product], placed: set[str]
) -> LineContent:
    lines: LineContent = {}
    for code, raw in sorted(base.items()):
        product = products.get(code)
        if (
            product is None
            or product.module.code not in placed
            or product.module.code == COLLECTIVE_MODULE
            or product.task_kind == RELATED_TASK_KIND
        ):
            continue
        quantity = _whole(raw, product.unit)
        if quantity > 0:
            lines[product] = (quantity, "")
    return lines


def _related_content(context: DemoContext, participant: Participant) -> RelatedContent:
    """Mostly percentages of the direct hours; board information (and sometimes instruments)
    as fixed hours, more for larger participants."""
    rng = context.random
    size = (
        Decimal(sum(INHABITANTS.values()))
        if participant.kind == ParticipantKind.PROVINCE
        else Decimal(INHABITANTS[participant.code])
    ) / 10_000

    def percentage(low: int, high: int) -> tuple[str, Decimal | None, Decimal | None, str]:
        value = Decimal(rng.randint(low * 2, high * 2)) / 2  # in halves of a percent
        return RelatedWorkBasis.PERCENTAGE, value, None, ""

    def fixed(base: int, per_10k: int) -> tuple[str, Decimal | None, Decimal | None, str]:
        value = _whole(Decimal(base) + size * per_10k * _noise(context, 80, 120), Unit.HOUR)
        return RelatedWorkBasis.HOURS, None, value, ""

    content: RelatedContent = {
        RelatedWorkKind.PLANNING: percentage(5, 8),
        RelatedWorkKind.BOARD_INFORMATION: fixed(40, 4),
        RelatedWorkKind.COORDINATION: percentage(3, 5),
        RelatedWorkKind.STRATEGY: percentage(3, 4),
    }
    if rng.random() < 0.5:
        content[RelatedWorkKind.INSTRUMENTS] = fixed(20, 3)
    else:
        content[RelatedWorkKind.INSTRUMENTS] = percentage(3, 6)
    return content


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _History:
    """Collects the intended time of every transition the services write, in their order."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.times: dict[int, list[datetime.datetime]] = defaultdict(list)
        self.submitted: dict[int, datetime.datetime] = {}

    def day(self, day: datetime.date) -> datetime.date:
        """Adoption dates never lie in the future; the services refuse them."""
        return min(day, self.today)

    def record(self, version_id: int, day: datetime.date, hour: int = 10) -> None:
        self.times[version_id].append(min(_at(day, hour), self.now))

    def submit(self, version: ProgrammeVersion, day: datetime.date) -> None:
        self.record(version.pk, day)
        self.submitted[version.pk] = self.times[version.pk][-1]

    def write(self) -> None:
        transitions = list(
            VersionTransition.objects.filter(version_id__in=self.times).order_by("version_id", "pk")
        )
        by_version: dict[int, list[VersionTransition]] = defaultdict(list)
        for transition in transitions:
            by_version[transition.version_id].append(transition)
        for version_id, rows in by_version.items():
            for transition, at in zip(rows, self.times[version_id], strict=True):
                transition.at = at
        VersionTransition.objects.bulk_update(transitions, ["at"], batch_size=500)
        versions = list(ProgrammeVersion.objects.filter(pk__in=self.submitted))
        for version in versions:
            version.submitted_at = self.submitted[version.pk]
        ProgrammeVersion.objects.bulk_update(versions, ["submitted_at"])


@dataclass(frozen=True)
class _Actors:
    """The demo's users who act on each participant's programme, and the beheerder."""

    drafter: dict[int, User]  # participant id -> its account manager's user
    adopter: dict[int, User]  # participant id -> its deelnemer user
    beheerder: User

    @classmethod
    def load(cls, participants: list[Participant]) -> _Actors:
        users: dict[int, User] = {}  # one object per user, so its permission cache is reused
        drafter = {}
        for participant in participants:
            manager = participant.account_manager
            if manager is None or manager.user is None:
                raise RuntimeError(f"{participant} has no account manager with a log-in.")
            drafter[participant.pk] = users.setdefault(manager.user.pk, manager.user)
        adopter = {
            membership.participant_id: membership.user
            for membership in ParticipantMembership.objects.select_related("user").order_by("pk")
        }
        beheerder = get_user_model().objects.get(username=BEHEERDER_USERNAME)
        return cls(drafter, adopter, beheerder)


def _adopt_new(
    *,
    drafter: User,
    adopter: User,
    participant: Participant | None,
    year: int,
    lines: LineContent,
    related: RelatedContent,
    adopted_on: datetime.date,
    reference: str,
    history: _History,
) -> ProgrammeVersion:
    """Create, fill, submit and adopt a programme's first version."""
    version = services.programme_create(actor=drafter, participant=participant, year=year)
    history.record(version.pk, adopted_on - datetime.timedelta(days=75))
    services.version_replace_content(
        actor=drafter, version=version, lines=lines, related_work=related
    )
    services.version_submit(actor=drafter, version=version)
    history.submit(version, adopted_on - datetime.timedelta(days=21))
    day = history.day(adopted_on)
    adopted = services.version_adopt(
        actor=adopter, version=version, adopted_on=day, decision_reference=reference
    )
    history.record(version.pk, day, hour=14)
    return adopted


@demo_step(name="programmes", order=50, has_data=_has_data, reset=_reset)
def generate_programmes(context: DemoContext) -> None:
    rng = context.random
    years = (context.year - 1, context.year)
    history = _History()
    participants = list(
        Participant.objects.select_related("account_manager__user").order_by("kind", "code")
    )
    actors = _Actors.load(participants)
    products = {
        year: {
            product.code: product
            for product in Product.objects.filter(year=year).select_related("module")
        }
        for year in years
    }
    placed: dict[tuple[int, int], set[str]] = defaultdict(set)
    for participant_id, year, module_code in ModulePlacement.objects.filter(
        year__in=years
    ).values_list("participant_id", "year", "module__code"):
        placed[participant_id, year].add(module_code)

    adopted: dict[tuple[str, int], ProgrammeVersion] = {}
    for participant in context.progress.track(
        participants, label="Werkprogramma's", total=len(participants)
    ):
        base = _base_quantities(context, participant)
        related = _related_content(context, participant)
        decision = "GS-besluit" if participant.kind == ParticipantKind.PROVINCE else "B&W-besluit"
        for year in years:
            if year != years[0]:  # the next year: a little more or less of everything
                base = {code: value * _noise(context, 92, 112) for code, value in base.items()}
            adopted_on = datetime.date(year - 1, 12, 1) + datetime.timedelta(
                days=rng.randint(0, 18)
            )
            adopted[participant.code, year] = _adopt_new(
                drafter=actors.drafter[participant.pk],
                adopter=actors.adopter[participant.pk],
                participant=participant,
                year=year,
                lines=_line_content(base, products[year], placed[participant.pk, year]),
                related=related,
                adopted_on=adopted_on,
                reference=f"{decision} {year - 1}/{rng.randint(100, 999)}",
                history=history,
            )

    _amendments(context.year, adopted, actors, history)
    _collective(context.year, years, products, participants, actors.beheerder, history)
    history.write()
    _extra_work(context, participants, products, actors, history)


def _participant_id(version: ProgrammeVersion) -> int:
    participant_id = version.programme.participant_id
    if participant_id is None:
        raise RuntimeError("The demo amends participants' programmes only.")
    return participant_id


def _amend(
    *,
    actors: _Actors,
    version: ProgrammeVersion,
    explanation: str,
    factors: Mapping[str, Decimal],
    drafted_on: datetime.date,
    history: _History,
) -> ProgrammeVersion:
    """Open an amendment of an adopted version with some quantities multiplied by a factor."""
    drafter = actors.drafter[_participant_id(version)]
    amendment = services.version_amend(
        actor=drafter, programme=version.programme, explanation=explanation
    )
    history.record(amendment.pk, drafted_on)
    lines: LineContent = {}
    for line in amendment.lines.select_related("product"):
        factor = factors.get(line.product.code, Decimal("1"))
        quantity = max(Decimal("1"), _whole(line.quantity * factor, line.product.unit))
        lines[line.product] = (quantity, line.note)
    related: RelatedContent = {
        item.kind: (item.basis, item.percentage, item.planned_hours, item.note)
        for item in amendment.related_work.all()
    }
    services.version_replace_content(
        actor=drafter, version=amendment, lines=lines, related_work=related
    )
    return amendment


def _submit(
    actors: _Actors, amendment: ProgrammeVersion, day: datetime.date, history: _History
) -> int:
    """Submit as the account manager; returns the participant's id."""
    participant_id = _participant_id(amendment)
    services.version_submit(actor=actors.drafter[participant_id], version=amendment)
    history.submit(amendment, day)
    return participant_id


def _amendments(
    year: int,
    adopted: Mapping[tuple[str, int], ProgrammeVersion],
    actors: _Actors,
    history: _History,
) -> None:
    """Eindhoven (this year) and the province (last year) amended; Helmond and Veldhoven busy."""

    def adopt(
        amendment: ProgrammeVersion,
        submitted: datetime.date,
        adopted_on: datetime.date,
        reference: str,
    ) -> None:
        participant_id = _submit(actors, amendment, submitted, history)
        day = history.day(adopted_on)
        services.version_adopt(
            actor=actors.adopter[participant_id],
            version=amendment,
            adopted_on=day,
            decision_reference=reference,
        )
        history.record(amendment.pk, day, hour=14)
        if amendment.based_on_id is not None:  # the version the amendment replaced
            history.record(amendment.based_on_id, day, hour=14)

    eindhoven = _amend(
        actors=actors,
        version=adopted["GM0772", year],
        explanation="Meer klachten en incidenten door de woningbouw rond bedrijventerreinen; "
        "bijgesteld na de eerste bestuursrapportage.",
        factors={"TH-09": Decimal("1.3"), "TH-10": Decimal("1.5"), "HH-01": Decimal("1.25")},
        drafted_on=datetime.date(year, 4, 14),
        history=history,
    )
    adopt(
        eindhoven,
        datetime.date(year, 5, 19),
        datetime.date(year, 6, 23),
        f"B&W-besluit {year}/412",
    )
    province = _amend(
        actors=actors,
        version=adopted["PV30", year - 1],
        explanation="Extra advisering externe veiligheid na de actualisatie van de risicokaart.",
        factors={"AD-03": Decimal("1.2"), "TH-04": Decimal("1.1")},
        drafted_on=datetime.date(year - 1, 8, 4),
        history=history,
    )
    adopt(
        province,
        datetime.date(year - 1, 9, 1),
        datetime.date(year - 1, 9, 23),
        f"GS-besluit {year - 1}/731",
    )
    # Helmond: an amendment submitted and waiting for the participant's adoption.
    helmond = _amend(
        actors=actors,
        version=adopted["GM0794", year],
        explanation="Meer meldingen Bal door de uitbreiding van het bedrijventerrein.",
        factors={"VV-04": Decimal("1.4"), "TH-01": Decimal("1.1")},
        drafted_on=datetime.date(year, 9, 8),
        history=history,
    )
    _submit(actors, helmond, datetime.date(year, 10, 6), history)
    # Veldhoven: an amendment submitted, sent back by the participant, in concept again.
    veldhoven = _amend(
        actors=actors,
        version=adopted["GM0861", year],
        explanation="Extra hercontroles na de themacontrole opslag gevaarlijke stoffen.",
        factors={"TH-05": Decimal("1.5")},
        drafted_on=datetime.date(year, 9, 15),
        history=history,
    )
    participant_id = _submit(actors, veldhoven, datetime.date(year, 10, 1), history)
    services.version_return(
        actor=actors.adopter[participant_id],
        version=veldhoven,
        note="Graag eerst afstemmen met de nieuwe wethouder.",
    )
    history.record(veldhoven.pk, datetime.date(year, 10, 14))
    del history.submitted[veldhoven.pk]  # sent back: no longer submitted


def _collective(
    demo_year: int,
    years: tuple[int, ...],
    products: Mapping[int, Mapping[str, Product]],
    participants: list[Participant],
    beheerder: User,
    history: _History,
) -> None:
    """The collective programme and the key by inhabitants, both kept by the beheerder."""
    for year in years:
        _adopt_new(
            drafter=beheerder,
            adopter=beheerder,
            participant=None,
            year=year,
            lines={
                products[year][code]: (Decimal(quantity), "")
                for code, quantity in COLLECTIVE.items()
            },
            related={},
            adopted_on=datetime.date(year - 1, 7, 2),
            reference=f"AB {year - 1}-07",
            history=history,
        )
        services.distribution_key_set(
            actor=beheerder,
            year=year,
            method=DistributionMethod.INHABITANTS,
            weights={
                participant: inhabitants(participant, year, demo_year)
                for participant in participants
            },
            source=f"CBS, inwonertal 1 januari {year - 1} (afgerond)",
        )


def _extra_work(
    context: DemoContext,
    participants: list[Participant],
    products: Mapping[int, Mapping[str, Product]],
    actors: _Actors,
    history: _History,
) -> None:
    by_code = {participant.code: participant for participant in participants}
    works = []
    for offset, code, product_code, quantity, description, approve, note in EXTRA_WORK:
        participant = by_code[code]
        year = context.year + offset
        work = services.extra_work_request(
            actor=actors.drafter[participant.pk],
            participant=participant,
            year=year,
            product=products[year][product_code],
            quantity=quantity,
            description=description,
        )
        requested = datetime.date(year, 3, 1) + datetime.timedelta(
            days=context.random.randint(0, 150)
        )
        if approve is not None:
            work = services.extra_work_decide(
                actor=actors.adopter[participant.pk], work=work, approve=approve, note=note
            )
            work.decided_at = min(_at(requested + datetime.timedelta(days=12)), history.now)
        work.created_at = min(_at(requested), history.now)
        works.append(work)
    ExtraWork.objects.bulk_update(works, ["created_at", "decided_at"])


# --- requests taken into an amendment ------------------------------------------------------------
# After the accounts step wrote the participants' requests and this app adopted the programmes:
# the account manager takes a few submitted requests of this year into a concept amendment of an
# untouched programme (one adopted version, nothing open), raises a line for it, and the
# participant and the account manager exchange a comment on the concept.

REQUEST_AMENDMENTS = 3
ACCOUNT_MANAGER_LOGIN = "accountmanager"  # the organisation step's log-in for that role


def _requests_has_data() -> bool:
    return ProgrammeVersion.requests.through.objects.exists()


def _requests_reset() -> None:
    """Nothing of its own: the programmes step deletes the amendments, the accounts step the
    requests (and with either the links between them)."""


def _untouched_programmes(year: int) -> dict[int, Programme]:
    """Participant id -> its programme of ``year`` that has one version, adopted."""
    programmes = (
        Programme.objects.filter(year=year, participant__isnull=False)
        .annotate(
            version_count=Count("versions"),
            adopted_count=Count("versions", filter=Q(versions__status=VersionStatus.ADOPTED)),
        )
        .filter(version_count=1, adopted_count=1)
    )
    return {programme.participant_id: programme for programme in programmes}  # type: ignore[misc]


def _raise_a_line(actor: User, version: ProgrammeVersion, request: ParticipantRequest) -> None:
    """The request's extra work as about fifteen percent more of the version's first inspection
    product."""
    line = (
        version.lines.select_related("product")
        .filter(product__task_kind="toezicht")
        .order_by("product__code")
        .first()
    )
    if line is None:
        return
    services.line_set(
        actor=actor,
        version=version,
        product=line.product,
        quantity=max(line.quantity + 1, _whole(line.quantity * Decimal("1.15"), line.product.unit)),
        note=f"Op verzoek: {request.title}",
    )


@demo_step(name="programme-requests", order=51, has_data=_requests_has_data, reset=_requests_reset)
def take_requests_into_amendments(context: DemoContext) -> None:
    untouched = _untouched_programmes(context.year)
    candidates = sorted(
        ParticipantRequest.objects.filter(
            status=RequestStatus.SUBMITTED,
            year=context.year,
            participant_id__in=untouched,
            participant__account_manager__user__isnull=False,
        ).select_related(
            "participant__account_manager__user",
            "participant__deputy_account_manager",
            "submitted_by",
        ),
        # the demo's account manager log-in first, so that its cockpit shows one
        key=lambda request: (
            request.participant.account_manager.user.username != ACCOUNT_MANAGER_LOGIN,  # type: ignore[union-attr]
            request.participant.code,
            request.pk,
        ),
    )
    taken: set[int] = set()
    for request in candidates:
        if len(taken) == REQUEST_AMENDMENTS:
            break
        if request.participant_id in taken:
            continue
        manager: User = request.participant.account_manager.user  # type: ignore[union-attr,assignment]
        version = services.request_to_amendment(actor=manager, request=request)
        _raise_a_line(manager, version, request)
        if request.submitted_by is not None:
            services.comment_add(
                actor=request.submitted_by,
                version=version,
                text="Dank voor het snelle oppakken. Kunnen de extra uren nog dit kwartaal "
                "worden ingezet?",
            )
        services.comment_add(
            actor=manager,
            version=version,
            text="Ja, de planning houdt er rekening mee zodra de wijziging is vastgesteld.",
        )
        taken.add(request.participant_id)
