"""The participant portal: "Mijn omgevingsdienst" on the dashboard, the requests and their
handling, comments on a draft programme, and the other participant's data out of sight.

Eindhoven (``world``) has an account manager and a participant user; Asten gets its own
account manager and user where a test needs a second participant.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from grip.cases import services as case_services
from grip.core.classification import Confidentiality
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants import services as participant_services
from grip.participants.models import ParticipantRequest, RequestStatus
from grip.programmes import services
from grip.programmes.constants import VersionStatus
from grip.programmes.models import ProgrammeComment, ProgrammeVersion

pytestmark = pytest.mark.django_db


def _html(response):
    return response.content.decode()


def _drafted(world, participant=None, manager=None, year=None):
    manager = manager or world.account_manager
    version = services.programme_create(
        actor=manager, participant=participant or world.participant, year=year or world.year
    )
    services.line_set(actor=manager, version=version, product=world.products["TH-01"], quantity=10)
    return version


def _adopted(world, participant=None, manager=None, adopter=None):
    version = _drafted(world, participant, manager)
    services.version_submit(actor=manager or world.account_manager, version=version)
    return services.version_adopt(
        actor=adopter or world.participant_user,
        version=version,
        adopted_on=timezone.localdate(),
        decision_reference="B&W 2026-01",
    )


def _request(user, title="Extra geluidscontroles evenementen", year=None, kind="extra_werk"):
    return participant_services.request_submit(
        actor=user,
        kind=kind,
        year=year or timezone.localdate().year,
        title=title,
        description="Tijdens de kermis willen we vaker controleren.",
    )


@pytest.fixture
def asten_side(world, asten, make_user):
    """Asten with its own account manager and participant user."""
    manager = EmployeeFactory(user__role="accountmanager")
    asten.account_manager = manager
    asten.save()
    return manager.user, make_user(participant=asten)


# --- the portal home ----------------------------------------------------------------------------


def test_the_portal_home_shows_the_own_participant_and_nothing_of_another(
    client, world, asten, asten_side, cases
):
    asten_manager, asten_user = asten_side
    adopted = _adopted(world)
    amendment = services.version_amend(
        actor=world.account_manager, programme=adopted.programme, explanation="Meer toezicht"
    )
    own_request = _request(world.participant_user)
    overdue = cases.case(subject="Dakkapel Stratumseind")
    manager = world.participant.account_manager
    manager.email = "am@odzob.example"
    manager.save()
    # Asten's own data, which Eindhoven must not see.
    _drafted(world, asten, asten_manager)
    _request(asten_user, title="Bodemonderzoek Asten-Heusden")
    cases.case(subject="Schuur Ommelseweg", participant=asten, location_description="Asten")

    client.force_login(world.participant_user)
    response = client.get(reverse("web:dashboard"))
    html = _html(response)

    assert response.status_code == 200
    assert "Welkom" in html
    assert "Mijn omgevingsdienst" in html
    assert "U ziet de gegevens van Eindhoven" in html
    programme_url = reverse("web:programme-detail", args=[adopted.programme_id])
    this_year = html.split(f'id="portaal-programma-{world.year}"')[1].split("</li>")[0]
    assert programme_url in this_year
    assert "versie 1 vastgesteld op" in this_year
    assert f"{programme_url}?versie={amendment.pk}#reacties" in this_year
    assert "Reageer op het concept" in this_year
    next_year = html.split(f'id="portaal-programma-{world.year + 1}"')[1].split("</li>")[0]
    assert "nog niet opgesteld" in next_year
    assert reverse("web:realisation-participant", args=[world.participant.pk]) in html
    assert 'id="portaal-prognose"' in html
    assert reverse("web:case-detail", args=[overdue.pk]) in html
    assert "Dakkapel Stratumseind" in html
    assert reverse("web:request-detail", args=[own_request.pk]) in html
    assert "Extra geluidscontroles evenementen" in html
    assert "mailto:am@odzob.example" in html
    assert reverse("web:mandate-register", args=[world.participant.pk]) in html
    for name in ("web:case-list", "web:indicator-overview", "web:report-list"):
        assert reverse(name) in html
    # Nothing of Asten.
    assert "Asten" not in html
    assert "Bodemonderzoek" not in html
    assert "Schuur Ommelseweg" not in html
    assert reverse("web:mandate-register", args=[asten.pk]) not in html


def test_staff_keep_their_own_dashboard(client, world):
    client.force_login(world.account_manager)
    html = _html(client.get(reverse("web:dashboard")))
    assert "Mijn omgevingsdienst" not in html
    assert "Uw deelnemers" in html


def test_the_menu_offers_requests_to_who_may_read_them(client, world, make_user):
    client.force_login(world.participant_user)
    nav = _html(client.get(reverse("web:dashboard"))).split('<nav class="grip-nav"')[1]
    nav = nav.split("</nav>")[0]
    assert ">Verzoeken</a>" in nav
    for hidden in ("Uren", "Toezichtprogramma", "Organisatie", "Audittrail"):
        assert f">{hidden}</a>" not in nav

    client.force_login(make_user("beheerder"))
    nav = _html(client.get(reverse("web:dashboard"))).split('<nav class="grip-nav"')[1]
    assert ">Verzoeken</a>" in nav.split("</nav>")[0]


# --- requests: submit and withdraw ----------------------------------------------------------------


def test_a_participant_user_submits_and_withdraws_a_request(client, world):
    client.force_login(world.participant_user)
    form = client.get(reverse("web:request-create"))
    assert form.status_code == 200

    response = client.post(
        reverse("web:request-create"),
        {
            "kind": "nieuwe_taak",
            "year": str(timezone.localdate().year + 1),
            "title": "Toezicht op zonneparken",
            "description": "Wij willen de zonneparken laten controleren.",
        },
    )
    created = ParticipantRequest.objects.get(title="Toezicht op zonneparken")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:request-detail", args=[created.pk])
    assert created.participant == world.participant
    assert created.submitted_by == world.participant_user
    assert created.status == RequestStatus.SUBMITTED

    listing = _html(client.get(reverse("web:request-list")))
    assert "Toezicht op zonneparken" in listing
    detail = _html(client.get(reverse("web:request-detail", args=[created.pk])))
    assert 'id="intrekken"' in detail
    assert 'id="beantwoorden"' not in detail  # not the account manager's actions

    response = client.post(
        reverse("web:request-move", args=[created.pk]), {"status": "ingetrokken"}
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.status == RequestStatus.WITHDRAWN
    detail = _html(client.get(reverse("web:request-detail", args=[created.pk])))
    assert "Ingetrokken" in detail
    assert 'id="intrekken"' not in detail


def test_a_refused_submission_shows_the_reason_at_the_field(client, world):
    client.force_login(world.participant_user)
    response = client.post(
        reverse("web:request-create"),
        {"kind": "overig", "year": str(timezone.localdate().year), "title": " ", "description": ""},
    )
    html = _html(response)
    assert response.status_code == 422
    assert 'id="id_title-fout"' in html
    assert 'id="id_description-fout"' in html
    assert not ParticipantRequest.objects.exists()


def test_staff_cannot_submit_and_see_all_requests_open_first(client, world, asten_side):
    _asten_manager, asten_user = asten_side
    closed = _request(world.participant_user, title="Oud verzoek")
    participant_services.request_move(
        actor=world.participant_user, request=closed, to_status=RequestStatus.WITHDRAWN
    )
    _request(world.participant_user, title="Open verzoek Eindhoven")
    _request(asten_user, title="Open verzoek Asten")
    client.force_login(world.account_manager)
    assert client.get(reverse("web:request-create")).status_code == 403

    html = _html(client.get(reverse("web:request-list")))
    assert html.index("Open verzoek Asten") < html.index("Oud verzoek")
    assert html.index("Open verzoek Eindhoven") < html.index("Oud verzoek")

    html = _html(
        client.get(
            reverse("web:request-list"), {"deelnemer": world.participant.pk, "status": "open"}
        )
    )
    assert "Open verzoek Eindhoven" in html
    assert "Open verzoek Asten" not in html
    assert "Oud verzoek" not in html


# --- requests: the account manager --------------------------------------------------------------


def test_the_account_manager_takes_up_and_a_rejection_needs_an_answer(client, world):
    item = _request(world.participant_user)
    client.force_login(world.account_manager)
    detail = _html(client.get(reverse("web:request-detail", args=[item.pk])))
    assert 'id="in-behandeling"' in detail
    assert 'id="intrekken"' not in detail

    response = client.post(
        reverse("web:request-move", args=[item.pk]), {"status": "in_behandeling"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == RequestStatus.IN_PROGRESS
    assert item.handled_by == world.account_manager

    response = client.post(
        reverse("web:request-move", args=[item.pk]), {"status": "afgewezen", "answer": "  "}
    )
    html = _html(response)
    assert response.status_code == 422
    assert "Geef de deelnemer een antwoord." in html
    assert 'id="id_answer-fout"' in html
    item.refresh_from_db()
    assert item.status == RequestStatus.IN_PROGRESS

    response = client.post(
        reverse("web:request-move", args=[item.pk]),
        {"status": "afgewezen", "answer": "Past niet in de begroting van dit jaar."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == RequestStatus.REJECTED
    assert item.closed_at is not None

    # The participant reads the answer and the history.
    client.force_login(world.participant_user)
    detail = _html(client.get(reverse("web:request-detail", args=[item.pk])))
    assert "Past niet in de begroting van dit jaar." in detail
    history = detail.split('id="geschiedenis"')[1].split("</table>")[0]
    for label in ("Ingediend", "In behandeling", "Afgewezen"):
        assert label in history


def test_another_account_manager_is_refused_at_the_form(client, world, asten_side):
    asten_manager, _asten_user = asten_side
    item = _request(world.participant_user)
    client.force_login(asten_manager)
    detail = _html(client.get(reverse("web:request-detail", args=[item.pk])))
    assert 'id="acties"' not in detail
    response = client.post(
        reverse("web:request-move", args=[item.pk]), {"status": "in_behandeling"}
    )
    assert response.status_code == 403
    assert "Alleen de accountmanager" in _html(response)
    item.refresh_from_db()
    assert item.status == RequestStatus.SUBMITTED


def test_taking_a_request_into_an_amendment_opens_a_concept_version(client, world):
    adopted = _adopted(world)
    item = _request(world.participant_user, year=world.year)
    client.force_login(world.account_manager)

    response = client.post(reverse("web:request-to-amendment", args=[item.pk]), {"explanation": ""})

    version = ProgrammeVersion.objects.get(programme=adopted.programme, status=VersionStatus.DRAFT)
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("web:programme-detail", args=[adopted.programme_id]) + f"?versie={version.pk}"
    )
    assert list(version.requests.all()) == [item]
    assert version.based_on == adopted
    item.refresh_from_db()
    assert item.status == RequestStatus.IN_AMENDMENT

    client.force_login(world.participant_user)
    detail = _html(client.get(reverse("web:request-detail", args=[item.pk])))
    links = detail.split('id="programmaversies"')[1].split("</ul>")[0]
    assert f"?versie={version.pk}" in links
    assert "versie 2" in links


def test_an_amendment_without_an_adopted_programme_is_refused_with_its_reason(client, world):
    item = _request(world.participant_user, year=world.year + 1)
    client.force_login(world.account_manager)
    response = client.post(reverse("web:request-to-amendment", args=[item.pk]), {})
    assert response.status_code == 409
    assert "heeft nog geen werkprogramma" in _html(response)
    assert not ProgrammeVersion.objects.exists()


# --- comments on a draft programme ---------------------------------------------------------------


def test_the_participant_user_comments_on_a_draft(client, world):
    draft = _drafted(world)
    services.version_submit(actor=world.account_manager, version=draft)
    url = reverse("web:programme-detail", args=[draft.programme_id]) + f"?versie={draft.pk}"
    client.force_login(world.participant_user)
    page = _html(client.get(url))
    assert 'id="reactie-plaatsen"' in page

    response = client.post(
        reverse("web:programme-comment-add", args=[draft.pk]),
        {"text": "Graag twee controles extra bij de haven."},
    )
    comment = ProgrammeComment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{url}#reactie-{comment.pk}"
    assert comment.author == world.participant_user

    # The account manager reads it and answers.
    client.force_login(world.account_manager)
    page = _html(client.get(url))
    assert "Graag twee controles extra bij de haven." in page
    response = client.post(
        reverse("web:programme-comment-add", args=[draft.pk]), {"text": "Komt in versie 2."}
    )
    assert response.status_code == 302
    assert ProgrammeComment.objects.count() == 2

    # An empty comment comes back with the reason at the field.
    response = client.post(reverse("web:programme-comment-add", args=[draft.pk]), {"text": " "})
    assert response.status_code == 422
    assert 'id="reactie-tekst-fout"' in _html(response)


def test_others_read_comments_without_a_form(client, world, make_user):
    draft = _drafted(world)
    services.comment_add(actor=world.participant_user, version=draft, text="Akkoord met TH-01.")
    client.force_login(make_user("bestuur"))
    url = reverse("web:programme-detail", args=[draft.programme_id]) + f"?versie={draft.pk}"
    page = _html(client.get(url))
    assert "Akkoord met TH-01." in page
    assert 'id="reactie-plaatsen"' not in page
    response = client.post(reverse("web:programme-comment-add", args=[draft.pk]), {"text": "x"})
    assert response.status_code == 403
    assert ProgrammeComment.objects.count() == 1


def test_a_comment_on_an_adopted_version_is_refused(client, world):
    adopted = _adopted(world)
    client.force_login(world.participant_user)
    url = reverse("web:programme-detail", args=[adopted.programme_id]) + f"?versie={adopted.pk}"
    assert 'id="reactie-plaatsen"' not in _html(client.get(url))

    response = client.post(
        reverse("web:programme-comment-add", args=[adopted.pk]), {"text": "Te laat?"}
    )
    assert response.status_code == 409
    assert "Reageren kan op een concept- of ingediende versie" in _html(response)
    assert not ProgrammeComment.objects.exists()


# --- another participant ----------------------------------------------------------------------


def test_another_participant_gets_404_on_a_request_and_a_version(client, world, asten_side):
    _asten_manager, asten_user = asten_side
    item = _request(world.participant_user)
    draft = _drafted(world)
    client.force_login(asten_user)

    assert client.get(reverse("web:request-detail", args=[item.pk])).status_code == 404
    assert (
        client.post(
            reverse("web:request-move", args=[item.pk]), {"status": "ingetrokken"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("web:programme-comment-add", args=[draft.pk]), {"text": "Ook wij!"}
        ).status_code
        == 404
    )
    assert "Extra geluidscontroles" not in _html(client.get(reverse("web:request-list")))
    item.refresh_from_db()
    assert item.status == RequestStatus.SUBMITTED
    assert not ProgrammeComment.objects.exists()


# --- every portal area works for a participant user --------------------------------------------


def _document(cases, case, confidentiality, title):
    return case_services.document_add(
        actor=cases.officer,
        case=case,
        title=title,
        document_type="aanvraag",
        upload=SimpleUploadedFile("aanvraag.pdf", b"%PDF-1.4", content_type="application/pdf"),
        document_date=case.received_on,
        confidentiality=confidentiality,
    )


def test_every_portal_area_answers_for_a_participant_user(client, world, cases, enforcement, asten):
    adopted = _adopted(world)
    case = cases.case(subject="Dakkapel")
    public = _document(cases, case, Confidentiality.OPENBAAR, "Publicatie")
    secret = _document(cases, case, Confidentiality.VERTROUWELIJK, "Bedrijfsgeheim")
    client.force_login(world.participant_user)
    pages = {
        "programmes": reverse("web:programme-overview"),
        "programme": reverse("web:programme-detail", args=[adopted.programme_id]),
        "realisation": reverse("web:realisation"),
        "realisation-own": reverse("web:realisation-participant", args=[world.participant.pk]),
        "cases": reverse("web:case-list"),
        "case": reverse("web:case-detail", args=[case.pk]),
        "indicators": reverse("web:indicator-overview"),
        "reports": reverse("web:report-list"),
        "mandates": reverse("web:mandate-register", args=[world.participant.pk]),
        "requests": reverse("web:request-list"),
        "new-request": reverse("web:request-create"),
    }
    for name, url in pages.items():
        assert client.get(url).status_code == 200, name
    # Documents only up to the clearance (zaakvertrouwelijk); another participant's pages 404.
    case_page = _html(client.get(reverse("web:case-detail", args=[case.pk])))
    assert "Publicatie" in case_page
    assert "Bedrijfsgeheim" not in case_page
    assert client.get(reverse("web:case-document-download", args=[public.pk])).status_code == 200
    assert client.get(reverse("web:case-document-download", args=[secret.pk])).status_code == 404
    for url in (
        reverse("web:mandate-register", args=[asten.pk]),
        reverse("web:realisation-participant", args=[asten.pk]),
    ):
        assert client.get(url).status_code == 404, url
    home = _html(client.get(reverse("web:dashboard")))
    nav = home.split('<nav class="grip-nav"')[1].split("</nav>")[0]
    for href in ("/uren/", "/toezichtprogramma/", "/organisatie/", "/audittrail/"):
        assert f'href="{href}"' not in nav, href


def test_every_menu_item_of_a_participant_user_opens(client, world, cases, enforcement):
    _adopted(world)
    client.force_login(world.participant_user)
    response = client.get(reverse("web:dashboard"))
    for item in response.context["menu"]:
        assert client.get(item.url).status_code == 200, item.url_name
