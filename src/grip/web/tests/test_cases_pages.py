"""The case pages: the list with traffic lights, filters and saved views; intake; the case page
with its timeline and actions; the checked document download; the signing flow.

Time is frozen at TODAY (``django.utils.timezone.localdate``) so that traffic lights, days
left and penalties have exact values. Data is made through the services (grip.cases.tests.
factories: Eindhoven's mandate register, the director's sub-mandates, the permit officer).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grip.cases import services
from grip.cases.constants import CaseStatus, SuspensionReason
from grip.cases.models import Case, CaseRelation, Decision, Document, Extension, SavedCaseView
from grip.cases.tests.factories import case_type, decision_type
from grip.core.classification import Confidentiality
from grip.core.models import AuditRecord
from grip.hours.models import HourEntry
from grip.mandates import services as mandate_services
from grip.mandates.models import DecisionMandate
from grip.mandates.tests.factories import CaseWorld
from grip.organisation.models import Employee
from grip.participants.models import ParticipantMembership

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)  # a Monday
RECEIVED = datetime.date(2026, 3, 2)  # 8 weeks: 27 April (King's Day) → Tuesday 28 April
LIST_URL = reverse("web:case-list")


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def _url(name, *args):
    return reverse(f"web:{name}", args=args)


def _html(response):
    return response.content.decode()


def _upload(name="aanvraag.pdf", content=b"%PDF-1.4 aanvraag"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _document(world, case, *, confidentiality=Confidentiality.ZAAKVERTROUWELIJK, title="Aanvraag"):
    return services.document_add(
        actor=world.officer,
        case=case,
        title=title,
        document_type="aanvraag",
        upload=_upload(),
        document_date=RECEIVED,
        confidentiality=confidentiality,
    )


def _deelnemer(make_user, participant, clearance=None):
    user = make_user(participant=participant)
    if clearance:
        ParticipantMembership.objects.filter(user=user).update(clearance=clearance)
    return user


# --- the list ----------------------------------------------------------------------------------


@pytest.fixture
def four(cases: CaseWorld):
    """Overdue, due soon, on time and suspended, on TODAY."""
    overdue = cases.case(subject="Te laat", received_on=RECEIVED)  # due 28 April
    soon = cases.case(subject="Bijna", received_on=datetime.date(2026, 4, 10))  # due 5 June
    on_time = cases.case(subject="Op tijd", received_on=datetime.date(2026, 5, 20))  # 15 July
    suspended = cases.case(subject="Stil", received_on=datetime.date(2026, 5, 4))
    services.suspend(
        actor=cases.officer, case=suspended, start=datetime.date(2026, 5, 11), note="Tekeningen"
    )
    return overdue, soon, on_time, suspended


def _row(html, case):
    match = re.search(rf'<tr class="utrecht-table__row" id="zaak-{case.pk}">(.*?)</tr>', html, re.S)
    assert match, f"row of {case.identification} not found"
    return match.group(1)


def test_the_list_shows_every_column_a_light_with_text_and_the_totals(client, cases, four):
    overdue, soon, on_time, suspended = four
    client.force_login(cases.officer)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = _html(response)
    for heading in (
        "Zaaknummer",
        "Omschrijving",
        "Deelnemer",
        "Zaaktype",
        "Status",
        "Behandelaar / team",
        "Ontvangen",
        "Uiterste datum",
        "Termijn",
        "Dagen over",
    ):
        assert f'scope="col">{heading}</th>' in html
    assert 'id="totaal-verlopen">1<' in html
    assert 'id="totaal-bijna">1<' in html
    assert 'id="totaal-opgeschort">1<' in html
    assert 'id="totaal-open">4<' in html

    row = _row(html, overdue)
    assert overdue.identification in row
    assert "28-4-2026" in row
    assert "✕</span> Verlopen" in row  # a shape and a word, not colour alone
    assert "34 dagen over de termijn" in row
    assert '<td class="utrecht-table__cell grip-number">-34</td>' in row
    assert "Vergunningverlening" in row  # the case type's default team
    row = _row(html, soon)
    assert "!</span> Bijna verlopen" in row
    assert "nog 4 dagen" in row
    assert "✓</span> Op tijd" in _row(html, on_time)
    row = _row(html, suspended)
    assert "‖</span> Opgeschort" in row
    assert "opgeschort" in row.lower()


def test_filters_narrow_the_list(client, cases, four, asten):
    overdue, soon, on_time, suspended = four
    elsewhere = cases.case(subject="In Asten", participant=asten, received_on=RECEIVED)
    client.force_login(cases.officer)

    def shown(query):
        html = _html(client.get(f"{LIST_URL}?{query}"))
        return {case.pk for case in (*four, elsewhere) if f'id="zaak-{case.pk}"' in html}

    assert shown("") == {c.pk for c in (*four, elsewhere)}
    assert shown(f"deelnemer={asten.pk}") == {elsewhere.pk}
    assert shown("termijn=verlopen") == {overdue.pk, elsewhere.pk}
    assert shown("termijn=bijna") == {soon.pk}
    assert shown("termijn=op_tijd") == {on_time.pk}
    assert shown("termijn=opgeschort") == {suspended.pk}
    assert shown("status=opgeschort") == {suspended.pk}
    assert shown("status=open") == {c.pk for c in (*four, elsewhere)}
    assert shown("status=gesloten") == set()
    assert shown("zaaktype=handhavingsverzoek") == set()
    assert shown(f"zoek={soon.identification}") == {soon.pk}
    assert shown("zoek=stil") == {suspended.pk}
    assert shown("mijn=ja") == set()  # nothing is assigned to the officer yet
    services.case_update(
        actor=cases.officer,
        case=soon,
        data={"assigned_to": Employee.objects.get(user=cases.officer)},
    )
    assert shown("mijn=ja") == {soon.pk}
    team = soon.team
    assert shown(f"team={team.pk}&termijn=bijna") == {soon.pk}
    # Unknown values are ignored rather than failing.
    assert shown("termijn=morgen&status=weg&deelnemer=x") == {c.pk for c in (*four, elsewhere)}
    html = _html(client.get(f"{LIST_URL}?sorteer=uiterste_datum"))
    assert html.index(f'id="zaak-{overdue.pk}"') < html.index(f'id="zaak-{on_time.pk}"')


def test_the_list_costs_the_same_queries_for_many_rows(client, cases):
    client.force_login(cases.officer)
    cases.case(subject="Een")
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST_URL).status_code == 200
    for number in range(6):
        cases.case(subject=f"Zaak {number}", in_progress=number % 2 == 0)
    with CaptureQueriesContext(connection) as seven:
        assert client.get(LIST_URL).status_code == 200
    assert len(seven) == len(one)


def test_the_list_is_paged(client, cases, monkeypatch):
    monkeypatch.setattr("grip.web.cases.PAGE_SIZE", 2)
    for number in range(5):
        cases.case(subject=f"Zaak {number}", in_progress=False)
    client.force_login(cases.officer)
    html = _html(client.get(f"{LIST_URL}?termijn=verlopen&pagina=2"))
    assert "Pagina 2 van 3" in html
    assert "?termijn=verlopen&amp;pagina=3" in html
    assert html.count('<tr class="utrecht-table__row" id="zaak-') == 2


def test_a_participant_user_sees_only_its_own_cases(client, cases, make_user, asten):
    own = cases.case(subject="Eindhovens", in_progress=False)
    other = cases.case(subject="Astens", participant=asten, in_progress=False)
    client.force_login(_deelnemer(make_user, asten))
    html = _html(client.get(LIST_URL))
    assert other.identification in html
    assert own.identification not in html
    assert "Zaak aannemen" not in html
    assert 'id="totaal-open">1<' in html


# --- saved views -------------------------------------------------------------------------------


def test_a_filter_is_saved_applied_and_deleted(client, cases, four):
    client.force_login(cases.officer)
    response = client.post(
        _url("case-view-save"),
        {"naam": "Mijn termijnen", "filter": "termijn=verlopen&zoek=&onzin=1"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?termijn=verlopen"
    view = SavedCaseView.objects.get(user=cases.officer)
    assert (view.name, view.query) == ("Mijn termijnen", "termijn=verlopen")

    html = _html(client.get(response["Location"]))
    assert "Het overzicht &#x27;Mijn termijnen&#x27; is opgeslagen." in html
    assert f'href="{LIST_URL}?termijn=verlopen" aria-current="true">Mijn termijnen</a>' in html
    assert f'id="zaak-{four[0].pk}"' in html
    assert f'id="zaak-{four[2].pk}"' not in html

    # The same name again overwrites; an empty name is refused with the service's reason.
    client.post(_url("case-view-save"), {"naam": "Mijn termijnen", "filter": "termijn=bijna"})
    assert SavedCaseView.objects.get(user=cases.officer).query == "termijn=bijna"
    refused = client.post(_url("case-view-save"), {"naam": " ", "filter": ""}, follow=True)
    assert "Geef het overzicht een naam." in _html(refused)
    assert SavedCaseView.objects.count() == 1

    # Someone else's view is not found, and stays.
    client.force_login(cases.jurist)
    assert client.post(_url("case-view-delete", view.pk)).status_code == 404
    assert "Mijn termijnen" not in _html(client.get(LIST_URL))
    client.force_login(cases.officer)
    response = client.post(_url("case-view-delete", view.pk), follow=True)
    assert "Het overzicht &#x27;Mijn termijnen&#x27; is verwijderd." in _html(response)
    assert not SavedCaseView.objects.exists()


# --- intake ------------------------------------------------------------------------------------


def _intake(world, **overrides):
    data = {
        "participant": world.eindhoven.pk,
        "case_type": case_type("aanvraag-omgevingsvergunning").pk,
        "subject": "Uitbreiding opslag gevaarlijke stoffen",
        "received_on": "2026-03-02",
        "regime": "omgevingswet",
        "site": "",
        "location_description": "Kanaaldijk 12, Eindhoven",
        "establishment": "",
        "person_name": "",
        "person_contact": "",
        "assigned_to": Employee.objects.get(user=world.officer).pk,
        "team": "",
    }
    data.update(overrides)
    return data


def test_the_intake_form_is_dutch_and_takes_in_a_case(client, cases):
    client.force_login(cases.officer)
    response = client.get(_url("case-create"))
    assert response.status_code == 200
    html = _html(response)
    for label in (
        "Deelnemer (bevoegd gezag)",
        "Zaaktype",
        "Omschrijving",
        "Ontvangen op",
        "Rechtsregime",
        "Toezichtobject (identificatie)",
        "Locatie (zonder toezichtobject)",
        "Betrokken vestiging: KvK- of vestigingsnummer",
        "Behandelaar",
        "Team",
    ):
        assert f">{label}</label>" in html
    assert 'value="2026-06-01"' in html  # received today, by default
    assert 'list="toezichtobjecten"' in html
    # Only case types valid today are offered.
    assert "Aanvraag omgevingsvergunning milieubelastende activiteit (v1)" in html

    response = client.post(_url("case-create"), _intake(cases))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("case-detail", case.pk)
    assert (case.status, case.received_on, case.due_on) == (
        CaseStatus.ONTVANGEN,
        RECEIVED,
        datetime.date(2026, 4, 28),
    )
    assert case.team.code == "vergunningverlening"
    html = _html(client.get(response["Location"]))
    assert (
        f"Zaak {case.identification} is aangemaakt; de uiterste datum is dinsdag 28 april 2026."
        in html
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"received_on": "2026-06-02"}, "received_on", "De ontvangstdatum ligt in de toekomst."),
        (
            {"location_description": ""},
            "location_description",
            "Geef een toezichtobject of een locatie op.",
        ),
        (
            {"site": "GRIP-VO-999999"},
            "site",
            "Geen toezichtobject gevonden met identificatie GRIP-VO-999999.",
        ),
        (
            {"establishment": "1234"},
            "establishment",
            "Een KvK-nummer heeft acht cijfers, een vestigingsnummer twaalf.",
        ),
        (
            {"establishment": "12345678"},
            "establishment",
            "Geen vestiging gevonden met nummer 12345678.",
        ),
        ({"subject": ""}, "subject", "Dit veld is vereist."),
    ],
)
def test_intake_refusals_are_shown_at_the_field(client, cases, overrides, field, message):
    client.force_login(cases.officer)
    response = client.post(_url("case-create"), _intake(cases, **overrides))
    assert response.status_code == 422
    html = _html(response)
    assert f'id="id_{field}-fout">{message}</p>' in html
    help_id = f"id_{field}-hulp " if field in ("site", "establishment") else ""
    assert f'aria-describedby="{help_id}id_{field}-fout"' in html
    assert "De zaak is niet aangemaakt." in html
    assert not Case.objects.exists()


def test_intake_with_a_site_and_its_suggestions(client, cases):
    from grip.sites import services as site_services
    from grip.sites.models import SiteType

    site = site_services.site_create(
        actor=cases.beheerder,
        data={
            "name": "Bakkerij De Korenbloem",
            "site_type": SiteType.objects.first(),
            "participant": cases.eindhoven,
            "street": "Kanaaldijk",
            "house_number": 12,
            "city": "Eindhoven",
        },
    )
    client.force_login(cases.officer)
    options = _html(
        client.get(_url("case-site-options"), {"site": "koren", "participant": cases.eindhoven.pk})
    )
    assert f'<option value="{site.identification}">Bakkerij De Korenbloem, Eindhoven' in options
    assert "<option" not in _html(
        client.get(_url("case-site-options"), {"site": "koren", "participant": cases.asten.pk})
    )

    response = client.post(
        _url("case-create"), _intake(cases, site=site.identification, location_description="")
    )
    assert response.status_code == 302
    assert Case.objects.get().site == site
    # A site of another participant is refused by the service, at the field.
    response = client.post(
        _url("case-create"),
        _intake(cases, participant=cases.asten.pk, site=site.identification),
    )
    assert response.status_code == 422
    assert "valt niet onder Asten" in _html(response)


def test_a_participant_user_cannot_take_in_a_case(client, cases):
    client.force_login(cases.participant_user)
    assert client.get(_url("case-create")).status_code == 403
    assert client.post(_url("case-create"), _intake(cases)).status_code == 403
    assert not Case.objects.exists()


# --- the case page -----------------------------------------------------------------------------


@pytest.fixture
def permit(cases):
    """Received 2 March, in handling; suspended 10 to 20 March for missing documents."""
    case = cases.case(received_on=RECEIVED)
    services.suspend(
        actor=cases.officer,
        case=case,
        start=datetime.date(2026, 3, 10),
        reason=SuspensionReason.AANVULLING,
        note="Tekeningen ontbreken",
    )
    services.resume(actor=cases.officer, case=case, end=datetime.date(2026, 3, 20))
    case.refresh_from_db()
    return case


def test_the_case_page_shows_the_deadline_its_reasons_and_the_timeline(client, cases, permit):
    _document(cases, permit)
    client.force_login(cases.officer)
    response = client.get(_url("case-detail", permit.pk))
    assert response.status_code == 200
    html = _html(response)
    assert f"Zaak {permit.identification}" in html
    assert 'id="zaak-status">in behandeling</span>' in html
    # 27 April + 10 suspended days = Thursday 7 May.
    assert 'id="uiterste-datum">donderdag 7 mei 2026</dd>' in html
    assert "Oorspronkelijke uiterste datum: 28 april 2026." in html
    assert "10 dagen opgeschort." in html
    assert (
        "Termijn eindigt op maandag 27 april 2026 (Koningsdag); verschoven naar dinsdag "
        "28 april 2026 (Atw art. 1)." in html
    )
    assert (
        "Opgeschort van woensdag 11 maart 2026 tot en met vrijdag 20 maart 2026: 10 dagen "
        "(Awb 4:15)." in html
    )
    assert "✕</span> Verlopen" in html
    assert 'id="dagen-over">-25</dd>' in html

    timeline = html.split('id="tijdlijn"')[1].split("</ol>")[0]
    steps = [
        "Status: ontvangen",
        "Document: Aanvraag",
        "Status: ontvangen → in behandeling",
        "Termijn opgeschort: aanvraag onvolledig (Awb 4:15 lid 1 sub a)",
        "Termijn hervat na 10 dagen opschorting",
    ]
    positions = [timeline.index(step) for step in steps]
    assert positions[2] < positions[3] < positions[4]
    assert positions[0] < positions[2]
    assert "Tekeningen ontbreken" in timeline
    # The actions a permit officer may take.
    for title in (
        "Status wijzigen",
        "Opschorten",
        "Termijn verlengen",
        "Ingebrekestelling vastleggen",
    ):
        assert f">{title}</h3>" in html
    assert _url("case-decision-sign", permit.pk) in html
    assert ">Hervatten</h3>" not in html


def test_wabo_cases_warn_of_a_permit_by_default(client, cases):
    case = cases.case(regime="wabo", received_on=RECEIVED)
    client.force_login(cases.officer)
    html = _html(client.get(_url("case-detail", case.pk)))
    assert 'id="risico-van-rechtswege"' in html
    assert "vergunning van rechtswege" in html
    # A Wabo regular permit has no penalty claim, so no notice of default is offered.
    assert ">Ingebrekestelling vastleggen</h3>" not in html


def test_a_notice_of_default_shows_the_penalty_so_far(client, cases):
    case = cases.case(received_on=RECEIVED)  # due 28 April
    client.force_login(cases.officer)
    response = client.post(
        _url("case-notice-of-default", case.pk), {"ingebrekestelling-received_on": "2026-05-04"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("case-detail", case.pk) + "#actie-ingebrekestelling"
    html = _html(client.get(response["Location"]))
    assert "De ingebrekestelling van maandag 4 mei 2026 is vastgelegd." in html
    # Penalty from 19 May through 1 June: 14 days at € 23.
    assert "verschuldigd vanaf 19 mei 2026: 14 dagen, € 322,00." in html
    assert "Ingebrekestelling ontvangen (Awb 4:17)" in html


def test_the_participant_pages_are_tenant_scoped(client, cases, permit, make_user, asten):
    document = _document(cases, permit, confidentiality=Confidentiality.OPENBAAR)
    client.force_login(_deelnemer(make_user, asten))
    assert client.get(_url("case-detail", permit.pk)).status_code == 404
    assert client.get(_url("case-document-download", document.pk)).status_code == 404
    assert client.get(_url("case-decision-sign", permit.pk)).status_code == 403

    client.force_login(cases.participant_user)
    response = client.get(_url("case-detail", permit.pk))
    assert response.status_code == 200
    html = _html(response)
    assert ">Acties</h2>" not in html
    assert ">Document toevoegen</h3>" not in html
    assert client.get(_url("case-document-download", document.pk)).status_code == 200
    assert (
        client.post(
            _url("case-status", permit.pk),
            {"status-status": "ingetrokken", "status-on": "2026-05-01"},
        ).status_code
        == 403
    )


def test_a_participant_never_sees_a_document_above_its_clearance(client, cases, permit):
    public = _document(cases, permit, confidentiality=Confidentiality.OPENBAAR, title="Publicatie")
    secret = _document(
        cases, permit, confidentiality=Confidentiality.VERTROUWELIJK, title="Bedrijfsgeheim"
    )
    client.force_login(cases.participant_user)  # cleared up to zaakvertrouwelijk
    html = _html(client.get(_url("case-detail", permit.pk)))
    assert "Publicatie" in html
    assert "Bedrijfsgeheim" not in html
    assert client.get(_url("case-document-download", secret.pk)).status_code == 404
    download = client.get(_url("case-document-download", public.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 aanvraag"
    assert download["Content-Disposition"] == 'attachment; filename="aanvraag.pdf"'

    client.force_login(cases.officer)
    html = _html(client.get(_url("case-detail", permit.pk)))
    assert "Bedrijfsgeheim" in html
    assert client.get(_url("case-document-download", secret.pk)).status_code == 200


# --- actions -----------------------------------------------------------------------------------


def test_a_status_change_offers_the_next_steps_and_refuses_an_illegal_one(client, cases):
    case = cases.case(received_on=RECEIVED)
    client.force_login(cases.officer)
    html = _html(client.get(_url("case-detail", case.pk)))
    form = html.split('id="actie-status"')[1].split("</form>")[0]
    assert '<option value="ingetrokken">ingetrokken door aanvrager</option>' in form
    assert 'value="afgehandeld"' not in form
    assert 'value="besloten"' not in form  # signing, not a status change, decides

    records = AuditRecord.objects.count()
    response = client.post(
        _url("case-status", case.pk),
        {"status-status": "afgehandeld", "status-on": "2026-05-01", "status-note": ""},
    )
    assert response.status_code == 409
    html = _html(response)
    assert (
        "Een zaak met status &#x27;in behandeling&#x27; kan bij de reguliere procedure niet naar "
        "&#x27;afgehandeld&#x27;; mogelijk is: "
    ) in html
    assert 'id="id_status-status-fout"' in html
    assert 'href="#actie-status"' in html  # the summary at the top leads to the form
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_BEHANDELING
    assert AuditRecord.objects.count() == records

    response = client.post(
        _url("case-status", case.pk), {"status-status": "besloten", "status-on": "2026-05-01"}
    )
    assert response.status_code == 409
    assert "volgt uit opschorten of ondertekenen" in _html(response)

    response = client.post(
        _url("case-status", case.pk),
        {"status-status": "ingetrokken", "status-on": "2026-05-01", "status-note": "Per brief"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (CaseStatus.INGETROKKEN, datetime.date(2026, 5, 1))


def test_suspend_resume_and_extend_move_the_due_date(client, cases):
    case = cases.case(received_on=RECEIVED)
    client.force_login(cases.officer)
    response = client.post(
        _url("case-suspend", case.pk),
        {
            "opschorten-start": "2026-03-10",
            "opschorten-reason": "aanvulling",
            "opschorten-note": "Tekeningen ontbreken",
        },
    )
    assert response.status_code == 302
    html = _html(client.get(response["Location"]))
    assert "De zaak is opgeschort vanaf dinsdag 10 maart 2026; de termijn staat stil." in html
    assert ">Hervatten</h3>" in html
    assert "‖</span> Opgeschort" in html

    response = client.post(
        _url("case-resume", case.pk), {"hervatten-end": "2026-03-20", "hervatten-note": ""}
    )
    assert response.status_code == 302
    html = _html(client.get(response["Location"]))
    assert "de uiterste datum is nu donderdag 7 mei 2026." in html

    response = client.post(
        _url("case-extend", case.pk),
        {
            "verlengen-decided_on": "2026-04-01",
            "verlengen-weeks": "6",
            "verlengen-reason": "Advies van de brandweer nodig",
        },
    )
    assert response.status_code == 302
    html = _html(client.get(response["Location"]))
    # 7 May + 6 weeks = Thursday 18 June.
    assert (
        "De termijn is verlengd met 6 weken; de uiterste datum is nu donderdag 18 juni 2026."
        in html
    )
    assert 'id="uiterste-datum">donderdag 18 juni 2026</dd>' in html
    assert "Termijn verlengd met 6 weken" in html  # on the timeline
    assert ">Termijn verlengen</h3>" not in html  # only once
    case.refresh_from_db()
    assert case.due_on == datetime.date(2026, 6, 18)


def test_a_late_extension_shows_the_engines_sentence_and_writes_nothing(client, cases):
    case = cases.case(received_on=RECEIVED)  # due 28 April
    client.force_login(cases.officer)
    response = client.post(
        _url("case-extend", case.pk),
        {
            "verlengen-decided_on": "2026-04-29",
            "verlengen-weeks": "6",
            "verlengen-reason": "Te laat bedacht",
        },
    )
    assert response.status_code == 409
    html = _html(response)
    assert (
        'id="id_verlengen-decided_on-fout">De termijn liep af op dinsdag 28 april 2026; een '
        "verlenging op woensdag 29 april 2026 is te laat.</p>"
    ) in html
    assert 'value="Te laat bedacht"' in html or "Te laat bedacht</textarea>" in html
    assert not Extension.objects.exists()
    case.refresh_from_db()
    assert case.due_on == datetime.date(2026, 4, 28)


def test_a_suspension_refusal_is_shown_at_the_field(client, cases):
    case = cases.case(received_on=RECEIVED)
    client.force_login(cases.officer)
    response = client.post(
        _url("case-suspend", case.pk),
        {"opschorten-start": "2026-02-01", "opschorten-reason": "aanvulling"},
    )
    assert response.status_code == 409
    assert "Een opschorting kan niet beginnen vóór de ontvangst op maandag 2 maart 2026." in _html(
        response
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_BEHANDELING


def test_relating_cases(client, cases, asten):
    case = cases.case(received_on=RECEIVED)
    other = cases.case(subject="Handhaving", code="handhavingsverzoek", received_on=RECEIVED)
    elsewhere = cases.case(participant=asten, received_on=RECEIVED)
    client.force_login(cases.officer)
    url = _url("case-relate", case.pk)
    response = client.post(url, {"relateren-other": "Z-2026-999999", "relateren-kind": "onderwerp"})
    assert response.status_code == 422
    assert "Geen zaak gevonden met zaaknummer Z-2026-999999." in _html(response)
    response = client.post(
        url, {"relateren-other": elsewhere.identification, "relateren-kind": "onderwerp"}
    )
    assert response.status_code == 422
    assert "Alleen zaken van dezelfde deelnemer worden aan elkaar gerelateerd." in _html(response)
    response = client.post(
        url, {"relateren-other": other.identification, "relateren-kind": "vervolg"}
    )
    assert response.status_code == 302
    assert CaseRelation.objects.filter(source=case, target=other, kind="vervolg").exists()
    html = _html(client.get(_url("case-detail", other.pk)))
    related = html.split('id="gerelateerde-zaken"')[1].split("</ul>")[0]
    assert case.identification in related
    assert "Vervolg op" in related


def test_a_document_is_uploaded_listed_and_downloaded(client, cases, permit):
    client.force_login(cases.officer)
    response = client.post(
        _url("case-document-add", permit.pk),
        {
            "document-title": "Aanvulling tekeningen",
            "document-document_type": "aanvulling",
            "document-confidentiality": "vertrouwelijk",
            "document-document_date": "2026-03-20",
            "document-author": "",
            "document-file": SimpleUploadedFile(
                "tekening.pdf", b"%PDF tekening", "application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.title, document.confidentiality, document.size) == (
        "Aanvulling tekeningen",
        "vertrouwelijk",
        13,
    )
    html = _html(client.get(_url("case-detail", permit.pk)))
    assert _url("case-document-download", document.pk) in html
    assert "Document: Aanvulling tekeningen" in html

    response = client.post(
        _url("case-document-add", permit.pk),
        {
            "document-title": "Leeg",
            "document-document_type": "overig",
            "document-confidentiality": "openbaar",
            "document-document_date": "2026-03-20",
            "document-file": SimpleUploadedFile("leeg.txt", b"", "text/plain"),
        },
    )
    assert response.status_code == 422
    assert Document.objects.count() == 1


def test_hours_are_booked_on_the_case(client, cases, permit):
    client.force_login(cases.officer)
    response = client.post(
        _url("case-hours", permit.pk),
        {"uren-day": "2026-03-12", "uren-hours": "2,5", "uren-note": "Beoordeling tekeningen"},
    )
    assert response.status_code == 302
    entry = HourEntry.objects.get()
    assert (entry.hours, entry.date, entry.target.case_id) == (
        Decimal("2.5"),
        datetime.date(2026, 3, 12),
        permit.pk,
    )
    html = _html(client.get(_url("case-detail", permit.pk)))
    assert "2,50 uur geboekt op deze zaak." in html
    assert 'id="uren-totaal">2,50</strong>' in html
    assert "Beoordeling tekeningen" in html
    response = client.post(
        _url("case-hours", permit.pk), {"uren-day": "2026-03-12", "uren-hours": "0,1"}
    )
    assert response.status_code == 422
    assert "Boek in kwartieren" in _html(response)
    assert HourEntry.objects.count() == 1


# --- signing -----------------------------------------------------------------------------------


def _sign_data(code="omgevingsvergunning-verlenen", **overrides):
    data = {
        "decision_type": decision_type(code).pk,
        "decision_date": "2026-04-15",
        "summary": "Vergunning verleend met voorschriften.",
        "amount": "",
        "document": "",
    }
    data.update(overrides)
    return data


def test_the_signing_flow_previews_the_chain_then_signs(client, cases, permit):
    client.force_login(cases.officer)
    url = _url("case-decision-sign", permit.pk)
    response = client.get(url)
    assert response.status_code == 200
    html = _html(response)
    for label in (
        "Besluittype",
        "Besluitdatum",
        "Inhoud van het besluit",
        "Bedrag in euro (niet verplicht)",
    ):
        assert f">{label}</label>" in html
    assert "Bestreden besluit" not in html  # a permit case has no objection decisions
    assert "Omgevingsvergunning verlenen" in html
    assert "Last onder dwangsom" not in html  # not a decision type of this case type

    response = client.post(url, {**_sign_data(), "actie": "voorbeeld"})
    assert response.status_code == 200
    html = _html(response)
    assert "U mag dit besluit ondertekenen." in html
    assert "Mandaat: Mandaatbesluit VTH Eindhoven 2024, regel" in html
    assert "Ondermandaat: Ondermandaatbesluit ODZOB 2024" in html
    assert (
        "Namens het college van burgemeester en wethouders van Eindhoven,<br>de directeur van de"
        in html
    )
    assert not Decision.objects.exists()

    response = client.post(url, {**_sign_data(), "actie": "ondertekenen"})
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("case-detail", permit.pk) + f"#besluit-{decision.pk}"
    html = _html(client.get(response["Location"]))
    assert "Het besluit &#x27;Omgevingsvergunning verlenen&#x27; is ondertekend." in html
    namens = html.split(f'id="namens-{decision.pk}">')[1].split("</p>")[0]
    assert namens.startswith("Namens het college van burgemeester en wethouders van Eindhoven,<br>")
    assert namens.endswith(", vergunningverlener")
    assert "Ondermandaat: Ondermandaatbesluit ODZOB 2024" in html
    assert 'id="zaak-status">besluit genomen</span>' in html
    assert "Besluit: Omgevingsvergunning verlenen" in html  # timeline


def test_a_signer_without_mandate_is_refused_with_the_sentence_and_nothing_is_written(
    client, cases, permit
):
    client.force_login(cases.inspector)  # a toezichthouder: no mandate for permits
    url = _url("case-decision-sign", permit.pk)
    sentence = (
        "De toezichthouder heeft geen mandaat of ondermandaat van Eindhoven voor "
        "&#x27;omgevingsvergunning verlenen&#x27;; dat mandaat ligt bij: directeur."
    )
    preview = _html(client.post(url, {**_sign_data(), "actie": "voorbeeld"}))
    assert sentence in preview
    assert 'value="ondertekenen"' not in preview

    records, decisions = AuditRecord.objects.count(), Decision.objects.count()
    response = client.post(url, {**_sign_data(), "actie": "ondertekenen"})
    assert response.status_code == 409
    html = _html(response)
    assert f'<span id="weigering-reden">{sentence}</span>' in html
    assert "Er is niets vastgelegd." in html
    assert (AuditRecord.objects.count(), Decision.objects.count()) == (records, decisions)
    assert not DecisionMandate.objects.exists()
    permit.refresh_from_db()
    assert (permit.status, permit.decided_on) == (CaseStatus.IN_BEHANDELING, None)


def test_signing_errors_from_the_case_rules_are_shown_at_the_field(client, cases, permit):
    client.force_login(cases.officer)
    url = _url("case-decision-sign", permit.pk)
    response = client.post(url, {**_sign_data(summary=""), "actie": "ondertekenen"})
    assert response.status_code == 422
    assert 'id="id_summary-fout">Een besluit heeft een inhoud.</p>' in _html(response)
    response = client.post(url, {**_sign_data(decision_date="2026-02-01"), "actie": "voorbeeld"})
    assert response.status_code == 422
    assert "Een besluit kan niet vóór de ontvangst van de zaak zijn genomen." in _html(response)
    # htmx's live preview always gets the page (200), with the preview explaining itself.
    response = client.post(url, _sign_data(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="mandaatketen"' in _html(response)
    assert not Decision.objects.exists()


def test_a_decision_on_objection_names_the_contested_decision(client, cases, permit):
    decision = mandate_services.decision_sign(
        actor=cases.officer,
        case=permit,
        decision_type=decision_type("omgevingsvergunning-verlenen"),
        decision_date=datetime.date(2026, 4, 15),
        summary="Verleend.",
    )
    objection = cases.case(code="bezwaarschrift", received_on=datetime.date(2026, 5, 1))
    services.relate(actor=cases.officer, case=objection, other=permit, kind="bezwaar")
    client.force_login(cases.director)
    url = _url("case-decision-sign", objection.pk)
    html = _html(client.get(url))
    assert ">Bestreden besluit</label>" in html
    assert (
        f'<option value="{decision.pk}">Omgevingsvergunning verlenen, 15-04-2026 '
        f"({permit.identification})</option>" in html
    )
    response = client.post(
        url,
        {
            **_sign_data("besluit-op-bezwaar", decision_date="2026-05-20", summary="Ongegrond."),
            "contested_decision": decision.pk,
            "actie": "ondertekenen",
        },
    )
    assert response.status_code == 302
    assert Decision.objects.get(case=objection).contested_decision == decision


def test_a_decision_is_withdrawn_and_stays_in_the_dossier(client, cases, permit):
    decision = mandate_services.decision_sign(
        actor=cases.officer,
        case=permit,
        decision_type=decision_type("omgevingsvergunning-verlenen"),
        decision_date=datetime.date(2026, 4, 15),
        summary="Verleend.",
    )
    client.force_login(cases.officer)
    url = _url("case-decision-withdraw", decision.pk)
    key = f"intrekken-{decision.pk}"
    response = client.post(url, {f"{key}-on": "2026-04-20", f"{key}-reason": ""})
    assert response.status_code == 422
    html = _html(response)
    assert f'id="id_{key}-reason-fout">Dit veld is vereist.</p>' in html
    assert f'href="#{key}"' in html
    response = client.post(url, {f"{key}-on": "2026-04-20", f"{key}-reason": "Verkeerde aanvrager"})
    assert response.status_code == 302
    html = _html(client.get(_url("case-detail", permit.pk)))
    assert "ingetrokken per 20-4-2026" in html
    assert "Verkeerde aanvrager" in html
    assert "Besluit ingetrokken: Omgevingsvergunning verlenen" in html
    assert Decision.objects.get().withdrawn_on == datetime.date(2026, 4, 20)
    # A new decision may now supersede it.
    sign = _html(client.get(_url("case-decision-sign", permit.pk)))
    assert ">Vervangt het ingetrokken besluit</label>" in sign


def test_an_amount_over_the_mandate_limit_is_refused_in_the_preview(client, cases):
    case = cases.case(code="handhavingsverzoek", received_on=RECEIVED)
    client.force_login(cases.jurist)
    url = _url("case-decision-sign", case.pk)
    form = _html(client.get(url))
    assert ">Opsteller van het rapport</label>" in form  # a fine is one of its decision types
    assert ">Bestreden besluit</label>" not in form
    response = client.post(
        url,
        {
            **_sign_data("last-onder-dwangsom", amount="12.500,00", summary="Last."),
            "actie": "voorbeeld",
        },
    )
    assert response.status_code == 200
    assert (
        "Het bedrag van € 12.500,00 ligt boven de mandaatgrens van € 10.000,00 voor de jurist."
        in _html(response)
    )
    response = client.post(
        url,
        {
            **_sign_data("last-onder-dwangsom", amount="9.999,99", summary="Last."),
            "actie": "ondertekenen",
        },
    )
    assert response.status_code == 302
    assert Decision.objects.get().amount == Decimal("9999.99")
