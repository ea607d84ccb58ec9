"""The processing register: the seed, stable version URIs, new versions that keep the old."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.utils import timezone

from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditRecord
from grip.dataplatform import privacy
from grip.dataplatform.models import Dataset, LegalBasis, ProcessingActivity

pytestmark = pytest.mark.django_db

SEED_CODES = {
    "vth-vergunningverlening",
    "toezicht-handhaving",
    "klachten",
    "bezwaar-beroep",
    "urenregistratie",
    "personeel-en-gebruikers",
    "accountmanagement",
    "analytics-datalab",
    "toegangslogboek",
}


def test_the_seed_file_names_existing_datasets_and_valid_choices() -> None:
    rows = json.loads(privacy.ACTIVITIES_FILE.read_text(encoding="utf-8"))
    assert {row["code"] for row in rows} == SEED_CODES
    identifiers = set(Dataset.objects.values_list("identifier", flat=True))
    for row in rows:
        assert row["legal_basis"] in LegalBasis.values, row["code"]
        missing = set(row["datasets"]) - identifiers
        assert not missing, (row["code"], missing)


def test_the_seed_loads_with_stable_uris_and_linked_datasets(settings: Any) -> None:
    settings.BASE_URL = "https://grip.example"
    ProcessingActivity.objects.all().delete()  # the migration's seed: load it again here
    assert privacy.load_processing_activities() == len(SEED_CODES)
    vth = privacy.current_activity("vth-vergunningverlening")
    assert privacy.activity_uri(vth) == (
        "https://grip.example/verwerkingen/vth-vergunningverlening/v1"
    )
    assert (vth.role, vth.legal_basis, vth.valid_from) == (
        "verwerker",
        "e_publieke_taak",
        timezone.localdate(),
    )
    assert "bevoegd gezag" in vth.controller
    hours = privacy.current_activity("urenregistratie")
    assert (hours.role, hours.controller) == ("verantwoordelijke", "De omgevingsdienst")
    assert set(hours.datasets.values_list("identifier", flat=True)) == {
        "hours.hourentry",
        "hours.weeksheet",
        "hours.monthclosing",
        "organisation.employee",
    }
    contacts = privacy.current_activity("accountmanagement")
    assert "participants.contactperson" in contacts.datasets.values_list("identifier", flat=True)


def test_reloading_the_seed_overwrites_nothing(make_user: Any) -> None:
    privacy.load_processing_activities()
    vth = privacy.current_activity("vth-vergunningverlening")
    ProcessingActivity.objects.filter(pk=vth.pk).update(name="Door mensen hernoemd")
    assert privacy.load_processing_activities() == 0
    vth.refresh_from_db()
    assert vth.name == "Door mensen hernoemd"
    assert ProcessingActivity.objects.filter(code="vth-vergunningverlening").count() == 1


def test_a_change_is_a_new_version_and_the_old_one_stays(make_user: Any, settings: Any) -> None:
    settings.BASE_URL = "https://grip.example"
    officer = make_user("privacy")
    old = privacy.current_activity("klachten")
    old_uri = privacy.activity_uri(old)
    start = old.valid_from + datetime.timedelta(days=10)
    new = privacy.activity_new_version(
        actor=officer,
        activity=old,
        data={"retention": "5 jaar na afhandeling", "valid_from": start, "dpia_required": True},
    )
    old.refresh_from_db()
    assert (new.code, new.version, new.valid_from, new.valid_to) == ("klachten", 2, start, None)
    assert old.valid_to == start - datetime.timedelta(days=1)
    assert (old.retention != new.retention, new.retention) == (True, "5 jaar na afhandeling")
    assert (old.dpia_required, new.dpia_required) == (False, True)
    assert new.name == old.name  # what was not given is carried over
    assert set(new.datasets.all()) == set(old.datasets.all())
    assert privacy.activity_uri(old) == old_uri == "https://grip.example/verwerkingen/klachten/v1"
    assert privacy.activity_uri(new) == "https://grip.example/verwerkingen/klachten/v2"
    # Which version is in force depends on the day.
    assert privacy.current_activity("klachten", on=start - datetime.timedelta(days=1)) == old
    assert privacy.current_activity("klachten", on=start) == new
    # Audited: the old version's end and the new version.
    assert AuditRecord.objects.filter(object_id=str(new.pk), action="create").exists()
    assert AuditRecord.objects.filter(object_id=str(old.pk), action="update").exists()


def test_new_versions_are_refused_when_stale_unchanged_overlapping_or_not_allowed(
    make_user: Any,
) -> None:
    officer = make_user("privacy")
    old = privacy.current_activity("urenregistratie")
    with pytest.raises(NotAllowed):
        privacy.activity_new_version(
            actor=make_user("medewerker"), activity=old, data={"name": "x"}
        )
    with pytest.raises(DomainError) as unchanged:
        privacy.activity_new_version(actor=officer, activity=old, data={"name": old.name})
    assert unchanged.value.code == "unchanged"
    with pytest.raises(DomainError) as overlap:
        privacy.activity_new_version(
            actor=officer, activity=old, data={"name": "Uren", "valid_from": old.valid_from}
        )
    assert overlap.value.code == "version_overlaps"
    with pytest.raises(DomainError) as not_a_date:
        privacy.activity_new_version(
            actor=officer, activity=old, data={"name": "Uren", "valid_from": "morgen"}
        )
    assert (not_a_date.value.field, not_a_date.value.code) == ("valid_from", "invalid")
    privacy.activity_new_version(actor=officer, activity=old, data={"name": "Uren"})
    with pytest.raises(Conflict):
        privacy.activity_new_version(actor=officer, activity=old, data={"name": "Weer"})
    assert ProcessingActivity.objects.filter(code="urenregistratie").count() == 2


def test_create_an_activity(make_user: Any) -> None:
    beheerder = make_user("beheerder")
    data = {
        "name": "Cameratoezicht bij de ingang",
        "role": "verantwoordelijke",
        "controller": "De omgevingsdienst",
        "purposes": "Beveiliging van het kantoor.",
        "legal_basis": "f_gerechtvaardigd_belang",
        "data_subjects": "Bezoekers en medewerkers.",
        "data_categories": "Camerabeelden.",
        "retention": "4 weken.",
        "security_measures": "Beelden alleen voor de beveiliger.",
        "datasets": ["core.user"],
    }
    made = privacy.activity_create(actor=beheerder, code="camera", data=data)
    assert (made.version, made.valid_from) == (1, timezone.localdate())
    assert list(made.datasets.values_list("identifier", flat=True)) == ["core.user"]
    with pytest.raises(Conflict):
        privacy.activity_create(actor=beheerder, code="camera", data=data)


def test_the_activity_of_a_case_follows_its_type() -> None:
    from grip.cases.models import Case, CaseType

    def activity_for(code: str) -> str:
        case = Case(case_type=CaseType.objects.filter(code=code).latest("version"))
        return privacy.case_activity_code(case)

    assert activity_for("aanvraag-omgevingsvergunning") == "vth-vergunningverlening"
    assert activity_for("milieuklacht") == "klachten"
    assert activity_for("klacht-gedraging") == "klachten"
    assert activity_for("controle") == "toezicht-handhaving"
    assert activity_for("handhavingsverzoek") == "toezicht-handhaving"
    assert activity_for("bezwaarschrift") == "bezwaar-beroep"
