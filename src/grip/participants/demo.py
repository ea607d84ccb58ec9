"""Demo contacts, account managers and one participant user per participant; and a year of
account management: interactions, follow-ups, requests, account plans and satisfaction scores."""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from grip.core.demodata import DEMO_PASSWORD, DemoContext, DemoLogin, demo_step
from grip.organisation.models import Employee
from grip.organisation.roles import PARTICIPANT_ROLE, role_group
from grip.participants.models import (
    AccountPlan,
    ContactPerson,
    ContactRole,
    FollowUp,
    FollowUpStatus,
    Interaction,
    InteractionKind,
    Participant,
    ParticipantKind,
    ParticipantMembership,
    ParticipantRequest,
    RequestKind,
    RequestStatus,
    SatisfactionScore,
)

CONTACT_POSITIONS = (
    "Wethouder omgeving",
    "Beleidsadviseur VTH",
    "Teamleider vergunningen",
    "Coördinator handhaving",
    "Opdrachtgever ODZOB",
    "Controller",
)
# What each position is to the service (ContactPerson.role).
POSITION_ROLES = {
    "Wethouder omgeving": ContactRole.PORTFOLIO_HOLDER,
    "Beleidsadviseur VTH": ContactRole.POLICY_ADVISER,
    "Teamleider vergunningen": ContactRole.VTH_CONTACT,
    "Coördinator handhaving": ContactRole.VTH_CONTACT,
    "Opdrachtgever ODZOB": ContactRole.OFFICIAL_CLIENT,
    "Controller": ContactRole.FINANCE,
}
PRINTED_PARTICIPANT_LOGIN = "deelnemer-eindhoven"


def _ascii_slug(text: str) -> str:
    """'Nuenen, Gerwen en Nederwetten' -> 'nuenen-gerwen-en-nederwetten'; 'Jumiège' -> 'jumiege'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(ascii_text.lower().replace(",", " ").replace("-", " ").split())


def participant_username(participant: Participant) -> str:
    """deelnemer-<name>, ascii and without spaces: deelnemer-nuenen-gerwen-en-nederwetten."""
    return "deelnemer-" + _ascii_slug(participant.name)


def _deputy(managers: list[Employee], index: int) -> Employee | None:
    """Another account manager than ``managers[index % n]``, varying over the participants
    (without drawing from the shared random generator, so later steps keep their data)."""
    count = len(managers)
    if count < 2:
        return None
    offset = 1 + (index // count) % (count - 1)  # 1 .. count - 1: never the manager itself
    return managers[(index + offset) % count]


def _has_data() -> bool:
    return ContactPerson.objects.exists() or ParticipantMembership.objects.exists()


def _reset() -> None:
    ContactPerson.objects.all().delete()
    ParticipantMembership.objects.all().delete()
    Participant.objects.update(account_manager=None, deputy_account_manager=None)


def _logins() -> list[DemoLogin]:
    if not get_user_model().objects.filter(username=PRINTED_PARTICIPANT_LOGIN).exists():
        return []
    return [
        DemoLogin(
            PARTICIPANT_ROLE,
            PRINTED_PARTICIPANT_LOGIN,
            "Gemeente Eindhoven; elke deelnemer heeft zo'n log-in (deelnemer-<naam>)",
        )
    ]


@demo_step(name="participants", order=30, has_data=_has_data, reset=_reset, logins=_logins)
def generate_participant_data(context: DemoContext) -> None:
    fake, rng = context.faker, context.random
    participants = list(Participant.objects.order_by("code"))
    managers = context.shared.get("account_managers", [])
    contacts = []
    for index, participant in enumerate(participants):
        if managers:
            participant.account_manager = managers[index % len(managers)]
            participant.deputy_account_manager = _deputy(managers, index)
        domain = participant_username(participant).removeprefix("deelnemer-") + ".example"
        count = 4 if participant.kind == ParticipantKind.PROVINCE else rng.randint(2, 4)
        for position_index, position in enumerate(rng.sample(CONTACT_POSITIONS, count)):
            name = fake.name()
            contacts.append(
                ContactPerson(
                    participant=participant,
                    name=name,
                    position=position,
                    role=POSITION_ROLES.get(position, ContactRole.OTHER),
                    email=f"{_ascii_slug(name.split()[-1])}.{position_index}@{domain}",
                    phone=fake.phone_number(),
                    is_primary=position_index == 0,
                )
            )
    Participant.objects.bulk_update(participants, ["account_manager", "deputy_account_manager"])
    ContactPerson.objects.bulk_create(contacts)

    user_model = get_user_model()
    demo_hash = make_password(DEMO_PASSWORD)
    users = user_model.objects.bulk_create(
        [
            user_model(username=participant_username(participant), password=demo_hash)
            for participant in participants
        ]
    )
    users = list(user_model.objects.filter(username__in=[user.username for user in users]))
    by_name = {user.username: user for user in users}
    ParticipantMembership.objects.bulk_create(
        [
            ParticipantMembership(
                user=by_name[participant_username(participant)], participant=participant
            )
            for participant in participants
        ]
    )
    role_group(PARTICIPANT_ROLE).user_set.add(*users)


# --- account management ------------------------------------------------------------------------
# A year of contact with every participant, written in bulk (22 participants whatever the scale).
# The step draws from its own random generator and faker seeded from the demo's seed, so adding
# it changed none of the data of the steps after it.

ACCOUNT_MANAGER_LOGIN = "accountmanager"  # the organisation step's log-in for that role
LOGIN_BUSY = 4  # how many of its accounts get an overdue and a nearly due action, a request
OTHER_OWNER_FUNCTIONS = ("teamleider", "programmamanager", "adviseur", "jurist", "data-analist")

# kind, subject, summary, agreements (may be empty), the contact roles who typically attend
INTERACTIONS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    (
        InteractionKind.BOARD,
        "Bestuurlijk overleg VTH",
        "Voortgang van het werkprogramma en de prognose besproken met de portefeuillehouder.",
        "De wethouder wil vóór de zomer een toelichting op de achterstand bij de hercontroles.",
        (ContactRole.PORTFOLIO_HOLDER, ContactRole.OFFICIAL_CLIENT),
    ),
    (
        InteractionKind.BOARD,
        "Kennismaking nieuwe portefeuillehouder",
        "Taken van de omgevingsdienst, het werkprogramma en de rapportagecyclus toegelicht.",
        "Jaarlijks een werkbezoek aan een lopende controle.",
        (ContactRole.PORTFOLIO_HOLDER,),
    ),
    (
        InteractionKind.MEETING,
        "Ambtelijk opdrachtgeversoverleg",
        "Realisatie per taakveld, de prognose en de openstaande verzoeken doorgenomen.",
        "Maandelijks de realisatie delen; verschuivingen tijdig melden.",
        (ContactRole.OFFICIAL_CLIENT, ContactRole.POLICY_ADVISER),
    ),
    (
        InteractionKind.MEETING,
        "Voorbereiding werkprogramma volgend jaar",
        "Uitgangspunten en aantallen voor het nieuwe programma verkend; de gemeente verwacht "
        "meer meldingen door de uitbreiding van het bedrijventerrein.",
        "Concept van het programma uiterlijk in oktober naar de gemeente.",
        (ContactRole.OFFICIAL_CLIENT, ContactRole.POLICY_ADVISER),
    ),
    (
        InteractionKind.MEETING,
        "Evaluatie samenwerking vergunningverlening",
        "Doorlooptijden en de kwaliteit van adviezen besproken; enkele adviezen kwamen laat.",
        "Een vast aanspreekpunt per dossier; escalatie via de teamleider.",
        (ContactRole.VTH_CONTACT,),
    ),
    (
        InteractionKind.CALL,
        "Vraag over de kwartaalrapportage",
        "De controller vroeg naar het verschil tussen gepland en gerealiseerd in het kwartaal.",
        "",
        (ContactRole.FINANCE,),
    ),
    (
        InteractionKind.CALL,
        "Klachten over geluid bij een evenemententerrein",
        "Afstemming over de aanpak van de klachten en de inzet van toezicht in het weekend.",
        "Avondcontroles tijdens de eerstvolgende twee evenementen.",
        (ContactRole.VTH_CONTACT, ContactRole.POLICY_ADVISER),
    ),
    (
        InteractionKind.EMAIL,
        "Toelichting op de prognose",
        "Schriftelijk toegelicht waarom de prognose boven het programma uitkomt.",
        "",
        (ContactRole.FINANCE, ContactRole.OFFICIAL_CLIENT),
    ),
    (
        InteractionKind.EMAIL,
        "Handhavingsverzoek van omwonenden",
        "Het verzoek en de termijnen besproken; de gemeente wil op de hoogte blijven.",
        "Afschrift van het besluit naar de beleidsadviseur.",
        (ContactRole.POLICY_ADVISER, ContactRole.LEGAL),
    ),
    (
        InteractionKind.VISIT,
        "Werkbezoek controle asbestsanering",
        "Met de wethouder een lopende controle bezocht; veel waardering voor het team.",
        "",
        (ContactRole.PORTFOLIO_HOLDER,),
    ),
    (
        InteractionKind.VISIT,
        "Bezoek gemeentehuis: stand van zaken toezicht",
        "Lopende zaken, de werkvoorraad en de bereikbaarheid van toezichthouders besproken.",
        "Kwartaaloverleg met de coördinator handhaving vastgelegd in de agenda.",
        (ContactRole.VTH_CONTACT, ContactRole.OFFICIAL_CLIENT),
    ),
)
FOLLOW_UPS = (
    "Toelichting op de realisatie van het kwartaal sturen",
    "Notitie over de achterstand bij hercontroles opstellen",
    "Afspraak met de teamleider toezicht inplannen",
    "Offerte voor extra controles opstellen",
    "Cijfers over doorlooptijden aanleveren",
    "Concept werkprogramma ter bespreking sturen",
    "Terugkoppeling geven over het handhavingsverzoek",
    "Presentatie voor de raadscommissie voorbereiden",
    "Verslag van het overleg rondsturen",
    "Nagaan of de meldingen Bal volledig in het programma staan",
)
# kind, title, description
REQUESTS: tuple[tuple[str, str, str], ...] = (
    (
        RequestKind.EXTRA_WORK,
        "Extra controles tijdens evenementen",
        "Deze zomer zijn er meer evenementen dan voorzien; graag extra avond- en weekendcontroles.",
    ),
    (
        RequestKind.EXTRA_WORK,
        "Handhavingsactie recreatieparken",
        "De gemeente wil dit jaar een gerichte actie tegen permanente bewoning van "
        "recreatiewoningen.",
    ),
    (
        RequestKind.NEW_TASK,
        "Toezicht op de energiebesparingsplicht",
        "Graag ook het toezicht op de energiebesparingsplicht bij bedrijven in het programma.",
    ),
    (
        RequestKind.NEW_TASK,
        "Advisering geluid nieuwe woonwijk",
        "Voor het nieuwe bestemmingsplan is advies over industrielawaai nodig.",
    ),
    (
        RequestKind.CHANGE,
        "Meer klachtafhandeling, minder periodieke controles",
        "Het aantal klachten neemt toe; verschuif uren van periodieke controles naar klachten.",
    ),
    (
        RequestKind.CHANGE,
        "Hercontroles naar het najaar",
        "Door de drukte in het voorjaar liever de hercontroles in het najaar uitvoeren.",
    ),
    (
        RequestKind.OTHER,
        "Presentatie jaarverslag in de raadscommissie",
        "Kan de accountmanager het jaarverslag toelichten in de raadscommissie?",
    ),
)
REQUEST_ANSWERS = {
    RequestStatus.DONE: "Afgestemd en verwerkt; de uren staan in de planning.",
    RequestStatus.REJECTED: "Past niet binnen de afspraken van dit jaar; we nemen het mee in "
    "de voorbereiding van het volgende programma.",
}
PLAN_GOALS = (
    "Het programma volledig realiseren, met een prognose binnen tien procent.",
    "Eens per kwartaal bestuurlijk overleg; elke maand ambtelijk.",
    "De doorlooptijd van adviezen vergunningverlening terugbrengen.",
    "Meer zicht voor de gemeente op de resultaten van toezicht (indicatoren in de rapportage).",
)
PLAN_RISKS = (
    "Personele krapte bij toezicht kan de hercontroles vertragen.",
    "Nieuwe woningbouw leidt tot meer klachten dan gepland.",
    "Bezuinigingen bij de gemeente zetten het programma onder druk.",
    "Wisseling van portefeuillehouder na de verkiezingen.",
)
SATISFACTION_COMMENTS = (
    "Tevreden over de deskundigheid; de bereikbaarheid kan beter.",
    "Goede samenwerking, heldere rapportages.",
    "Adviezen zijn inhoudelijk sterk maar komen soms laat.",
    "Prettig contact met de accountmanager.",
    "",
)


def _accounts_has_data() -> bool:
    return (
        Interaction.objects.exists()
        or FollowUp.objects.exists()
        or ParticipantRequest.objects.exists()
        or AccountPlan.objects.exists()
        or SatisfactionScore.objects.exists()
    )


def _accounts_reset() -> None:
    """Follow-ups first: they PROTECT their interaction; every row PROTECTs its participant."""
    FollowUp.objects.all().delete()
    Interaction.objects.all().delete()  # staff and contacts links cascade
    ParticipantRequest.objects.all().delete()
    AccountPlan.objects.all().delete()
    SatisfactionScore.objects.all().delete()


def _moment(day: datetime.date, hour: int, now: datetime.datetime) -> datetime.datetime:
    return min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))), now)


@dataclass
class _Account:
    """One participant and the people who keep its account."""

    participant: Participant
    manager: Employee
    deputy: Employee | None
    contacts: list[ContactPerson]
    user: Any  # the participant's demo user

    def contacts_for(self, rng: random.Random, roles: tuple[str, ...]) -> list[ContactPerson]:
        fitting = [contact for contact in self.contacts if contact.role in roles]
        chosen = fitting[:2] or self.contacts[:1]
        return rng.sample(chosen, rng.randint(1, len(chosen))) if chosen else []


class _AccountWriter:
    """Collects the rows of all participants; writes them in a few bulk statements."""

    def __init__(self, rng: random.Random, today: datetime.date, others: list[Employee]) -> None:
        self.rng, self.today, self.others = rng, today, others
        self.now = timezone.now()
        self.interactions: list[tuple[Interaction, list[Employee], list[ContactPerson]]] = []
        self.follow_ups: list[tuple[FollowUp, int | None]] = []  # index of its interaction
        self.requests: list[ParticipantRequest] = []
        self.plans: list[AccountPlan] = []
        self.scores: list[SatisfactionScore] = []

    def owner(self, account: _Account) -> Employee:
        draw = self.rng.random()
        if draw < 0.6 or (account.deputy is None and draw < 0.8):
            return account.manager
        if draw < 0.8 and account.deputy is not None:
            return account.deputy
        return self.rng.choice(self.others) if self.others else account.manager

    def add_follow_up(
        self,
        account: _Account,
        due_on: datetime.date,
        *,
        interaction: int | None = None,
        owner: Employee | None = None,
        status: str = FollowUpStatus.OPEN,
    ) -> None:
        follow_up = FollowUp(
            participant=account.participant,
            description=self.rng.choice(FOLLOW_UPS),
            owner=owner or self.owner(account),
            due_on=due_on,
            status=status,
        )
        if status != FollowUpStatus.OPEN:
            follow_up.closed_on = min(
                due_on + datetime.timedelta(self.rng.randint(-6, 2)), self.today
            )
            if status == FollowUpStatus.CANCELLED:
                follow_up.closing_note = "Niet meer nodig: besproken in het volgende overleg."
        if interaction is not None and follow_up.closed_on is not None:
            occurred_on = self.interactions[interaction][0].occurred_on
            follow_up.closed_on = max(follow_up.closed_on, occurred_on)
        self.follow_ups.append((follow_up, interaction))

    def add_interactions(self, account: _Account) -> None:
        rng, today = self.rng, self.today
        days = sorted(rng.sample(range(1, 365), rng.randint(4, 10)), reverse=True)
        for days_ago in days:
            kind, subject, summary, agreements, roles = rng.choice(INTERACTIONS)
            occurred_on = today - datetime.timedelta(days=days_ago)
            staff = [account.manager]
            if account.deputy is not None and rng.random() < 0.2:
                staff.append(account.deputy)
            interaction = Interaction(
                participant=account.participant,
                occurred_on=occurred_on,
                kind=kind,
                subject=subject,
                summary=summary,
                agreements=agreements,
                recorded_by_id=account.manager.user_id,
            )
            interaction.created_at = _moment(occurred_on, 17, self.now)
            self.interactions.append((interaction, staff, account.contacts_for(rng, roles)))
            index = len(self.interactions) - 1
            if not agreements or rng.random() < 0.35:
                continue
            for _ in range(rng.randint(1, 2)):
                due_on = occurred_on + datetime.timedelta(days=rng.randint(7, 42))
                status = FollowUpStatus.OPEN
                if due_on < today:
                    draw = rng.random()
                    if draw < 0.88:
                        status = FollowUpStatus.DONE
                    elif draw < 0.95:
                        status = FollowUpStatus.CANCELLED
                self.add_follow_up(account, due_on, interaction=index, status=status)

    def add_requests(self, account: _Account, *, one_open: bool) -> None:
        rng, today = self.rng, self.today
        count = max(rng.choice((0, 1, 1, 2, 2, 3)), 1 if one_open else 0)
        for number, (kind, title, description) in enumerate(rng.sample(REQUESTS, count)):
            days_ago = 6 if one_open and number == 0 else rng.randint(3, 330)
            submitted = today - datetime.timedelta(days=days_ago)
            year = submitted.year + (1 if submitted.month >= 9 and rng.random() < 0.5 else 0)
            status = RequestStatus.SUBMITTED
            if one_open and number == 0:
                kind, year = RequestKind.EXTRA_WORK, today.year
            elif days_ago > 20:
                status = rng.choice(
                    (
                        RequestStatus.IN_PROGRESS,
                        RequestStatus.DONE,
                        RequestStatus.DONE,
                        RequestStatus.REJECTED,
                        RequestStatus.WITHDRAWN,
                    )
                )
            elif rng.random() < 0.4:
                status = RequestStatus.IN_PROGRESS
            request = ParticipantRequest(
                participant=account.participant,
                kind=kind,
                year=year,
                title=title,
                description=description,
                status=status,
                submitted_by=account.user,
                answer=REQUEST_ANSWERS.get(status, ""),
            )
            request.created_at = _moment(submitted, 11, self.now)
            if status != RequestStatus.SUBMITTED and status != RequestStatus.WITHDRAWN:
                request.handled_by_id = account.manager.user_id
            if status in (RequestStatus.DONE, RequestStatus.REJECTED, RequestStatus.WITHDRAWN):
                request.closed_at = _moment(
                    min(submitted + datetime.timedelta(days=rng.randint(5, 20)), today),
                    15,
                    self.now,
                )
            self.requests.append(request)

    def add_plans_and_scores(self, account: _Account) -> None:
        rng, today = self.rng, self.today
        name = account.participant.name
        for year in (today.year - 1, today.year):
            if year < today.year and rng.random() < 0.5:
                continue
            plan = AccountPlan(
                participant=account.participant,
                year=year,
                goals="\n".join(rng.sample(PLAN_GOALS, 2)),
                risks="\n".join(rng.sample(PLAN_RISKS, 2)),
                agreements=f"Kwartaaloverleg met {name}; het concept werkprogramma {year + 1} "
                f"uiterlijk 1 oktober {year}.",
            )
            self.plans.append(plan)
        respondent = next(
            (
                contact
                for contact in account.contacts
                if contact.role in (ContactRole.OFFICIAL_CLIENT, ContactRole.PORTFOLIO_HOLDER)
            ),
            None,
        )
        score = Decimal(rng.randint(60, 85)) / 10
        for year in (today.year - 1, today.year):
            score = min(
                Decimal("9.5"), max(Decimal("5.0"), score + Decimal(rng.randint(-6, 6)) / 10)
            )
            row = SatisfactionScore(
                participant=account.participant,
                year=year,
                score=score,
                comments=rng.choice(SATISFACTION_COMMENTS),
                respondent=respondent,
            )
            self.scores.append(row)

    def write(self) -> None:
        # bulk_create stamps auto_now_add with the run's time; the pages show when an
        # interaction was recorded and a request submitted, so those are put back afterwards.
        recorded = [row.created_at for row, _, _ in self.interactions]
        submitted = [row.created_at for row in self.requests]
        interactions = Interaction.objects.bulk_create([row for row, _, _ in self.interactions])
        Interaction.staff.through.objects.bulk_create(
            [
                Interaction.staff.through(interaction_id=interaction.pk, employee_id=employee.pk)
                for interaction, (_, staff, _) in zip(interactions, self.interactions, strict=True)
                for employee in staff
            ]
        )
        Interaction.contacts.through.objects.bulk_create(
            [
                Interaction.contacts.through(
                    interaction_id=interaction.pk, contactperson_id=contact.pk
                )
                for interaction, (_, _, contacts) in zip(
                    interactions, self.interactions, strict=True
                )
                for contact in contacts
            ]
        )
        for follow_up, index in self.follow_ups:
            follow_up.interaction = interactions[index] if index is not None else None
        FollowUp.objects.bulk_create([row for row, _ in self.follow_ups])
        requests = ParticipantRequest.objects.bulk_create(self.requests)
        AccountPlan.objects.bulk_create(self.plans)
        SatisfactionScore.objects.bulk_create(self.scores)
        for rows, moments in ((interactions, recorded), (requests, submitted)):
            for row, moment in zip(rows, moments, strict=True):
                row.created_at = moment
        Interaction.objects.bulk_update(interactions, ["created_at"])
        ParticipantRequest.objects.bulk_update(requests, ["created_at"])


def _accounts(participants: list[Participant]) -> list[_Account]:
    contacts: dict[int, list[ContactPerson]] = defaultdict(list)
    for contact in ContactPerson.objects.order_by("-is_primary", "pk"):
        contacts[contact.participant_id].append(contact)
    users = {
        membership.participant_id: membership.user
        for membership in ParticipantMembership.objects.select_related("user").order_by("pk")
    }
    return [
        _Account(
            participant=participant,
            manager=participant.account_manager,
            deputy=participant.deputy_account_manager,
            contacts=contacts[participant.pk],
            user=users.get(participant.pk),
        )
        for participant in participants
        if participant.account_manager is not None
    ]


@demo_step(name="accounts", order=35, has_data=_accounts_has_data, reset=_accounts_reset)
def generate_account_management(context: DemoContext) -> None:
    """Per participant over the past year: 4-10 interactions and the follow-ups agreed in them,
    0-3 requests, an account plan and two years of satisfaction scores. The demo's account
    manager log-in has open, overdue and nearly due follow-ups and an open request."""
    rng = random.Random(f"{context.seed}-accounts")  # noqa: S311 - demo data, not security
    today = min(timezone.localdate(), datetime.date(context.year, 12, 31))
    participants = list(
        Participant.objects.select_related("account_manager", "deputy_account_manager").order_by(
            "code"
        )
    )
    others = list(
        Employee.objects.filter(
            function__code__in=OTHER_OWNER_FUNCTIONS, user__isnull=False, end_date__isnull=True
        ).order_by("employee_number")[:40]
    )
    login_id = (
        get_user_model()
        .objects.filter(username=ACCOUNT_MANAGER_LOGIN)
        .values_list("pk", flat=True)
        .first()
    )
    writer = _AccountWriter(rng, today, others)
    busy = 0  # the log-in's accounts with a full agenda (all of them would be too many at small)
    accounts = _accounts(participants)
    for account in context.progress.track(accounts, label="Accountbeheer", total=len(accounts)):
        is_login = (
            login_id is not None and account.manager.user_id == login_id and busy < LOGIN_BUSY
        )
        busy += is_login
        writer.add_interactions(account)
        # Every account has something on the agenda: an open action due within a few weeks
        # or just past; the demo log-in has both an overdue one and one due within three days.
        writer.add_follow_up(account, today + datetime.timedelta(days=rng.randint(-10, 21)))
        if is_login:
            writer.add_follow_up(
                account, today - datetime.timedelta(days=rng.randint(2, 12)), owner=account.manager
            )
            writer.add_follow_up(
                account, today + datetime.timedelta(days=rng.randint(0, 3)), owner=account.manager
            )
        if account.user is not None:
            writer.add_requests(account, one_open=is_login)
        writer.add_plans_and_scores(account)
    writer.write()
