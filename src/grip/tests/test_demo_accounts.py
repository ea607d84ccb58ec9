"""The demo's account management: a year of contact per participant, valid and deterministic,
a lively cockpit for the account manager log-in, and requests taken into amendments.

The small demo is loaded once for the class (setUpTestData); every test reads it in its own
savepoint. Deputies need two account managers, so they are checked in ``test_demodata`` at the
odzob scale.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from grip.core.demodata import SCALES, DemoContext, Progress, load_demo
from grip.participants import demo as participants_demo
from grip.participants.demo import POSITION_ROLES, participant_username
from grip.participants.models import (
    AccountPlan,
    ContactPerson,
    ContactRole,
    FollowUp,
    FollowUpStatus,
    Interaction,
    Participant,
    ParticipantRequest,
    RequestStatus,
    SatisfactionScore,
)
from grip.programmes.constants import VersionStatus
from grip.programmes.models import ProgrammeVersion

YEAR = 2026
SEED = 11


def demo_today() -> datetime.date:
    return min(timezone.localdate(), datetime.date(YEAR, 12, 31))


def _fingerprint() -> list[Any]:
    return [
        list(
            Interaction.objects.order_by("participant__code", "occurred_on", "subject").values_list(
                "participant__code", "occurred_on", "kind", "subject", "staff__employee_number"
            )
        ),
        list(
            FollowUp.objects.order_by("participant__code", "due_on", "description").values_list(
                "participant__code", "due_on", "status", "owner__employee_number"
            )
        ),
        list(
            ParticipantRequest.objects.order_by("participant__code", "title").values_list(
                "participant__code", "title", "year", "created_at"
            )
        ),
        list(SatisfactionScore.objects.order_by("participant__code", "year").values_list("score")),
    ]


class DemoAccountsTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(scale="small", seed=SEED, year=YEAR, progress=Progress(io.StringIO()))

    def test_every_participant_has_a_year_of_interactions_with_its_own_people(self):
        today = demo_today()
        per_participant = Counter(Interaction.objects.values_list("participant__code", flat=True))
        assert set(per_participant) == set(Participant.objects.values_list("code", flat=True))
        assert all(4 <= count <= 10 for count in per_participant.values())
        for interaction in Interaction.objects.select_related("participant").prefetch_related(
            "staff", "contacts"
        ):
            assert today - datetime.timedelta(days=365) <= interaction.occurred_on <= today
            assert interaction.participant.account_manager in interaction.staff.all()
            assert interaction.recorded_by == interaction.participant.account_manager.user
            assert interaction.contacts.exists()
            assert {contact.participant_id for contact in interaction.contacts.all()} == {
                interaction.participant_id
            }
            assert timezone.localdate(interaction.created_at) == interaction.occurred_on

    def test_contacts_have_the_role_of_their_position(self):
        for position, role in ContactPerson.objects.values_list("position", "role"):
            assert role == POSITION_ROLES[position]
        roles = set(ContactPerson.objects.values_list("role", flat=True))
        assert {ContactRole.PORTFOLIO_HOLDER, ContactRole.OFFICIAL_CLIENT, ContactRole.FINANCE} <= (
            roles
        )

    def test_follow_ups_are_done_open_overdue_and_nearly_due(self):
        today = demo_today()
        statuses = Counter(FollowUp.objects.values_list("status", flat=True))
        assert set(statuses) == set(FollowUpStatus.values)
        open_ = FollowUp.objects.filter(status=FollowUpStatus.OPEN)
        assert open_.filter(due_on__lt=today).exists()
        assert open_.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(3)).exists()
        assert FollowUp.objects.filter(interaction__isnull=False).exists()
        for follow_up in FollowUp.objects.exclude(status=FollowUpStatus.OPEN):
            assert follow_up.closed_on is not None
            assert follow_up.closed_on <= today
        for follow_up in FollowUp.objects.filter(status=FollowUpStatus.CANCELLED):
            assert follow_up.closing_note

    def test_the_account_manager_log_in_has_a_lively_cockpit(self):
        today = demo_today()
        login = get_user_model().objects.get(username="accountmanager")
        assert Participant.objects.get(code="GM0743").account_manager.user == login  # Asten
        mine = FollowUp.objects.filter(owner__user=login, status=FollowUpStatus.OPEN)
        assert mine.filter(due_on__lt=today).exists()
        assert mine.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(3)).exists()
        assert ParticipantRequest.objects.filter(
            participant__account_manager__user=login, status=RequestStatus.IN_AMENDMENT
        ).exists()

    def test_requests_come_from_the_participants_user_in_many_states(self):
        now = timezone.now()
        statuses = set(ParticipantRequest.objects.values_list("status", flat=True))
        assert {
            RequestStatus.SUBMITTED,
            RequestStatus.IN_AMENDMENT,
            RequestStatus.DONE,
            RequestStatus.REJECTED,
        } <= statuses
        assert (
            max(Counter(ParticipantRequest.objects.values_list("participant", flat=True)).values())
            <= 3
        )
        for request in ParticipantRequest.objects.select_related("participant", "submitted_by"):
            assert request.submitted_by.username == participant_username(request.participant)
            assert request.created_at <= now
            assert (request.closed_at is not None) == (not request.is_open)
            if request.status in (RequestStatus.DONE, RequestStatus.REJECTED):
                assert request.answer
            if request.closed_at is not None:
                assert request.closed_at >= request.created_at

    def test_account_plans_this_year_and_scores_for_two_years(self):
        year = demo_today().year
        codes = set(Participant.objects.values_list("code", flat=True))
        assert (
            set(AccountPlan.objects.filter(year=year).values_list("participant__code", flat=True))
            == codes
        )
        assert AccountPlan.objects.filter(year=year - 1).exists()
        scores = Counter(SatisfactionScore.objects.values_list("year", flat=True))
        assert scores == {year - 1: len(codes), year: len(codes)}

    def test_every_row_passes_the_models_validation(self):
        for model in (Interaction, FollowUp, ParticipantRequest, AccountPlan, SatisfactionScore):
            for row in model.objects.all():
                row.full_clean()

    def test_requests_were_taken_into_concept_amendments(self):
        amendments = list(
            ProgrammeVersion.objects.filter(requests__isnull=False)
            .distinct()
            .select_related("programme__participant__account_manager__user", "based_on")
        )
        assert 2 <= len(amendments) <= 3
        assert "GM0743" in {version.programme.participant.code for version in amendments}
        for version in amendments:
            assert version.status == VersionStatus.DRAFT
            assert version.programme.year == YEAR
            assert version.based_on is not None
            assert version.based_on.status == VersionStatus.ADOPTED
            assert [request.status for request in version.requests.all()] == [
                RequestStatus.IN_AMENDMENT
            ]
            assert any(line.note.startswith("Op verzoek") for line in version.lines.all())
            authors = [comment.author for comment in version.comments.order_by("pk")]
            assert authors[-1] == version.programme.participant.account_manager.user
            assert len(authors) == 2

    def test_the_accounts_step_gives_the_same_data_again(self):
        before = _fingerprint()
        participants_demo._accounts_reset()
        assert not participants_demo._accounts_has_data()
        participants_demo.generate_account_management(
            DemoContext(SCALES["small"], SEED, YEAR, Progress(io.StringIO()))
        )
        assert _fingerprint() == before
