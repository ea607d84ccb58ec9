"""The analytics export: Parquet round trip, pseudonyms, omitted columns, DuckDB, manifest."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from decimal import Decimal

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from grip.core.models import User
from grip.dataplatform import export, harvest, services
from grip.dataplatform.models import (
    AccessLogLine,
    Check,
    Column,
    DataRole,
    Dataset,
    DatasetRole,
    PersonalData,
)
from grip.dataplatform.pseudonym import pseudonymise
from grip.organisation.models import Team
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Interaction
from grip.participants.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

SMALL = ["participants", "organisation", "core", "dataplatform"]


@pytest.fixture
def small_world(eindhoven, make_user):
    harvest.harvest_models()
    contacts = [
        ContactFactory(participant=eindhoven, name="Jan de Vries", phone="0612345678"),
        ContactFactory(participant=eindhoven, name="Fatima el Amrani", phone=""),
    ]
    employee = EmployeeFactory(
        first_name="Els", last_name="Bakker", email="els.bakker@odzob.example"
    )
    Interaction.objects.create(
        participant=eindhoven,
        occurred_on=datetime.date(2026, 3, 4),
        kind="overleg",
        subject="Ambtelijk overleg",
        summary="Jan de Vries belde over zijn zieke collega.",
    )
    case = Dataset.objects.get(identifier="cases.case")
    check = Check.objects.create(
        code="zaak-einddatum",
        name="Zaak heeft een einddatum",
        dataset=case,
        kind="not_null",
        dimension="volledigheid",
        threshold=Decimal("0.025"),
    )
    role = DatasetRole.objects.create(
        dataset=case,
        role=DataRole.STEWARD,
        team=Team.objects.get(code="toezicht-handhaving"),
        valid_from=datetime.date(2026, 1, 31),
    )
    return {
        "contacts": contacts,
        "employee": employee,
        "check": check,
        "role": role,
        "kis": make_user("kis"),
    }


def _manifest(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _entry(out, dataset):
    return next(entry for entry in _manifest(out)["files"] if entry["dataset"] == dataset)


def test_round_trip_rows_types_and_pseudonyms(small_world, tmp_path):
    out = tmp_path / "analytics"
    result = export.export_analytics(out, datasets=SMALL)

    table = pq.read_table(out / "participants_contactperson.parquet")
    assert table.num_rows == 2
    schema = table.schema
    assert schema.field("id").type == pa.int64()
    assert schema.field("participant_id").type == pa.int64()
    assert schema.field("is_primary").type == pa.bool_()
    assert schema.field("created_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("name").type == pa.string()
    rows = sorted(table.to_pylist(), key=lambda row: row["id"])
    jan, _fatima = sorted(small_world["contacts"], key=lambda contact: contact.pk)
    assert rows[0]["name"] == pseudonymise("Jan de Vries") != "Jan de Vries"
    assert len(rows[0]["name"]) == 64
    assert rows[0]["phone"] == pseudonymise("0612345678")
    assert rows[0]["email"] == pseudonymise(jan.email)
    assert rows[1]["phone"] == ""  # nobody's number: nothing to hide
    assert rows[0]["position"] == "Beleidsadviseur VTH"  # not personal: as it is
    assert rows[0]["participant_id"] == jan.participant_id
    jan.refresh_from_db()
    assert rows[0]["created_at"] == jan.created_at.astimezone(datetime.UTC)

    employee = pq.read_table(out / "organisation_employee.parquet")
    # HoursField: max_digits=14 (core.numbers.MAX_DIGITS), two places.
    assert employee.schema.field("contract_hours_per_week").type == pa.decimal128(14, 2)
    assert employee.schema.field("start_date").type == pa.date32()
    (els,) = employee.to_pylist()
    assert els["contract_hours_per_week"] == Decimal("36.00")
    assert els["start_date"] == datetime.date(2020, 1, 1)
    assert els["last_name"] == pseudonymise("Bakker")
    assert "Bakker" not in json.dumps(employee.to_pylist(), default=str)

    checks = pq.read_table(out / "dataplatform_check.parquet")
    assert checks.schema.field("threshold").type == pa.decimal128(5, 4)
    (check,) = [row for row in checks.to_pylist() if row["id"] == small_world["check"].pk]
    assert check["threshold"] == Decimal("0.0250")
    roles = pq.read_table(out / "dataplatform_datasetrole.parquet").to_pylist()
    (role,) = [row for row in roles if row["id"] == small_world["role"].pk]
    assert role["valid_from"] == datetime.date(2026, 1, 31)
    assert role["valid_to"] is None
    # JSON as JSON text.
    columns = pq.read_table(out / "dataplatform_column.parquet")
    status = Column.objects.get(dataset__identifier="cases.case", name="status")
    (row,) = [r for r in columns.to_pylist() if r["id"] == status.pk]
    assert json.loads(row["code_list"]) == status.code_list
    # Many-to-many link tables are exported too.
    assert (out / "dataplatform_dataset_terms.parquet").exists()
    assert result.rows == sum(entry["rows"] for entry in _manifest(out)["files"])


def test_free_text_special_and_secret_columns_are_left_out(small_world, tmp_path):
    steward = small_world["kis"]
    position = Column.objects.get(dataset__identifier="participants.contactperson", name="position")
    services.column_update(
        actor=steward, column=position, data={"personal_data": PersonalData.SPECIAL}
    )
    out = tmp_path / "analytics"
    export.export_analytics(out, datasets=SMALL)

    contacts = pq.read_table(out / "participants_contactperson.parquet")
    assert "position" not in contacts.column_names
    interactions = pq.read_table(out / "participants_interaction.parquet")
    assert "summary" not in interactions.column_names
    assert "agreements" not in interactions.column_names
    assert interactions.column("subject").to_pylist() == ["Ambtelijk overleg"]
    users = pq.read_table(out / "core_user.parquet")
    assert "password" not in users.column_names
    assert users.num_rows == User.objects.count()

    assert {"column": "position", "reason": "special_category"} in _entry(
        out, "participants.contactperson"
    )["omitted"]
    assert _entry(out, "participants.contactperson")["pseudonymised"] == ["name", "email", "phone"]
    assert {"column": "summary", "reason": "free_text_personal"} in _entry(
        out, "participants.interaction"
    )["omitted"]
    assert _entry(out, "core.user")["omitted"] == [{"column": "password", "reason": "secret"}]
    # The access log's own tables are not exported.
    assert not (out / "dataplatform_accesslogline.parquet").exists()
    assert "dataplatform.accesslogline" in _manifest(out)["skipped_datasets"]


def test_manifest_checksums_and_duckdb_views(small_world, tmp_path, monkeypatch):
    out = tmp_path / "analytics"
    export.export_analytics(out, datasets=SMALL)

    for entry in _manifest(out)["files"]:
        path = out / entry["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        assert pq.read_metadata(path).num_rows == entry["rows"]
    assert _entry(out, "participants.contactperson")["rows"] == 2

    # The views read relative paths: DuckDB opened from the export directory.
    monkeypatch.chdir(out)
    with duckdb.connect("grip.duckdb", read_only=True) as connection:
        count = connection.execute("SELECT count(*) FROM participants_contactperson").fetchone()
        names = connection.execute(
            "SELECT name FROM participants_contactperson ORDER BY id"
        ).fetchall()
        views = {
            name
            for (name,) in connection.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
    assert count == (2,)
    jan, fatima = sorted(small_world["contacts"], key=lambda contact: contact.pk)
    assert names == [(pseudonymise(jan.name),), (pseudonymise(fatima.name),)]
    assert views == {entry["view"] for entry in _manifest(out)["files"]}


def test_the_export_is_logged_under_its_processing_activity(small_world, tmp_path):
    export.export_analytics(tmp_path / "a", datasets=["participants"], actor="cli:analist")
    lines = AccessLogLine.objects.filter(name="export_analytics")
    logged = set(lines.values_list("dataset", flat=True))
    assert logged == {"participants.contactperson"}  # the one file with pseudonyms
    assert lines.get().actor == "cli:analist"
    assert "analytics-datalab" in lines.get().processing_activity_id


def test_batches_stream_every_row(small_world, tmp_path, monkeypatch, eindhoven):
    for number in range(3):
        ContactFactory(participant=eindhoven, name=f"Contact {number}")
    monkeypatch.setattr(export, "BATCH_ROWS", 2)
    out = tmp_path / "analytics"
    export.export_analytics(out, datasets=["participants.contactperson"])
    table = pq.read_table(out / "participants_contactperson.parquet")
    assert table.num_rows == 5
    assert table.column("id").to_pylist() == sorted(table.column("id").to_pylist())
    assert [entry["dataset"] for entry in _manifest(out)["files"]] == ["participants.contactperson"]


def test_a_failed_export_leaves_the_earlier_one_and_no_debris(small_world, tmp_path, monkeypatch):
    out = tmp_path / "analytics"
    export.export_analytics(out, datasets=["participants.contactperson"])
    before = (out / "manifest.json").read_bytes()

    def broken(directory, files):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export, "_write_duckdb", broken)
    with pytest.raises(RuntimeError):
        export.export_analytics(out, datasets=SMALL)
    assert (out / "manifest.json").read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["analytics"]

    fresh = tmp_path / "fresh"
    with pytest.raises(RuntimeError):
        export.export_analytics(fresh, datasets=SMALL)
    assert not fresh.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["analytics"]


def test_another_directory_is_never_replaced(small_world, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(export.ExportError):
        export.export_analytics(tmp_path, datasets=["participants"])
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    with pytest.raises(export.ExportError):
        export.export_analytics(tmp_path / "new", datasets=["no.such"])


def test_the_command_and_its_dashed_name(small_world, tmp_path, monkeypatch):
    from django.core import management

    from grip import manage

    # The console script turns the documented name into Django's. (Not run through
    # manage.main here: a command run from argv closes the test's database connection.)
    seen: list[list[str]] = []
    monkeypatch.setattr(management, "execute_from_command_line", seen.append)
    manage.main(["grip", "export-analytics", "--out", "x"])
    manage.main(["grip", "verify-access-log"])
    assert seen == [["grip", "export_analytics", "--out", "x"], ["grip", "verify_access_log"]]

    out = io.StringIO()
    call_command(
        "export_analytics",
        out=str(tmp_path / "via-command"),
        datasets=["participants.contactperson"],
        stdout=out,
    )
    assert [entry["dataset"] for entry in _manifest(tmp_path / "via-command")["files"]] == [
        "participants.contactperson"
    ]
    assert "pseudonymised" in out.getvalue()
    call_command("export_analytics", out=tmp_path / "direct", datasets=["organisation,core"])
    exported = {entry["dataset"] for entry in _manifest(tmp_path / "direct")["files"]}
    assert "organisation.employee" in exported
    assert "core.user" in exported
    assert not any(name.startswith("participants.") for name in exported)
