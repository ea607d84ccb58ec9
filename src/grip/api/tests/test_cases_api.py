"""Cases through the API: intake to signed decision, the state machine, the deadline moving,
signing with and without mandate, the dossier's clearance rule, tenancy and a lean list."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from grip.api.cases import CaseListSerializer
from grip.cases import services
from grip.cases.constants import CaseStatus
from grip.cases.models import Case, CaseStatusChange, Decision, Document, Extension, Suspension
from grip.cases.tests.factories import case_type, decision_type
from grip.core.models import AuditRecord
from grip.mandates import services as mandate_services
from grip.mandates.models import DecisionMandate
from grip.mandates.tests.factories import CaseWorld
from grip.participants.models import ParticipantMembership

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
RECEIVED = datetime.date(2026, 3, 2)  # + 8 weeks = Monday 27 April 2026, King's Day


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(client: APIClient, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, format="json")


def streamed(response: Any) -> bytes:
    """The body of a streamed (file) response."""
    return b"".join(response.streaming_content)


def upload(
    world: CaseWorld,
    case: Case,
    *,
    title: str,
    confidentiality: str,
    content: bytes = b"%PDF-1.4 inhoud",
    name: str = "stuk.pdf",
) -> Document:
    return services.document_add(
        actor=world.officer,
        case=case,
        title=title,
        document_type="correspondentie",
        upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
        document_date=RECEIVED,
        confidentiality=confidentiality,
    )


def signed(world: CaseWorld, case: Case, *, on: datetime.date = datetime.date(2026, 4, 1)) -> Any:
    return mandate_services.decision_sign(
        actor=world.officer,
        case=case,
        decision_type=decision_type("omgevingsvergunning-verlenen"),
        decision_date=on,
        summary="Vergunning verleend met voorschriften.",
    )


def written() -> tuple[int, ...]:
    """What a refused write must leave as it was."""
    return (
        Decision.objects.count(),
        DecisionMandate.objects.count(),
        CaseStatusChange.objects.count(),
        Suspension.objects.count(),
        Extension.objects.count(),
        AuditRecord.objects.count(),
    )


# --- the whole flow ---------------------------------------------------------------------------


def test_take_in_suspend_resume_extend_and_sign_through_the_api(cases: CaseWorld) -> None:
    officer = client_for(cases.officer)

    # Given the permit officer takes in an application received on 2 March 2026,
    created = post(
        officer,
        "/api/v1/cases/",
        {
            "participant": cases.eindhoven.pk,
            "case_type": case_type("aanvraag-omgevingsvergunning").pk,
            "subject": "Uitbreiding opslag",
            "received_on": RECEIVED.isoformat(),
            "location_description": "Kanaaldijk 12, Eindhoven",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    case_id = body["id"]
    assert body["identification"].startswith("Z-2026-")
    assert (body["status"], body["procedure"], body["team"]) == (
        "ontvangen",
        "regulier",
        case_type("aanvraag-omgevingsvergunning").default_team_id,
    )
    # then the 8-week term ends on King's Day and moves to the next working day.
    assert (body["original_due_on"], body["due_on"]) == ("2026-04-28", "2026-04-28")
    assert body["deadline"]["due"] == "2026-04-28"
    assert any("Koningsdag" in step for step in body["deadline"]["adjustments"])
    assert body["next_statuses"] == ["in_behandeling", "ingetrokken"]

    # When it is taken into handling, suspended for ten days and resumed,
    url = f"/api/v1/cases/{case_id}"
    handled = post(officer, f"{url}/status/", {"to_status": "in_behandeling", "on": "2026-03-02"})
    assert handled.status_code == 200, handled.content
    suspended = post(officer, f"{url}/suspend/", {"start": "2026-03-10", "note": "Aanvulling"})
    assert suspended.status_code == 200, suspended.content
    assert suspended.json()["status"] == "opgeschort"
    assert suspended.json()["deadline"]["suspended_now"] is True
    assert suspended.json()["deadline"]["state"] == "opgeschort"
    resumed = post(officer, f"{url}/resume/", {"end": "2026-03-20"})
    assert resumed.status_code == 200, resumed.content

    # then the due date moves by those ten days,
    after_resume = resumed.json()
    assert (after_resume["status"], after_resume["due_on"]) == ("in_behandeling", "2026-05-07")
    assert after_resume["deadline"]["suspended_days"] == 10
    assert [(s["start"], s["end"]) for s in after_resume["suspensions"]] == [
        ("2026-03-10", "2026-03-20")
    ]

    # and an extension of six weeks, decided in time, moves it again; a second one is refused.
    extended = post(
        officer,
        f"{url}/extend/",
        {"decided_on": "2026-04-01", "weeks": 6, "reason": "Advies van de GGD"},
    )
    assert extended.status_code == 200, extended.content
    after_extension = extended.json()
    assert (after_extension["original_due_on"], after_extension["due_on"]) == (
        "2026-04-28",
        "2026-06-18",
    )
    assert after_extension["extension"] == {
        "decided_on": "2026-04-01",
        "weeks": 6,
        "reason": "Advies van de GGD",
    }
    assert after_extension["deadline"]["extension_days"] == 42
    again = post(
        officer, f"{url}/extend/", {"decided_on": "2026-04-02", "weeks": 1, "reason": "Nog eens"}
    )
    assert again.status_code == 409
    assert again["Content-Type"] == PROBLEM
    assert again.json()["code"] == "extension_refused"
    assert again.json()["detail"] == (
        "De termijn is al verlengd op woensdag 1 april 2026; verlengen kan maar één keer."
    )

    # When the officer previews signing the permit, the chain through the sub-mandate shows,
    sign_body = {
        "decision_type": decision_type("omgevingsvergunning-verlenen").pk,
        "decision_date": "2026-06-01",
        "summary": "Vergunning verleend met voorschriften.",
    }
    before = written()
    preview = post(officer, f"{url}/signing-preview/", sign_body)
    assert preview.status_code == 200, preview.content
    verdict = preview.json()
    assert verdict["allowed"] is True
    assert verdict["refusal"] == ""
    assert len(verdict["chain"]) == 2
    assert verdict["chain"][0].startswith("Mandaat: Mandaatbesluit VTH Eindhoven 2024")
    assert verdict["chain"][1].startswith("Ondermandaat: Ondermandaatbesluit ODZOB 2024")
    assert verdict["mandate_line"] == cases.permit_line.pk
    assert verdict["sub_mandate_line"] is not None
    officer_name = cases.officer.get_full_name()
    assert verdict["namens"] == (
        "Namens het college van burgemeester en wethouders van Eindhoven,\n"
        "de directeur van de Omgevingsdienst Zuidoost-Brabant,\n"
        f"namens deze:\n{officer_name}, vergunningverlener"
    )
    assert written() == before  # a preview writes nothing

    # and signing records the decision with that chain and closes the term.
    sign = post(officer, f"{url}/sign/", sign_body)
    assert sign.status_code == 201, sign.content
    decision = sign.json()
    assert (decision["case"], decision["decision_type_code"], decision["decision_date"]) == (
        case_id,
        "omgevingsvergunning-verlenen",
        "2026-06-01",
    )
    assert decision["namens"] == verdict["namens"]
    assert decision["mandate"] == {
        "mandate_line": cases.permit_line.pk,
        "sub_mandate_line": verdict["sub_mandate_line"],
        "chain": verdict["chain"],
    }
    case = client_for(cases.officer).get(f"{url}/").json()
    assert (case["status"], case["decided_on"]) == ("besloten", "2026-06-01")
    assert (case["deadline"]["state"], case["deadline"]["label"]) == (
        "afgerond",
        "op tijd afgerond",
    )
    assert case["deadline"]["days_left"] is None

    history = officer.get(f"{url}/statuses/")
    assert history.status_code == 200
    assert [(row["from_status"], row["status"], row["on"]) for row in history.json()] == [
        ("", "ontvangen", "2026-03-02"),
        ("ontvangen", "in_behandeling", "2026-03-02"),
        ("in_behandeling", "opgeschort", "2026-03-10"),
        ("opgeschort", "in_behandeling", "2026-03-20"),
        ("in_behandeling", "besloten", "2026-06-01"),
    ]
    assert history.json()[1]["actor"] == officer_name

    decisions = officer.get(f"/api/v1/decisions/?case={case_id}").json()
    assert [row["id"] for row in decisions["results"]] == [decision["id"]]
    detail = officer.get(f"/api/v1/decisions/{decision['id']}/").json()
    assert (detail["signer_name"], detail["signer_function_name"]) == (
        officer_name,
        "Vergunningverlener",
    )
    assert detail["mandate"]["chain"] == verdict["chain"]
    assert detail["superseded_by"] is None


# --- refusals ---------------------------------------------------------------------------------


def test_an_illegal_transition_is_a_409_and_changes_nothing(cases: CaseWorld) -> None:
    case = cases.case(received_on=RECEIVED, in_progress=False)
    officer = client_for(cases.officer)
    url = f"/api/v1/cases/{case.pk}"
    before = written()

    closed = post(officer, f"{url}/status/", {"to_status": "afgehandeld", "on": "2026-03-05"})
    assert closed.status_code == 409
    assert closed["Content-Type"] == PROBLEM
    assert closed.json()["code"] == "illegal_transition"
    assert closed.json()["detail"] == (
        "Een zaak met status 'ontvangen' kan bij de reguliere procedure niet naar "
        "'afgehandeld'; mogelijk is: in behandeling, ingetrokken door aanvrager."
    )
    signed_status = post(officer, f"{url}/status/", {"to_status": "besloten"})
    assert signed_status.status_code == 409
    assert signed_status.json()["code"] == "service_only_status"
    not_yet = post(officer, f"{url}/suspend/", {"start": "2026-03-05"})
    assert not_yet.status_code == 409
    assert not_yet.json()["code"] == "illegal_transition"
    unknown = post(officer, f"{url}/status/", {"to_status": "klaar"})
    assert unknown.status_code == 400
    assert unknown.json()["invalid_params"][0]["name"] == "to_status"

    assert written() == before
    case.refresh_from_db()
    assert case.status == CaseStatus.ONTVANGEN


def test_a_late_extension_is_refused_with_the_reason(cases: CaseWorld) -> None:
    case = cases.case(received_on=RECEIVED)
    before = written()
    late = post(
        client_for(cases.officer),
        f"/api/v1/cases/{case.pk}/extend/",
        {"decided_on": "2026-04-29", "weeks": 6, "reason": "Te laat"},
    )
    assert late.status_code == 409
    assert late.json()["detail"] == (
        "De termijn liep af op dinsdag 28 april 2026; een verlenging op woensdag 29 april 2026 "
        "is te laat."
    )
    assert late.json()["invalid_params"][0]["name"] == "decided_on"
    assert written() == before
    case.refresh_from_db()
    assert case.due_on == datetime.date(2026, 4, 28)


def test_signing_without_a_mandate_is_refused_with_one_sentence_and_writes_nothing(
    cases: CaseWorld, api_as: Any
) -> None:
    case = cases.case(received_on=RECEIVED)
    body = {
        "decision_type": decision_type("omgevingsvergunning-verlenen").pk,
        "decision_date": "2026-04-01",
        "summary": "Vergunning verleend.",
    }
    url = f"/api/v1/cases/{case.pk}"
    sentence = (
        "De toezichthouder heeft geen mandaat of ondermandaat van Eindhoven voor "
        "'omgevingsvergunning verlenen'; dat mandaat ligt bij: directeur."
    )
    before = written()

    # The toezichthouder may sign decisions, but holds no mandate for permits:
    inspector = client_for(cases.inspector)
    preview = post(inspector, f"{url}/signing-preview/", body)
    assert preview.status_code == 200
    assert preview.json() == {
        "allowed": False,
        "refusal": sentence,
        "chain": [],
        "namens": "",
        "mandate_line": None,
        "sub_mandate_line": None,
    }
    refused = post(inspector, f"{url}/sign/", body)
    assert refused.status_code == 409
    assert refused["Content-Type"] == PROBLEM
    assert (refused.json()["code"], refused.json()["detail"]) == ("mandate_refused", sentence)

    # A decision type of another case type is a 400 from the case's own rules.
    wrong_type = post(
        client_for(cases.officer),
        f"{url}/sign/",
        {**body, "decision_type": decision_type("maatwerkvoorschrift-stellen").pk},
    )
    assert wrong_type.status_code == 400
    assert wrong_type.json()["code"] == "decision_type_not_in_case_type"

    # Nobody holds a mandate for this decision type at all: the sentence says so.
    notice = cases.case(code="melding-bal", received_on=RECEIVED)
    nobody = post(
        client_for(cases.officer),
        f"/api/v1/cases/{notice.pk}/sign/",
        {**body, "decision_type": decision_type("maatwerkvoorschrift-stellen").pk},
    )
    assert nobody.status_code == 409
    assert nobody.json()["detail"] == (
        "Eindhoven heeft het besluittype 'maatwerkvoorschrift stellen' aan niemand gemandateerd."
    )
    before = written()

    # Whoever may not sign decisions at all is refused before anything is read.
    for client in (api_as("kis"), client_for(cases.participant_user)):
        assert post(client, f"{url}/sign/", body).status_code == 403
        assert post(client, f"{url}/signing-preview/", body).status_code == 403

    assert written() == before
    case.refresh_from_db()
    assert (case.status, case.decided_on) == (CaseStatus.IN_BEHANDELING, None)


def test_a_withdrawn_decision_stays_and_is_withdrawn_once(cases: CaseWorld) -> None:
    decision = signed(cases, cases.case(received_on=RECEIVED))
    url = f"/api/v1/decisions/{decision.pk}/withdraw/"
    assert post(client_for(cases.participant_user), url, {"reason": "x"}).status_code == 403
    withdrawn = post(client_for(cases.officer), url, {"on": "2026-05-01", "reason": "Fout"})
    assert withdrawn.status_code == 200, withdrawn.content
    assert (withdrawn.json()["withdrawn_on"], withdrawn.json()["withdrawal_reason"]) == (
        "2026-05-01",
        "Fout",
    )
    twice = post(client_for(cases.officer), url, {"reason": "Nogmaals"})
    assert twice.status_code == 409
    assert twice.json()["code"] == "already_withdrawn"
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_notice_of_default_shows_the_penalty_and_wabo_the_permit_by_default_risk(
    cases: CaseWorld,
) -> None:
    officer = client_for(cases.officer)
    case = cases.case(received_on=RECEIVED)  # due 28 April 2026, undecided ever since
    noticed = post(
        officer, f"/api/v1/cases/{case.pk}/notice-of-default/", {"received_on": "2026-05-04"}
    )
    assert noticed.status_code == 200, noticed.content
    body = noticed.json()
    assert body["notice_of_default_on"] == "2026-05-04"
    assert body["deadline"]["state"] == "verlopen"
    assert body["deadline"]["permit_by_default_risk"] is False
    assert body["deadline"]["penalty_claim"] == {
        "notice_received": "2026-05-04",
        "first_penalty_day": "2026-05-19",
        "days": 42,
        "amount": "1442.00",
        "capped": True,
    }

    wabo = cases.case(received_on=RECEIVED, regime="wabo", subject="Oud recht")
    detail = officer.get(f"/api/v1/cases/{wabo.pk}/").json()
    assert detail["deadline"]["permit_by_default_risk"] is True
    assert detail["deadline"]["penalty_claim"] is None


def test_create_update_and_relate_go_through_the_services(cases: CaseWorld) -> None:
    officer = client_for(cases.officer)
    body = {
        "participant": cases.eindhoven.pk,
        "case_type": case_type("milieuklacht").pk,
        "subject": "Geurhinder",
        "received_on": "2026-03-02",
    }
    no_location = post(officer, "/api/v1/cases/", body)
    assert no_location.status_code == 400
    assert no_location.json()["code"] == "no_location"
    assert post(client_for(cases.participant_user), "/api/v1/cases/", body).status_code == 403
    assert not Case.objects.exists()

    created = post(officer, "/api/v1/cases/", {**body, "location_description": "Strijp"})
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    patched = officer.patch(
        f"/api/v1/cases/{case_id}/",
        {"subject": "Geurhinder bakkerij", "assigned_to": cases.inspector.employee.pk},
        format="json",
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["subject"], patched.json()["assigned_to_name"]) == (
        "Geurhinder bakkerij",
        cases.inspector.employee.full_name,
    )
    assert (
        client_for(cases.participant_user)
        .patch(f"/api/v1/cases/{case_id}/", {"subject": "x"}, format="json")
        .status_code
        == 403
    )

    other = cases.case(received_on=RECEIVED)
    related = post(officer, f"/api/v1/cases/{case_id}/relate/", {"other": other.pk})
    assert related.status_code == 200, related.content
    assert [(row["id"], row["relation"]) for row in related.json()["related"]] == [
        (other.pk, "betreft dezelfde situatie")
    ]
    asten_case = cases.case(participant=cases.asten, received_on=RECEIVED)
    refused = post(officer, f"/api/v1/cases/{case_id}/relate/", {"other": asten_case.pk})
    assert refused.status_code == 400
    assert refused.json()["code"] == "other_participant"


# --- the dossier ------------------------------------------------------------------------------


def test_documents_are_uploaded_downloaded_and_hidden_above_the_clearance(
    cases: CaseWorld,
) -> None:
    case = cases.case(received_on=RECEIVED)
    officer = client_for(cases.officer)
    documents = {}
    for level, content in [
        ("openbaar", b"openbaar stuk"),
        ("zaakvertrouwelijk", b"zaakvertrouwelijk stuk"),
        ("geheim", b"geheim stuk"),
    ]:
        response = officer.post(
            "/api/v1/documents/",
            {
                "case": case.pk,
                "title": f"Stuk {level}",
                "document_type": "rapport",
                "confidentiality": level,
                "file": SimpleUploadedFile(f"{level}.pdf", content, "application/pdf"),
            },
            format="multipart",
        )
        assert response.status_code == 201, response.content
        documents[level] = response.json()
        assert (response.json()["sha256"], response.json()["size"]) == (
            hashlib.sha256(content).hexdigest(),
            len(content),
        )
    secret = documents["geheim"]
    assert secret["download"].endswith(f"/api/v1/documents/{secret['id']}/download/")

    # Staff read every level and download the file itself.
    assert len(officer.get(f"/api/v1/documents/?case={case.pk}").json()["results"]) == 3
    download = officer.get(f"/api/v1/documents/{secret['id']}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="geheim.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert streamed(download) == b"geheim stuk"

    # Eindhoven's own user, cleared up to zaakvertrouwelijk, never sees the secret one.
    participant = client_for(cases.participant_user)
    listed = participant.get(f"/api/v1/documents/?case={case.pk}").json()["results"]
    assert sorted(row["confidentiality"] for row in listed) == ["openbaar", "zaakvertrouwelijk"]
    assert len(participant.get("/api/v1/documents/").json()["results"]) == 2
    for url in (
        f"/api/v1/documents/{secret['id']}/",
        f"/api/v1/documents/{secret['id']}/download/",
    ):
        hidden = participant.get(url)
        assert hidden.status_code == 404, url
        assert hidden["Content-Type"] == PROBLEM
        assert b"geheim" not in hidden.content
    public = participant.get(f"/api/v1/documents/{documents['openbaar']['id']}/download/")
    assert streamed(public) == b"openbaar stuk"

    # Cleared for openbaar only, it sees one. (No service sets a clearance yet: the beheerder
    # does that in the admin.)
    ParticipantMembership.objects.filter(user=cases.participant_user).update(clearance="openbaar")
    listed = participant.get(f"/api/v1/documents/?case={case.pk}").json()["results"]
    assert [row["confidentiality"] for row in listed] == ["openbaar"]
    restricted = documents["zaakvertrouwelijk"]["id"]
    assert participant.get(f"/api/v1/documents/{restricted}/download/").status_code == 404

    # A participant user puts nothing in a dossier.
    refused = participant.post(
        "/api/v1/documents/",
        {
            "case": case.pk,
            "title": "x",
            "document_type": "overig",
            "file": SimpleUploadedFile("x.txt", b"x", "text/plain"),
        },
        format="multipart",
    )
    assert refused.status_code == 403
    assert Document.objects.count() == 3


def test_an_upload_without_a_file_or_with_an_empty_one(cases: CaseWorld) -> None:
    case = cases.case(received_on=RECEIVED)
    officer = client_for(cases.officer)
    body = {"case": case.pk, "title": "Leeg", "document_type": "overig"}
    missing = officer.post("/api/v1/documents/", body, format="multipart")
    assert missing.status_code == 400
    assert missing.json()["invalid_params"][0]["name"] == "file"
    empty = officer.post(
        "/api/v1/documents/",
        {**body, "file": SimpleUploadedFile("leeg.txt", b"", "text/plain")},
        format="multipart",
    )
    assert empty.status_code == 400
    assert not Document.objects.exists()


# --- tenancy ----------------------------------------------------------------------------------


def test_a_user_of_asten_sees_nothing_of_eindhoven(cases: CaseWorld, make_user: Any) -> None:
    case = cases.case(received_on=RECEIVED)
    document = upload(cases, case, title="Openbaar stuk", confidentiality="openbaar")
    decision = signed(cases, case)
    asten_case = cases.case(participant=cases.asten, received_on=RECEIVED, subject="Asten")
    client = client_for(make_user(participant=cases.asten))

    hidden = [
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/cases/{case.pk}/statuses/",
        f"/api/v1/documents/{document.pk}/",
        f"/api/v1/documents/{document.pk}/download/",
        f"/api/v1/decisions/{decision.pk}/",
    ]
    for url in hidden:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == PROBLEM
        assert "Eindhoven" not in response.content.decode()
    assert client.get(f"/api/v1/cases/{asten_case.pk}/").status_code == 200

    own = client.get("/api/v1/cases/").json()["results"]
    assert [row["id"] for row in own] == [asten_case.pk]
    for url in [
        f"/api/v1/cases/?participant={cases.eindhoven.pk}",
        f"/api/v1/documents/?case={case.pk}",
        "/api/v1/documents/",
        f"/api/v1/decisions/?case={case.pk}",
        "/api/v1/decisions/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.json()["results"] == [], url
    assert client.get("/api/v1/cases/counts/").json()["open"] == 1

    # Writes: a participant user holds no case permission; nothing changes.
    before = written()
    for response in [
        post(client, f"/api/v1/cases/{case.pk}/status/", {"to_status": "ingetrokken"}),
        post(client, f"/api/v1/decisions/{decision.pk}/withdraw/", {"reason": "x"}),
    ]:
        assert response.status_code == 403
    assert written() == before

    # Eindhoven's own user reads the case, its history and its decision.
    eindhoven = client_for(cases.participant_user)
    assert eindhoven.get(f"/api/v1/cases/{case.pk}/").status_code == 200
    assert len(eindhoven.get(f"/api/v1/cases/{case.pk}/statuses/").json()) == 3
    assert eindhoven.get(f"/api/v1/decisions/{decision.pk}/").status_code == 200


def test_a_case_of_another_participant_cannot_be_named_even_with_a_write_permission(
    cases: CaseWorld, make_user: Any
) -> None:
    """Defence in depth: an input names only cases the user may see; another participant's
    case is 'does not exist', exactly as a case that does not exist."""
    eindhoven_case = cases.case(received_on=RECEIVED)
    user = make_user(participant=cases.asten)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="add_document")
    )

    def attempt(case_id: int) -> Any:
        return client_for(user).post(
            "/api/v1/documents/",
            {
                "case": case_id,
                "title": "x",
                "document_type": "overig",
                "file": SimpleUploadedFile("x.txt", b"x", "text/plain"),
            },
            format="multipart",
        )

    seen, unknown = attempt(eindhoven_case.pk), attempt(999999)
    assert seen.status_code == unknown.status_code == 400
    [seen_param], [unknown_param] = seen.json()["invalid_params"], unknown.json()["invalid_params"]
    assert (seen_param["name"], seen_param["code"]) == ("case", "does_not_exist")
    assert seen_param["reason"].replace(str(eindhoven_case.pk), "N") == unknown_param[
        "reason"
    ].replace("999999", "N")
    assert not Document.objects.exists()


# --- the list ---------------------------------------------------------------------------------


def _list_queries(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_case_list_filters_on_the_traffic_lights_and_pages_by_cursor(
    cases: CaseWorld, django_assert_max_num_queries: Any
) -> None:
    today = timezone.localdate()
    overdue = cases.case(received_on=RECEIVED, subject="Verlopen")
    fresh = cases.case(received_on=today - datetime.timedelta(days=3), subject="Vers")
    soon = cases.case(received_on=today - datetime.timedelta(days=52), subject="Bijna")
    paused = cases.case(received_on=today - datetime.timedelta(days=20), subject="Stil")
    services.suspend(actor=cases.officer, case=paused, start=today - datetime.timedelta(days=5))
    withdrawn = cases.case(received_on=RECEIVED, subject="Ingetrokken", in_progress=False)
    services.status_change(
        actor=cases.officer, case=withdrawn, to_status="ingetrokken", on=RECEIVED
    )
    notice = cases.case(code="melding-bal", received_on=today, subject="Melding")
    asten = cases.case(participant=cases.asten, received_on=today, subject="Asten")
    client = client_for(cases.officer)

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/v1/cases/?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("due=verlopen") == [overdue.pk]
    assert ids("due=op_tijd") == [asten.pk, notice.pk, fresh.pk]
    assert ids("due=bijna") == [soon.pk]
    assert ids("due=opgeschort") == [paused.pk]
    assert withdrawn.pk not in ids("status=open")
    assert ids("status=ingetrokken") == [withdrawn.pk]
    assert ids("case_type=melding-bal") == [notice.pk]
    assert ids(f"participant={cases.asten.pk}") == [asten.pk]
    assert ids(f"q={overdue.identification}") == [overdue.pk]
    assert ids("q=bijna") == [soon.pk]
    assert ids(f"assigned_to={cases.inspector.employee.pk}") == []

    rows = {row["id"]: row for row in client.get("/api/v1/cases/").json()["results"]}
    assert set(rows[overdue.pk]) == set(CaseListSerializer().fields)
    assert (rows[overdue.pk]["deadline_state"], rows[overdue.pk]["due_on"]) == (
        "verlopen",
        "2026-04-28",
    )
    assert rows[overdue.pk]["days_left"] == (datetime.date(2026, 4, 28) - today).days
    assert (rows[paused.pk]["deadline_state"], rows[paused.pk]["days_left"]) == ("opgeschort", None)
    assert (rows[soon.pk]["deadline_state"], rows[withdrawn.pk]["deadline_state"]) == (
        "bijna",
        "afgerond",
    )
    assert rows[fresh.pk]["participant_code"] == "GM0772"

    # Cursor pages, newest first: every case once, no count.
    seen: list[int] = []
    url: str | None = "/api/v1/cases/?page_size=3"
    while url:
        page = client.get(url).json()
        assert "count" not in page
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == sorted(Case.objects.values_list("pk", flat=True), reverse=True)

    # One query for the page, however many cases: the same count for 7 cases as for 27.
    client.get("/api/v1/cases/")  # warm the user's permission cache
    few = _list_queries(client, "/api/v1/cases/")
    for number in range(20):
        cases.case(received_on=RECEIVED, subject=f"Extra {number}", in_progress=False)
    many = _list_queries(client, "/api/v1/cases/")
    assert many == few
    with django_assert_max_num_queries(2):
        assert len(client.get("/api/v1/cases/?page_size=50").json()["results"]) == 27


def test_the_traffic_light_totals(cases: CaseWorld) -> None:
    cases.case(received_on=RECEIVED)
    cases.case(received_on=timezone.localdate())
    counts = client_for(cases.officer).get("/api/v1/cases/counts/").json()
    assert counts == {"open": 2, "verlopen": 1, "bijna": 0, "op_tijd": 1, "opgeschort": 0}


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/cases/?due=morgen", "due"),
        ("/api/v1/cases/?status=klaar", "status"),
        ("/api/v1/cases/?participant=eindhoven", "participant"),
        ("/api/v1/documents/?case=x", "case"),
        ("/api/v1/case-types/?geldig_op=gisteren", "geldig_op"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api_as: Any, url: str, name: str) -> None:
    response = api_as("bestuur").get(url)
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == name


# --- case types and decision types ------------------------------------------------------------


def test_case_types_by_date_and_decision_types(api_as: Any, eindhoven: Any, make_user: Any) -> None:
    client = client_for(make_user(participant=eindhoven))
    listing = client.get("/api/v1/case-types/?page_size=100").json()
    assert listing["count"] == 11
    permit = next(
        row for row in listing["results"] if row["code"] == "aanvraag-omgevingsvergunning"
    )
    assert (permit["version"], permit["term_weeks"], permit["max_extension_weeks"]) == (1, 8, 6)
    assert (permit["procedure"], permit["plichttype"]) == ("regulier", "aanvraag_vergunning")
    assert sorted(row["code"] for row in permit["decision_types"]) == [
        "omgevingsvergunning-verlenen",
        "omgevingsvergunning-weigeren",
    ]
    # Wabo-era case types from 1 October 2010; the Bal's melding and informatie from 2024.
    assert client.get("/api/v1/case-types/?geldig_op=2010-09-30").json()["count"] == 0
    assert client.get("/api/v1/case-types/?geldig_op=2023-12-31").json()["count"] == 9
    assert client.get("/api/v1/case-types/?geldig_op=2026-01-01").json()["count"] == 11
    types = client.get("/api/v1/decision-types/?page_size=100").json()
    assert types["count"] == 11
    assert {row["kind"] for row in types["results"]} >= {"beschikking", "bestuurlijke_boete"}
    # Writes go through the services (test_case_types_api.py); an empty body is refused.
    assert api_as("beheerder").post("/api/v1/case-types/", {}, format="json").status_code == 400
    assert api_as("medewerker").post("/api/v1/case-types/", {}, format="json").status_code == 403


def test_the_dossier_lists_cost_the_same_queries_for_one_case_as_for_several(
    cases: CaseWorld,
) -> None:
    client = client_for(cases.participant_user)
    urls = ["/api/v1/documents/", "/api/v1/decisions/"]

    def add_case(number: int) -> None:
        case = cases.case(received_on=RECEIVED, subject=f"Zaak {number}")
        upload(cases, case, title=f"Stuk {number}", confidentiality="openbaar")
        upload(cases, case, title=f"Brief {number}", confidentiality="zaakvertrouwelijk")
        signed(cases, case)

    def queries() -> dict[str, int]:
        result = {}
        for url in urls:
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            result[url] = len(context.captured_queries)
        return result

    add_case(0)
    for url in urls:
        client.get(url)  # warm the user's permission cache
    one = queries()
    for number in range(1, 5):
        add_case(number)
    assert queries() == one
    assert len(client.get("/api/v1/documents/").json()["results"]) == 10
    assert len(client.get("/api/v1/decisions/").json()["results"]) == 5
