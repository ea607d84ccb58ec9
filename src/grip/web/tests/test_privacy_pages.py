"""Reads of personal data are logged (the case page, a document download, the API's case), and
the pages of the processing register and the access log."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from grip.cases import services
from grip.cases.models import Case
from grip.core.classification import Confidentiality
from grip.dataplatform import accesslog, privacy
from grip.dataplatform.models import AccessLogLine, ProcessingActivity
from grip.dataplatform.pseudonym import pseudonymise
from grip.mandates.tests.factories import CaseWorld

pytestmark = pytest.mark.django_db

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _case(world: CaseWorld, **kwargs: Any) -> Case:
    return world.case(**kwargs)


def _uri(code: str) -> str:
    return privacy.activity_uri(privacy.current_activity(code))


def test_opening_a_case_with_a_person_writes_one_line(cases: CaseWorld) -> None:
    case = _case(cases, person_name="Jan de Vries", person_contact="06 12345678")
    response = _client(cases.inspector).get(
        reverse("web:case-detail", args=[case.pk]),
        HTTP_TRACEPARENT=f"00-{TRACE}-00f067aa0ba902b7-01",
    )
    assert response.status_code == 200
    line = AccessLogLine.objects.get()
    assert (line.name, line.dataset, line.object_pk, line.outcome) == (
        "zaak.inzien",
        "cases.case",
        str(case.pk),
        "getoond",
    )
    assert line.actor == str(cases.inspector.pk)
    assert line.processing_activity_id == _uri("vth-vergunningverlening")
    assert line.data_subject_id == pseudonymise(f"case:{case.pk}:person")
    assert line.data_subject_id_type == "grip:person"
    assert (line.trace_id, line.parent_span_id) == (TRACE, "00f067aa0ba902b7")
    assert "Jan de Vries" not in str(AccessLogLine.objects.values_list())
    assert accesslog.verify() == []


def test_a_complaint_is_logged_under_the_complaints_activity(cases: CaseWorld) -> None:
    case = _case(cases, code="milieuklacht", person_name="Melder Mulder")
    _client(cases.officer).get(reverse("web:case-detail", args=[case.pk]))
    line = AccessLogLine.objects.get()
    assert line.processing_activity_id == _uri("klachten")
    assert len(line.trace_id) == 32  # no traceparent: a fresh trace id


def test_a_case_without_a_person_writes_nothing(cases: CaseWorld) -> None:
    case = _case(cases)
    assert case.person_name == ""
    assert _client(cases.officer).get(reverse("web:case-detail", args=[case.pk])).status_code == 200
    assert not AccessLogLine.objects.exists()


def test_the_case_list_shows_no_person_and_writes_nothing(cases: CaseWorld) -> None:
    _case(cases, person_name="Jan de Vries")
    response = _client(cases.officer).get(reverse("web:case-list"))
    assert response.status_code == 200
    assert "Jan de Vries" not in response.content.decode()
    assert not AccessLogLine.objects.exists()


def test_a_refused_case_is_logged_as_refused(cases: CaseWorld, make_user: Any) -> None:
    other = _case(cases, participant=cases.asten, person_name="Piet Asten")
    outsider = make_user(participant=cases.eindhoven)
    response = _client(outsider).get(reverse("web:case-detail", args=[other.pk]))
    assert response.status_code == 404
    line = AccessLogLine.objects.get()
    assert (line.outcome, line.object_pk, line.actor) == (
        "geweigerd",
        str(other.pk),
        str(outsider.pk),
    )
    # A case that does not exist is nobody's data: nothing to log.
    assert _client(outsider).get(reverse("web:case-detail", args=[999999])).status_code == 404
    assert AccessLogLine.objects.count() == 1


def test_a_document_download_is_logged(cases: CaseWorld) -> None:
    case = _case(cases, person_name="Jan de Vries")
    document = services.document_add(
        actor=cases.officer,
        case=case,
        title="Aanvraag",
        document_type="aanvraag",
        upload=SimpleUploadedFile("aanvraag.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        document_date=datetime.date(2026, 3, 2),
        confidentiality=Confidentiality.ZAAKVERTROUWELIJK,
    )
    response = _client(cases.officer).get(reverse("web:case-document-download", args=[document.pk]))
    assert response.status_code == 200
    line = AccessLogLine.objects.get()
    assert (line.name, line.dataset, line.object_pk) == (
        "document.downloaden",
        "cases.document",
        str(document.pk),
    )
    assert line.data_subject_id == pseudonymise(f"case:{case.pk}:person")


def test_the_api_case_detail_is_logged_and_the_list_is_not(cases: CaseWorld) -> None:
    case = _case(cases, code="controle", person_name="Jan de Vries")
    client = APIClient()
    client.force_authenticate(cases.inspector)
    listing = client.get("/api/v1/cases/")
    assert listing.status_code == 200
    assert "Jan de Vries" not in listing.content.decode()
    assert not AccessLogLine.objects.exists()
    detail = client.get(f"/api/v1/cases/{case.pk}/")
    assert detail.status_code == 200
    assert detail.json()["person_name"] == "Jan de Vries"
    line = AccessLogLine.objects.get()
    assert (line.name, line.actor) == ("zaak.inzien", str(cases.inspector.pk))
    assert line.processing_activity_id == _uri("toezicht-handhaving")


def test_the_case_an_api_write_answers_with_is_logged(cases: CaseWorld) -> None:
    case = _case(cases, person_name="Jan de Vries")
    client = APIClient()
    client.force_authenticate(cases.officer)
    changed = client.post(
        f"/api/v1/cases/{case.pk}/status/", {"to_status": "ingetrokken"}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["person_name"] == "Jan de Vries"
    line = AccessLogLine.objects.get()
    assert (line.name, line.object_pk, line.outcome) == ("zaak.inzien", str(case.pk), "getoond")
    assert line.actor == str(cases.officer.pk)


def test_the_case_page_shown_again_after_a_refused_action_is_logged(cases: CaseWorld) -> None:
    case = _case(cases, person_name="Jan de Vries")
    refused = _client(cases.officer).post(
        reverse("web:case-status", args=[case.pk]), {"status": "klaar"}
    )
    assert refused.status_code == 422
    assert "Jan de Vries" in refused.content.decode()
    line = AccessLogLine.objects.get()
    assert (line.name, line.object_pk) == ("zaak.inzien", str(case.pk))


# --- the pages ---------------------------------------------------------------------------------


def test_the_access_log_page_needs_the_permission(cases: CaseWorld, make_user: Any) -> None:
    url = reverse("web:access-log")
    assert _client(make_user("medewerker")).get(url).status_code == 403
    assert _client(make_user("kis")).get(url).status_code == 403
    case = _case(cases, person_name="Jan de Vries")
    _client(cases.officer).get(reverse("web:case-detail", args=[case.pk]))
    officer = make_user("privacy")
    page = _client(officer).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "zaak.inzien" in html
    assert cases.officer.username in html
    checked = _client(officer).get(url, {"controleer": "1"}).content.decode()
    assert "In orde: de keten klopt tot en met regel 1." in checked
    AccessLogLine.objects.update(actor="999999")
    broken = _client(officer).get(url, {"controleer": "1"}).content.decode()
    assert "Niet in orde" in broken
    assert "Regel 1" in broken


def test_the_access_log_filters(cases: CaseWorld, make_user: Any) -> None:
    first = _case(cases, person_name="Een")
    second = _case(cases, person_name="Twee")
    _client(cases.officer).get(reverse("web:case-detail", args=[first.pk]))
    _client(cases.inspector).get(reverse("web:case-detail", args=[second.pk]))
    client = _client(make_user("beheerder"))
    url = reverse("web:access-log")

    def seqs(**query: str) -> list[int]:
        return [row["line"].seq for row in client.get(url, query).context["rows"]]

    assert seqs() == [2, 1]  # newest first
    assert seqs(object=str(first.pk)) == [1]
    assert seqs(actor=cases.inspector.username) == [2]
    assert seqs(actor=str(cases.officer.pk)) == [1]
    assert seqs(dataset="cases.document") == []
    assert seqs(start="2000-01-01", end="2000-12-31") == []


def test_the_register_pages_and_a_new_version(make_user: Any) -> None:
    activity = privacy.current_activity("klachten")
    reader = _client(make_user("medewerker"))
    listing = reader.get(reverse("web:processing-list"))
    assert listing.status_code == 200
    assert activity.name in listing.content.decode()
    detail = reader.get(reverse("web:processing-detail", args=["klachten"]))
    assert privacy.activity_uri(activity) in detail.content.decode()
    # The URI's path resolves to that version.
    path = privacy.activity_uri(activity).removeprefix(settings.BASE_URL)
    assert path == "/verwerkingen/klachten/v1"
    assert reader.get(path, follow=True).status_code == 200
    assert reader.get(reverse("web:processing-version", args=["klachten", 9])).status_code == 404
    assert reader.get(reverse("web:processing-new-version", args=["klachten"])).status_code == 403

    officer = _client(make_user("privacy"))
    form = officer.get(reverse("web:processing-new-version", args=["klachten"]))
    assert form.status_code == 200
    data = {key: value for key, value in form.context["form"].initial.items() if key != "datasets"}
    data["dpia_required"] = "on"
    data["datasets"] = [dataset.pk for dataset in activity.datasets.all()]
    data["valid_from"] = (activity.valid_from + datetime.timedelta(days=3)).isoformat()
    saved = officer.post(reverse("web:processing-new-version", args=["klachten"]), data)
    assert saved.status_code == 302
    assert saved["Location"] == reverse("web:processing-version", args=["klachten", 2])
    assert ProcessingActivity.objects.filter(code="klachten").count() == 2
    assert ProcessingActivity.objects.get(code="klachten", version=2).dpia_required is True
    # The same again is no change: refused at the form.
    again = officer.post(reverse("web:processing-new-version", args=["klachten"]), data)
    assert again.status_code == 422


def test_the_register_api_is_read_only_and_staff_only(make_user: Any, cases: CaseWorld) -> None:
    client = APIClient()
    client.force_authenticate(make_user("medewerker"))
    rows = client.get("/api/v1/processing-activities/", {"code": "urenregistratie"}).json()
    results = rows["results"] if isinstance(rows, dict) else rows
    assert [(row["code"], row["version"]) for row in results] == [("urenregistratie", 1)]
    assert results[0]["uri"] == f"{settings.BASE_URL}/verwerkingen/urenregistratie/v1"
    assert "hours.hourentry" in results[0]["datasets"]
    assert client.post("/api/v1/processing-activities/", {}).status_code == 403
    writer = APIClient()
    writer.force_authenticate(make_user("beheerder"))  # may add, but not through the API
    assert writer.post("/api/v1/processing-activities/", {}).status_code == 405
    participant = APIClient()
    participant.force_authenticate(cases.participant_user)
    assert participant.get("/api/v1/processing-activities/").status_code == 403
