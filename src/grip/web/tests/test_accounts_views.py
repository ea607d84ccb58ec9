"""Account management pages: the cockpit, the participant page, interactions, follow-ups,
account plans, satisfaction scores and the notifications page."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from grip.core import links
from grip.core.audit import history_of
from grip.core.models import Notification, NotificationKind, NotificationPreference
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants import services
from grip.participants.models import (
    AccountPlan,
    FollowUp,
    FollowUpStatus,
    Interaction,
    InteractionKind,
    SatisfactionScore,
)
from grip.participants.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def days(number: int) -> datetime.date:
    return today() + datetime.timedelta(days=number)


@pytest.fixture
def manager(eindhoven: Any) -> Any:
    """Eindhoven's account manager (an employee with a user in the accountmanager role)."""
    employee = EmployeeFactory(
        user__role="accountmanager", first_name="Anna", last_name="Accountmanager"
    )
    eindhoven.account_manager = employee
    eindhoven.save()
    return employee


@pytest.fixture
def am_client(client: Any, manager: Any) -> Any:
    client.force_login(manager.user)
    return client


@pytest.fixture
def overdue(eindhoven: Any, manager: Any) -> Any:
    return services.follow_up_add(
        actor=manager.user,
        participant=eindhoven,
        description="Offerte extra horecacontroles sturen",
        owner=manager,
        due_on=days(-3),
    )


def _audit(instance: Any, action: str) -> bool:
    return history_of(instance).filter(action=action).exists()


# --- the cockpit ------------------------------------------------------------------------------


def test_the_cockpit_shows_the_managed_participants_with_an_overdue_marker(
    am_client, eindhoven, asten, manager, overdue
):
    deputy_of = EmployeeFactory(user__role="accountmanager")
    asten.account_manager = deputy_of
    asten.deputy_account_manager = manager
    asten.save()
    services.follow_up_add(
        actor=manager.user,
        participant=eindhoven,
        description="Evaluatie plannen",
        owner=manager,
        due_on=days(20),
    )

    response = am_client.get(reverse("web:cockpit"))
    html = response.content.decode()

    assert response.status_code == 200
    assert f'id="deelnemer-{eindhoven.pk}"' in html
    assert f'id="deelnemer-{asten.pk}"' in html
    assert "Eindhoven" in html
    assert "Asten" in html
    assert "u bent plaatsvervanger" in html  # for Asten
    # Eindhoven has an overdue follow-up: it asks more attention and comes first.
    assert html.index(f'id="deelnemer-{eindhoven.pk}"') < html.index(f'id="deelnemer-{asten.pk}"')
    follow_ups = html[html.index(f'id="deelnemer-{eindhoven.pk}-vervolgacties"') :]
    follow_ups = follow_ups[: follow_ups.index("</ul>")]
    assert reverse("web:follow-up-detail", args=[overdue.pk]) in follow_ups
    assert "grip-overdue" in follow_ups
    assert "verlopen" in follow_ups
    assert follow_ups.count("grip-overdue") == 1  # the one due in 20 days is not
    # The links to the participant's other pages.
    assert reverse("web:realisation-participant", args=[eindhoven.pk]) in html
    assert reverse("web:interaction-list", args=[eindhoven.pk]) in html
    assert "geen programma" in html
    assert 'aria-current="page"' in html  # the menu item "Cockpit"


def test_the_cockpit_links_overdue_cases_to_the_filtered_case_list(am_client, eindhoven, manager):
    html = am_client.get(reverse("web:cockpit")).content.decode()
    # Without overdue cases the card says so; the filter's parameter names are the case list's.
    assert "Zaken over de termijn" in html
    from grip.web.cases import FILTER_KEYS

    assert "deelnemer" in FILTER_KEYS
    assert "termijn" in FILTER_KEYS


def test_staff_without_participants_see_why_the_cockpit_is_empty(client, make_user):
    client.force_login(make_user("accountmanager"))
    response = client.get(reverse("web:cockpit"))
    assert response.status_code == 200
    assert 'id="geen-deelnemers"' in response.content.decode()


@pytest.mark.parametrize("role", ["medewerker", "bestuur"])
def test_the_cockpit_is_for_account_managers(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("web:cockpit")).status_code == 403


def test_the_menu_offers_the_cockpit_and_notifications(am_client, client, make_user, eindhoven):
    html = am_client.get(reverse("web:dashboard")).content.decode()
    assert f'href="{reverse("web:cockpit")}"' in html
    assert 'id="naar-cockpit"' in html
    assert f'href="{reverse("web:notifications")}"' in html
    client.force_login(make_user(participant=eindhoven))
    html = client.get(reverse("web:dashboard")).content.decode()
    assert f'href="{reverse("web:cockpit")}"' not in html
    assert f'href="{reverse("web:notifications")}"' in html


# --- the participant page ---------------------------------------------------------------------


def test_staff_see_the_account_management_on_the_participant_page(
    am_client, eindhoven, manager, overdue
):
    contact = ContactFactory(participant=eindhoven, role="vth", name="Piet Contact")
    services.interaction_record(
        actor=manager.user,
        participant=eindhoven,
        occurred_on=today(),
        kind=InteractionKind.CALL,
        subject="Voortgang bespreken",
        contacts=[contact],
    )
    services.satisfaction_record(
        actor=manager.user, participant=eindhoven, year=today().year - 1, score=Decimal("7.0")
    )
    services.satisfaction_record(
        actor=manager.user, participant=eindhoven, year=today().year, score=Decimal("7.5")
    )
    html = am_client.get(reverse("web:participant-detail", args=[eindhoven.pk])).content.decode()
    assert "Piet Contact" in html
    assert "VTH" in html
    assert 'id="plaatsvervanger"' in html
    assert "Voortgang bespreken" in html
    assert reverse("web:interaction-list", args=[eindhoven.pk]) in html
    assert reverse("web:follow-up-detail", args=[overdue.pk]) in html
    assert reverse("web:account-plan", args=[eindhoven.pk, today().year]) in html
    assert 'id="tevredenheidscijfers"' in html
    assert "+0,5" in html
    assert 'id="tevredenheid-vastleggen"' in html  # the manager's form


def test_a_participant_user_sees_no_account_notes_on_its_page(client, eindhoven, manager, overdue):
    services.interaction_record(
        actor=manager.user,
        participant=eindhoven,
        occurred_on=today(),
        kind=InteractionKind.CALL,
        subject="Intern gesprek",
    )
    client.force_login(_participant_user(eindhoven))
    response = client.get(reverse("web:participant-detail", args=[eindhoven.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Intern gesprek" not in html
    assert overdue.description not in html
    for section in ('id="contactmomenten"', 'id="vervolgacties"', 'id="accountplannen"'):
        assert section not in html
    assert 'id="tevredenheid"' not in html


def _participant_user(participant: Any) -> Any:
    from grip.participants.tests.factories import participant_user

    return participant_user(participant)


# --- interactions -----------------------------------------------------------------------------


def test_the_account_manager_records_an_interaction(am_client, eindhoven, manager):
    contact = ContactFactory(participant=eindhoven)
    page = am_client.get(reverse("web:interaction-list", args=[eindhoven.pk]))
    assert page.status_code == 200
    assert 'id="contactmoment-vastleggen"' in page.content.decode()
    assert contact.name in page.content.decode()

    response = am_client.post(
        reverse("web:interaction-list", args=[eindhoven.pk]),
        {
            "occurred_on": today().isoformat(),
            "kind": InteractionKind.MEETING,
            "subject": "Kwartaaloverleg",
            "summary": "Goed gesprek.",
            "agreements": "Extra controles in het voorjaar.",
            "staff": [manager.pk],
            "contacts": [contact.pk],
        },
    )
    interaction = Interaction.objects.get(subject="Kwartaaloverleg")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:interaction-detail", args=[interaction.pk])
    assert list(interaction.contacts.all()) == [contact]
    assert list(interaction.staff.all()) == [manager]
    assert interaction.recorded_by == manager.user
    assert _audit(interaction, "create")
    detail = am_client.get(response["Location"]).content.decode()
    assert "Extra controles in het voorjaar." in detail
    assert 'id="vervolgactie-toevoegen"' in detail


def test_only_the_participants_contacts_can_be_chosen(am_client, eindhoven, asten):
    stranger = ContactFactory(participant=asten)
    response = am_client.post(
        reverse("web:interaction-list", args=[eindhoven.pk]),
        {
            "occurred_on": today().isoformat(),
            "kind": InteractionKind.CALL,
            "subject": "Bellen",
            "contacts": [stranger.pk],
        },
    )
    assert response.status_code == 422
    assert 'id="id_contacts-fout"' in response.content.decode()
    assert not Interaction.objects.exists()


def test_a_refused_interaction_is_explained_at_the_field(am_client, eindhoven):
    response = am_client.post(
        reverse("web:interaction-list", args=[eindhoven.pk]),
        {"occurred_on": days(2).isoformat(), "kind": InteractionKind.CALL, "subject": "Later"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_occurred_on-fout"' in html
    assert "toekomst" in html
    assert not Interaction.objects.exists()


def test_another_account_manager_is_told_why_not(client, eindhoven, manager):
    other = EmployeeFactory(user__role="accountmanager")
    client.force_login(other.user)
    page = client.get(reverse("web:interaction-list", args=[eindhoven.pk]))
    assert page.status_code == 200  # staff read the log
    assert 'id="contactmoment-vastleggen"' not in page.content.decode()
    response = client.post(
        reverse("web:interaction-list", args=[eindhoven.pk]),
        {"occurred_on": today().isoformat(), "kind": InteractionKind.CALL, "subject": "Ik ook"},
    )
    assert response.status_code == 403
    assert "Alleen de accountmanager van Eindhoven" in response.content.decode()
    assert not Interaction.objects.exists()


def test_a_follow_up_from_an_interaction(am_client, eindhoven, manager):
    interaction = services.interaction_record(
        actor=manager.user,
        participant=eindhoven,
        occurred_on=today(),
        kind=InteractionKind.VISIT,
        subject="Werkbezoek",
    )
    owner = EmployeeFactory(user__role="medewerker")
    response = am_client.post(
        reverse("web:interaction-follow-up-add", args=[interaction.pk]),
        {"description": "Verslag rondsturen", "owner": owner.pk, "due_on": days(7).isoformat()},
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.interaction == interaction
    assert follow_up.owner == owner
    assert _audit(follow_up, "create")
    html = am_client.get(reverse("web:interaction-detail", args=[interaction.pk])).content.decode()
    assert "Verslag rondsturen" in html

    refused = am_client.post(
        reverse("web:interaction-follow-up-add", args=[interaction.pk]),
        {"description": "", "owner": owner.pk, "due_on": days(7).isoformat()},
    )
    assert refused.status_code == 422
    assert 'id="id_description-fout"' in refused.content.decode()


# --- follow-ups -------------------------------------------------------------------------------


def test_a_follow_up_for_the_participant(am_client, eindhoven, manager):
    page = am_client.get(reverse("web:follow-up-add", args=[eindhoven.pk]))
    assert page.status_code == 200
    response = am_client.post(
        reverse("web:follow-up-add", args=[eindhoven.pk]),
        {"description": "Jaargesprek plannen", "owner": manager.pk, "due_on": days(30)},
    )
    follow_up = FollowUp.objects.get()
    assert response["Location"] == reverse("web:follow-up-detail", args=[follow_up.pk])
    assert follow_up.participant == eindhoven
    assert follow_up.interaction is None


def test_closing_a_follow_up_as_done(am_client, overdue):
    page = am_client.get(reverse("web:follow-up-detail", args=[overdue.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="verlopen"' in html
    assert 'id="afsluiten"' in html

    response = am_client.post(
        reverse("web:follow-up-close", args=[overdue.pk]),
        {"afsluiten-outcome": "afgerond", "afsluiten-note": "Verstuurd"},
    )
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.status == FollowUpStatus.DONE
    assert overdue.closed_on == today()
    assert overdue.closing_note == "Verstuurd"
    assert _audit(overdue, "update")
    html = am_client.get(response["Location"]).content.decode()
    assert "De actie is afgerond." in html
    assert 'id="afsluiten"' not in html  # nothing left to close
    assert 'id="historie"' in html

    again = am_client.post(
        reverse("web:follow-up-close", args=[overdue.pk]), {"afsluiten-outcome": "afgerond"}
    )
    assert again.status_code == 409


def test_cancelling_a_follow_up_needs_a_reason(am_client, overdue):
    refused = am_client.post(
        reverse("web:follow-up-close", args=[overdue.pk]), {"afsluiten-outcome": "vervallen"}
    )
    assert refused.status_code == 422
    assert 'id="id_afsluiten-note-fout"' in refused.content.decode()
    overdue.refresh_from_db()
    assert overdue.status == FollowUpStatus.OPEN

    am_client.post(
        reverse("web:follow-up-close", args=[overdue.pk]),
        {"afsluiten-outcome": "vervallen", "afsluiten-note": "Niet meer nodig"},
    )
    overdue.refresh_from_db()
    assert overdue.status == FollowUpStatus.CANCELLED


def test_rescheduling_and_handing_over_a_follow_up(am_client, overdue):
    colleague = EmployeeFactory(user__role="medewerker", first_name="Kees", last_name="Collega")
    response = am_client.post(
        reverse("web:follow-up-reschedule", args=[overdue.pk]),
        {"verplaatsen-due_on": days(14).isoformat(), "verplaatsen-owner": colleague.pk},
    )
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.due_on == days(14)
    assert overdue.owner == colleague
    assert _audit(overdue, "update")
    assert "Kees Collega" in am_client.get(response["Location"]).content.decode()


def test_someone_else_cannot_close_a_follow_up_and_is_told_why(client, overdue):
    stranger = EmployeeFactory(user__role="medewerker")
    client.force_login(stranger.user)
    page = client.get(reverse("web:follow-up-detail", args=[overdue.pk])).content.decode()
    assert 'id="afsluiten"' not in page
    assert 'id="alleen-eigenaar"' in page
    response = client.post(
        reverse("web:follow-up-close", args=[overdue.pk]), {"afsluiten-outcome": "afgerond"}
    )
    assert response.status_code == 403
    assert "Alleen de eigenaar of de accountmanager" in response.content.decode()
    overdue.refresh_from_db()
    assert overdue.status == FollowUpStatus.OPEN


def test_my_follow_ups_put_the_overdue_ones_first(am_client, eindhoven, manager, overdue):
    later = services.follow_up_add(
        actor=manager.user,
        participant=eindhoven,
        description="Later te doen",
        owner=manager,
        due_on=days(5),
    )
    someone_elses = services.follow_up_add(
        actor=manager.user,
        participant=eindhoven,
        description="Van een ander",
        owner=EmployeeFactory(user__role="medewerker"),
        due_on=days(1),
    )
    html = am_client.get(reverse("web:follow-up-mine")).content.decode()
    assert html.index(f'id="vervolgactie-{overdue.pk}"') < html.index(
        f'id="vervolgactie-{later.pk}"'
    )
    assert f'id="vervolgactie-{someone_elses.pk}"' not in html
    assert html.count("grip-overdue") == 1


# --- account plans and satisfaction -----------------------------------------------------------


def test_the_account_plan_of_a_year_with_its_history(am_client, eindhoven):
    year = today().year
    url = reverse("web:account-plan", args=[eindhoven.pk, year])
    page = am_client.get(url)
    assert page.status_code == 200
    assert 'id="accountplan"' in page.content.decode()

    response = am_client.post(url, {"goals": "Meer preventie", "risks": "", "agreements": ""})
    assert response.status_code == 302
    am_client.post(
        url, {"goals": "Meer preventie", "risks": "Krapte", "agreements": "Elk kwartaal"}
    )
    plan = AccountPlan.objects.get(participant=eindhoven, year=year)
    assert plan.risks == "Krapte"
    html = am_client.get(url).content.decode()
    assert 'id="historie"' in html
    history = html[html.index('id="historie"') :]
    assert history.count('<tr class="utrecht-table__row">') == 3  # header, create, update


def test_another_staff_member_reads_the_account_plan_without_a_form(client, eindhoven, manager):
    services.account_plan_save(
        actor=manager.user, participant=eindhoven, year=today().year, data={"goals": "Groei"}
    )
    client.force_login(EmployeeFactory(user__role="medewerker").user)
    html = client.get(
        reverse("web:account-plan", args=[eindhoven.pk, today().year])
    ).content.decode()
    assert "Groei" in html
    assert "<form" not in html.split('id="inhoud"')[1].split("</main>")[0]


def test_recording_a_satisfaction_score(am_client, eindhoven):
    contact = ContactFactory(participant=eindhoven)
    url = reverse("web:satisfaction-record", args=[eindhoven.pk])
    response = am_client.post(
        url,
        {
            "tevredenheid-year": today().year,
            "tevredenheid-score": "7,5",
            "tevredenheid-comments": "Tevreden over de snelheid",
            "tevredenheid-respondent": contact.pk,
        },
    )
    assert response.status_code == 302
    score = SatisfactionScore.objects.get(participant=eindhoven)
    assert score.score == Decimal("7.5")
    assert score.respondent == contact
    assert _audit(score, "create")

    refused = am_client.post(
        url, {"tevredenheid-year": today().year + 1, "tevredenheid-score": "8"}
    )
    assert refused.status_code == 422
    assert 'id="id_tevredenheid-year-fout"' in refused.content.decode()


# --- participant users and other participants -------------------------------------------------


def _staff_pages(participant: Any, follow_up: Any, interaction: Any) -> list[tuple[str, str]]:
    year = today().year
    return [
        ("get", reverse("web:cockpit")),
        ("get", reverse("web:interaction-list", args=[participant.pk])),
        ("post", reverse("web:interaction-list", args=[participant.pk])),
        ("get", reverse("web:interaction-detail", args=[interaction.pk])),
        ("post", reverse("web:interaction-follow-up-add", args=[interaction.pk])),
        ("get", reverse("web:follow-up-add", args=[participant.pk])),
        ("get", reverse("web:follow-up-mine")),
        ("get", reverse("web:follow-up-detail", args=[follow_up.pk])),
        ("post", reverse("web:follow-up-close", args=[follow_up.pk])),
        ("post", reverse("web:follow-up-reschedule", args=[follow_up.pk])),
        ("get", reverse("web:account-plan", args=[participant.pk, year])),
        ("post", reverse("web:account-plan", args=[participant.pk, year])),
        ("post", reverse("web:satisfaction-record", args=[participant.pk])),
    ]


def test_participant_users_reach_none_of_the_staff_pages(client, eindhoven, manager, overdue):
    interaction = services.interaction_record(
        actor=manager.user,
        participant=eindhoven,
        occurred_on=today(),
        kind=InteractionKind.CALL,
        subject="Gesprek",
    )
    client.force_login(_participant_user(eindhoven))
    for method, url in _staff_pages(eindhoven, overdue, interaction):
        response = getattr(client, method)(url)
        assert response.status_code in (403, 404), (method, url, response.status_code)
    overdue.refresh_from_db()
    assert overdue.status == FollowUpStatus.OPEN


def test_objects_that_do_not_exist_answer_404(am_client):
    for name in ("web:interaction-detail", "web:follow-up-detail", "web:interaction-list"):
        assert am_client.get(reverse(name, args=[999999])).status_code == 404
    assert am_client.get(reverse("web:account-plan", args=[999999, 2026])).status_code == 404


# --- notifications ----------------------------------------------------------------------------


def test_the_notifications_page_lists_the_users_own_and_saves_preferences(
    client, eindhoven, make_user
):
    user = _participant_user(eindhoven)
    other = make_user("medewerker")
    Notification.objects.create(
        user=user,
        kind=NotificationKind.REPORT_PUBLISHED,
        key="report:1",
        subject="Rapportage Q1 gepubliceerd",
        body="De rapportage staat klaar.",
        link="/rapportages/1/",
    )
    Notification.objects.create(
        user=other, kind=NotificationKind.FOLLOW_UP_DUE, key="x", subject="Niet voor u", body="-"
    )
    client.force_login(user)
    page = client.get(reverse("web:notifications"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Rapportage Q1 gepubliceerd" in html
    assert 'href="/rapportages/1/"' in html
    assert "Niet voor u" not in html
    assert html.count('type="checkbox"') == len(NotificationKind.values)
    assert html.count("checked") == len(NotificationKind.values)  # all on by default

    response = client.post(reverse("web:notifications"), {NotificationKind.REPORT_PUBLISHED: "on"})
    assert response.status_code == 302
    choices = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "by_email"))
    assert choices == {
        NotificationKind.FOLLOW_UP_DUE: False,
        NotificationKind.FORECAST_WARNING: False,
        NotificationKind.REPORT_PUBLISHED: True,
        NotificationKind.REQUEST_UPDATE: False,
    }
    html = client.get(reverse("web:notifications")).content.decode()
    assert html.count("checked") == 1


def test_notifications_link_to_the_pages_web_registered(eindhoven, overdue):
    assert links.page_of(overdue) == reverse("web:follow-up-detail", args=[overdue.pk])
    assert links.page_of(eindhoven) == reverse("web:realisation-participant", args=[eindhoven.pk])
