"""API for account management: interactions, follow-ups, the participants' requests, account
plans, satisfaction scores, the user's own notifications and the account manager's cockpit.

Reads come from the tenancy-scoped selectors of ``grip.participants``: the interaction log,
follow-ups, account plans and satisfaction scores are the service's own notes (a participant
user holds none of their view permissions, so 403; the selectors would give it no row anyway);
a participant user reads and submits its own requests, and another participant's request answers
404. Every write is one service call, which checks that the user is the participant's account
manager or deputy (or a follow-up's owner) and writes the audit record; a refusal is
problem+json with the service's stable code (``not_account_manager``, ``follow_up_closed``,
``answer_required``, ...). List filters are read in ``filter_queryset``, never in
``get_queryset`` (which the permission class calls to find the model), so that a user without
the permission gets 403 before any filter is read.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from grip.api.base import ServiceViewSet, int_query_param
from grip.api.cases import (
    ActionViewSetMixin,
    ScopedSerializer,
    choice_query_param,
    date_query_param,
    signed_in,
)
from grip.api.frameworks import year_field
from grip.api.kpis import value_field
from grip.core import notifications
from grip.core.models import Notification, NotificationKind
from grip.core.models import User as UserModel
from grip.core.tenancy import User
from grip.organisation import selectors as organisation_selectors
from grip.organisation.models import Employee
from grip.participants import selectors, services
from grip.participants.models import (
    AccountPlan,
    ContactPerson,
    FollowUp,
    FollowUpStatus,
    Interaction,
    InteractionKind,
    Participant,
    ParticipantRequest,
    RequestKind,
    RequestStatus,
    SatisfactionScore,
)
from grip.programmes import services as programme_services
from grip.programmes.constants import VersionStatus
from grip.reporting.cockpit import Account, cockpit_for

DIGITS = "[0-9]+"
COCKPIT_PERMISSION = "participants.add_interaction"
# Where a request may be moved to through ``move``; into an amendment goes ``to-amendment``.
REQUEST_TARGETS = (
    RequestStatus.IN_PROGRESS,
    RequestStatus.REJECTED,
    RequestStatus.DONE,
    RequestStatus.WITHDRAWN,
)


# --- shared pieces ------------------------------------------------------------------------------


def _id(help_text: str, **kwargs: Any) -> serializers.IntegerField:
    # Declared, not derived, so that the schema is the same on SQLite and PostgreSQL.
    return serializers.IntegerField(read_only=True, help_text=help_text, **kwargs)


def _person(user: Any) -> str | None:
    if user is None:
        return None
    return str(user.get_full_name() or user.get_username())


def _text(max_length: int | None = None, **kwargs: Any) -> serializers.CharField:
    """An optional free text (blank allowed)."""
    if max_length is not None:
        kwargs["max_length"] = max_length
    return serializers.CharField(required=False, allow_blank=True, **kwargs)


def bool_query_param(request: Request, name: str) -> bool | None:
    """An optional yes/no filter such as ``?mine=true``; anything else is a 400."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    value = raw.lower()
    if value in {"true", "1"}:
        return True
    if value in {"false", "0"}:
        return False
    raise serializers.ValidationError({name: "Give true or false."})


def _participants(user: User) -> QuerySet[Participant]:
    return selectors.participant_list_for(user=user)


def _contacts(user: User) -> QuerySet[ContactPerson]:
    return selectors.contact_list_for(user=user)


def _employees(user: User) -> QuerySet[Employee]:
    return organisation_selectors.employee_list()


def _interactions(user: User) -> QuerySet[Interaction]:
    return selectors.interaction_list_for(user=user)


PARTICIPANT_PARAMETER = OpenApiParameter(
    "participant", OpenApiTypes.INT, description="Alleen deze deelnemer."
)
YEAR_PARAMETER = OpenApiParameter("year", OpenApiTypes.INT, description="Alleen dit jaar.")


class ParticipantFilterMixin(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """``?participant=`` (and, where the model has a year, ``?year=``) on the list."""

    filter_year: ClassVar[bool] = False

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        participant = int_query_param(self.request, "participant", example="8")
        if participant is not None:
            queryset = queryset.filter(participant_id=participant)
        if self.filter_year:
            year = int_query_param(self.request, "year", example="2026")
            if year is not None:
                queryset = queryset.filter(year=year)
        return queryset


# --- interactions -------------------------------------------------------------------------------


class InteractionSerializer(serializers.ModelSerializer[Interaction]):
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    staff = serializers.PrimaryKeyRelatedField[Employee](
        many=True, read_only=True, help_text="Medewerkers namens de dienst."
    )
    contacts = serializers.PrimaryKeyRelatedField[ContactPerson](
        many=True, read_only=True, help_text="Contactpersonen namens de deelnemer."
    )
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = Interaction
        fields = [
            "id",
            "participant",
            "participant_name",
            "occurred_on",
            "kind",
            "subject",
            "summary",
            "agreements",
            "staff",
            "contacts",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_recorded_by(self, interaction: Interaction) -> str | None:
        return _person(interaction.recorded_by)


class InteractionInputSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {
        "participant": _participants,
        "staff": _employees,
        "contacts": _contacts,
    }

    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.none())
    occurred_on = serializers.DateField(help_text="Datum; niet in de toekomst.")
    kind = serializers.ChoiceField(choices=InteractionKind.choices)
    subject = serializers.CharField(max_length=200)
    summary = _text(default="", help_text="Verslag.")
    agreements = _text(default="", help_text="Wat is afgesproken.")
    staff = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.none(),
        many=True,
        required=False,
        default=list,
        help_text="Medewerkers namens de dienst.",
    )
    contacts = serializers.PrimaryKeyRelatedField(
        queryset=ContactPerson.objects.none(),
        many=True,
        required=False,
        default=list,
        help_text="Contactpersonen van deze deelnemer.",
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            PARTICIPANT_PARAMETER,
            OpenApiParameter(
                "since", OpenApiTypes.DATE, description="Alleen contactmomenten vanaf deze datum."
            ),
        ]
    ),
    create=extend_schema(
        request=InteractionInputSerializer, responses={201: InteractionSerializer}
    ),
)
class InteractionViewSet(ParticipantFilterMixin, ActionViewSetMixin, ServiceViewSet):
    """The interaction log: meetings, calls and visits with a participant, newest first.

    Staff read it; the participant's account manager or deputy records one."""

    serializer_class = InteractionSerializer
    input_serializer_class = InteractionInputSerializer
    queryset = Interaction.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Interaction]:
        return selectors.interaction_list_for(user=self.request.user)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            since = date_query_param(self.request, "since")
            if since is not None:
                queryset = queryset.filter(occurred_on__gte=since)
        return queryset

    def perform_service_create(self, data: dict[str, Any]) -> Model:
        interaction = services.interaction_record(actor=self.request.user, **data)
        return self.get_queryset().get(pk=interaction.pk)


# --- follow-ups ---------------------------------------------------------------------------------


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    owner_name = serializers.CharField(source="owner.full_name", read_only=True)
    overdue = serializers.SerializerMethodField(help_text="Open en de uiterste datum is voorbij.")

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "participant",
            "participant_name",
            "interaction",
            "description",
            "owner",
            "owner_name",
            "due_on",
            "status",
            "overdue",
            "closed_on",
            "closing_note",
        ]
        read_only_fields = fields

    def get_overdue(self, follow_up: FollowUp) -> bool:
        return follow_up.is_overdue(timezone.localdate())


class FollowUpInputSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {
        "participant": _participants,
        "owner": _employees,
        "interaction": _interactions,
    }

    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.none())
    description = serializers.CharField(help_text="De actie.")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.none(), help_text="De medewerker die de actie uitvoert."
    )
    due_on = serializers.DateField(help_text="Uiterlijk op.")
    interaction = serializers.PrimaryKeyRelatedField(
        queryset=Interaction.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Het contactmoment waaruit de actie volgt (van dezelfde deelnemer).",
    )


class FollowUpCloseSerializer(serializers.Serializer[Any]):
    done = serializers.BooleanField(
        default=True, help_text="Afgerond (true) of vervallen (false; vraagt een toelichting)."
    )
    note = _text(default="", help_text="Toelichting.")


class FollowUpRescheduleSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {"owner": _employees}

    due_on = serializers.DateField(help_text="De nieuwe uiterste datum.")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Een andere eigenaar; leeg: de eigenaar blijft.",
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            PARTICIPANT_PARAMETER,
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=FollowUpStatus.values,
                description="Alleen acties met deze status.",
            ),
            OpenApiParameter(
                "owner", OpenApiTypes.INT, description="Alleen acties van deze medewerker."
            ),
            OpenApiParameter(
                "mine", OpenApiTypes.BOOL, description="true: alleen mijn eigen acties."
            ),
            OpenApiParameter(
                "overdue",
                OpenApiTypes.BOOL,
                description="true: alleen open acties waarvan de uiterste datum voorbij is.",
            ),
        ]
    ),
    create=extend_schema(request=FollowUpInputSerializer, responses={201: FollowUpSerializer}),
)
class FollowUpViewSet(ParticipantFilterMixin, ActionViewSetMixin, ServiceViewSet):
    """Follow-up actions: one owner, one due date, soonest due first.

    The account manager or deputy adds one; the owner (or the account manager) closes it,
    done or cancelled, or moves its due date."""

    serializer_class = FollowUpSerializer
    input_serializer_class = FollowUpInputSerializer
    queryset = FollowUp.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": ("participants.add_followup",),
        "close": ("participants.change_followup",),
        "reschedule": ("participants.change_followup",),
    }

    def get_queryset(self) -> QuerySet[FollowUp]:
        return selectors.follow_up_list_for(user=self.request.user)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        if self.action != "list":
            return queryset
        follow_up_status = choice_query_param(self.request, "status", tuple(FollowUpStatus.values))
        owner = int_query_param(self.request, "owner", example="14")
        if follow_up_status is not None:
            queryset = queryset.filter(status=follow_up_status)
        if owner is not None:
            queryset = queryset.filter(owner_id=owner)
        if bool_query_param(self.request, "mine"):
            queryset = queryset.filter(owner__user_id=self.request.user.pk)
        if bool_query_param(self.request, "overdue"):
            queryset = queryset.filter(status=FollowUpStatus.OPEN, due_on__lt=timezone.localdate())
        return queryset

    def perform_service_create(self, data: dict[str, Any]) -> Model:
        return services.follow_up_add(actor=self.request.user, **data)

    @extend_schema(request=FollowUpCloseSerializer, responses={200: FollowUpSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close an open follow-up: done, or cancelled with a note saying why."""
        follow_up = self.get_object()
        data = self._action_input(FollowUpCloseSerializer)
        closed = services.follow_up_close(
            actor=request.user, follow_up=follow_up, done=data["done"], note=data["note"]
        )
        return self._output(closed)

    @extend_schema(request=FollowUpRescheduleSerializer, responses={200: FollowUpSerializer})
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, pk: str | None = None) -> Response:
        """Move an open follow-up's due date, and optionally hand it to another owner."""
        follow_up = self.get_object()
        data = self._action_input(FollowUpRescheduleSerializer)
        moved = services.follow_up_reschedule(
            actor=request.user, follow_up=follow_up, due_on=data["due_on"], owner=data["owner"]
        )
        return self._output(moved)


# --- requests from the participants -------------------------------------------------------------


class ParticipantRequestSerializer(serializers.ModelSerializer[ParticipantRequest]):
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    year = year_field()
    submitted_by = serializers.SerializerMethodField()
    handled_by = serializers.SerializerMethodField()

    class Meta:
        model = ParticipantRequest
        fields = [
            "id",
            "participant",
            "participant_name",
            "kind",
            "year",
            "title",
            "description",
            "status",
            "submitted_by",
            "handled_by",
            "answer",
            "created_at",
            "closed_at",
        ]
        read_only_fields = fields

    def get_submitted_by(self, request: ParticipantRequest) -> str | None:
        return _person(request.submitted_by)

    def get_handled_by(self, request: ParticipantRequest) -> str | None:
        return _person(request.handled_by)


class ParticipantRequestInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    year = year_field()
    title = serializers.CharField(max_length=200, help_text="Onderwerp.")
    description = serializers.CharField(help_text="Toelichting.")


class RequestMoveSerializer(serializers.Serializer[Any]):
    to_status = serializers.ChoiceField(
        choices=[(value, RequestStatus(value).label) for value in REQUEST_TARGETS],
        help_text=(
            "in_behandeling, afgewezen of afgehandeld (de accountmanager; de laatste twee met "
            "een antwoord), of ingetrokken (de deelnemer zelf)."
        ),
    )
    answer = _text(default="", help_text="Antwoord aan de deelnemer.")


class RequestToAmendmentSerializer(serializers.Serializer[Any]):
    explanation = _text(
        default="",
        help_text="Toelichting bij een nieuwe programmawijziging; leeg: het verzoek zelf.",
    )


class RequestAmendmentSerializer(serializers.Serializer[Any]):
    programme_version = _id("De conceptversie van het werkprogramma die het verzoek opneemt.")
    version_number = _id("Het nummer van die versie.", min_value=1)
    version_status = serializers.ChoiceField(choices=VersionStatus.choices, read_only=True)
    request = ParticipantRequestSerializer(read_only=True)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            PARTICIPANT_PARAMETER,
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=RequestStatus.values,
                description="Alleen verzoeken met deze status.",
            ),
        ]
    ),
    create=extend_schema(
        request=ParticipantRequestInputSerializer,
        responses={201: ParticipantRequestSerializer},
    ),
)
class ParticipantRequestViewSet(ParticipantFilterMixin, ActionViewSetMixin, ServiceViewSet):
    """Requests of the participants: a new task, extra work, a change of the programme.

    A participant user submits them for its own participant and may withdraw them; the
    account manager or deputy takes them up, answers them, or takes them into an amendment of
    the work programme. Staff read all; a participant user its own."""

    serializer_class = ParticipantRequestSerializer
    input_serializer_class = ParticipantRequestInputSerializer
    queryset = ParticipantRequest.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": ("participants.submit_request",),
        "move": ("participants.change_participantrequest", "participants.submit_request"),
        "to_amendment": ("participants.change_participantrequest",),
    }

    def get_queryset(self) -> QuerySet[ParticipantRequest]:
        return selectors.request_list_for(user=self.request.user)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        if self.action != "list":
            return queryset
        request_status = choice_query_param(self.request, "status", tuple(RequestStatus.values))
        return queryset if request_status is None else queryset.filter(status=request_status)

    def perform_service_create(self, data: dict[str, Any]) -> Model:
        submitted = services.request_submit(actor=self.request.user, **data)
        return self.get_queryset().get(pk=submitted.pk)

    @extend_schema(request=RequestMoveSerializer, responses={200: ParticipantRequestSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        """Take a request up, reject or settle it with an answer, or withdraw it."""
        participant_request = self.get_object()
        data = self._action_input(RequestMoveSerializer)
        moved = services.request_move(
            actor=request.user,
            request=participant_request,
            to_status=data["to_status"],
            answer=data["answer"],
        )
        return self._output(self.get_queryset().get(pk=moved.pk))

    @extend_schema(
        request=RequestToAmendmentSerializer, responses={200: RequestAmendmentSerializer}
    )
    @action(detail=True, methods=["post"], url_path="to-amendment", url_name="to-amendment")
    def to_amendment(self, request: Request, pk: str | None = None) -> Response:
        """Take the request into an amendment of the participant's programme for its year.

        An amendment in progress takes it in; otherwise the adopted programme is amended."""
        participant_request = self.get_object()
        data = self._action_input(RequestToAmendmentSerializer)
        version = programme_services.request_to_amendment(
            actor=request.user, request=participant_request, explanation=data["explanation"]
        )
        body = {
            "programme_version": version.pk,
            "version_number": version.number,
            "version_status": version.status,
            "request": self.get_queryset().get(pk=participant_request.pk),
        }
        return Response(
            RequestAmendmentSerializer(body, context=self.get_serializer_context()).data
        )


# --- account plans and satisfaction scores ------------------------------------------------------


class AccountPlanSerializer(serializers.ModelSerializer[AccountPlan]):
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    year = year_field()

    class Meta:
        model = AccountPlan
        fields = [
            "id",
            "participant",
            "participant_name",
            "year",
            "goals",
            "risks",
            "agreements",
            "updated_at",
        ]
        read_only_fields = fields


class AccountPlanUpdateSerializer(serializers.Serializer[Any]):
    goals = _text(help_text="Doelen; weggelaten: blijft zoals het was.")
    risks = _text(help_text="Risico's; weggelaten: blijft zoals het was.")
    agreements = _text(help_text="Afspraken; weggelaten: blijft zoals het was.")


class AccountPlanInputSerializer(ScopedSerializer, AccountPlanUpdateSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {"participant": _participants}

    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.none())
    year = year_field()


class UpsertMixin(ActionViewSetMixin):
    """POST saves the participant's row for a year: a new one answers 201, an existing one is
    changed and answers 200. PUT changes one by its id."""

    serializer_class: type[serializers.BaseSerializer[Any]]
    update_serializer_class: ClassVar[type[serializers.Serializer[Any]]]
    input_serializer_class: type[serializers.Serializer[Any]]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "update":
            return self.update_serializer_class
        if self.action == "create":
            return self.input_serializer_class
        return self.serializer_class

    def save_row(self, participant: Participant, year: int, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def _saved(self, row: Model, *, status_code: int) -> Response:
        fresh = self.get_queryset().get(pk=row.pk)
        return Response(
            self.serializer_class(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._action_input(self.input_serializer_class)
        participant, year = data.pop("participant"), data.pop("year")
        existed = self.get_queryset().filter(participant=participant, year=year).exists()
        row = self.save_row(participant, year, data)
        return self._saved(row, status_code=status.HTTP_200_OK if existed else 201)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()
        data = self._action_input(self.update_serializer_class)
        changed = self.save_row(row.participant, row.year, data)
        return self._saved(changed, status_code=status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(parameters=[PARTICIPANT_PARAMETER, YEAR_PARAMETER]),
    create=extend_schema(
        request=AccountPlanInputSerializer,
        responses={201: AccountPlanSerializer, 200: AccountPlanSerializer},
    ),
    update=extend_schema(
        request=AccountPlanUpdateSerializer, responses={200: AccountPlanSerializer}
    ),
)
class AccountPlanViewSet(
    ParticipantFilterMixin,
    UpsertMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
):
    """The account manager's plan per participant and year: goals, risks, agreements.

    POST saves the plan of a participant for a year (201 new, 200 changed); PUT changes one by
    its id. Fields left out keep their text. Only the account manager or deputy writes."""

    serializer_class = AccountPlanSerializer
    input_serializer_class = AccountPlanInputSerializer
    update_serializer_class = AccountPlanUpdateSerializer
    queryset = AccountPlan.objects.none()
    lookup_value_regex = DIGITS
    filter_year = True
    http_method_names = ["get", "post", "put", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": ("participants.change_accountplan",),
        "update": ("participants.change_accountplan",),
    }

    def get_queryset(self) -> QuerySet[AccountPlan]:
        return selectors.account_plan_list_for(user=self.request.user)

    def save_row(self, participant: Participant, year: int, data: dict[str, Any]) -> Model:
        return services.account_plan_save(
            actor=self.request.user, participant=participant, year=year, data=data
        )


class SatisfactionScoreSerializer(serializers.ModelSerializer[SatisfactionScore]):
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    year = year_field()
    respondent_name = serializers.CharField(
        source="respondent.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = SatisfactionScore
        fields = [
            "id",
            "participant",
            "participant_name",
            "year",
            "score",
            "comments",
            "respondent",
            "respondent_name",
            "updated_at",
        ]
        read_only_fields = fields


class SatisfactionScoreUpdateSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {"respondent": _contacts}

    score = serializers.DecimalField(
        max_digits=3,
        decimal_places=1,
        min_value=Decimal("1"),
        max_value=Decimal("10"),
        help_text="Het cijfer van 1 tot en met 10, met één decimaal.",
    )
    comments = _text(default="", help_text="Toelichting.")
    respondent = serializers.PrimaryKeyRelatedField(
        queryset=ContactPerson.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="De contactpersoon die het cijfer gaf.",
    )


class SatisfactionScoreInputSerializer(SatisfactionScoreUpdateSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {
        "respondent": _contacts,
        "participant": _participants,
    }

    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.none())
    year = year_field()


@extend_schema_view(
    list=extend_schema(parameters=[PARTICIPANT_PARAMETER, YEAR_PARAMETER]),
    create=extend_schema(
        request=SatisfactionScoreInputSerializer,
        responses={201: SatisfactionScoreSerializer, 200: SatisfactionScoreSerializer},
    ),
    update=extend_schema(
        request=SatisfactionScoreUpdateSerializer,
        responses={200: SatisfactionScoreSerializer},
    ),
)
class SatisfactionScoreViewSet(
    ParticipantFilterMixin,
    UpsertMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
):
    """The participants' yearly mark for the service (1 to 10) with its comments.

    POST records the mark of a participant for a year (201 new, 200 corrected); PUT corrects
    one by its id. Only the account manager or deputy records."""

    serializer_class = SatisfactionScoreSerializer
    input_serializer_class = SatisfactionScoreInputSerializer
    update_serializer_class = SatisfactionScoreUpdateSerializer
    queryset = SatisfactionScore.objects.none()
    lookup_value_regex = DIGITS
    filter_year = True
    http_method_names = ["get", "post", "put", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": ("participants.change_satisfactionscore",),
        "update": ("participants.change_satisfactionscore",),
    }

    def get_queryset(self) -> QuerySet[SatisfactionScore]:
        return selectors.satisfaction_list_for(user=self.request.user)

    def save_row(self, participant: Participant, year: int, data: dict[str, Any]) -> Model:
        return services.satisfaction_record(
            actor=self.request.user, participant=participant, year=year, **data
        )


# --- the user's own notifications ---------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "link", "created_at", "emailed"]
        read_only_fields = fields


class NotificationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """The notifications Grip made for the signed-in user, newest first (read-only)."""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = DIGITS

    def get_queryset(self) -> QuerySet[Notification]:
        user = self.request.user
        if not isinstance(user, UserModel):
            return Notification.objects.none()
        return Notification.objects.filter(user=user)


class NotificationPreferencesSerializer(serializers.Serializer[dict[str, bool]]):
    """One yes/no per kind of notification: whether it comes by e-mail too."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            kind: serializers.BooleanField(
                read_only=True, help_text=f"{label}: ook per e-mail (standaard ja)."
            )
            for kind, label in NotificationKind.choices
        }


class NotificationPreferencesInputSerializer(serializers.Serializer[dict[str, bool]]):
    """The kinds to change, each yes (by e-mail too) or no; a kind left out keeps its choice."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            kind: serializers.BooleanField(required=False, help_text=f"{label}: ook per e-mail.")
            for kind, label in NotificationKind.choices
        }


class NotificationPreferencesView(APIView):
    """The signed-in user's own choice, per kind of notification, to get it by e-mail.

    PUT stores the kinds given; a kind left out keeps its choice."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notification_preferences_retrieve",
        responses=NotificationPreferencesSerializer,
    )
    def get(self, request: Request) -> Response:
        user = signed_in(request)
        return Response(NotificationPreferencesSerializer(notifications.preferences_of(user)).data)

    @extend_schema(
        operation_id="notification_preferences_update",
        request=NotificationPreferencesInputSerializer,
        responses=NotificationPreferencesSerializer,
    )
    def put(self, request: Request) -> Response:
        user = signed_in(request)
        serializer = NotificationPreferencesInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notifications.set_preferences(user=user, choices=dict(serializer.validated_data))
        return Response(NotificationPreferencesSerializer(notifications.preferences_of(user)).data)


# --- the cockpit --------------------------------------------------------------------------------


class CanUseCockpit(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm(COCKPIT_PERMISSION))


class CockpitParticipantSerializer(serializers.Serializer[Any]):
    id = _id("Id van de deelnemer.")
    code = serializers.CharField(read_only=True, help_text="CBS-code.")
    name = serializers.CharField(read_only=True)


class CockpitProgrammeSerializer(serializers.Serializer[Any]):
    year = year_field()
    programme = _id("Het werkprogramma; leeg als er geen is.", allow_null=True)
    adopted_version = _id(
        "Nummer van de vastgestelde versie; leeg als er geen is.", allow_null=True
    )
    open_version_status = serializers.ChoiceField(
        choices=VersionStatus.choices,
        read_only=True,
        allow_null=True,
        help_text="Status van de versie in bewerking (concept of ingediend); leeg als er geen is.",
    )
    needs_attention = serializers.BooleanField(
        read_only=True, help_text="Geen programma, of geen vastgesteld voor een begonnen jaar."
    )


def _hours(help_text: str, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, help_text=help_text, **kwargs
    )


def _percent(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=9, decimal_places=1, read_only=True, allow_null=True, help_text=help_text
    )


class CockpitForecastSerializer(serializers.Serializer[Any]):
    hours = _hours("Prognose van de uren aan het jaareinde.", allow_null=True)
    plan_hours = _hours("Uren in het plan voor het hele jaar.")
    deviation_percent = _percent("Afwijking van de prognose van het plan.")
    warning = serializers.BooleanField(read_only=True)


class CockpitFigureSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField(read_only=True, help_text="Code van de indicator.")
    name = serializers.CharField(read_only=True)
    value = value_field()
    norm = serializers.CharField(read_only=True, allow_null=True, help_text="De streefwaarde.")


class CockpitFollowUpSerializer(serializers.Serializer[Any]):
    id = _id("Id van de vervolgactie.")
    description = serializers.CharField(read_only=True)
    due_on = serializers.DateField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)


class CockpitInteractionSerializer(serializers.Serializer[Any]):
    id = _id("Id van het contactmoment.")
    occurred_on = serializers.DateField(read_only=True)
    subject = serializers.CharField(read_only=True)


class CockpitRequestSerializer(serializers.Serializer[Any]):
    id = _id("Id van het verzoek.")
    title = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=RequestStatus.choices, read_only=True)


class CockpitSatisfactionSerializer(serializers.Serializer[Any]):
    year = year_field()
    score = serializers.DecimalField(max_digits=3, decimal_places=1, read_only=True)


class CockpitAccountSerializer(serializers.Serializer[Any]):
    participant = CockpitParticipantSerializer(read_only=True)
    is_deputy = serializers.BooleanField(
        read_only=True, help_text="De gebruiker is de plaatsvervangend accountmanager."
    )
    programmes = CockpitProgrammeSerializer(
        many=True, read_only=True, help_text="Dit jaar en volgend jaar."
    )
    realised_percent = _percent("Gerealiseerde uren als percentage van het plan tot nu toe.")
    forecast = CockpitForecastSerializer(read_only=True)
    overdue_cases = serializers.IntegerField(
        read_only=True, min_value=0, help_text="Zaken over de termijn."
    )
    off_target = CockpitFigureSerializer(
        many=True, read_only=True, help_text="Indicatoren die hun streefwaarde niet halen."
    )
    open_follow_ups = CockpitFollowUpSerializer(many=True, read_only=True)
    recent_interactions = CockpitInteractionSerializer(many=True, read_only=True)
    open_requests = CockpitRequestSerializer(many=True, read_only=True)
    satisfaction = CockpitSatisfactionSerializer(
        read_only=True, allow_null=True, help_text="Het laatste tevredenheidscijfer."
    )
    warnings = serializers.IntegerField(
        read_only=True, min_value=0, help_text="Hoeveel zaken aandacht vragen."
    )


def _account_data(account: Account, today: datetime.date) -> dict[str, Any]:
    participant, forecast, score = account.participant, account.forecast, account.satisfaction
    return {
        "participant": participant,
        "is_deputy": account.is_deputy,
        "programmes": [
            {
                "year": item.year,
                "programme": item.programme.pk if item.programme else None,
                "adopted_version": item.adopted.number if item.adopted else None,
                "open_version_status": item.open.status if item.open else None,
                "needs_attention": item.needs_attention,
            }
            for item in account.programmes
        ],
        "realised_percent": account.realised_percent,
        "forecast": forecast,
        "overdue_cases": account.overdue_cases,
        "off_target": [
            {
                "indicator": figure.indicator.code,
                "name": str(figure.indicator.name),
                "value": figure.measurement.value,
                "norm": figure.norm.label if figure.norm else None,
            }
            for figure in account.off_target
        ],
        "open_follow_ups": [
            {
                "id": item.pk,
                "description": item.description,
                "due_on": item.due_on,
                "overdue": item.is_overdue(today),
            }
            for item in account.open_follow_ups
        ],
        "recent_interactions": account.recent_interactions,
        "open_requests": account.open_requests,
        "satisfaction": score,
        "warnings": account.warnings,
    }


class CockpitView(APIView):
    """The account manager's cockpit: every participant the user manages or stands in for,
    the one that asks most attention first, as the cockpit page shows it."""

    permission_classes = [IsAuthenticated, CanUseCockpit]

    @extend_schema(operation_id="cockpit", responses=CockpitAccountSerializer(many=True))
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        accounts = cockpit_for(user=request.user, today=today)
        data = [_account_data(account, today) for account in accounts]
        return Response(CockpitAccountSerializer(data, many=True).data)
