"""API for participants and their contact persons, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from grip.api.base import ServiceViewSet, int_query_param, with_io_schema
from grip.participants import selectors, services
from grip.participants.models import ContactPerson, Participant


class AccountManagerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")
    email = serializers.EmailField()


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    account_manager = AccountManagerSerializer(read_only=True, allow_null=True)
    deputy_account_manager = AccountManagerSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Participant
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "valid_from",
            "valid_to",
            "account_manager",
            "deputy_account_manager",
        ]


class ParticipantInputSerializer(serializers.ModelSerializer[Participant]):
    class Meta:
        model = Participant
        fields = ["name", "valid_from", "valid_to", "account_manager", "deputy_account_manager"]


class ContactSerializer(serializers.ModelSerializer[ContactPerson]):
    class Meta:
        model = ContactPerson
        fields = ["id", "participant", "name", "position", "role", "email", "phone", "is_primary"]


class ContactInputSerializer(serializers.ModelSerializer[ContactPerson]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # A participant the user cannot see cannot be named either.
            field = self.fields["participant"]
            field.queryset = selectors.participant_list_for(user=request.user)  # type: ignore[attr-defined]

    class Meta:
        model = ContactPerson
        fields = ["participant", "name", "position", "role", "email", "phone", "is_primary"]


@extend_schema_view(**with_io_schema(ParticipantInputSerializer, ParticipantSerializer))
class ParticipantViewSet(ServiceViewSet):
    """The 21 municipalities and the province; a participant user sees only its own."""

    serializer_class = ParticipantSerializer
    input_serializer_class = ParticipantInputSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Participant]:
        return selectors.participant_list_for(user=self.request.user)

    def perform_service_update(self, instance: Participant, data: dict[str, Any]) -> Participant:
        return services.participant_update(actor=self.request.user, participant=instance, data=data)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("participant", OpenApiTypes.INT, description="Alleen deze deelnemer.")
        ]
    ),
    **with_io_schema(ContactInputSerializer, ContactSerializer),
)
class ContactViewSet(ServiceViewSet):
    serializer_class = ContactSerializer
    input_serializer_class = ContactInputSerializer

    def get_queryset(self) -> QuerySet[ContactPerson]:
        contacts = selectors.contact_list_for(user=self.request.user)
        participant = (
            int_query_param(self.request, "participant", example="8")
            if self.action == "list"
            else None
        )
        return contacts if participant is None else contacts.filter(participant_id=participant)

    def perform_service_create(self, data: dict[str, Any]) -> ContactPerson:
        return services.contact_create(actor=self.request.user, data=data)

    def perform_service_update(
        self, instance: ContactPerson, data: dict[str, Any]
    ) -> ContactPerson:
        return services.contact_update(actor=self.request.user, contact=instance, data=data)

    def perform_service_delete(self, instance: ContactPerson) -> None:
        services.contact_delete(actor=self.request.user, contact=instance)
