"""The quality checks: each kind on small fixtures with hand-computed counts, the BSN
elfproef, incidents and their life cycle, the transaction of a failing run, the shipped
checks and their sync, and people's writes to checks."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditRecord
from grip.dataplatform import checks as shipped_checks
from grip.dataplatform import quality
from grip.dataplatform.models import (
    Check,
    CheckKind,
    CheckResult,
    Dataset,
    Dimension,
    Incident,
    IncidentEvent,
    IncidentStatus,
)
from grip.hours.models import MonthClosing
from grip.organisation.tests.factories import EmployeeFactory
from grip.sites.models import Establishment, Site
from grip.sites.tests.factories import EstablishmentFactory, SiteFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 12, 0))
TODAY = datetime.date(2026, 6, 15)


def dataset(identifier: str, label: str) -> Dataset:
    found, _ = Dataset.objects.get_or_create(
        identifier=identifier, defaults={"kind": "model", "model_label": label}
    )
    if found.model_label != label:
        found.model_label = label
        found.save()
    return found


@pytest.fixture
def sites_dataset() -> Dataset:
    return dataset("sites.site", "sites.Site")


@pytest.fixture
def establishment_dataset() -> Dataset:
    return dataset("sites.establishment", "sites.Establishment")


def make_check(ds: Dataset, kind: str, columns: list[str] | None = None, **params: Any) -> Check:
    threshold = params.pop("threshold", 0)
    return Check.objects.create(
        code=f"test-{kind}-{Check.objects.count()}",
        name=f"Test {kind}",
        dataset=ds,
        kind=kind,
        columns=columns or [],
        params=params,
        dimension=quality.DEFAULT_DIMENSION[CheckKind(kind)],
        threshold=threshold,
    )


@pytest.fixture
def five_sites() -> list[Site]:
    """Five sites: two without BAG id, one ended; house numbers 1, 5, 10, 0, 120000."""
    assert not Site.objects.exists()
    rows: list[Any] = [
        SiteFactory(bag_id="0772010000000001", house_number=1, name="Alfa"),
        SiteFactory(bag_id="", house_number=5, name="Beta"),
        SiteFactory(bag_id="0772010000000001", house_number=10, name="Alfa"),
        SiteFactory(bag_id="", house_number=0, name="Gamma", end_date=TODAY),
        SiteFactory(bag_id="0772010000000004", house_number=120000, name="Delta"),
    ]
    return rows


# --- the BSN elfproef -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["123456782", "111222333", "249566758", " 12345672"])
def test_valid_bsns_pass_the_elfproef(value: str) -> None:
    assert quality.bsn_valid(value)


@pytest.mark.parametrize("value", ["123456789", "111222334", "000000000", "12345678a", ""])
def test_invalid_bsns_fail_the_elfproef(value: str) -> None:
    assert not quality.bsn_valid(value)


@given(
    st.sampled_from(["123456782", "111222333", "249566758"]),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=1, max_value=9),
)
def test_changing_one_digit_of_a_valid_bsn_makes_it_invalid(
    valid: str, position: int, shift: int
) -> None:
    digit = (int(valid[position]) + shift) % 10
    changed = valid[:position] + str(digit) + valid[position + 1 :]
    assert changed != valid
    assert not quality.bsn_valid(changed)


# --- each kind ------------------------------------------------------------------------------


def test_not_null_counts_empty_text_as_missing(sites_dataset: Dataset, five_sites: Any) -> None:
    check = make_check(sites_dataset, CheckKind.NOT_NULL, ["bag_id"])
    result = quality.run_check(check, now=NOW)
    assert (result.rows_checked, result.rows_failed) == (5, 2)
    assert sorted(result.failing_keys) == sorted([five_sites[1].pk, five_sites[3].pk])
    assert not result.passed
    assert result.pass_rate == pytest.approx(0.6)


def test_a_filter_restricts_the_rows_checked(sites_dataset: Dataset, five_sites: Any) -> None:
    check = make_check(
        sites_dataset, CheckKind.NOT_NULL, ["bag_id"], filter={"end_date__isnull": True}
    )
    result = quality.run_check(check, now=NOW)
    assert (result.rows_checked, result.rows_failed) == (4, 1)
    assert result.failing_keys == [five_sites[1].pk]


def test_the_threshold_lets_a_small_share_pass(sites_dataset: Dataset, five_sites: Any) -> None:
    check = make_check(sites_dataset, CheckKind.NOT_NULL, ["bag_id"], threshold=Decimal("0.4"))
    assert quality.run_check(check, now=NOW).passed  # 2/5 = 0.4 <= 0.4
    check.threshold = Decimal("0.39")
    check.save()
    assert not quality.run_check(check, now=NOW).passed


def test_not_null_on_a_reverse_relation_means_at_least_one(
    establishment_dataset: Dataset,
) -> None:
    before = Establishment.objects.count()
    with_code: Any = EstablishmentFactory(sbi=("0146",))
    without: Any = EstablishmentFactory()
    SiteFactory(establishment=with_code)
    SiteFactory(establishment=without)
    EstablishmentFactory()  # no site: outside the filter
    check = make_check(
        establishment_dataset, CheckKind.NOT_NULL, ["sbi_links"], filter={"sites__isnull": False}
    )
    result = quality.run_check(check, now=NOW)
    assert before == 0
    assert (result.rows_checked, result.rows_failed, result.failing_keys) == (2, 1, [without.pk])


def test_unique_fails_every_row_of_a_duplicate_group(
    sites_dataset: Dataset, five_sites: Any
) -> None:
    single = quality.run_check(make_check(sites_dataset, CheckKind.UNIQUE, ["name"]), now=NOW)
    # Alfa twice: both rows fail.
    assert (single.rows_checked, single.rows_failed) == (5, 2)
    assert sorted(single.failing_keys) == [five_sites[0].pk, five_sites[2].pk]
    assert single.measured == {"groups": 1}
    pair = quality.run_check(
        make_check(sites_dataset, CheckKind.UNIQUE, ["bag_id", "house_number"]), now=NOW
    )
    assert pair.rows_failed == 0  # same BAG id, other house numbers
    assert pair.passed


def test_accepted_values_ignores_empty_values(sites_dataset: Dataset, five_sites: Any) -> None:
    check = make_check(sites_dataset, CheckKind.ACCEPTED_VALUES, ["name"], values=["Alfa", "Beta"])
    result = quality.run_check(check, now=NOW)
    assert (result.rows_checked, result.rows_failed) == (5, 2)  # Gamma, Delta


def test_pattern_presets_and_a_regex(sites_dataset: Dataset, five_sites: Any) -> None:
    five_sites[1].postcode = "5611SA"  # a letter pair that is never used
    five_sites[1].save()
    Site.objects.filter(pk=five_sites[2].pk).update(postcode="")
    postcode = quality.run_check(
        make_check(sites_dataset, CheckKind.PATTERN, ["postcode"], preset="postcode"), now=NOW
    )
    assert (postcode.rows_checked, postcode.rows_failed) == (4, 1)
    assert postcode.failing_keys == [five_sites[1].pk]
    bag = quality.run_check(
        make_check(sites_dataset, CheckKind.PATTERN, ["bag_id"], preset="bag_id"), now=NOW
    )
    assert (bag.rows_checked, bag.rows_failed) == (3, 0)
    regex = quality.run_check(
        make_check(sites_dataset, CheckKind.PATTERN, ["name"], regex="^[A-C]"), now=NOW
    )
    assert (regex.rows_checked, regex.rows_failed) == (5, 2)  # Gamma, Delta


def test_the_kvk_preset(sites_dataset: Dataset, five_sites: Any) -> None:
    # The establishments' own column has a database check; imports land in free text too.
    for site, value in zip(
        five_sites, ["12345678", "1234567", "1234567A", "", "87654321"], strict=True
    ):
        Site.objects.filter(pk=site.pk).update(location_description=value)
    result = quality.run_check(
        make_check(sites_dataset, CheckKind.PATTERN, ["location_description"], preset="kvk"),
        now=NOW,
    )
    assert (result.rows_checked, result.rows_failed) == (4, 2)
    assert result.failing_keys == [five_sites[1].pk, five_sites[2].pk]


def test_the_bsn_preset_runs_in_python(sites_dataset: Dataset, five_sites: Any) -> None:
    for site, value in zip(
        five_sites, ["123456782", "123456789", "111222333", "000000000", ""], strict=True
    ):
        Site.objects.filter(pk=site.pk).update(location_description=value)
    result = quality.run_check(
        make_check(sites_dataset, CheckKind.PATTERN, ["location_description"], preset="bsn"),
        now=NOW,
    )
    assert (result.rows_checked, result.rows_failed) == (4, 2)
    assert result.failing_keys == [five_sites[1].pk, five_sites[3].pk]


def test_range(sites_dataset: Dataset, five_sites: Any) -> None:
    check = make_check(sites_dataset, CheckKind.RANGE, ["house_number"], min=1, max=99999)
    result = quality.run_check(check, now=NOW)
    assert (result.rows_checked, result.rows_failed) == (5, 2)  # 0 and 120000
    only_min = quality.run_check(
        make_check(sites_dataset, CheckKind.RANGE, ["house_number"], min=6), now=NOW
    )
    assert only_min.rows_failed == 3  # 1, 5, 0


def test_not_future_on_a_date_and_a_moment(sites_dataset: Dataset, five_sites: Any) -> None:
    Site.objects.filter(pk=five_sites[0].pk).update(start_date=TODAY)
    Site.objects.filter(pk=five_sites[1].pk).update(start_date=TODAY + datetime.timedelta(1))
    dates = quality.run_check(
        make_check(sites_dataset, CheckKind.NOT_FUTURE, ["start_date"]), now=NOW
    )
    assert (dates.rows_checked, dates.rows_failed) == (2, 1)
    Site.objects.filter(pk=five_sites[2].pk).update(created_at=NOW + datetime.timedelta(hours=1))
    moments = quality.run_check(
        make_check(sites_dataset, CheckKind.NOT_FUTURE, ["created_at"]), now=NOW
    )
    # The factory made the others now (2026 lies ahead of the test run or not): compare to NOW.
    expected = Site.objects.filter(created_at__gt=NOW).count()
    assert moments.rows_failed == expected >= 1


def test_foreign_key_finds_values_without_a_match(sites_dataset: Dataset, five_sites: Any) -> None:
    Site.objects.filter(pk=five_sites[0].pk).update(location_description="Alfa")
    Site.objects.filter(pk=five_sites[1].pk).update(location_description="Nergens")
    check = make_check(
        sites_dataset,
        CheckKind.FOREIGN_KEY,
        ["location_description"],
        to="sites.site",
        to_column="name",
    )
    result = quality.run_check(check, now=NOW)
    assert (result.rows_checked, result.rows_failed, result.failing_keys) == (
        2,
        1,
        [five_sites[1].pk],
    )


def test_freshness_measures_the_age_of_the_newest_row(
    sites_dataset: Dataset, five_sites: Any
) -> None:
    Site.objects.update(created_at=NOW - datetime.timedelta(hours=30))
    Site.objects.filter(pk=five_sites[0].pk).update(created_at=NOW - datetime.timedelta(hours=10))
    fresh = quality.run_check(
        make_check(sites_dataset, CheckKind.FRESHNESS, column="created_at", max_age_hours=24),
        now=NOW,
    )
    assert fresh.passed
    assert fresh.measured["age_hours"] == 10.0
    stale = quality.run_check(
        make_check(sites_dataset, CheckKind.FRESHNESS, column="created_at", max_age_hours=8),
        now=NOW,
    )
    assert not stale.passed
    assert (stale.rows_checked, stale.rows_failed, stale.pass_rate) == (5, 5, 0.0)


def test_freshness_of_an_empty_table_fails(sites_dataset: Dataset) -> None:
    result = quality.run_check(
        make_check(sites_dataset, CheckKind.FRESHNESS, column="created_at", max_age_hours=8),
        now=NOW,
    )
    assert not result.passed
    assert result.measured["age_hours"] is None


def test_row_count_change_compares_with_the_previous_result(
    sites_dataset: Dataset, five_sites: Any
) -> None:
    check = make_check(sites_dataset, CheckKind.ROW_COUNT_CHANGE, max_change=0.2)
    first = quality.run_check(check, now=NOW - datetime.timedelta(days=2))
    assert first.passed
    assert first.measured["previous"] is None
    SiteFactory()  # 6 of 5: +20%
    second = quality.run_check(check, now=NOW - datetime.timedelta(days=1))
    assert second.passed
    assert second.measured["change"] == 0.2
    SiteFactory()
    SiteFactory()  # 8 of 6: +33%
    third = quality.run_check(check, now=NOW)
    assert not third.passed
    assert third.measured == {"previous": 6, "change": 0.3333, "max_change": 0.2}


def test_sql_check_counts_the_rows_it_returns(sites_dataset: Dataset, five_sites: Any) -> None:
    check = make_check(
        sites_dataset,
        CheckKind.SQL,
        sql="SELECT id FROM sites_site WHERE house_number > %(year)s ORDER BY id",
    )
    result = quality.run_check(check, now=NOW)
    assert (result.rows_checked, result.rows_failed) == (5, 1)  # 120000 > 2026
    assert result.failing_keys == [five_sites[4].pk]


def test_sql_check_with_a_total_and_per_vendor_sql(sites_dataset: Dataset, five_sites: Any) -> None:
    check = make_check(
        sites_dataset,
        CheckKind.SQL,
        sql={
            "sqlite": "SELECT id FROM sites_site WHERE bag_id = ''",
            "postgresql": "SELECT id FROM sites_site WHERE bag_id = ''",
        },
        total_sql="SELECT COUNT(*) FROM sites_site WHERE end_date IS NULL",
    )
    result = quality.run_check(check, now=NOW)
    assert (result.rows_checked, result.rows_failed) == (4, 2)


def test_sql_check_is_read_only_and_rolled_back(sites_dataset: Dataset, five_sites: Any) -> None:
    check = make_check(sites_dataset, CheckKind.SQL, sql="DELETE FROM sites_site")
    result = quality.run_check(check, now=NOW)
    assert result.error
    assert not result.passed
    assert Site.objects.count() == 5
    # The connection is writable again afterwards.
    SiteFactory()
    assert Site.objects.count() == 6
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only")
            assert cursor.fetchone()[0] == 0


def test_a_bad_column_gives_an_error_result_not_a_crash(
    sites_dataset: Dataset, five_sites: Any
) -> None:
    broken = make_check(sites_dataset, CheckKind.NOT_NULL, ["no_such_column"])
    bad_sql = make_check(sites_dataset, CheckKind.SQL, sql="SELECT nope FROM nowhere")
    good = make_check(sites_dataset, CheckKind.NOT_NULL, ["name"])
    results = quality.run_checks([broken, bad_sql, good], now=NOW)
    assert [bool(result.error) for result in results] == [True, True, False]
    assert "no_such_column" in results[0].error
    assert [result.passed for result in results] == [False, False, True]
    assert results[0].pass_rate == 0.0
    assert Incident.objects.filter(check_rule__in=[broken, bad_sql]).count() == 2


def test_run_checks_runs_only_active_scheduled_checks(
    sites_dataset: Dataset, five_sites: Any
) -> None:
    Check.objects.all().update(active=False)
    on = make_check(sites_dataset, CheckKind.NOT_NULL, ["name"])
    on_demand = make_check(sites_dataset, CheckKind.NOT_NULL, ["name"])
    on_demand.scheduled = False
    on_demand.save()
    inactive = make_check(sites_dataset, CheckKind.NOT_NULL, ["name"])
    inactive.active = False
    inactive.save()
    results = quality.run_checks(now=NOW)
    assert [result.check_rule_id for result in results] == [on.pk]


def test_the_scheduled_task_is_registered_and_runs(sites_dataset: Dataset, five_sites: Any) -> None:
    from grip.core import schedule
    from grip.dataplatform import quality_tasks

    job = next(job for job in schedule.jobs() if job.name == "quality-checks")
    assert job.hour == 5
    Check.objects.all().update(active=False)
    make_check(sites_dataset, CheckKind.NOT_NULL, ["bag_id"])
    result = quality_tasks.run_scheduled_checks.enqueue()
    assert result.return_value == 1
    assert CheckResult.objects.count() == 1


def test_a_run_on_demand_needs_the_permission(
    sites_dataset: Dataset, five_sites: Any, make_user: Any
) -> None:
    check = make_check(sites_dataset, CheckKind.NOT_NULL, ["bag_id"])
    with pytest.raises(NotAllowed):
        quality.request_run(actor=make_user("medewerker"), checks=[check])
    kis = make_user("kis")
    assert quality.request_run(actor=kis, checks=[check]) == 1
    result = CheckResult.objects.get(check_rule=check)
    assert result.run_by == kis
    assert result.rows_failed == 2


# --- incidents ------------------------------------------------------------------------------


@pytest.fixture
def failing(sites_dataset: Dataset, five_sites: Any) -> Check:
    return make_check(sites_dataset, CheckKind.NOT_NULL, ["bag_id"])


def test_a_failure_opens_an_incident_and_later_failures_attach(failing: Check) -> None:
    first = quality.run_check(failing, now=NOW - datetime.timedelta(days=1))
    incident = Incident.objects.get(check_rule=failing)
    assert (incident.status, incident.failures, incident.opened_by_id) == ("nieuw", 1, first.pk)
    second = quality.run_check(failing, now=NOW)
    incident.refresh_from_db()
    assert (incident.failures, incident.last_failure_id) == (2, second.pk)
    assert Incident.objects.filter(check_rule=failing).count() == 1
    events = list(incident.events.values_list("to_status", "result_id"))
    assert events == [("nieuw", first.pk), ("nieuw", second.pk)]


def test_a_pass_does_not_close_the_incident(failing: Check) -> None:
    quality.run_check(failing, now=NOW - datetime.timedelta(days=1))
    Site.objects.update(bag_id="0772010000000009")
    passed = quality.run_check(failing, now=NOW)
    assert passed.passed
    incident = Incident.objects.get(check_rule=failing)
    assert incident.status == IncidentStatus.NEW
    assert quality.last_run_passed(incident)


def test_incident_life_cycle(failing: Check, make_user: Any) -> None:
    quality.run_check(failing, now=NOW)
    incident = Incident.objects.get(check_rule=failing)
    kis = make_user("kis")
    assignee: Any = EmployeeFactory()
    with pytest.raises(DomainError):
        quality.incident_resolve(actor=kis, incident=incident, reason="")  # a reason first
    incident = quality.incident_acknowledge(actor=kis, incident=incident)
    with pytest.raises(Conflict):
        quality.incident_acknowledge(actor=kis, incident=incident)
    incident = quality.incident_assign(actor=kis, incident=incident, assignee=assignee)
    assert (incident.status, incident.assignee) == ("toegewezen", assignee)
    with pytest.raises(Conflict):
        quality.incident_assign(actor=kis, incident=incident, assignee=assignee)
    with pytest.raises(DomainError):
        quality.incident_resolve(actor=kis, incident=incident, reason="   ")
    incident = quality.incident_resolve(
        actor=kis, incident=incident, reason="BAG-id's aangevuld uit de BAG."
    )
    assert incident.status == "opgelost"
    assert incident.resolved_at is not None
    with pytest.raises(Conflict):
        quality.incident_resolve(actor=kis, incident=incident, reason="nogmaals")
    moves = list(incident.events.values_list("from_status", "to_status"))
    assert moves == [
        ("", "nieuw"),
        ("nieuw", "erkend"),
        ("erkend", "toegewezen"),
        ("toegewezen", "opgelost"),
    ]
    assert AuditRecord.objects.filter(object_id=str(incident.pk), action="update").count() == 3
    # A later failure opens a new incident.
    quality.run_check(failing, now=NOW + datetime.timedelta(days=1))
    assert Incident.objects.filter(check_rule=failing).count() == 2


def test_resolve_straight_from_new(failing: Check, make_user: Any) -> None:
    quality.run_check(failing, now=NOW)
    incident = Incident.objects.get(check_rule=failing)
    resolved = quality.incident_resolve(
        actor=make_user("beheerder"), incident=incident, reason="Bewust leeg: nieuwbouw."
    )
    assert resolved.status == "opgelost"
    assert resolved.resolution == "Bewust leeg: nieuwbouw."
    assert resolved.resolved_at is not None
    last = IncidentEvent.objects.filter(incident=incident).order_by("-pk").first()
    assert last is not None
    assert (last.from_status, last.to_status) == ("nieuw", "opgelost")


def test_the_moves_offered_follow_the_status_and_who_may_handle(
    failing: Check, make_user: Any
) -> None:
    quality.run_check(failing, now=NOW)
    incident = Incident.objects.get(check_rule=failing)
    kis = make_user("kis")
    assert quality.moves_for(kis, incident) == {"acknowledge", "assign", "resolve"}
    assert quality.moves_for(make_user("medewerker"), incident) == set()
    incident = quality.incident_acknowledge(actor=kis, incident=incident)
    assert quality.moves_for(kis, incident) == {"assign", "resolve"}
    assignee: Any = EmployeeFactory()
    incident = quality.incident_assign(actor=kis, incident=incident, assignee=assignee)
    assert quality.moves_for(kis, incident) == {"resolve"}
    incident = quality.incident_resolve(actor=kis, incident=incident, reason="Aangevuld.")
    assert quality.moves_for(kis, incident) == set()


def test_who_may_handle_an_incident(failing: Check, make_user: Any) -> None:
    quality.run_check(failing, now=NOW)
    incident = Incident.objects.get(check_rule=failing)
    with pytest.raises(NotAllowed):
        quality.incident_acknowledge(actor=make_user("medewerker"), incident=incident)
    owner: Any = EmployeeFactory(user__role="medewerker")
    failing.owner_employee = owner
    failing.save()
    incident.refresh_from_db()
    assert quality.incident_acknowledge(actor=owner.user, incident=incident).status == "erkend"
    colleague: Any = EmployeeFactory(user__role="medewerker", team=owner.team)
    failing.owner_employee = None
    failing.owner_team = owner.team
    failing.save()
    incident.refresh_from_db()
    assert quality.may_handle(colleague.user, incident)


def test_one_open_incident_per_check_in_the_database(failing: Check) -> None:
    result = quality.run_check(failing, now=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.create(check_rule=failing, opened_by=result, last_failure=result)


def test_a_failing_result_and_its_incident_commit_together(
    failing: Check, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the incident could not be written")

    monkeypatch.setattr(IncidentEvent.objects, "create", broken)
    with pytest.raises(RuntimeError):
        quality.run_check(failing, now=NOW)
    assert not CheckResult.objects.filter(check_rule=failing).exists()
    assert not Incident.objects.filter(check_rule=failing).exists()


# --- definitions and people's writes --------------------------------------------------------


def test_a_check_definition_is_validated(sites_dataset: Dataset, make_user: Any) -> None:
    kis = make_user("kis")
    base = {"code": "eigen", "name": "Eigen", "dataset": sites_dataset}
    with pytest.raises(DomainError) as error:
        quality.check_create(actor=kis, data={**base, "kind": "not_null", "columns": ["nope"]})
    assert error.value.field == "columns"
    with pytest.raises(DomainError) as error:
        quality.check_create(actor=kis, data={**base, "kind": "pattern", "columns": ["name"]})
    assert error.value.field == "params"
    with pytest.raises(DomainError):
        quality.check_create(
            actor=kis, data={**base, "kind": "range", "columns": ["name", "city"], "params": {}}
        )
    check = quality.check_create(
        actor=kis,
        data={**base, "kind": "pattern", "columns": ["name"], "params": {"preset": "kvk"}},
    )
    assert (check.dimension, check.shipped) == (Dimension.VALIDITY, False)
    assert AuditRecord.objects.filter(object_id=str(check.pk), action="create").exists()


def test_only_the_beheerder_writes_sql_checks(sites_dataset: Dataset, make_user: Any) -> None:
    data = {
        "code": "eigen-sql",
        "name": "Eigen SQL",
        "dataset": sites_dataset,
        "kind": "sql",
        "params": {"sql": "SELECT id FROM sites_site"},
    }
    with pytest.raises(NotAllowed):
        quality.check_create(actor=make_user("kis"), data=data)
    with pytest.raises(NotAllowed):
        quality.check_create(actor=make_user("medewerker"), data=data)
    assert quality.check_create(actor=make_user("beheerder"), data=data).kind == "sql"


def test_a_shipped_check_keeps_its_definition(make_user: Any) -> None:
    _harvest()
    check = Check.objects.get(code="toezichtobject-bag-id")
    kis = make_user("kis")
    with pytest.raises(DomainError):
        quality.check_update(actor=kis, check=check, data={"params": {}})
    updated = quality.check_update(
        actor=kis, check=check, data={"threshold": Decimal("0.25"), "severity": 3}
    )
    assert (updated.threshold, updated.severity) == (Decimal("0.25"), 3)


# --- shipped checks -------------------------------------------------------------------------


def _harvest() -> None:
    from grip.dataplatform import harvest

    harvest.harvest_models()
    shipped_checks.sync_shipped_checks()


def test_shipped_checks_are_synced_and_people_keep_their_fields() -> None:
    _harvest()
    shipped = Check.objects.filter(shipped=True)
    assert shipped.count() == len(shipped_checks.SHIPPED) >= 15
    check = Check.objects.get(code="zaak-wettelijke-termijn-zonder-uiterste-datum")
    employee: Any = EmployeeFactory()
    team = employee.team
    Check.objects.filter(pk=check.pk).update(
        threshold=Decimal("0.3"), owner_team=team, active=False, severity=1, params={}, name="x"
    )
    counts = shipped_checks.sync_shipped_checks()
    assert counts["created"] == 0
    assert counts["updated"] == 1
    check.refresh_from_db()
    assert (check.threshold, check.owner_team, check.active, check.severity) == (
        Decimal("0.3"),
        team,
        False,
        1,
    )
    assert check.params["filter"] == {"case_type__statutory": True, "decided_on__isnull": True}
    assert check.name == "Zaken met een wettelijke termijn zonder uiterste datum"


def test_every_shipped_check_is_valid_and_runs_without_error() -> None:
    _harvest()
    for check in Check.objects.filter(shipped=True).select_related("dataset"):
        quality.validate_definition(
            dataset=check.dataset, kind=check.kind, columns=check.columns, params=check.params
        )
        result = quality.run_check(check, now=NOW)
        assert result.error == "", (check.code, result.error)


def test_hour_entries_in_a_closed_month_fail(hours: Any) -> None:
    _harvest()
    from grip.hours.models import HourEntry, WeekSheet

    check = Check.objects.get(code="uren-in-afgesloten-maand")
    employee = hours.employee.employee
    sheet = WeekSheet.objects.create(employee=employee, week_start=datetime.date(2026, 3, 30))
    march, april = (
        HourEntry.objects.create(
            employee=employee, date=day, hours=4, target=hours.inspection, week=sheet
        )
        for day in (datetime.date(2026, 3, 31), datetime.date(2026, 4, 1))
    )
    closing = MonthClosing.objects.create(year=2026, month=3)
    # Closed after the entries were made: nothing wrong.
    assert quality.run_check(check, now=NOW).rows_failed == 0
    late = HourEntry.objects.create(
        employee=employee,
        date=datetime.date(2026, 3, 30),
        hours=2,
        target=hours.inspection,
        week=sheet,
    )
    HourEntry.objects.filter(pk__in=[late.pk, april.pk]).update(
        created_at=closing.closed_at + datetime.timedelta(minutes=5)
    )
    result = quality.run_check(check, now=NOW)
    assert (result.rows_checked, result.rows_failed, result.failing_keys) == (3, 1, [late.pk])
    assert march.pk not in result.failing_keys


def test_at_most_twenty_failing_keys_are_kept(sites_dataset: Dataset) -> None:
    made: list[Any] = [SiteFactory(bag_id="") for _ in range(23)]
    result = quality.run_check(make_check(sites_dataset, CheckKind.NOT_NULL, ["bag_id"]), now=NOW)
    assert (result.rows_failed, len(result.failing_keys)) == (23, 20)
    assert result.failing_keys == [site.pk for site in made[:20]]
