"""The work-programme pages: overview, editor (htmx and plain forms), life cycle, Excel, tenancy."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from grip.core.models import AuditRecord
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant
from grip.programmes import services
from grip.programmes.models import (
    ExtraWork,
    Programme,
    ProgrammeLine,
    ProgrammeVersion,
    RelatedWorkLine,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _drafted(world, participant=None, *, lines=(("TH-01", 10), ("VV-01", 2))):
    version = services.programme_create(
        actor=world.account_manager, participant=participant or world.participant, year=world.year
    )
    for code, quantity in lines:
        services.line_set(
            actor=world.account_manager,
            version=version,
            product=world.products[code],
            quantity=quantity,
        )
    services.related_work_set(
        actor=world.account_manager,
        version=version,
        kind="planning",
        basis="percentage",
        percentage="10",
    )
    return version


def _adopted(world, participant=None, **kwargs):
    version = _drafted(world, participant, **kwargs)
    services.version_submit(actor=world.account_manager, version=version)
    return services.version_adopt(
        actor=world.participant_user,
        version=version,
        adopted_on=timezone.localdate(),
        decision_reference="B&W 2026-01",
    )


def _line(version, code):
    return ProgrammeLine.objects.get(version=version, product__code=code)


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _detail_url(version):
    return reverse("web:programme-detail", args=[version.programme_id]) + f"?versie={version.pk}"


# --- the overview ------------------------------------------------------------------------------


def test_the_menu_offers_work_programmes_to_who_may_read_them(client, make_user, world):
    client.force_login(make_user("medewerker"))
    nav = client.get(reverse("web:dashboard")).content.decode().split('<nav class="grip-nav"')[1]
    assert ">Werkprogramma&#x27;s</a>" in nav or ">Werkprogramma's</a>" in nav

    client.force_login(world.participant_user)
    nav = client.get(reverse("web:dashboard")).content.decode().split('<nav class="grip-nav"')[1]
    assert "Werkprogramma" in nav


def test_pages_need_a_login(client, world):
    response = client.get(reverse("web:programme-overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_staff_see_all_22_participants_with_totals(client, make_user, world):
    _adopted(world)
    client.force_login(make_user("bestuur"))

    response = client.get(reverse("web:programme-overview"), {"jaar": world.year})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('id="deelnemer-') == 22
    eindhoven_row = html.split(f'id="deelnemer-{world.participant.pk}"')[1].split("</tr>")[0]
    assert "versie 1" in eindhoven_row
    # 10 x TH-01 (6 h) + 2 x VV-01 (40 h) = 140 direct hours; 10 % related; 154 h x 101.65.
    assert "140,00" in eindhoven_row
    assert "14,00" in eindhoven_row
    assert "9,1 %" in eindhoven_row
    assert "€ 15.654,10" in eindhoven_row
    total_row = html.split("<tfoot")[1]
    assert "€ 15.654,10" in total_row
    assert "1 van 22 werkprogramma" in html
    assert reverse("web:programme-collective", args=[world.year]) in html
    # Not the account manager of anyone: no button to draft.
    assert "Werkprogramma opstellen" not in html


def test_a_participant_user_sees_only_its_own_programme(client, make_user, world, asten):
    _adopted(world)
    client.force_login(make_user(participant=asten))

    html = client.get(reverse("web:programme-overview"), {"jaar": world.year}).content.decode()

    assert html.count('id="deelnemer-') == 1
    assert "Asten" in html
    assert "Eindhoven" not in html
    assert "15.654,10" not in html
    assert reverse("web:programme-collective", args=[world.year]) not in html


def test_the_account_manager_drafts_a_programme_from_the_overview(client, world):
    last_year = services.programme_create(
        actor=world.account_manager, participant=world.participant, year=world.year - 1
    )
    services.line_set(
        actor=world.account_manager,
        version=last_year,
        product=world.last_year_products["TH-02"],
        quantity=4,
    )
    services.version_submit(actor=world.account_manager, version=last_year)
    services.version_adopt(
        actor=world.participant_user,
        version=last_year,
        adopted_on=timezone.localdate(),
        decision_reference="2025-1",
    )
    client.force_login(world.account_manager)

    overview = client.get(reverse("web:programme-overview"), {"jaar": world.year})
    html = overview.content.decode()
    assert html.count("Werkprogramma opstellen") == 1  # only for its own participant
    assert f'id="vorig-jaar-{world.participant.pk}"' in html

    response = client.post(
        reverse("web:programme-create"),
        {"deelnemer": world.participant.pk, "jaar": world.year, "vorig_jaar": "ja"},
    )

    programme = Programme.objects.get(participant=world.participant, year=world.year)
    version = programme.versions.get()
    assert response.status_code == 302
    assert response["Location"] == _detail_url(version)
    assert version.status == "concept"
    line = version.lines.get()
    assert (line.product, line.quantity) == (world.products["TH-02"], Decimal("4.00"))


def test_drafting_twice_or_for_another_participant_is_refused_with_a_message(client, world, asten):
    _drafted(world)
    client.force_login(world.account_manager)

    again = client.post(
        reverse("web:programme-create"),
        {"deelnemer": world.participant.pk, "jaar": world.year},
        follow=True,
    )
    other = client.post(
        reverse("web:programme-create"), {"deelnemer": asten.pk, "jaar": world.year}, follow=True
    )

    assert again.status_code == 200
    assert any("bestaat al" in message for message in _messages(again))
    assert other.status_code == 200
    assert any("accountmanager" in message for message in _messages(other))
    assert not Programme.objects.filter(participant=asten).exists()
    assert Programme.objects.filter(participant=world.participant).count() == 1


def test_the_overview_costs_the_same_queries_for_more_programmes_and_lines(
    client, make_user, world
):
    participants = list(Participant.objects.exclude(pk=world.participant.pk).order_by("code"))
    for participant in participants:
        participant.account_manager = world.participant.account_manager
        participant.save()
    _drafted(world, lines=(("TH-01", 1),))
    beheerder = make_user("beheerder")
    collective = services.programme_create(actor=beheerder, participant=None, year=world.year)
    services.line_set(
        actor=beheerder, version=collective, product=world.products["CT-01"], quantity=100
    )
    services.distribution_key_set(
        actor=beheerder,
        year=world.year,
        method="vast",
        weights=dict.fromkeys(Participant.objects.all(), 1),
    )
    user = make_user("bestuur")
    client.force_login(user)
    url = reverse("web:programme-overview") + f"?jaar={world.year}"
    client.get(url)  # warm the permission and content-type caches of this process

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    codes = list(world.products)
    for index, participant in enumerate(participants[:6]):
        lines = tuple((code, index + 1) for code in codes[: index + 1])
        version = _drafted(world, participant, lines=lines)
        if index % 2:
            services.version_submit(actor=world.account_manager, version=version)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()

    assert ProgrammeLine.objects.count() > 20
    # 100 h x 101.65 spread evenly over 22, to the cent: 12 x 462.05 and 10 x 462.04.
    assert (html.count("€ 462,05"), html.count("€ 462,04")) == (12, 10)
    assert html.count("versie 1") >= 7
    assert len(many.captured_queries) == len(few.captured_queries) <= 20


# --- the programme page ------------------------------------------------------------------------


def test_the_programme_page_shows_history_lines_related_work_and_totals(client, world):
    version = _adopted(world)
    client.force_login(world.participant_user)

    response = client.get(reverse("web:programme-detail", args=[version.programme_id]))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["version"] == version
    assert "Werkprogramma Eindhoven 2026" in html
    assert "B&amp;W 2026-01" in html  # decision reference
    assert "Ingediend → Vastgesteld" in html  # a transition
    assert 'id="regel-' in html
    assert "Product TH-01" in html
    assert "Planning, werkverdeling" in html
    assert 'id="totalen-per-taaksoort"' in html
    assert "€ 15.654,10" in html
    assert 'aria-live="polite"' in html
    # An adopted version is not edited inline; the participant user has no drafting actions.
    assert 'name="quantity"' not in html
    assert "Indienen bij de deelnemer" not in html
    assert "downloaden als Excel-bestand" in html


def test_the_drafter_sees_the_editor_and_the_open_version(client, world):
    version = _drafted(world)
    client.force_login(world.account_manager)

    html = client.get(reverse("web:programme-detail", args=[version.programme_id])).content.decode()

    line = _line(version, "TH-01")
    assert f'id="aantal-{line.pk}"' in html
    assert (
        f'<label class="grip-visually-hidden" for="aantal-{line.pk}">Aantal TH-01</label>' in html
    )
    assert f'hx-post="{reverse("web:programme-line-update", args=[line.pk])}"' in html
    assert 'hx-trigger="change, submit"' in html
    assert "Indienen bij de deelnemer" in html
    assert 'id="nieuw-product"' in html  # the add-line form
    assert "gw-bestuursinformatie-waarde" in html  # kinds not yet planned can be added
    assert 'name="bestand"' in html  # Excel upload


def test_another_account_manager_sees_no_editor(client, make_user, world):
    version = _drafted(world)
    other = EmployeeFactory(user__role="accountmanager").user
    client.force_login(other)

    html = client.get(_detail_url(version)).content.decode()

    assert 'name="quantity"' not in html
    assert "Indienen bij de deelnemer" not in html


# --- the editor ----------------------------------------------------------------------------------


def test_an_htmx_quantity_change_returns_the_row_and_the_new_totals(client, world):
    version = _drafted(world)
    line = _line(version, "TH-01")
    client.force_login(world.account_manager)

    response = client.post(
        reverse("web:programme-line-update", args=[line.pk]), {"quantity": "20"}, **HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert _line(version, "TH-01").quantity == Decimal("20.00")
    assert html.lstrip().startswith(f'<tr class="utrecht-table__row" id="regel-{line.pk}">')
    assert 'value="20"' in html
    assert "120,00" in html  # the line's hours: 20 x 6
    # Totals out of band: 200 direct hours, 20 related (10 %), 220 x 101.65 = 22,363.00.
    assert '<div id="programma-totalen" hx-swap-oob="innerHTML">' in html
    assert "200,00" in html
    assert "€ 22.363,00" in html
    assert "9,1 %" in html
    # The percentage-based related work follows, in its own cells.
    related_cell = html.split('id="gw-planning-uren"')[1].split("</td>")[0]
    assert related_cell == ' hx-swap-oob="true">20,00'
    assert "Totalen bijgewerkt: 220,00 uur, € 22.363,00" in html


def test_a_dutch_decimal_comma_is_read(client, world):
    version = _drafted(world)
    line = _line(version, "TH-01")
    client.force_login(world.account_manager)

    client.post(reverse("web:programme-line-update", args=[line.pk]), {"quantity": "12,00"}, **HTMX)

    assert _line(version, "TH-01").quantity == Decimal("12.00")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("-3", "nooit negatief"),
        ("veel", "geen getal"),
        ("2,5", "geheel getal"),
        ("", "geen getal"),
    ],
)
def test_a_refused_quantity_is_shown_next_to_the_field_and_nothing_changes(
    client, world, typed, reason
):
    version = _drafted(world)
    line = _line(version, "TH-01")
    audit_count = AuditRecord.objects.count()
    client.force_login(world.account_manager)

    response = client.post(
        reverse("web:programme-line-update", args=[line.pk]), {"quantity": typed}, **HTMX
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert reason in html
    assert f'id="aantal-{line.pk}-fout" role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert f'value="{typed}"' in html  # what was typed stays, to correct it
    assert "hx-swap-oob" not in html  # the totals did not change
    assert _line(version, "TH-01").quantity == Decimal("10.00")
    assert AuditRecord.objects.count() == audit_count


def test_without_javascript_a_quantity_change_redirects_with_a_message(client, world):
    version = _drafted(world)
    line = _line(version, "TH-01")
    client.force_login(world.account_manager)

    response = client.post(reverse("web:programme-line-update", args=[line.pk]), {"quantity": "7"})
    assert response.status_code == 302
    assert response["Location"] == _detail_url(version)
    assert _line(version, "TH-01").quantity == Decimal("7.00")

    refused = client.post(
        reverse("web:programme-line-update", args=[line.pk]), {"quantity": "-1"}, follow=True
    )
    assert refused.status_code == 200
    assert any("TH-01" in m and "negatief" in m for m in _messages(refused))
    assert _line(version, "TH-01").quantity == Decimal("7.00")


def test_another_account_manager_cannot_edit_a_line(client, world):
    version = _drafted(world)
    line = _line(version, "TH-01")
    client.force_login(EmployeeFactory(user__role="accountmanager").user)

    inline = client.post(
        reverse("web:programme-line-update", args=[line.pk]), {"quantity": "99"}, **HTMX
    )
    plain = client.post(
        reverse("web:programme-line-update", args=[line.pk]), {"quantity": "99"}, follow=True
    )

    assert inline.status_code == 403
    assert "Alleen de accountmanager van Eindhoven" in inline.content.decode()
    assert 'name="quantity"' not in inline.content.decode()  # the row comes back read-only
    assert plain.status_code == 200
    assert any("Alleen de accountmanager" in m for m in _messages(plain))
    assert _line(version, "TH-01").quantity == Decimal("10.00")


def test_an_adopted_version_is_not_edited_but_says_why(client, world):
    version = _adopted(world)
    line = _line(version, "TH-01")
    client.force_login(world.account_manager)

    response = client.post(
        reverse("web:programme-line-update", args=[line.pk]), {"quantity": "1"}, **HTMX
    )

    assert response.status_code == 409
    assert "alleen een conceptversie wijzigt" in response.content.decode()
    assert _line(version, "TH-01").quantity == Decimal("10.00")


def test_lines_are_added_and_deleted_with_plain_forms(client, world):
    version = _drafted(world)
    client.force_login(world.account_manager)

    added = client.post(
        reverse("web:programme-line-add", args=[version.pk]),
        {"product": world.products["HH-01"].pk, "quantity": "3", "toelichting": "Extra"},
    )
    line = _line(version, "HH-01")
    assert added.status_code == 302
    assert added["Location"] == _detail_url(version) + f"#regel-{line.pk}"
    assert (line.quantity, line.hours, line.note) == (Decimal("3.00"), Decimal("48.00"), "Extra")

    wrong_year = client.post(
        reverse("web:programme-line-add", args=[version.pk]),
        {"product": world.last_year_products["HH-01"].pk, "quantity": "3"},
        follow=True,
    )
    assert any("catalogus van dit jaar" in m for m in _messages(wrong_year))

    deleted = client.post(reverse("web:programme-line-delete", args=[line.pk]), follow=True)
    assert deleted.status_code == 200
    assert any("HH-01 is verwijderd" in m for m in _messages(deleted))
    assert not version.lines.filter(product__code="HH-01").exists()


def test_related_work_is_planned_inline_and_by_plain_form(client, world):
    version = _drafted(world)
    client.force_login(world.account_manager)
    url = reverse("web:programme-related-save", args=[version.pk, "bestuursinformatie"])

    inline = client.post(
        url, {"grondslag": "uren", "waarde": "12,5", "toelichting": "Raadsinformatie"}, **HTMX
    )

    html = inline.content.decode()
    item = RelatedWorkLine.objects.get(version=version, kind="bestuursinformatie")
    assert inline.status_code == 200
    assert (item.basis, item.planned_hours, item.hours) == (
        "uren",
        Decimal("12.50"),
        Decimal("12.50"),
    )
    assert html.lstrip().startswith('<tr class="utrecht-table__row" id="gw-bestuursinformatie">')
    assert '<div id="programma-totalen" hx-swap-oob="innerHTML">' in html
    assert "26,50" in html  # related hours: 14 (10 % of 140) + 12.5

    refused = client.post(url, {"grondslag": "percentage", "waarde": "120"}, **HTMX)
    assert refused.status_code == 422
    assert "tussen 0 en 100" in refused.content.decode()
    assert 'value="120"' in refused.content.decode()
    item.refresh_from_db()
    assert item.planned_hours == Decimal("12.50")

    plain = client.post(url, {"grondslag": "percentage", "waarde": "5"})
    assert plain.status_code == 302
    item.refresh_from_db()
    assert (item.basis, item.percentage, item.planned_hours) == (
        "percentage",
        Decimal("5.00"),
        None,
    )

    deleted = client.post(reverse("web:programme-related-delete", args=[item.pk]))
    assert deleted.status_code == 302
    assert not RelatedWorkLine.objects.filter(pk=item.pk).exists()
    assert (
        client.post(reverse("web:programme-related-save", args=[version.pk, "onzin"])).status_code
        == 404
    )


# --- the life cycle ------------------------------------------------------------------------------


def test_submit_then_the_participant_adopts(client, world):
    version = _drafted(world)
    client.force_login(world.account_manager)

    submitted = client.post(
        reverse("web:programme-version-submit", args=[version.pk]), {"toelichting": "Graag"}
    )
    assert submitted.status_code == 302
    version.refresh_from_db()
    assert version.status == "ingediend"

    # The account manager cannot adopt on the participant's behalf.
    refused = client.post(
        reverse("web:programme-version-adopt", args=[version.pk]),
        {"vastgesteld_op": timezone.localdate().isoformat(), "kenmerk": "X"},
        follow=True,
    )
    assert "U hebt geen recht om dit te doen." in _messages(refused)
    version.refresh_from_db()
    assert version.status == "ingediend"

    client.force_login(world.participant_user)
    page = client.get(reverse("web:programme-detail", args=[version.programme_id]))
    assert page.context["version"] == version  # the adopter is shown the submitted version
    assert 'id="kenmerk"' in page.content.decode()

    adopted = client.post(
        reverse("web:programme-version-adopt", args=[version.pk]),
        {"vastgesteld_op": timezone.localdate().isoformat(), "kenmerk": "B&W 2026/12"},
        follow=True,
    )
    version.refresh_from_db()
    assert adopted.status_code == 200
    assert (version.status, version.decision_reference) == ("vastgesteld", "B&W 2026/12")
    assert "Versie 1 is vastgesteld." in _messages(adopted)


def test_a_bad_adoption_date_or_reference_is_refused(client, world):
    version = _drafted(world)
    services.version_submit(actor=world.account_manager, version=version)
    client.force_login(world.participant_user)
    url = reverse("web:programme-version-adopt", args=[version.pk])

    no_date = client.post(url, {"vastgesteld_op": "morgen", "kenmerk": "X"}, follow=True)
    no_reference = client.post(
        url, {"vastgesteld_op": timezone.localdate().isoformat(), "kenmerk": " "}, follow=True
    )

    assert any("datum" in m for m in _messages(no_date))
    assert any("kenmerk" in m for m in _messages(no_reference))
    version.refresh_from_db()
    assert version.status == "ingediend"


def test_return_to_concept_needs_a_reason(client, world):
    version = _drafted(world)
    services.version_submit(actor=world.account_manager, version=version)
    client.force_login(world.participant_user)
    url = reverse("web:programme-version-return", args=[version.pk])

    without = client.post(url, {"toelichting": ""}, follow=True)
    version.refresh_from_db()
    assert version.status == "ingediend"
    assert _messages(without)

    client.post(url, {"toelichting": "Minder toezicht graag"})
    version.refresh_from_db()
    assert version.status == "concept"
    assert version.transitions.last().note == "Minder toezicht graag"


def test_amend_and_discard_an_amendment(client, world):
    adopted = _adopted(world)
    client.force_login(world.account_manager)
    amend_url = reverse("web:programme-amend", args=[adopted.programme_id])

    assert any(
        "toelichting" in m.lower() or "waarom" in m.lower()
        for m in _messages(client.post(amend_url, {"toelichting": ""}, follow=True))
    )
    response = client.post(amend_url, {"toelichting": "Extra toezicht op asbest"})

    amendment = ProgrammeVersion.objects.get(programme=adopted.programme, number=2)
    assert response["Location"] == _detail_url(amendment)
    assert (amendment.status, amendment.based_on) == ("concept", adopted)
    html = client.get(response["Location"]).content.decode()
    assert "Wijziging van versie 1." in html
    assert "Wijziging verwijderen" in html

    client.post(reverse("web:programme-version-discard", args=[amendment.pk]))
    assert not ProgrammeVersion.objects.filter(pk=amendment.pk).exists()
    adopted.refresh_from_db()
    assert adopted.status == "vastgesteld"


# --- comparison ----------------------------------------------------------------------------------


def test_compare_two_versions_line_by_line(client, world):
    adopted = _adopted(world)
    amendment = services.version_amend(
        actor=world.account_manager, programme=adopted.programme, explanation="Meer"
    )
    services.line_set(
        actor=world.account_manager, version=amendment, product=world.products["TH-01"], quantity=15
    )
    services.line_set(
        actor=world.account_manager, version=amendment, product=world.products["AD-01"], quantity=8
    )
    services.line_delete(actor=world.account_manager, line=_line(amendment, "VV-01"))
    client.force_login(world.participant_user)

    # Asked from the newer version, the older one still stands on the left.
    response = client.get(
        reverse("web:programme-version-compare", args=[amendment.pk]), {"met": adopted.pk}
    )

    html = response.content.decode()
    rows = {row.key: row for row in response.context["comparison"].lines}
    assert response.status_code == 200
    assert "Versie 1 vergeleken met Versie 2" in html
    assert {key: row.change for key, row in rows.items()} == {
        "AD-01": "nieuw",
        "TH-01": "gewijzigd",
        "VV-01": "vervallen",
    }
    th_row = html.split('id="vergelijk-TH-01"')[1].split("</tr>")[0]
    assert th_row.count("60,00") == 1  # hours before
    assert th_row.count("90,00") == 1  # hours after
    assert th_row.count("30,00") == 1  # the difference
    assert "€ 3.049,50" in th_row  # 30 h x 101.65
    assert "3 productregels zijn anders." in html


def test_compare_with_last_year(client, world):
    last_year = services.programme_create(
        actor=world.account_manager, participant=world.participant, year=world.year - 1
    )
    services.line_set(
        actor=world.account_manager,
        version=last_year,
        product=world.last_year_products["TH-01"],
        quantity=10,
    )
    services.version_submit(actor=world.account_manager, version=last_year)
    services.version_adopt(
        actor=world.participant_user,
        version=last_year,
        adopted_on=timezone.localdate(),
        decision_reference="2025",
    )
    this_year = _drafted(world)
    client.force_login(world.account_manager)

    page = client.get(_detail_url(this_year)).content.decode()
    link = reverse("web:programme-version-compare", args=[this_year.pk]) + f"?met={last_year.pk}"
    assert link in page

    html = client.get(link).content.decode()
    assert "2025 versie 1 vergeleken met 2026 versie 1" in html
    th_row = html.split('id="vergelijk-TH-01"')[1].split("</tr>")[0]
    assert "€ 5.910,00" in th_row  # 60 h x 98.50 last year
    assert "€ 6.099,00" in th_row  # 60 h x 101.65 this year
    assert "gewijzigd" in th_row


# --- Excel ---------------------------------------------------------------------------------------


def test_excel_download_is_a_workbook_of_the_version(client, world):
    version = _drafted(world)
    client.force_login(world.participant_user)

    response = client.get(reverse("web:programme-version-export", args=[version.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment;" in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"Samenvatting", "Regels", "Gerelateerd werk"} <= set(workbook.sheetnames)
    codes = [row[0] for row in workbook["Regels"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["TH-01", "VV-01"]


def _exported(client, version):
    return load_workbook(
        io.BytesIO(client.get(reverse("web:programme-version-export", args=[version.pk])).content)
    )


def _upload(client, version, workbook, name="werkprogramma.xlsx", **extra):
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    output.name = name
    return client.post(
        reverse("web:programme-version-import", args=[version.pk]), {"bestand": output}, **extra
    )


def test_a_fixed_excel_file_is_read_back(client, world):
    version = _drafted(world)
    client.force_login(world.account_manager)
    workbook = _exported(client, version)
    lines = workbook["Regels"]
    lines["E2"] = 25  # TH-01: 10 → 25
    lines.append(["HH-01", None, None, None, 2, None, None, None, "nieuw"])

    response = _upload(client, version, workbook, follow=True)

    assert response.status_code == 200
    assert any("is bijgewerkt" in m for m in _messages(response))
    assert _line(version, "TH-01").quantity == Decimal("25.00")
    assert _line(version, "HH-01").note == "nieuw"

    again = _upload(client, version, _exported(client, version), follow=True)
    assert any("gelijk aan versie 1" in m for m in _messages(again))


def test_a_bad_excel_file_shows_every_problem_and_writes_nothing(client, world):
    version = _drafted(world)
    client.force_login(world.account_manager)
    workbook = _exported(client, version)
    lines = workbook["Regels"]
    lines["E2"] = -4  # negative quantity
    lines["E3"] = "twee"  # not a number
    lines.append(["XX-99", None, None, None, 1])  # unknown product
    lines.append(["TH-01", None, None, None, 1])  # duplicate line
    workbook["Gerelateerd werk"]["C2"] = "soms"  # no such basis
    before = (
        list(ProgrammeLine.objects.values_list("pk", "quantity")),
        AuditRecord.objects.count(),
    )

    response = _upload(client, version, workbook, name="fout.xlsx")

    html = response.content.decode()
    problems = response.context["import_problems"]
    assert response.status_code == 422
    assert len(problems) == 5
    assert {(p.sheet, p.row, p.column) for p in problems} == {
        ("Regels", 2, "E"),
        ("Regels", 3, "E"),
        ("Regels", 4, "A"),
        ("Regels", 5, "A"),
        ("Gerelateerd werk", 2, "C"),
    }
    assert "Het bestand fout.xlsx is niet ingelezen" in html
    assert "Los deze 5 problemen op" in html
    assert "Product XX-99 bestaat niet." in html
    assert html.count('<td class="utrecht-table__cell">Regels</td>') == 4
    assert (
        list(ProgrammeLine.objects.values_list("pk", "quantity")),
        AuditRecord.objects.count(),
    ) == before


def test_an_upload_that_is_no_workbook_or_missing_is_refused(client, world):
    version = _drafted(world)
    client.force_login(world.account_manager)

    missing = client.post(
        reverse("web:programme-version-import", args=[version.pk]), {}, follow=True
    )
    assert any("Kies een Excel-bestand" in m for m in _messages(missing))

    junk = io.BytesIO(b"dit is geen excel")
    junk.name = "programma.xlsx"
    response = client.post(
        reverse("web:programme-version-import", args=[version.pk]), {"bestand": junk}
    )
    assert response.status_code == 422
    assert "geen Excel-werkmap" in response.content.decode()


def test_another_account_manager_cannot_upload(client, world):
    version = _drafted(world)
    client.force_login(world.account_manager)
    workbook = _exported(client, version)
    workbook["Regels"]["E2"] = 99
    client.force_login(EmployeeFactory(user__role="accountmanager").user)

    response = _upload(client, version, workbook, follow=True)

    assert any("Alleen de accountmanager" in m for m in _messages(response))
    assert _line(version, "TH-01").quantity == Decimal("10.00")


# --- tenancy -------------------------------------------------------------------------------------


def test_a_user_of_asten_gets_404_on_everything_of_eindhoven(client, make_user, world, asten):
    version = _drafted(world)
    line = _line(version, "TH-01")
    item = RelatedWorkLine.objects.get(version=version)
    client.force_login(make_user(participant=asten))

    gets = [
        reverse("web:programme-detail", args=[version.programme_id]),
        reverse("web:programme-detail", args=[version.programme_id]) + f"?versie={version.pk}",
        reverse("web:programme-version-compare", args=[version.pk]) + f"?met={version.pk}",
        reverse("web:programme-version-export", args=[version.pk]),
    ]
    posts = [
        reverse("web:programme-version-import", args=[version.pk]),
        reverse("web:programme-version-submit", args=[version.pk]),
        reverse("web:programme-version-adopt", args=[version.pk]),
        reverse("web:programme-version-return", args=[version.pk]),
        reverse("web:programme-version-discard", args=[version.pk]),
        reverse("web:programme-amend", args=[version.programme_id]),
        reverse("web:programme-line-add", args=[version.pk]),
        reverse("web:programme-line-update", args=[line.pk]),
        reverse("web:programme-line-delete", args=[line.pk]),
        reverse("web:programme-related-save", args=[version.pk, "planning"]),
        reverse("web:programme-related-delete", args=[item.pk]),
        reverse("web:programme-extra-work-request", args=[version.programme_id]),
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Eindhoven" not in response.content.decode()
    for url in posts:
        assert client.post(url, {"quantity": "1"}).status_code == 404, url
    assert _line(version, "TH-01").quantity == Decimal("10.00")


def test_a_version_of_another_programme_is_not_shown_on_this_one(client, world, make_user, asten):
    asten.account_manager = world.participant.account_manager
    asten.save()
    eindhoven_version = _drafted(world)
    asten_version = _drafted(world, asten)
    client.force_login(make_user("bestuur"))

    response = client.get(
        reverse("web:programme-detail", args=[eindhoven_version.programme_id])
        + f"?versie={asten_version.pk}"
    )

    assert response.status_code == 404


# --- the collective programme and extra work ---------------------------------------------------


def test_the_collective_programme_page_shows_the_distribution(client, make_user, world, asten):
    beheerder = make_user("beheerder")
    client.force_login(beheerder)
    empty = client.get(reverse("web:programme-collective", args=[world.year])).content.decode()
    assert "Collectief programma opstellen" in empty

    client.post(reverse("web:programme-create"), {"jaar": world.year})
    version = ProgrammeVersion.objects.get(programme__participant=None, programme__year=world.year)
    services.line_set(actor=beheerder, version=version, product=world.products["CT-01"], quantity=3)
    services.distribution_key_set(
        actor=beheerder,
        year=world.year,
        method="vast",
        weights={world.participant: 2, asten: 1},
    )
    editor = client.get(reverse("web:programme-detail", args=[version.programme_id]))
    html = editor.content.decode()
    assert "Collectief programma 2026" in html
    assert 'name="quantity"' in html  # the beheerder drafts the collective programme
    assert "Indienen ter vaststelling" in html
    assert "Meerwerk" not in html  # extra work belongs to a participant
    client.force_login(make_user("bestuur"))

    response = client.get(reverse("web:programme-collective", args=[world.year]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "€ 304,95" in html  # 3 h x 101.65
    eindhoven_row = html.split('<th class="utrecht-table__header-cell" scope="row">Eindhoven</th>')[
        1
    ]
    eindhoven_row = eindhoven_row.split("</tr>")[0]
    assert "66,67 %" in eindhoven_row
    assert "€ 203,30" in eindhoven_row
    asten_row = html.split('<th class="utrecht-table__header-cell" scope="row">Asten</th>')[1]
    asten_row = asten_row.split("</tr>")[0]
    assert "33,33 %" in asten_row
    assert "€ 101,65" in asten_row
    assert '<td class="utrecht-table__cell grip-number" id="verdeling-totaal">€ 304,95</td>' in html

    client.force_login(make_user(participant=asten))
    assert client.get(reverse("web:programme-collective", args=[world.year])).status_code == 403


def test_extra_work_is_requested_by_the_account_manager_and_decided_by_the_participant(
    client, world
):
    version = _adopted(world)
    client.force_login(world.account_manager)
    url = reverse("web:programme-extra-work-request", args=[version.programme_id])

    client.post(
        url,
        {"product": world.products["TH-02"].pk, "quantity": "2", "omschrijving": "Evenementen"},
    )
    work = ExtraWork.objects.get()
    assert (work.status, work.hours) == ("aangevraagd", Decimal("25.00"))
    page = client.get(_detail_url(version)).content.decode()
    assert "Evenementen" in page
    assert "Goedkeuren" not in page  # the account manager does not decide

    client.force_login(world.participant_user)
    page = client.get(_detail_url(version)).content.decode()
    assert "Meerwerk aanvragen" not in page
    decide = reverse("web:programme-extra-work-decide", args=[work.pk])
    refused = client.post(decide, {"besluit": "afwijzen", "toelichting": ""}, follow=True)
    assert any("afgewezen" in m for m in _messages(refused))
    work.refresh_from_db()
    assert work.status == "aangevraagd"

    response = client.post(decide, {"besluit": "goedkeuren"})
    work.refresh_from_db()
    assert response["Location"].endswith("#meerwerk")
    assert work.status == "goedgekeurd"


# --- the journey of issue 3, through the pages only -------------------------------------------


def test_draft_submit_adopt_amend_and_fix_in_excel_all_through_the_pages(client, world):
    today = timezone.localdate().isoformat()
    client.force_login(world.account_manager)
    created = client.post(
        reverse("web:programme-create"), {"deelnemer": world.participant.pk, "jaar": world.year}
    )
    detail = created["Location"]
    version = ProgrammeVersion.objects.get(programme__participant=world.participant)
    client.post(
        reverse("web:programme-line-add", args=[version.pk]),
        {"product": world.products["TH-01"].pk, "quantity": "10"},
    )
    client.post(
        reverse("web:programme-related-save", args=[version.pk, "afstemming"]),
        {"grondslag": "percentage", "waarde": "5"},
    )
    client.post(reverse("web:programme-version-submit", args=[version.pk]))

    client.force_login(world.participant_user)
    client.post(
        reverse("web:programme-version-adopt", args=[version.pk]),
        {"vastgesteld_op": today, "kenmerk": "B&W 1"},
    )

    client.force_login(world.account_manager)
    amended = client.post(
        reverse("web:programme-amend", args=[version.programme_id]),
        {"toelichting": "Meer toezicht"},
    )
    amendment = ProgrammeVersion.objects.get(programme=version.programme, number=2)
    workbook = _exported(client, amendment)
    workbook["Regels"]["E2"] = 14
    imported = _upload(client, amendment, workbook, follow=True)
    client.post(reverse("web:programme-version-submit", args=[amendment.pk]))

    client.force_login(world.participant_user)
    client.post(
        reverse("web:programme-version-adopt", args=[amendment.pk]),
        {"vastgesteld_op": today, "kenmerk": "B&W 2"},
    )

    version.refresh_from_db()
    amendment.refresh_from_db()
    assert detail == _detail_url(version)
    assert amended["Location"] == _detail_url(amendment)
    assert any("is bijgewerkt" in m for m in _messages(imported))
    assert (version.status, amendment.status) == ("vervangen", "vastgesteld")
    assert _line(version, "TH-01").quantity == Decimal("10.00")  # history stays as it was
    assert _line(amendment, "TH-01").quantity == Decimal("14.00")
    related = RelatedWorkLine.objects.get(version=amendment)
    assert (related.kind, related.hours) == ("afstemming", Decimal("4.20"))  # 5 % of 84 h
    page = client.get(reverse("web:programme-detail", args=[version.programme_id]))
    assert page.context["version"] == amendment
    assert "B&amp;W 2" in page.content.decode()
