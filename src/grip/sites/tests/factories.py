"""Factories for the register of supervised sites.

The reference lists (SBI codes, Bal activities, site types) come from the data migration; the
factories look them up by code. ``SiteFactory(participant=asten, sbi=("0146",),
activities=("landbouwhuisdieren-houden",))`` makes a site with an establishment that has those
SBI codes (main first) and those activities carried out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import factory

from grip.participants.models import Participant
from grip.sites.constants import ActivityStatus
from grip.sites.models import (
    BalActivity,
    Establishment,
    EstablishmentSbi,
    SbiCode,
    Site,
    SiteActivity,
    SiteType,
)


def site_type(code: str = "inrichting-bedrijf") -> SiteType:
    return SiteType.objects.get(code=code)


def sbi(code: str) -> SbiCode:
    return SbiCode.objects.get(code=code)


def bal_activity(code: str) -> BalActivity:
    return BalActivity.objects.get(code=code)


class EstablishmentFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Establishment
        skip_postgeneration_save = True

    kvk_number = factory.Sequence(lambda number: f"{10_000_000 + number:08d}")
    branch_number = factory.Sequence(lambda number: f"{100_000_000 + number:012d}")
    trade_name = factory.Sequence(lambda number: f"Bedrijf {number} B.V.")

    @factory.post_generation
    def sbi(
        establishment: Any,  # noqa: N805 - factory_boy passes the object first
        create: bool,
        extracted: Sequence[str] | None,
        **kwargs: Any,
    ) -> None:
        """``EstablishmentFactory(sbi=("0146", "0111"))``: SBI codes, the first the main one."""
        if create and extracted:
            EstablishmentSbi.objects.bulk_create(
                [
                    EstablishmentSbi(
                        establishment=establishment, sbi_code=sbi_code(code), is_main=index == 0
                    )
                    for index, code in enumerate(extracted)
                ]
            )


def sbi_code(code: str) -> SbiCode:
    return sbi(code)


class SiteFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Site
        skip_postgeneration_save = True

    class Params:
        sbi: Sequence[str] = ()

    identification = factory.Sequence(lambda number: f"TEST-VO-{number:05d}")
    name = factory.Sequence(lambda number: f"Toezichtobject {number}")
    site_type = factory.LazyFunction(site_type)
    participant = factory.LazyFunction(lambda: Participant.objects.get(code="GM0772"))
    street = "Kerkstraat"
    house_number = factory.Sequence(lambda number: number % 200 + 1)
    postcode = "5611AB"
    city = "Eindhoven"
    establishment = factory.LazyAttribute(
        lambda site: EstablishmentFactory(sbi=site.sbi) if site.sbi else None
    )

    @factory.post_generation
    def activities(site: Any, create: bool, extracted: Sequence[str] | None, **kwargs: Any) -> None:  # noqa: N805
        """``SiteFactory(activities=("tankstation",))``: activities carried out there;
        ``"code:status"`` gives another status."""
        if not create or not extracted:
            return
        for item in extracted:
            code, _separator, status = item.partition(":")
            SiteActivity.objects.create(
                site=site, activity=bal_activity(code), status=status or ActivityStatus.RUNNING
            )
