"""Factories for users; ``UserFactory(role="beheerder")`` puts the user in that role's group."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda number: f"gebruiker{number}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def role(user: Any, create: bool, extracted: str | None, **kwargs: Any) -> None:  # noqa: N805
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))
