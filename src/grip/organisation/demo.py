"""Demo staff: employees in the organogram's teams, with user accounts and roles."""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from grip.core.demodata import DEMO_PASSWORD, DemoContext, DemoLogin, demo_step
from grip.organisation.models import Employee, Function, Team
from grip.organisation.roles import ROLES, role_group

# Share of the staff per team (ODZOB-like: about 200 people) and the functions in it.
TEAM_STAFFING: dict[str, tuple[int, tuple[str, ...]]] = {
    "directie": (3, ("directeur", "manager")),
    "vergunningverlening": (38, ("vergunningverlener", "teamleider")),
    "toezicht-handhaving": (55, ("toezichthouder", "teamleider")),
    "bouw-asbest-bodem": (25, ("toezichthouder", "vergunningverlener", "teamleider")),
    "juridische-zaken": (14, ("jurist", "teamleider")),
    "omgevingskwaliteit": (22, ("adviseur", "teamleider")),
    "kis": (8, ("kwaliteitsadviseur", "data-analist")),
    "programmamanagement": (8, ("programmamanager", "projectleider")),
    "accountmanagement": (7, ("accountmanager",)),
    "bedrijfsvoering": (20, ("medewerker-bedrijfsvoering", "functioneel-beheerder")),
}

FUNCTION_ROLE = {
    "directeur": "bestuur",
    "manager": "bestuur",
    "teamleider": "teamleider",
    "toezichthouder": "medewerker",
    "vergunningverlener": "medewerker",
    "jurist": "medewerker",
    "adviseur": "medewerker",
    "kwaliteitsadviseur": "kis",
    "data-analist": "kis",
    "programmamanager": "programmamanager",
    "projectleider": "programmamanager",
    "accountmanager": "accountmanager",
    "medewerker-bedrijfsvoering": "medewerker",
    "functioneel-beheerder": "beheerder",
}

# One log-in per internal role, taken from the first employee holding that role.
STAFF_DEMO_ROLES = (
    "beheerder",
    "accountmanager",
    "programmamanager",
    "medewerker",
    "teamleider",
    "kis",
    "bestuur",
    "archivaris",
)
# Roles no function holds by itself: the first employee of the function becomes the role's
# log-in (the archivist of documentary information services works in bedrijfsvoering).
ROLE_FROM_FUNCTION = {"archivaris": "medewerker-bedrijfsvoering"}
# And one log-in per function that the tour needs beside its role's: the inspector who records
# inspections and the legal officer who signs orders (both hold the role medewerker).
FUNCTION_DEMO_LOGINS = {
    "toezichthouder": _("Toezichthouder: controles, bevindingen en overtredingen; de werklijst."),
    "jurist": _("Jurist: voornemens, lasten onder dwangsom onder mandaat, invordering."),
}
TEAM_SPAN = 15
CONTRACT_HOURS = (
    Decimal("36"),
    Decimal("36"),
    Decimal("32"),
    Decimal("28"),
    Decimal("24"),
    Decimal("40"),
)


def _team_sizes(staff: int) -> dict[str, int]:
    """Split ``staff`` over the teams by their share, each team at least its functions' count."""
    total_share = sum(share for share, _functions in TEAM_STAFFING.values())
    return {
        code: max(len(functions), round(staff * share / total_share))
        for code, (share, functions) in TEAM_STAFFING.items()
    }


def _email_name(first: str, last: str) -> str:
    """'Noa', 'van Riem' -> 'n.vanriem' (ascii, as mail addresses are)."""
    text = f"{first[:1]}.{last}".replace(" ", "").replace("'", "").lower()
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _has_data() -> bool:
    return Employee.objects.exists() or get_user_model().objects.exists()


def _reset() -> None:
    Employee.objects.all().delete()
    get_user_model().objects.all().delete()


def _logins() -> list[DemoLogin]:
    usernames = set(
        get_user_model()
        .objects.filter(username__in=[*STAFF_DEMO_ROLES, *FUNCTION_DEMO_LOGINS])
        .values_list("username", flat=True)
    )
    return [
        DemoLogin(role, role, str(ROLES[role]["description"]))
        for role in STAFF_DEMO_ROLES
        if role in usernames
    ] + [
        DemoLogin("medewerker", function, str(description))
        for function, description in FUNCTION_DEMO_LOGINS.items()
        if function in usernames
    ]


@demo_step(name="organisation", order=20, has_data=_has_data, reset=_reset, logins=_logins)
def generate_staff(context: DemoContext) -> None:
    user_model = get_user_model()
    teams = {team.code: team for team in Team.objects.all()}
    functions = {function.code: function for function in Function.objects.all()}
    demo_hash = make_password(DEMO_PASSWORD)  # hashed once: argon2 per user would take minutes
    sizes = _team_sizes(context.scale.staff)
    total = sum(sizes.values())
    fake, rng = context.faker, context.random

    plan: list[tuple[str, str]] = []  # (team code, function code) per employee
    for team_code, size in sizes.items():
        _share, team_functions = TEAM_STAFFING[team_code]
        workers = [code for code in team_functions if code != "teamleider"]
        for index in range(size):
            if index < len(team_functions):
                function = team_functions[index]  # every function of the team at least once
            elif "teamleider" in team_functions and index % TEAM_SPAN == 0:
                function = "teamleider"  # one team leader for about every fifteen people
            else:
                function = workers[index % len(workers)]
            plan.append((team_code, function))

    users, employees, roles = [], [], []
    demo_role_taken: set[str] = set()
    for number, (team_code, function_code) in enumerate(
        context.progress.track(plan, label="Medewerkers", total=total), start=1
    ):
        role = FUNCTION_ROLE[function_code]
        for extra_role, extra_function in ROLE_FROM_FUNCTION.items():
            if function_code == extra_function and extra_role not in demo_role_taken:
                role = extra_role
        first, last = fake.first_name(), fake.last_name()
        is_demo_login = role in STAFF_DEMO_ROLES and role not in demo_role_taken
        if is_demo_login:
            demo_role_taken.add(role)
            username = role
        elif function_code in FUNCTION_DEMO_LOGINS and function_code not in demo_role_taken:
            is_demo_login = True
            demo_role_taken.add(function_code)
            username = function_code
        else:
            username = f"mw{number:05d}"
        email = f"{_email_name(first, last)}.{number:04d}@odzob.example"
        user = user_model(
            username=username,
            first_name=first,
            last_name=last,
            email=email,
            password=demo_hash if is_demo_login else "!",  # "!" is Django's unusable password
        )
        users.append(user)
        employees.append(
            Employee(
                employee_number=f"P{number:05d}",
                first_name=first,
                last_name=last,
                email=email,
                team=teams[team_code],
                function=functions[function_code],
                contract_hours_per_week=rng.choice(CONTRACT_HOURS),
                start_date=datetime.date(context.year, 1, 1)
                - datetime.timedelta(days=rng.randint(30, 25 * 365)),
            )
        )
        roles.append(role)

    user_model.objects.bulk_create(users, batch_size=1000)
    created = dict(
        user_model.objects.filter(username__in=[user.username for user in users]).values_list(
            "username", "pk"
        )
    )
    for user, employee in zip(users, employees, strict=True):
        employee.user_id = created[user.username]
    Employee.objects.bulk_create(employees, batch_size=1000)
    groups = {role: role_group(role) for role in set(roles)}
    membership = user_model.groups.through
    membership.objects.bulk_create(
        [
            membership(user_id=created[user.username], group_id=groups[role].pk)
            for user, role in zip(users, roles, strict=True)
        ],
        batch_size=1000,
    )
    context.shared["account_managers"] = list(
        Employee.objects.filter(function__code="accountmanager").order_by("employee_number")
    )
