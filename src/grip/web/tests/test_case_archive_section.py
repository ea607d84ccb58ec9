"""The case page's read-only "Archivering" block (ADR 0006 §5)."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from grip.cases import services
from grip.cases.constants import CaseStatus
from grip.cases.tests.factories import decision_type
from grip.mandates.tests.factories import CaseWorld
from grip.organisation.models import Function

pytestmark = pytest.mark.django_db

D = datetime.date


def _refused_permit(cases: CaseWorld):
    case = cases.case(received_on=D(2026, 3, 2))
    with transaction.atomic():
        services.decision_record(
            actor=cases.officer,
            case=case,
            decision_type=decision_type("omgevingsvergunning-weigeren"),
            decision_date=D(2026, 4, 1),
            summary="Geweigerd.",
            signer_function=Function.objects.get(code="vergunningverlener"),
            namens="Namens het college,",
        )
    services.status_change(
        actor=cases.officer, case=case, to_status=CaseStatus.AFGEHANDELD, on=D(2026, 4, 10)
    )
    case.refresh_from_db()
    return case


def test_the_case_page_shows_the_archive_fields_of_a_closed_case(client, cases: CaseWorld):
    case = _refused_permit(cases)
    client.force_login(cases.officer)
    html = client.get(reverse("web:case-detail", args=[case.pk])).content.decode()
    assert 'id="archivering-titel">Archivering</h2>' in html
    assert 'id="archief-resultaat">geweigerd</dd>' in html
    assert 'id="archief-klasse">11.2 Geweigerd' in html
    assert 'id="archief-nominatie">vernietigen</dd>' in html
    assert 'id="archief-actiedatum">10 april 2031</dd>' in html  # closed 10 April 2026 + P5Y
    assert 'id="archief-status">nog te archiveren</dd>' in html


def test_an_open_case_says_when_the_archive_fields_are_set(client, cases: CaseWorld):
    case = cases.case(received_on=D(2026, 3, 2))
    client.force_login(cases.officer)
    html = client.get(reverse("web:case-detail", args=[case.pk])).content.decode()
    assert "worden bepaald wanneer de zaak wordt afgesloten" in html
    assert 'id="archief-actiedatum"' not in html
