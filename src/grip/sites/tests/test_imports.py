"""Reading sites from CSV and XLSX: whole-file validation, nothing written on a problem,
idempotent, changed rows update their site, audited."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from grip.core.audit import history_of
from grip.core.errors import NotAllowed
from grip.core.models import AuditAction, AuditRecord
from grip.sites.imports import COLUMNS, ImportRejected, import_sites_file
from grip.sites.models import Establishment, EstablishmentSbi, Site, SiteActivity, SiteImport

pytestmark = pytest.mark.django_db

HEADER = (
    "identificatie;naam;type;deelnemer;straat;huisnummer;huisletter;postcode;plaats;bag_id;"
    "kvk_nummer;vestigingsnummer;handelsnaam;sbi_codes;activiteiten;ontstaansdatum"
)
PIG_FARM = (
    "VO-1;Varkenshouderij Jansen, Asten;inrichting-agrarisch;GM0743;Peeldijk;12;a;5721 ab;Asten;"
    "0743010000000001;12345678;000012345678;Jansen VOF;0146|0111;"
    "landbouwhuisdieren-houden|mest-opslaan:voorgenomen;01-03-1998"
)
GARAGE = (
    "VO-2;Garage De Vries, Eindhoven;inrichting-bedrijf;Eindhoven;Hoogstraat;3;;5615AB;Eindhoven;"
    ";87654321;;Garage De Vries;4520;motorvoertuigen-onderhouden;"
)
TERRAIN = "VO-3;Evenemententerrein Peel;terrein-evenemententerrein;GM0762;Peelweg;;;;Deurne;;;;;;;"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def messages_of(rejected):
    return [(problem.row, problem.column, problem.message) for problem in rejected.value.problems]


def test_a_good_csv_file_registers_sites_establishments_and_activities(make_user, asten):
    beheerder = make_user("beheerder")
    result = import_sites_file(
        actor=beheerder,
        path_or_bytes=csv_bytes(PIG_FARM, GARAGE, TERRAIN),
        file_name="objecten.csv",
    )
    assert (result.rows, result.created, result.updated, result.unchanged) == (3, 3, 0, 0)
    assert result.establishments_created == 2
    farm = Site.objects.get(identification="VO-1")
    assert farm.participant == asten
    assert farm.site_type.code == "inrichting-agrarisch"
    assert (farm.street, farm.house_number, farm.house_letter, farm.postcode, farm.city) == (
        "Peeldijk",
        12,
        "A",
        "5721AB",
        "Asten",
    )
    assert farm.bag_id == "0743010000000001"
    assert farm.start_date == datetime.date(1998, 3, 1)
    assert farm.establishment.trade_name == "Jansen VOF"
    assert farm.establishment.branch_number == "000012345678"
    assert list(
        EstablishmentSbi.objects.filter(establishment=farm.establishment)
        .order_by("-is_main")
        .values_list("sbi_code__code", "is_main")
    ) == [("0146", True), ("0111", False)]
    assert dict(farm.activities.values_list("activity__code", "status")) == {
        "landbouwhuisdieren-houden": "uitvoering",
        "mest-opslaan": "voorgenomen",
    }
    garage = Site.objects.get(identification="VO-2")
    assert garage.participant.code == "GM0772"  # a participant may be named, too
    assert garage.establishment.branch_number is None
    assert Site.objects.get(identification="VO-3").establishment is None
    record = SiteImport.objects.get()
    assert (record.file_name, record.rows, record.created, record.imported_by) == (
        "objecten.csv",
        3,
        3,
        beheerder,
    )
    # Every row written has its audit record, by the importing user.
    created = AuditRecord.objects.filter(action=AuditAction.CREATE, actor=beheerder)
    assert created.filter(content_type__model="site").count() == 3
    assert created.filter(content_type__model="establishment").count() == 2
    assert created.filter(content_type__model="establishmentsbi").count() == 3
    assert created.filter(content_type__model="siteactivity").count() == 3
    assert created.filter(content_type__model="siteimport").count() == 1
    assert history_of(farm).get().after["postcode"] == "5721AB"
    assert farm.created_at is not None


def test_a_good_xlsx_file_with_number_and_date_cells(make_user):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    # KvK, vestigingsnummer and BAG id as number cells lose their leading zeros; they return.
    sheet.append(
        [
            "VO-9",
            "Melkveebedrijf Van Bree",
            "inrichting-agrarisch",
            "GM0743",
            "Voorste Heusden",
            7,
            None,
            "5725 AB",
            "Heusden",
            743010000000009,
            1234567,
            12345678,
            "Van Bree",
            "0141",
            "landbouwhuisdieren-houden",
            datetime.datetime(2001, 5, 4),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_sites_file(
        actor=make_user("beheerder"), path_or_bytes=buffer.getvalue(), file_name="objecten.xlsx"
    )
    assert result.created == 1
    site = Site.objects.get()
    assert site.bag_id == "0743010000000009"
    assert site.establishment.kvk_number == "01234567"
    assert site.establishment.branch_number == "000012345678"
    assert site.start_date == datetime.date(2001, 5, 4)
    assert site.house_number == 7


def test_a_bad_file_lists_every_problem_with_row_and_column_and_writes_nothing(make_user):
    bad_farm = (
        PIG_FARM.replace("5721 ab", "0721 AB")
        .replace(";12345678;000012345678;", ";1234;000012345678;")
        .replace("0146|0111", "0146|9999")
        .replace("0743010000000001", "0743100000000001")
    )
    bad_garage = (
        GARAGE.replace("inrichting-bedrijf", "fabriek")
        .replace("Eindhoven;Hoogstraat", "GM9999;Hoogstraat")
        .replace("motorvoertuigen-onderhouden;", "raketten-lanceren;31-02-2020")
    )
    no_address = "VO-4;Zonder adres;inrichting-bedrijf;GM0772;;;;;Eindhoven;;;;;;;"
    twice = PIG_FARM.replace("Peeldijk;12;a", "Peeldijk;14;")
    with pytest.raises(ImportRejected) as rejected:
        import_sites_file(
            actor=make_user("beheerder"),
            path_or_bytes=csv_bytes(bad_farm, bad_garage, no_address, twice),
            file_name="fout.csv",
        )
    assert messages_of(rejected) == [
        (
            2,
            "postcode",
            "'0721 AB' is geen Nederlandse postcode; schrijf vier cijfers en twee letters, "
            "zoals 5611 AB.",
        ),
        (
            2,
            "bag_id",
            "BAG-identificatie 0743100000000001 is geen adres: de cijfers 5 en 6 zijn 01 "
            "(verblijfsobject), 02 (ligplaats), 03 (standplaats) of 20 (nummeraanduiding).",
        ),
        (2, "kvk_nummer", "'1234' is geen KvK-nummer; dat zijn precies acht cijfers."),
        (2, "sbi_codes", "SBI-code 9999 is onbekend."),
        (3, "type", "Type fabriek is onbekend."),
        (3, "deelnemer", "Deelnemer GM9999 is onbekend."),
        (3, "activiteiten", "Activiteit raketten-lanceren is onbekend."),
        (3, "ontstaansdatum", "'31-02-2020' is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ."),
        (4, "straat", "Vul een adres of een locatieomschrijving in."),
        (5, "identificatie", "Identificatie VO-1 staat ook op regel 2."),
    ]
    assert str(rejected.value.problems[0]).startswith("fout.csv, regel 2, kolom postcode: ")
    assert (
        rejected.value.message == "Het bestand is niet ingelezen: 10 probleem/problemen gevonden."
    )
    for model in (Site, Establishment, EstablishmentSbi, SiteActivity, SiteImport, AuditRecord):
        assert not model.objects.exists(), model


def test_header_problems_are_reported_before_the_rows(make_user):
    header = "identificatie;naam;naam;deelnemer;plaats;kleur"
    with pytest.raises(ImportRejected) as rejected:
        import_sites_file(
            actor=make_user("beheerder"), path_or_bytes=csv_bytes("x;y;y;z;w;v", header=header)
        )
    assert messages_of(rejected) == [
        (1, "naam", "De kolom naam staat er twee keer in."),
        (1, "type", "De kolom type ontbreekt."),
        (1, "kleur", f"Onbekende kolom 'kleur'; de kolommen zijn {', '.join(COLUMNS)}."),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Het bestand is leeg."),
        (HEADER.encode() + b"\n", "Het bestand bevat geen regels."),
        ("identificatie;naam\n\xe9".encode("latin-1"), "Het bestand is geen UTF-8-tekst"),
        (b"PK\x03\x04 not really a workbook", "Het bestand is geen leesbaar XLSX-bestand."),
    ],
)
def test_an_empty_or_unreadable_file(make_user, data, message):
    with pytest.raises(ImportRejected) as rejected:
        import_sites_file(actor=make_user("beheerder"), path_or_bytes=data, file_name="x")
    assert message in rejected.value.problems[0].message


def test_rows_that_disagree_about_an_establishment_are_refused(make_user):
    same_branch_other_kvk = GARAGE.replace("VO-2", "VO-5").replace(
        ";87654321;;", ";11111111;000012345678;"
    )
    same_kvk_other_name = GARAGE.replace("VO-2", "VO-6").replace(
        "Garage De Vries;4520", "Garage Jansen;4520"
    )
    with pytest.raises(ImportRejected) as rejected:
        import_sites_file(
            actor=make_user("beheerder"),
            path_or_bytes=csv_bytes(PIG_FARM, GARAGE, same_branch_other_kvk, same_kvk_other_name),
        )
    assert messages_of(rejected) == [
        (
            4,
            "vestigingsnummer",
            "Vestigingsnummer 000012345678 staat op regel 2 bij KvK-nummer 12345678.",
        ),
        (5, "handelsnaam", "Deze vestiging staat op regel 3 met handelsnaam Garage De Vries."),
    ]


def test_reading_the_same_file_again_changes_nothing(make_user):
    data = csv_bytes(PIG_FARM, GARAGE, TERRAIN)
    import_sites_file(actor=make_user("beheerder"), path_or_bytes=data)
    before = list(Site.objects.order_by("pk").values())
    audit_rows = AuditRecord.objects.count()
    again = import_sites_file(actor=None, path_or_bytes=data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert list(Site.objects.order_by("pk").values()) == before
    assert Establishment.objects.count() == 2
    assert SiteActivity.objects.count() == 3
    # Only the import itself is recorded.
    assert AuditRecord.objects.count() == audit_rows + 1
    assert SiteImport.objects.count() == 2


def test_a_changed_row_updates_its_site_and_the_rest_stays(make_user):
    import_sites_file(
        actor=make_user("beheerder"), path_or_bytes=csv_bytes(PIG_FARM, GARAGE, TERRAIN)
    )
    garage = Site.objects.get(identification="VO-2")
    garage_updated_at = garage.updated_at
    changed_farm = (
        PIG_FARM.replace("Peeldijk;12;a", "Peeldijk;14;")
        .replace("Jansen VOF;0146|0111", "Jansen Varkens VOF;0111|0146")
        .replace(
            "landbouwhuisdieren-houden|mest-opslaan:voorgenomen",
            "landbouwhuisdieren-houden:gestaakt|stookinstallatie",
        )
    )
    beheerder = make_user("beheerder")
    result = import_sites_file(
        actor=beheerder, path_or_bytes=csv_bytes(changed_farm, GARAGE, TERRAIN)
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert result.establishments_updated == 1
    farm = Site.objects.get(identification="VO-1")
    assert (farm.house_number, farm.house_letter) == (14, "")
    assert farm.establishment.trade_name == "Jansen Varkens VOF"
    assert (
        EstablishmentSbi.objects.get(establishment=farm.establishment, is_main=True).sbi_code.code
        == "0111"
    )
    assert dict(farm.activities.values_list("activity__code", "status")) == {
        "landbouwhuisdieren-houden": "gestaakt",
        "stookinstallatie": "uitvoering",
    }
    update = history_of(farm).get(action=AuditAction.UPDATE)
    assert (update.actor, update.before["house_number"], update.after["house_number"]) == (
        beheerder,
        12,
        14,
    )
    assert (
        AuditRecord.objects.filter(
            content_type__model="siteactivity", action=AuditAction.DELETE
        ).count()
        == 1
    )
    assert Site.objects.get(identification="VO-2").updated_at == garage_updated_at


def test_a_column_left_out_leaves_that_part_of_existing_sites(make_user):
    import_sites_file(actor=make_user("beheerder"), path_or_bytes=csv_bytes(PIG_FARM))
    header = "identificatie;naam;type;deelnemer;straat;huisnummer;huisletter;postcode;plaats"
    row = (
        "VO-1;Varkenshouderij Jansen, Asten;inrichting-agrarisch;GM0743;Peeldijk;12;a;5721AB;Asten"
    )
    result = import_sites_file(actor=None, path_or_bytes=csv_bytes(row, header=header))
    assert result.unchanged == 1
    farm = Site.objects.get()
    assert farm.bag_id == "0743010000000001"
    assert farm.establishment.kvk_number == "12345678"
    assert farm.activities.count() == 2


def test_a_branch_number_that_grip_holds_under_another_kvk_number_is_refused(make_user):
    import_sites_file(actor=make_user("beheerder"), path_or_bytes=csv_bytes(PIG_FARM))
    other = GARAGE.replace(";87654321;;", ";87654321;000012345678;")
    with pytest.raises(ImportRejected) as rejected:
        import_sites_file(actor=None, path_or_bytes=csv_bytes(other))
    assert messages_of(rejected) == [
        (
            2,
            "vestigingsnummer",
            "Vestigingsnummer 000012345678 hoort in Grip bij KvK-nummer 12345678.",
        )
    ]
    assert Site.objects.count() == 1


def test_only_who_may_import_imports(make_user):
    with pytest.raises(NotAllowed):
        import_sites_file(actor=make_user("medewerker"), path_or_bytes=csv_bytes(PIG_FARM))
    assert not Site.objects.exists()


def test_the_command_reads_a_file_and_lists_problems(tmp_path, capsys):
    good = tmp_path / "objecten.csv"
    good.write_bytes(csv_bytes(PIG_FARM, GARAGE))
    call_command("import_sites", str(good))
    assert "objecten.csv: 2 rows, 2 new, 0 changed, 0 unchanged" in capsys.readouterr().out
    bad = tmp_path / "fout.csv"
    bad.write_bytes(csv_bytes(GARAGE.replace("5615AB", "5615")))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_sites", str(bad))
    assert exit_info.value.code == 1
    assert "fout.csv, regel 2, kolom postcode:" in capsys.readouterr().out


def test_a_participant_bound_importer_reads_only_its_own_sites(make_user, asten):
    from django.contrib.auth.models import Permission

    import_sites_file(actor=make_user("beheerder"), path_or_bytes=csv_bytes(GARAGE))
    user = make_user(participant=asten)
    user.user_permissions.add(Permission.objects.get(codename="import_sites"))
    user = type(user).objects.get(pk=user.pk)  # fresh permission cache
    takeover = GARAGE.replace("Eindhoven;Hoogstraat", "GM0743;Hoogstraat")
    with pytest.raises(ImportRejected) as rejected:
        import_sites_file(actor=user, path_or_bytes=csv_bytes(PIG_FARM, GARAGE, takeover))
    assert messages_of(rejected) == [
        (3, "identificatie", "Identificatie VO-2 is van een andere deelnemer."),
        (3, "deelnemer", "U kunt alleen toezichtobjecten van uw eigen deelnemer inlezen."),
        (4, "identificatie", "Identificatie VO-2 staat ook op regel 3."),
        (4, "identificatie", "Identificatie VO-2 is van een andere deelnemer."),
    ]
    assert Site.objects.count() == 1
    result = import_sites_file(actor=user, path_or_bytes=csv_bytes(PIG_FARM))
    assert result.created == 1
    with pytest.raises(ImportRejected) as rejected:
        import_sites_file(actor=user, path_or_bytes=csv_bytes(takeover))
    assert messages_of(rejected) == [
        (2, "identificatie", "Identificatie VO-2 is van een andere deelnemer.")
    ]
    assert Site.objects.get(identification="VO-2").participant.code == "GM0772"
