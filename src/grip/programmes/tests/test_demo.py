"""The demo's work programmes: complete, plausibly sized, in every state, and consistent.

The demo is loaded once for the class (setUpTestData); every test reads it in its own savepoint.
"""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal
from typing import Any

from django.test import TestCase
from django.utils import timezone

from grip.core.demodata import Progress, load_demo
from grip.frameworks.constants import Unit
from grip.frameworks.models import ModulePlacement
from grip.participants.models import Participant
from grip.programmes import selectors
from grip.programmes.constants import (
    DistributionMethod,
    ExtraWorkStatus,
    VersionStatus,
)
from grip.programmes.models import (
    DistributionKey,
    ExtraWork,
    Programme,
    ProgrammeLine,
    ProgrammeVersion,
)

YEAR = 2026
YEARS = (YEAR - 1, YEAR)
SEED = 11


def _load(*, reset: bool = False) -> None:
    load_demo(scale="small", seed=SEED, year=YEAR, reset=reset, progress=Progress(io.StringIO()))


def _fingerprint() -> list[Any]:
    return list(
        ProgrammeLine.objects.order_by(
            "version__programme__year",
            "version__programme__participant__code",
            "version__number",
            "product__code",
        ).values_list(
            "version__programme__year",
            "version__programme__participant__code",
            "version__number",
            "version__status",
            "product__code",
            "quantity",
            "amount",
        )
    )


def _adopted_total(code: str, year: int) -> Decimal:
    version = ProgrammeVersion.objects.get(
        programme__participant__code=code, programme__year=year, status=VersionStatus.ADOPTED
    )
    return selectors.version_totals(version).total_amount


class DemoProgrammesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _load()

    def test_every_participant_has_one_adopted_programme_in_both_years(self):
        adopted = Counter(
            ProgrammeVersion.objects.filter(
                status=VersionStatus.ADOPTED, programme__participant__isnull=False
            ).values_list("programme__participant__code", "programme__year")
        )
        codes = Participant.objects.values_list("code", flat=True)
        assert len(codes) == 22
        assert adopted == Counter({(code, year): 1 for code in codes for year in YEARS})

    def test_programmes_are_sized_by_the_participant(self):
        for year in YEARS:
            asten = _adopted_total("GM0743", year)  # a small rural municipality
            assert _adopted_total("GM0772", year) > 5 * asten  # Eindhoven
            assert _adopted_total("PV30", year) > 5 * asten  # the province
            assert _adopted_total("GM0772", year) > _adopted_total("GM0794", year) > asten

    def test_amendments_show_every_state_of_the_life_cycle(self):
        superseded = ProgrammeVersion.objects.filter(status=VersionStatus.SUPERSEDED)
        assert superseded.exists()
        for old in superseded:
            amendment = ProgrammeVersion.objects.get(based_on=old)
            assert amendment.status == VersionStatus.ADOPTED
            assert amendment.number == old.number + 1
            assert amendment.explanation
        eindhoven = Programme.objects.get(participant__code="GM0772", year=YEAR)
        assert [v.status for v in selectors.versions_of(eindhoven)] == [
            VersionStatus.SUPERSEDED,
            VersionStatus.ADOPTED,
        ]
        open_statuses = set(
            ProgrammeVersion.objects.filter(based_on__isnull=False).values_list("status", flat=True)
        )
        assert {VersionStatus.DRAFT, VersionStatus.SUBMITTED} <= open_statuses

    def test_lines_are_of_the_year_and_of_modules_the_participant_placed(self):
        placed = set(ModulePlacement.objects.values_list("participant_id", "year", "module_id"))
        lines = ProgrammeLine.objects.select_related("product__module", "version__programme")
        assert lines.count() > 22 * 2 * 15
        for line in lines:
            programme = line.version.programme
            assert line.product.year == programme.year
            if programme.participant_id is None:
                assert line.product.module.code == "collectief"
                continue
            assert line.product.module.code != "collectief"
            assert (programme.participant_id, programme.year, line.product.module_id) in placed
            if line.product.unit == Unit.PIECE:
                assert line.quantity == line.quantity.to_integral_value()
            assert line.amount == (line.hours * line.version.tariff).quantize(Decimal("0.01"))

    def test_related_work_is_planned_for_the_five_kinds(self):
        for version in ProgrammeVersion.objects.filter(programme__participant__isnull=False):
            items = list(selectors.related_work_of(version))
            assert len(items) == 5
            assert {item.basis for item in items} == {"percentage", "uren"}
            assert all(item.hours > 0 for item in items)

    def test_the_collective_cost_is_spread_to_the_cent(self):
        for year in YEARS:
            key = DistributionKey.objects.get(year=year)
            assert key.method == DistributionMethod.INHABITANTS
            assert str(year - 1) in key.source
            version, shares = selectors.collective_distribution(year)
            assert version is not None
            assert version.status == VersionStatus.ADOPTED
            assert len(shares) == 22
            total = selectors.version_totals(version).total_amount
            assert total > 0
            assert sum(share.amount for share in shares) == total

    def test_extra_work_in_every_state(self):
        statuses = Counter(ExtraWork.objects.values_list("status", flat=True))
        assert set(statuses) == set(ExtraWorkStatus.values)
        for work in ExtraWork.objects.exclude(status=ExtraWorkStatus.REQUESTED):
            assert work.decided_by is not None
            assert work.decided_at is not None
            assert work.decided_at >= work.created_at
        for work in ExtraWork.objects.filter(status=ExtraWorkStatus.REJECTED):
            assert work.decision_note

    def test_the_history_runs_forward_and_never_into_the_future(self):
        now, today = timezone.now(), timezone.localdate()
        for version in ProgrammeVersion.objects.prefetch_related("transitions"):
            in_order = sorted(version.transitions.all(), key=lambda transition: transition.pk)
            moments = [transition.at for transition in in_order]
            assert moments == sorted(moments)
            assert all(moment <= now for moment in moments)
            if version.adopted_on is not None:
                assert version.adopted_on <= today
                assert version.submitted_at is not None
                assert timezone.localdate(version.submitted_at) <= version.adopted_on
                assert version.adopted_by is not None
                assert version.decision_reference

    def test_the_same_seed_gives_the_same_programmes_after_a_reset(self):
        before = _fingerprint()
        _load(reset=True)
        assert _fingerprint() == before
