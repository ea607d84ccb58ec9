"""The beheerder's page to read hours from a time system."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grip.hours.models import HourEntry, HourImport

pytestmark = pytest.mark.django_db

URL = "/uren/inlezen/"
HEADER = "bronsleutel;personeelsnummer;datum;uren;boekingscode;toelichting"


def upload(*lines):
    data = ("\n".join([HEADER, *lines]) + "\n").encode()
    return SimpleUploadedFile("uren.csv", data, content_type="text/csv")


def test_the_url_is_dutch():
    assert reverse("web:hours-import") == URL


def test_the_beheerder_reads_a_file(client, make_user, hours):
    beheerder = make_user("beheerder")
    client.force_login(beheerder)
    assert client.get(URL).status_code == 200
    employee = hours.employee.employee.employee_number
    response = client.post(
        URL,
        {"bestand": upload(f"P-1;{employee};2026-03-02;4;{hours.inspection.code};")},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 nieuw" in response.content.decode()
    assert HourEntry.objects.count() == 1
    assert HourImport.objects.get().imported_by == beheerder


def test_problems_are_shown_in_a_table_and_nothing_is_written(client, make_user, hours):
    client.force_login(make_user("beheerder"))
    response = client.post(
        URL,
        {"bestand": upload("P-1;X1;2026-03-02;4;NOPE;", "P-1;X1;2026-03-02;1,1;NOPE;")},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="problemen"' in page
    assert "Bronsleutel P-1 staat ook op regel 2." in page
    assert "Personeelsnummer X1 is onbekend." in page
    assert page.count("Boekingscode NOPE is onbekend.") == 2
    assert response.context["problem_count"] == 6
    assert not HourEntry.objects.exists()


def test_a_medewerker_may_not_open_the_page(client, hours):
    client.force_login(hours.employee)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"bestand": upload()}).status_code == 403
