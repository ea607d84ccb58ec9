"""The mandate register pages: the list, a participant's published register with its CSV
export and print layout, the director's sub-mandates, and editing by the beheerder.

Data through the services (grip.cases.tests.factories: Eindhoven's mandate decision with three
lines to the director, and the director's sub-mandate to the vergunningverlener and jurist).
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from grip.cases.tests.factories import case_type, decision_type
from grip.core.models import AuditRecord
from grip.mandates import services
from grip.mandates.models import MandateDecision, MandateLine, SubMandateDecision, SubMandateLine
from grip.organisation.models import Function

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"web:{name}", args=args)


def _html(response):
    return response.content.decode()


# --- reading -----------------------------------------------------------------------------------


def test_the_list_shows_every_participant_with_its_register(client, cases):
    client.force_login(cases.officer)
    response = client.get(_url("mandate-list"))
    assert response.status_code == 200
    html = _html(response)
    assert html.count(_url("mandate-register", cases.eindhoven.pk)) == 1
    assert html.count('<th class="utrecht-table__header-cell" scope="row">') == 22
    assert "Mandaatregisters" in html
    eindhoven_row = html.split(f'{_url("mandate-register", cases.eindhoven.pk)}">Eindhoven</a>')[1]
    assert '<td class="utrecht-table__cell grip-number">1</td>' in eindhoven_row.split("</tr>")[0]
    assert _url("sub-mandate-list") in html


def test_the_register_page_shows_decisions_lines_and_the_sub_mandates(client, cases):
    client.force_login(cases.participant_user)  # Eindhoven's own user
    response = client.get(_url("mandate-register", cases.eindhoven.pk))
    assert response.status_code == 200
    html = _html(response)
    assert "Mandaatregister Eindhoven" in html
    decision = html.split(f'id="mandaatbesluit-{cases.mandate.pk}"')[1].split("</article>")[0]
    assert "Mandaatbesluit VTH Eindhoven 2024" in decision
    assert ">in werking</span>" in decision
    assert "het college van burgemeester en wethouders van Eindhoven" in decision
    assert "Gemeenteblad 2023, 12345" in decision
    assert "Beslissen op aanvragen om een omgevingsvergunning" in decision
    assert "Omgevingswet hoofdstuk 5" in decision
    assert "Omgevingsvergunning verlenen, Omgevingsvergunning weigeren" in decision
    assert "alle besluiten in zaken van: Verzoek om handhaving" in decision
    assert "tot € 50.000,00" in decision
    assert "niet: Bestuurlijke boete opleggen" in decision
    assert decision.count('<td class="utrecht-table__cell">ja</td>') == 2
    assert decision.count('<td class="utrecht-table__cell">nee</td>') == 1
    sub = html.split(f'id="ondermandaat-{cases.sub_mandate.pk}"')[1].split("</article>")[0]
    assert "Ondermandaatbesluit ODZOB 2024" in sub
    assert "Door de directeur" in sub
    assert "Omgevingsvergunningen verlenen en weigeren" in sub
    assert "Vergunningverlener" in sub
    assert "€ 10.000,00" in sub
    assert "alle deelnemers" in sub
    # A reader gets the print button and the export, not the editing links.
    assert "Afdrukken" in html
    assert 'class="grip-toolbar grip-no-print"' in html
    assert _url("mandate-register-export", cases.eindhoven.pk) in html
    assert "Mandaatbesluit toevoegen" not in html
    assert "Regel toevoegen" not in html


def test_sub_mandate_lines_for_other_participants_are_left_out(client, cases):
    other = services.sub_mandate_decision_create(
        actor=cases.beheerder,
        title="Ondermandaat alleen Asten",
        decision_date=datetime.date(2024, 2, 1),
        mandator_function=Function.objects.get(code="directeur"),
        valid_from=datetime.date(2024, 2, 1),
    )
    services.sub_mandate_line_add(
        actor=cases.beheerder,
        decision=other,
        power="Maatwerk Asten",
        function=Function.objects.get(code="adviseur"),
        decision_types=[decision_type("maatwerkvoorschrift-stellen")],
        participants=[cases.asten],
    )
    client.force_login(cases.officer)
    assert "Ondermandaat alleen Asten" not in _html(
        client.get(_url("mandate-register", cases.eindhoven.pk))
    )
    asten = _html(client.get(_url("mandate-register", cases.asten.pk)))
    assert "Ondermandaat alleen Asten" in asten
    assert "Deze deelnemer heeft (nog) geen mandaatbesluiten." in asten


def test_a_participant_user_sees_only_its_own_register(client, cases, make_user):
    client.force_login(make_user(participant=cases.asten))
    listing = _html(client.get(_url("mandate-list")))
    assert "Asten" in listing
    assert "Eindhoven" not in listing
    assert _url("sub-mandate-list") not in listing
    assert client.get(_url("mandate-register", cases.eindhoven.pk)).status_code == 404
    assert client.get(_url("mandate-register-export", cases.eindhoven.pk)).status_code == 404
    assert client.get(_url("mandate-register", cases.asten.pk)).status_code == 200
    assert client.get(_url("sub-mandate-list")).status_code == 403
    assert client.get(_url("mandate-decision-create", cases.asten.pk)).status_code == 403


def test_the_register_as_of_a_date(client, cases):
    client.force_login(cases.officer)
    html = _html(client.get(_url("mandate-register", cases.eindhoven.pk) + "?peildatum=2023-06-01"))
    assert "Stand op 1 juni 2023." in html
    assert ">geldt vanaf 01-01-2024</span>" in html
    # A date that is no date shows today.
    assert (
        client.get(_url("mandate-register", cases.eindhoven.pk) + "?peildatum=gisteren").status_code
        == 200
    )


def test_the_export_is_a_csv_with_one_row_per_line(client, cases):
    client.force_login(cases.participant_user)
    response = client.get(
        _url("mandate-register-export", cases.eindhoven.pk) + "?peildatum=2026-03-01"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="mandaatregister-GM0772-2026-03-01.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffSoort;Besluit;Mandaatgever;")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 1 + 3 + 2  # header, three mandate lines, two sub-mandate lines
    header = rows[0]
    enforcement = dict(zip(header, rows[2], strict=True))
    assert enforcement["Soort"] == "mandaat"
    assert enforcement["Bevoegdheid"] == "Handhavingsbesluiten en beslissen op handhavingsverzoeken"
    assert enforcement["Zaaktypen"] == "Verzoek om handhaving"
    assert enforcement["Uitgezonderde besluittypen"] == "Bestuurlijke boete opleggen"
    assert enforcement["Ondermandaat toegestaan"] == "ja"
    assert enforcement["Maximumbedrag (euro)"] == "50000,00"
    assert enforcement["Geldig vanaf"] == "2024-01-01"
    jurist = dict(zip(header, rows[5], strict=True))
    assert (jurist["Soort"], jurist["Functie"], jurist["Mandaatgever"]) == (
        "ondermandaat",
        "Jurist",
        "Directeur",
    )


# --- editing by the beheerder ------------------------------------------------------------------


def test_the_beheerder_adds_a_mandate_decision_and_a_line(client, cases):
    client.force_login(cases.beheerder)
    url = _url("mandate-decision-create", cases.asten.pk)
    form = _html(client.get(url))
    assert 'value="het college van burgemeester en wethouders van Asten"' in form
    assert ">Vindplaats publicatie</label>" in form
    response = client.post(
        url,
        {
            "title": "Mandaatbesluit Asten 2026",
            "mandator": "het college van burgemeester en wethouders van Asten",
            "decision_date": "2026-01-10",
            "publication_reference": "Gemeenteblad 2026, 77",
            "valid_from": "2026-02-01",
            "valid_to": "",
        },
    )
    assert response.status_code == 302
    decision = MandateDecision.objects.get(participant=cases.asten)
    assert response["Location"] == _url("mandate-register", cases.asten.pk)

    line_url = _url("mandate-line-add", decision.pk)
    form = _html(client.get(line_url))
    assert ">Besluittypen</legend>" in form
    assert "Ondermandaat toegestaan</label>" in form
    # Neither decision types nor case types: the service's reason, at the field.
    records = AuditRecord.objects.count()
    response = client.post(
        line_url,
        {"power": "Alles", "function": Function.objects.get(code="directeur").pk},
    )
    assert response.status_code == 422
    assert (
        'id="id_decision_types-fout">Een mandaatregel noemt besluittypen of zaaktypen.</p>'
        in _html(response)
    )
    assert AuditRecord.objects.count() == records

    response = client.post(
        line_url,
        {
            "power": "Maatwerkvoorschriften",
            "legal_basis": "Bal art. 2.13",
            "decision_types": [decision_type("maatwerkvoorschrift-stellen").pk],
            "case_types": [case_type("aanvraag-maatwerkvoorschrift").pk],
            "function": Function.objects.get(code="directeur").pk,
            "sub_mandate_allowed": "on",
            "max_amount": "1.500,50",
            "conditions": "Na advies van de jurist.",
        },
    )
    assert response.status_code == 302
    line = MandateLine.objects.get(decision=decision)
    assert (line.power, line.sub_mandate_allowed, str(line.max_amount)) == (
        "Maatwerkvoorschriften",
        True,
        "1500.50",
    )
    html = _html(client.get(response["Location"]))
    assert "Regel &#x27;Maatwerkvoorschriften&#x27; is aan het register toegevoegd." in html
    assert "tot € 1.500,50" in html
    assert "Na advies van de jurist." in html


def test_the_beheerder_revokes_a_mandate_decision(client, cases):
    client.force_login(cases.beheerder)
    url = _url("mandate-decision-revoke", cases.mandate.pk)
    response = client.post(url, {"on": "2023-01-01", "reason": "Vergissing"})
    assert response.status_code == 422
    assert 'id="id_on-fout">Intrekken kan niet vóór de ingangsdatum.</p>' in _html(response)
    response = client.post(url, {"on": "2026-07-01", "reason": "Nieuw mandaatbesluit"})
    assert response.status_code == 302
    html = _html(client.get(_url("mandate-register", cases.eindhoven.pk) + "?peildatum=2026-07-02"))
    assert ">ingetrokken per 01-07-2026</span>" in html
    assert "per 1 juli 2026: Nieuw mandaatbesluit" in html
    assert _url("mandate-decision-revoke", cases.mandate.pk) not in html
    assert _url("mandate-line-add", cases.mandate.pk) not in html
    response = client.post(url, {"on": "2026-07-02", "reason": "Nog eens"})
    assert response.status_code == 409
    assert "Dit besluit is al ingetrokken." in _html(response)


def test_the_beheerder_keeps_the_sub_mandates(client, cases):
    client.force_login(cases.beheerder)
    listing = _html(client.get(_url("sub-mandate-list")))
    assert "Ondermandaatbesluit ODZOB 2024" in listing
    assert "Ondermandaatbesluit toevoegen" in listing
    form = _html(client.get(_url("sub-mandate-decision-create")))
    director = Function.objects.get(code="directeur")
    assert f'<option value="{director.pk}" selected>Directeur</option>' in form
    response = client.post(
        _url("sub-mandate-decision-create"),
        {
            "title": "Ondermandaat teamleiders 2026",
            "mandator_function": director.pk,
            "decision_date": "2026-01-05",
            "reference": "ODZOB/2026/1",
            "valid_from": "2026-01-05",
            "valid_to": "",
        },
    )
    assert response.status_code == 302
    decision = SubMandateDecision.objects.get(title="Ondermandaat teamleiders 2026")
    response = client.post(
        _url("sub-mandate-line-add", decision.pk),
        {
            "power": "Weigeren van vergunningen",
            "decision_types": [decision_type("omgevingsvergunning-weigeren").pk],
            "participants": [cases.asten.pk],
            "function": Function.objects.get(code="teamleider").pk,
            "max_amount": "",
            "conditions": "",
        },
    )
    assert response.status_code == 302
    line = SubMandateLine.objects.get(decision=decision)
    assert list(line.participants.all()) == [cases.asten]
    response = client.post(_url("sub-mandate-line-add", decision.pk), {"power": "Leeg"})
    assert response.status_code == 422
    assert 'id="id_decision_types-fout"' in _html(response)
    response = client.post(
        _url("sub-mandate-decision-revoke", decision.pk),
        {"on": "2026-03-01", "reason": "Vervallen"},
    )
    assert response.status_code == 302
    listing = _html(client.get(_url("sub-mandate-list")))
    assert ">ingetrokken per 01-03-2026</span>" in listing


def test_staff_without_the_permission_do_not_edit(client, cases):
    client.force_login(cases.officer)
    assert client.get(_url("mandate-decision-create", cases.eindhoven.pk)).status_code == 403
    assert (
        client.post(_url("mandate-line-add", cases.mandate.pk), {"power": "x"}).status_code == 403
    )
    assert client.get(_url("mandate-decision-revoke", cases.mandate.pk)).status_code == 403
    assert client.get(_url("sub-mandate-decision-create")).status_code == 403
    html = _html(client.get(_url("sub-mandate-list")))
    assert "Ondermandaatbesluit toevoegen" not in html
