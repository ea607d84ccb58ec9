"""Drafting, submitting, adopting and amending a programme; who may; what never changes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from grip.core.audit import history_of
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.programmes import selectors, services
from grip.programmes.models import ProgrammeLine, ProgrammeVersion, RelatedWorkLine

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)


def _drafted(world):
    version = services.programme_create(
        actor=world.account_manager, participant=world.participant, year=world.year
    )
    services.line_set(
        actor=world.account_manager, version=version, product=world.products["TH-01"], quantity=10
    )
    services.line_set(
        actor=world.account_manager, version=version, product=world.products["VV-01"], quantity=2
    )
    services.related_work_set(
        actor=world.account_manager,
        version=version,
        kind="planning",
        basis="percentage",
        percentage="10",
    )
    return version


def _adopted(world):
    version = _drafted(world)
    services.version_submit(actor=world.account_manager, version=version)
    return services.version_adopt(
        actor=world.participant_user,
        version=version,
        adopted_on=TODAY,
        decision_reference="B&W 2026-01",
    )


def test_lines_carry_hours_and_euros_from_the_catalogue_and_tariff(world):
    version = _drafted(world)

    line = ProgrammeLine.objects.get(version=version, product=world.products["TH-01"])
    assert (line.norm_hours, line.hours, line.amount) == (
        Decimal("6.00"),
        Decimal("60.00"),
        Decimal("6099.00"),  # 60 h x EUR 101.65
    )
    totals = selectors.version_totals(version)
    assert totals.direct.hours == Decimal("140.00")  # 10 x 6 + 2 x 40
    assert totals.related.hours == Decimal("14.00")  # 10 % of the direct hours
    assert totals.by_task_kind["vergunningverlening"].hours == Decimal("80.00")
    assert totals.total_amount == Decimal("15654.10")  # 154 h x EUR 101.65
    assert totals.related_share == Decimal("9.1")


def test_related_work_follows_a_change_of_the_direct_hours(world):
    version = _drafted(world)
    services.line_set(
        actor=world.account_manager, version=version, product=world.products["TH-01"], quantity=20
    )
    assert RelatedWorkLine.objects.get(version=version).hours == Decimal("20.00")


def test_the_full_life_cycle_with_an_amendment(world):
    first = _adopted(world)
    assert first.status == "vastgesteld"

    amendment = services.version_amend(
        actor=world.account_manager, programme=first.programme, explanation="Extra toezicht"
    )
    services.line_set(
        actor=world.account_manager,
        version=amendment,
        product=world.products["TH-01"],
        quantity=15,
    )
    # The adopted version is untouched while the amendment is drafted.
    first.refresh_from_db()
    assert first.status == "vastgesteld"
    assert first.lines.get(product=world.products["TH-01"]).quantity == 10

    services.version_submit(actor=world.account_manager, version=amendment)
    services.version_adopt(
        actor=world.participant_user,
        version=amendment,
        adopted_on=TODAY,
        decision_reference="B&W 2026-07",
    )
    first.refresh_from_db()
    assert first.status == "vervangen"
    assert selectors.adopted_version(first.programme) == amendment
    assert [t.to_status for t in amendment.transitions.all()] == [
        "concept",
        "ingediend",
        "vastgesteld",
    ]
    assert history_of(amendment).count() == 3  # created, submitted, adopted


@pytest.mark.parametrize(
    ("status", "attempt"),
    [
        ("concept", "adopt"),
        ("concept", "return"),
        ("ingediend", "submit"),
        ("vastgesteld", "submit"),
        ("vastgesteld", "adopt"),
        ("vastgesteld", "return"),
        ("vastgesteld", "edit"),
        ("vastgesteld", "discard"),
        ("ingediend", "edit"),
    ],
)
def test_an_illegal_transition_is_refused_and_changes_nothing(world, status, attempt):
    version = _drafted(world)
    if status != "concept":
        services.version_submit(actor=world.account_manager, version=version)
    if status == "vastgesteld":
        services.version_adopt(
            actor=world.participant_user, version=version, adopted_on=TODAY, decision_reference="x"
        )
    version.refresh_from_db()
    before = (
        version.status,
        list(version.lines.values_list("product_id", "quantity", "hours")),
        version.transitions.count(),
    )
    actions = {
        "submit": lambda: services.version_submit(actor=world.account_manager, version=version),
        "adopt": lambda: services.version_adopt(
            actor=world.participant_user, version=version, adopted_on=TODAY, decision_reference="x"
        ),
        "return": lambda: services.version_return(
            actor=world.account_manager, version=version, note="terug"
        ),
        "edit": lambda: services.line_set(
            actor=world.account_manager,
            version=version,
            product=world.products["TH-01"],
            quantity=99,
        ),
        "discard": lambda: services.version_discard(actor=world.account_manager, version=version),
    }
    with pytest.raises(Conflict):
        actions[attempt]()
    version.refresh_from_db()
    assert (
        version.status,
        list(version.lines.values_list("product_id", "quantity", "hours")),
        version.transitions.count(),
    ) == before


def test_only_the_own_account_manager_drafts(world, make_user, asten):
    other_manager = make_user("accountmanager")
    with pytest.raises(NotAllowed):
        services.programme_create(actor=other_manager, participant=world.participant, year=2026)
    with pytest.raises(NotAllowed):
        services.programme_create(
            actor=make_user("bestuur"), participant=world.participant, year=2026
        )


def test_only_a_user_of_the_participant_adopts(world, make_user, asten):
    version = _drafted(world)
    services.version_submit(actor=world.account_manager, version=version)
    for outsider in (
        world.account_manager,
        make_user(participant=asten),
        make_user("beheerder"),
    ):
        with pytest.raises(NotAllowed):
            services.version_adopt(
                actor=outsider, version=version, adopted_on=TODAY, decision_reference="x"
            )
    version.refresh_from_db()
    assert version.status == "ingediend"


def test_a_product_of_another_year_is_refused(world):
    version = services.programme_create(
        actor=world.account_manager, participant=world.participant, year=world.year
    )
    with pytest.raises(DomainError, match="catalogus van 2025"):
        services.line_set(
            actor=world.account_manager,
            version=version,
            product=world.last_year_products["TH-01"],
            quantity=1,
        )


@pytest.mark.parametrize("quantity", ["-1", "abc", "1.5", "0.001"])
def test_a_bad_quantity_is_refused(world, quantity):
    version = services.programme_create(
        actor=world.account_manager, participant=world.participant, year=world.year
    )
    with pytest.raises(DomainError):
        services.line_set(
            actor=world.account_manager,
            version=version,
            product=world.products["TH-01"],
            quantity=quantity,
        )
    assert not version.lines.exists()


def test_a_new_year_starts_from_last_years_adopted_programme(world):
    last_year = services.programme_create(
        actor=world.account_manager, participant=world.participant, year=2025
    )
    services.line_set(
        actor=world.account_manager,
        version=last_year,
        product=world.last_year_products["TH-01"],
        quantity=8,
    )
    services.version_submit(actor=world.account_manager, version=last_year)
    services.version_adopt(
        actor=world.participant_user, version=last_year, adopted_on=TODAY, decision_reference="x"
    )

    version = services.programme_create(
        actor=world.account_manager, participant=world.participant, year=2026, copy_last_year=True
    )

    line = version.lines.get()
    assert (line.product, line.quantity, line.amount) == (
        world.products["TH-01"],
        Decimal("8.00"),
        Decimal("4879.20"),  # 48 h at this year's EUR 101.65
    )
    comparison = selectors.compare(last_year, version)
    assert [(row.key, row.change) for row in comparison.lines] == [("TH-01", "gewijzigd")]


def test_an_adopted_version_is_never_deleted(world):
    version = _adopted(world)
    with pytest.raises(Conflict):
        services.version_discard(actor=world.account_manager, version=version)
    assert ProgrammeVersion.objects.filter(pk=version.pk).exists()


def test_extra_work_is_filed_by_the_account_manager_and_decided_by_the_participant(world):
    work = services.extra_work_request(
        actor=world.account_manager,
        participant=world.participant,
        year=world.year,
        product=world.products["HH-01"],
        quantity=2,
        description="Twee extra handhavingstrajecten",
    )
    assert (work.hours, work.amount) == (Decimal("32.00"), Decimal("3252.80"))
    with pytest.raises(DomainError):
        services.extra_work_decide(actor=world.participant_user, work=work, approve=False)
    decided = services.extra_work_decide(actor=world.participant_user, work=work, approve=True)
    assert decided.status == "goedgekeurd"
    with pytest.raises(Conflict):
        services.extra_work_decide(
            actor=world.participant_user, work=decided, approve=False, note="toch niet"
        )


def test_related_work_and_collective_products_are_not_ordered_as_lines(world, make_user):
    version = services.programme_create(
        actor=world.account_manager, participant=world.participant, year=world.year
    )
    for code, reason in (("GW-01", "gerelateerd werk"), ("CT-01", "collectieve taak")):
        with pytest.raises(DomainError, match=reason):
            services.line_set(
                actor=world.account_manager,
                version=version,
                product=world.products[code],
                quantity=1,
            )
    beheerder = make_user("beheerder")
    collective = services.programme_create(actor=beheerder, participant=None, year=world.year)
    with pytest.raises(DomainError, match="alleen collectieve taken"):
        services.line_set(
            actor=beheerder, version=collective, product=world.products["TH-01"], quantity=1
        )
    line = services.line_set(
        actor=beheerder, version=collective, product=world.products["CT-01"], quantity=400
    )
    assert line.amount == Decimal("40660.00")


def test_the_collective_cost_is_spread_by_the_key(world, make_user, asten):
    beheerder = make_user("beheerder")
    collective = services.programme_create(actor=beheerder, participant=None, year=world.year)
    services.line_set(
        actor=beheerder, version=collective, product=world.products["CT-01"], quantity=1
    )
    services.distribution_key_set(
        actor=beheerder, year=world.year, method="vast", weights={world.participant: 2, asten: 1}
    )
    version, shares = selectors.collective_distribution(world.year)
    assert version == collective
    # EUR 101.65 over 2 : 1, to the cent: the cent left over goes to the largest remainder.
    assert [(share.participant.code, share.amount) for share in shares] == [
        ("GM0743", Decimal("33.88")),
        ("GM0772", Decimal("67.77")),
    ]
    with pytest.raises(NotAllowed):
        services.distribution_key_set(
            actor=world.account_manager, year=world.year, method="vast", weights={asten: 1}
        )
