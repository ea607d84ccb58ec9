"""The Dutch pages: log-in, lock-out, navigation per role, tenancy on pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grip.core.tests.factories import TEST_PASSWORD
from grip.participants.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_the_login_page_is_dutch_and_accessible(client):
    response = client.get(reverse("web:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl"' in html
    assert 'href="#inhoud"' in html
    assert 'id="inhoud"' in html
    assert '<label class="utrecht-form-label" for="id_username">Gebruikersnaam</label>' in html


def test_pages_need_a_login(client):
    response = client.get(reverse("web:participant-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_logging_in_shows_the_dashboard(client, make_user):
    make_user("bestuur", username="directeur")
    response = client.post(
        reverse("web:login"), {"username": "directeur", "password": TEST_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert "Welkom" in response.content.decode()


def test_repeated_failures_lock_the_account_out(client, make_user, settings):
    make_user("bestuur", username="doelwit")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("web:login"), {"username": "doelwit", "password": "fout"})
    locked = client.post(reverse("web:login"), {"username": "doelwit", "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "Tijdelijk geblokkeerd" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_says_so_in_dutch(client, make_user):
    make_user("bestuur", username="iemand")
    response = client.post(reverse("web:login"), {"username": "iemand", "password": "fout"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_staff_see_all_22_participants(client, make_user):
    client.force_login(make_user("accountmanager"))
    html = client.get(reverse("web:participant-list")).content.decode()
    assert html.count('<tr class="utrecht-table__row">') == 22 + 1  # the header row too
    assert "Provincie Noord-Brabant" in html
    assert "GM0772" in html


def test_a_participant_user_sees_only_itself_and_404_for_others(
    client, make_user, eindhoven, asten
):
    ContactFactory(participant=eindhoven, name="Contact Eindhoven")
    client.force_login(make_user(participant=asten))

    listing = client.get(reverse("web:participant-list")).content.decode()
    assert "Asten" in listing
    assert "Eindhoven" not in listing

    assert client.get(reverse("web:participant-detail", args=[asten.pk])).status_code == 200
    other = client.get(reverse("web:participant-detail", args=[eindhoven.pk]))
    assert other.status_code == 404
    assert "Contact Eindhoven" not in other.content.decode()


def test_the_participant_page_shows_contacts_and_account_manager(client, make_user, eindhoven):
    from grip.organisation.tests.factories import EmployeeFactory

    manager = EmployeeFactory(first_name="Petra", last_name="Smits", email="p.smits@odzob.example")
    eindhoven.account_manager = manager
    eindhoven.save()
    ContactFactory(participant=eindhoven, name="Wim Wethouder", is_primary=True)
    client.force_login(make_user("medewerker"))

    html = client.get(reverse("web:participant-detail", args=[eindhoven.pk])).content.decode()
    assert "Petra Smits" in html
    assert "Wim Wethouder" in html
    assert "eerste aanspreekpunt" in html


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("beheerder", ["Deelnemers", "Organisatie", "Audittrail"], []),
        ("kis", ["Deelnemers", "Organisatie", "Audittrail"], []),
        ("medewerker", ["Deelnemers", "Organisatie"], ["Audittrail"]),
        ("deelnemer", ["Deelnemers"], ["Organisatie", "Audittrail"]),
    ],
)
def test_navigation_follows_the_role(client, make_user, eindhoven, role, visible, hidden):
    user = make_user(participant=eindhoven) if role == "deelnemer" else make_user(role)
    client.force_login(user)
    nav = (
        client.get(reverse("web:dashboard"))
        .content.decode()
        .split('<nav class="grip-nav"')[1]
        .split("</nav>")[0]
    )
    for label in visible:
        assert f">{label}</a>" in nav
    for label in hidden:
        assert f">{label}</a>" not in nav


def test_organisation_and_audit_pages_by_permission(client, make_user):
    from grip.organisation import services

    beheerder = make_user("beheerder")
    services.team_create(
        actor=beheerder, data={"code": "geluid", "name": "Geluid", "kind": "advice"}
    )
    client.force_login(beheerder)
    assert "Geluid" in client.get(reverse("web:team-list")).content.decode()
    audit = client.get(reverse("web:audit-list")).content.decode()
    assert "aangemaakt" in audit
    assert "Geluid" in audit

    client.force_login(make_user("medewerker"))
    assert client.get(reverse("web:audit-list")).status_code == 403
    team_page = client.get(reverse("web:team-detail", args=[1]))
    assert team_page.status_code == 200


def test_a_participant_user_has_no_organisation_pages(client, make_user, asten):
    client.force_login(make_user(participant=asten))
    assert client.get(reverse("web:team-list")).status_code == 403
    dashboard = client.get(reverse("web:dashboard")).content.decode()
    assert "U ziet de gegevens van Asten" in dashboard


def test_logout_is_a_post(client, make_user):
    client.force_login(make_user("bestuur"))
    response = client.post(reverse("web:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_every_asset_the_layout_links_is_found_by_the_static_finders():
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders

    layout = (Path(__file__).resolve().parents[1] / "templates" / "web" / "base.html").read_text()
    assets = re.findall(r"{% static '([^']+)' %}", layout)
    assert len(assets) == 4
    for asset in assets:
        assert finders.find(asset), f"{asset} is not in any app's static/ folder"
