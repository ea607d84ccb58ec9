"""The demo register at scale small: size, branch mix per participant, plausible values.

The step is run once for the class (setUpTestData) on the participants of the data migration;
every test reads it in its own savepoint.
"""

from __future__ import annotations

import io
import re

from django.db.models import Count, Q
from django.test import TestCase

from grip.core.demodata import SCALES, DemoContext, Progress, registered_steps
from grip.participants.models import Participant
from grip.sites import demo
from grip.sites.models import Establishment, EstablishmentSbi, Site, SiteActivity

SEED = 5
YEAR = 2026


def _run() -> None:
    demo.generate_sites(DemoContext(SCALES["small"], SEED, YEAR, Progress(io.StringIO())))


def _share(code: str, section: str) -> float:
    sites = Site.objects.filter(participant__code=code)
    in_section = sites.filter(
        establishment__sbi_links__is_main=True, establishment__sbi_links__sbi_code__section=section
    ).count()
    return in_section / sites.count()


class DemoSitesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _run()

    def test_the_step_runs_between_frameworks_and_programmes(self):
        names = [step.name for step in registered_steps()]
        assert names.index("frameworks") < names.index("sites") < names.index("programmes")

    def test_the_size_at_scale_small_and_every_participant_has_sites(self):
        assert Site.objects.count() == demo.SMALL_SITES
        per_participant = dict(
            Site.objects.values_list("participant__code").annotate(count=Count("id"))
        )
        assert set(per_participant) == set(Participant.objects.values_list("code", flat=True))
        assert per_participant["GM0772"] > per_participant["GM0794"] > per_participant["GM0866"]

    def test_the_peel_farms_and_the_city_industry(self):
        asten, eindhoven, helmond = (_share(code, "A") for code in ("GM0743", "GM0772", "GM0794"))
        assert asten > 0.3
        assert eindhoven < 0.05
        assert asten > helmond
        assert _share("GM0772", "C") > _share("GM0743", "C")
        assert _share("GM0794", "C") > _share("GM0743", "C")
        assert _share("PV30", "A") == 0  # the province's sites are industry, waste and energy
        pigs = Site.objects.filter(
            participant__code__in=("GM0743", "GM0762", "GM1652", "GM1659", "GM0847"),
            establishment__sbi_links__sbi_code__code="0146",
        )
        assert pigs.exists()
        farms = Site.objects.filter(site_type__code="inrichting-agrarisch")
        assert farms.filter(activities__activity__code="landbouwhuisdieren-houden").exists()

    def test_addresses_lie_in_the_municipalitys_postcode_range(self):
        for code, low, high in (("GM0743", 5721, 5725), ("GM0772", 5611, 5658)):
            for postcode in Site.objects.filter(participant__code=code).values_list(
                "postcode", flat=True
            ):
                assert low <= int(postcode[:4]) <= high, (code, postcode)
        assert all(
            re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", postcode)
            for postcode in Site.objects.values_list("postcode", flat=True)
            if postcode
        )

    def test_identifiers_are_well_formed_and_bag_ids_cover_most_sites(self):
        assert all(
            re.fullmatch(r"[0-9]{8}", kvk)
            for kvk in Establishment.objects.values_list("kvk_number", flat=True)
        )
        branches = list(Establishment.objects.values_list("branch_number", flat=True))
        assert all(re.fullmatch(r"[0-9]{12}", branch) for branch in branches)
        assert len(set(branches)) == len(branches)
        with_bag = Site.objects.exclude(bag_id="")
        assert 0.75 < with_bag.count() / Site.objects.count() < 0.9
        eindhoven_bag = with_bag.filter(participant__code="GM0772").values_list("bag_id", flat=True)
        assert all(bag.startswith("077201") for bag in eindhoven_bag)
        assert Site.objects.filter(identification="GRIP-VO-000001").exists()

    def test_chains_share_a_kvk_number_and_some_data_is_missing(self):
        shared = (
            Establishment.objects.values("kvk_number")
            .annotate(count=Count("id"))
            .filter(count__gt=1)
        )
        assert shared.exists()
        without_sbi = Establishment.objects.exclude(
            Q(pk__in=EstablishmentSbi.objects.values("establishment_id"))
        )
        assert 0 < without_sbi.count() < Establishment.objects.count() * 0.1
        assert Site.objects.filter(establishment__isnull=True).exists()
        assert Site.objects.filter(end_date__isnull=False).exists()
        ended = Site.objects.filter(end_date__isnull=False)
        assert not SiteActivity.objects.filter(site__in=ended).exclude(status="beeindigd").exists()

    def test_the_same_seed_gives_the_same_register_and_reset_empties_it(self):
        def fingerprint():
            return list(
                Site.objects.order_by("identification").values_list(
                    "identification", "name", "postcode", "bag_id", "establishment__kvk_number"
                )
            )

        first = fingerprint()
        assert demo._has_data()
        demo._reset()
        assert not demo._has_data()
        assert not SiteActivity.objects.exists()
        _run()
        assert fingerprint() == first


def test_the_number_of_sites_per_scale():
    assert demo.site_count("small") == 1_500
    assert demo.site_count("odzob") == 35_000
    assert 0 < demo.site_count("national") < 30 * 35_000


def test_allocate_adds_up():
    counts = demo.allocate(10, {"a": 1, "b": 1, "c": 1})
    assert sum(counts.values()) == 10
    assert sorted(counts.values()) == [3, 3, 4]
