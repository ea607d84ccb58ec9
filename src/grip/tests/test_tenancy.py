"""One scoping function decides which participant's rows a user sees."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from grip.core.tenancy import participant_id_of, scope_to_user, sees_all_participants
from grip.participants.models import ContactPerson, Participant
from grip.participants.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_a_participant_user_sees_only_its_own_rows(make_user, eindhoven, asten):
    ContactFactory(participant=eindhoven)
    ContactFactory(participant=asten)
    user = make_user(participant=asten)

    assert participant_id_of(user) == asten.pk
    assert list(scope_to_user(Participant.objects.all(), user=user, participant_field="pk")) == [
        asten
    ]
    assert {c.participant_id for c in scope_to_user(ContactPerson.objects.all(), user=user)} == {
        asten.pk
    }
    assert not sees_all_participants(user)


def test_staff_with_the_permission_see_everything(make_user):
    user = make_user("bestuur")

    assert participant_id_of(user) is None
    assert sees_all_participants(user)
    assert scope_to_user(Participant.objects.all(), user=user, participant_field="pk").count() == 22


def test_a_user_without_role_or_participant_sees_nothing(make_user):
    user = make_user(None)
    assert scope_to_user(Participant.objects.all(), user=user, participant_field="pk").count() == 0


def test_anonymous_sees_nothing():
    assert (
        scope_to_user(
            Participant.objects.all(), user=AnonymousUser(), participant_field="pk"
        ).count()
        == 0
    )
    assert participant_id_of(AnonymousUser()) is None


def test_nested_paths_are_scoped_too(make_user, eindhoven, asten):
    ContactFactory(participant=eindhoven)
    user = make_user(participant=asten)
    # ContactPerson -> participant is the direct path; through participant__ it is nested.
    scoped = scope_to_user(
        ContactPerson.objects.all(),
        user=user,
        participant_field="participant__memberships__participant",
    )
    assert scoped.count() == 0
