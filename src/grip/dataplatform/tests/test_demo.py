"""The demo's data platform: every table of Grip has an owner, a steward and a custodian, and
the reference data the service publishes is marked open.

The demo is loaded once for the class at scale small; every test reads it in its own savepoint.
"""

from __future__ import annotations

import io

from django.db.models import Count
from django.test import TestCase

from grip.core.audit import history_of
from grip.core.demodata import Progress, load_demo, registered_steps
from grip.dataplatform import demo
from grip.dataplatform.models import AccessRights, DataRole, Dataset, DatasetKind, DatasetRole

SEED = 4


class DemoCatalogueTest(TestCase):
    output: io.StringIO

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = io.StringIO()
        load_demo(scale="small", seed=SEED, year=2026, progress=Progress(cls.output))

    def test_the_catalogue_step_runs_after_the_reports(self):
        names = [step.name for step in registered_steps()]
        assert names.index("reporting") < names.index("dataplatform-catalogue")

    def test_every_present_table_has_each_role_once(self):
        tables = Dataset.objects.filter(kind=DatasetKind.MODEL, present=True)
        counts = (
            DatasetRole.objects.filter(dataset__in=tables, valid_to__isnull=True)
            .values("dataset", "role")
            .annotate(n=Count("pk"))
        )
        assert {row["n"] for row in counts} == {1}
        assert len(counts) == tables.count() * 3

    def test_owners_follow_the_domain(self):
        case_owner = DatasetRole.objects.get(
            dataset__identifier="cases.case", role=DataRole.BUSINESS_OWNER
        )
        assert case_owner.team is not None
        assert case_owner.team.code == "vergunningverlening"
        steward = DatasetRole.objects.get(dataset__identifier="hours.hourentry", role="steward")
        assert steward.employee is not None
        assert steward.employee.user.username == "kis"

    def test_of_grip_s_tables_only_the_reference_data_is_open(self):
        open_ids = set(
            Dataset.objects.filter(
                kind=DatasetKind.MODEL, access_rights=AccessRights.PUBLIC
            ).values_list("identifier", flat=True)
        )
        assert open_ids == set(demo.OPEN_DATASETS)
        case = Dataset.objects.get(identifier="cases.case")
        assert (case.theme, case.contact_point) == ("ENVI", demo.CONTACT_POINT)
        assert Dataset.objects.get(identifier="hours.hourentry").theme == "GOVE"

    def test_the_curation_is_in_the_catalogue_history(self):
        case = Dataset.objects.get(identifier="cases.case")
        records = history_of(case)
        assert records
        assert records[0].actor.username == "kis"
