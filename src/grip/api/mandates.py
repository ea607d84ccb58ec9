"""API for the mandate register: mandate decisions and their lines per participant, the
director's sub-mandate decisions and their lines, and the register as a participant publishes
it, as data (``/mandate-register/``) and as a CSV export (``/mandate-register.csv``).

Reads come from the tenancy-scoped selectors of ``grip.mandates``: another participant's
mandate decision answers 404, and a participant user sees only the sub-mandate lines that
apply to it. Writes are the beheerder's, each one service call; mandates are never deleted,
only revoked from a date.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from grip.api.base import ServiceViewSet, int_query_param, with_io_schema
from grip.api.cases import (
    ActionViewSetMixin,
    DecisionTypeRefSerializer,
    ScopedSerializer,
    date_query_param,
)
from grip.api.finance import ParticipantRefSerializer
from grip.cases import selectors as case_selectors
from grip.cases.models import CaseType
from grip.core.tenancy import User, participant_id_of
from grip.mandates import selectors, services
from grip.mandates.models import (
    MandateDecision,
    MandateLine,
    SubMandateDecision,
    SubMandateLine,
)
from grip.mandates.selectors import Register
from grip.organisation import selectors as organisation_selectors
from grip.participants import selectors as participant_selectors
from grip.participants.models import Participant

REGISTER_KEEPER = ("mandates.add_mandatedecision",)
REVOKER = ("mandates.revoke_mandatedecision",)
READ_PERMISSION = "mandates.view_mandatedecision"


def _as_of(context: dict[str, Any]) -> datetime.date:
    value = context.get("as_of")
    return value if isinstance(value, datetime.date) else timezone.localdate()


def _amount_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        allow_null=True,
        help_text="Maximumbedrag (euro); leeg: geen grens.",
        **kwargs,
    )


# --- output -------------------------------------------------------------------------------------


class CaseTypeRefSerializer(serializers.ModelSerializer[CaseType]):
    version = serializers.IntegerField(min_value=0, max_value=32767, read_only=True)

    class Meta:
        model = CaseType
        fields = ["id", "code", "version", "name"]


class MandateLineSerializer(serializers.ModelSerializer[MandateLine]):
    decision_types = DecisionTypeRefSerializer(many=True, read_only=True)
    case_types = CaseTypeRefSerializer(many=True, read_only=True)
    excluded_decision_types = DecisionTypeRefSerializer(many=True, read_only=True)
    function_name = serializers.CharField(source="function.name", read_only=True)
    max_amount = _amount_field(read_only=True)

    class Meta:
        model = MandateLine
        fields = [
            "id",
            "decision",
            "power",
            "legal_basis",
            "decision_types",
            "case_types",
            "excluded_decision_types",
            "function",
            "function_name",
            "sub_mandate_allowed",
            "max_amount",
            "conditions",
        ]
        read_only_fields = fields


class InForceMixin(serializers.Serializer[Any]):
    in_force = serializers.SerializerMethodField(
        help_text="Of het besluit geldt op de peildatum (standaard vandaag)."
    )

    def get_in_force(self, decision: MandateDecision | SubMandateDecision) -> bool:
        return decision.in_force_on(_as_of(self.context))


class MandateDecisionSerializer(InForceMixin, serializers.ModelSerializer[MandateDecision]):
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    lines = MandateLineSerializer(many=True, read_only=True)

    class Meta:
        model = MandateDecision
        fields = [
            "id",
            "participant",
            "participant_name",
            "mandator",
            "title",
            "decision_date",
            "publication_reference",
            "valid_from",
            "valid_to",
            "revoked_on",
            "revocation_reason",
            "in_force",
            "lines",
        ]
        read_only_fields = fields


class SubMandateLineSerializer(serializers.ModelSerializer[SubMandateLine]):
    decision_types = DecisionTypeRefSerializer(many=True, read_only=True)
    participants = ParticipantRefSerializer(
        many=True, read_only=True, help_text="Alleen voor deze deelnemers; leeg: voor alle."
    )
    function_name = serializers.CharField(source="function.name", read_only=True)
    max_amount = _amount_field(read_only=True)

    class Meta:
        model = SubMandateLine
        fields = [
            "id",
            "decision",
            "power",
            "decision_types",
            "participants",
            "function",
            "function_name",
            "max_amount",
            "conditions",
        ]
        read_only_fields = fields


class SubMandateDecisionSerializer(InForceMixin, serializers.ModelSerializer[SubMandateDecision]):
    mandator_function_name = serializers.CharField(source="mandator_function.name", read_only=True)
    lines = SubMandateLineSerializer(many=True, read_only=True)

    class Meta:
        model = SubMandateDecision
        fields = [
            "id",
            "title",
            "decision_date",
            "reference",
            "mandator_function",
            "mandator_function_name",
            "valid_from",
            "valid_to",
            "revoked_on",
            "revocation_reason",
            "in_force",
            "lines",
        ]
        read_only_fields = fields


class RegisterSerializer(serializers.Serializer[Register]):
    participant = ParticipantRefSerializer()
    as_of = serializers.DateField(help_text="De peildatum van 'in_force'.")
    decisions = MandateDecisionSerializer(many=True, help_text="De mandaatbesluiten.")
    sub_mandates = SubMandateDecisionSerializer(
        many=True,
        help_text="De ondermandaatbesluiten, met de regels die voor deze deelnemer gelden.",
    )


# --- input --------------------------------------------------------------------------------------


class MandateDecisionInputSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {
        "participant": lambda user: participant_selectors.participant_list_for(user=user)
    }

    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.none())
    mandator = serializers.CharField(
        max_length=200,
        help_text=(
            "Het bestuursorgaan zoals het in de namens-regel staat: 'het college van "
            "burgemeester en wethouders van Eindhoven'."
        ),
    )
    title = serializers.CharField(max_length=240)
    decision_date = serializers.DateField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    publication_reference = serializers.CharField(
        max_length=240, required=False, allow_blank=True, default=""
    )


class MandateLineInputSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {
        "decision": lambda user: selectors.mandate_decision_list_for(user=user)
    }

    decision = serializers.PrimaryKeyRelatedField(queryset=MandateDecision.objects.none())
    power = serializers.CharField(max_length=240, help_text="De bevoegdheid, in woorden.")
    legal_basis = serializers.CharField(
        max_length=240, required=False, allow_blank=True, default=""
    )
    function = serializers.PrimaryKeyRelatedField(
        queryset=organisation_selectors.function_list(), help_text="De gemandateerde functie."
    )
    decision_types = serializers.PrimaryKeyRelatedField(
        queryset=case_selectors.decision_type_list(), many=True, required=False, default=list
    )
    case_types = serializers.PrimaryKeyRelatedField(
        queryset=case_selectors.case_type_list(),
        many=True,
        required=False,
        default=list,
        help_text="Zonder besluittypen: elk besluittype van deze zaaktypen.",
    )
    excluded_decision_types = serializers.PrimaryKeyRelatedField(
        queryset=case_selectors.decision_type_list(), many=True, required=False, default=list
    )
    sub_mandate_allowed = serializers.BooleanField(default=False)
    max_amount = _amount_field(required=False, default=None)
    conditions = serializers.CharField(required=False, allow_blank=True, default="")


class RevokeSerializer(serializers.Serializer[Any]):
    on = serializers.DateField(help_text="Ingetrokken per (vanaf deze dag geldt het niet meer).")
    reason = serializers.CharField(help_text="Reden van intrekking.")


class SubMandateDecisionInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=240)
    decision_date = serializers.DateField()
    reference = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    mandator_function = serializers.PrimaryKeyRelatedField(
        queryset=organisation_selectors.function_list(),
        help_text="De functie die het mandaat van de deelnemers heeft: de directeur.",
    )
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)


class SubMandateLineInputSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {
        "participants": lambda user: participant_selectors.participant_list_for(user=user)
    }

    decision = serializers.PrimaryKeyRelatedField(queryset=selectors.sub_mandate_decision_list())
    power = serializers.CharField(max_length=240)
    function = serializers.PrimaryKeyRelatedField(
        queryset=organisation_selectors.function_list(),
        help_text="De ondergemandateerde functie.",
    )
    decision_types = serializers.PrimaryKeyRelatedField(
        queryset=case_selectors.decision_type_list(), many=True
    )
    participants = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.none(),
        many=True,
        required=False,
        default=list,
        help_text="Alleen voor deze deelnemers; leeg: voor alle.",
    )
    max_amount = _amount_field(required=False, default=None)
    conditions = serializers.CharField(required=False, allow_blank=True, default="")


# --- viewsets -----------------------------------------------------------------------------------


def _sub_mandates_for(user: User) -> QuerySet[SubMandateDecision]:
    """All sub-mandate lines for staff; for a participant user, those that apply to it."""
    participant_id = participant_id_of(user)
    if participant_id is None:
        return selectors.sub_mandate_decision_list()
    participant = participant_selectors.participant_list_for(user=user).get(pk=participant_id)
    return selectors.sub_mandate_decision_list(participant=participant)


class RevokeActionMixin(ActionViewSetMixin):
    def _revoke(self, revoke: Callable[..., MandateDecision | SubMandateDecision]) -> Response:
        decision = self.get_object()
        data = self._action_input(RevokeSerializer)
        revoke(actor=self.request.user, decision=decision, on=data["on"], reason=data["reason"])
        fresh = self.get_queryset().get(pk=decision.pk)
        return Response(self.get_serializer(fresh).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("participant", OpenApiTypes.INT, description="Alleen deze deelnemer.")
        ]
    ),
    **with_io_schema(MandateDecisionInputSerializer, MandateDecisionSerializer),
)
class MandateDecisionViewSet(RevokeActionMixin, ServiceViewSet):
    """Mandate decisions per participant, with their register lines.

    A participant user sees its own; the beheerder records them and revokes them from a date.
    """

    serializer_class = MandateDecisionSerializer
    input_serializer_class = MandateDecisionInputSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": REGISTER_KEEPER,
        "revoke": REVOKER,
    }

    def get_queryset(self) -> QuerySet[MandateDecision]:
        participant = (
            int_query_param(self.request, "participant", example="8")
            if self.action == "list"
            else None
        )
        return selectors.mandate_decision_list_for(
            user=self.request.user, participant_id=participant
        )

    def perform_service_create(self, data: dict[str, Any]) -> MandateDecision:
        created = services.mandate_decision_create(actor=self.request.user, **data)
        return self.get_queryset().get(pk=created.pk)

    @extend_schema(request=RevokeSerializer, responses={200: MandateDecisionSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        """Revoke the decision from a date; it stays in the register as revoked."""
        return self._revoke(services.mandate_decision_revoke)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("decision", OpenApiTypes.INT, description="Alleen dit besluit."),
            OpenApiParameter("participant", OpenApiTypes.INT, description="Alleen deze deelnemer."),
            OpenApiParameter("function", OpenApiTypes.INT, description="Alleen deze functie."),
        ]
    ),
    **with_io_schema(MandateLineInputSerializer, MandateLineSerializer),
)
class MandateLineViewSet(ActionViewSetMixin, ServiceViewSet):
    """Register lines: which decisions, to which function, with what limits."""

    serializer_class = MandateLineSerializer
    input_serializer_class = MandateLineInputSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {"create": REGISTER_KEEPER}

    def get_queryset(self) -> QuerySet[MandateLine]:
        lines = selectors.mandate_line_list_for(user=self.request.user)
        if self.action != "list":
            return lines
        for name, lookup in (
            ("decision", "decision_id"),
            ("participant", "decision__participant_id"),
            ("function", "function_id"),
        ):
            value = int_query_param(self.request, name, example="8")
            if value is not None:
                lines = lines.filter(**{lookup: value})
        return lines

    def perform_service_create(self, data: dict[str, Any]) -> MandateLine:
        created = services.mandate_line_add(actor=self.request.user, **data)
        return self.get_queryset().get(pk=created.pk)


@extend_schema_view(
    **with_io_schema(SubMandateDecisionInputSerializer, SubMandateDecisionSerializer)
)
class SubMandateDecisionViewSet(RevokeActionMixin, ServiceViewSet):
    """The director's sub-mandate decisions (ondermandaat), with their lines.

    A participant user sees the lines that apply to it (those for every participant and those
    naming it).
    """

    serializer_class = SubMandateDecisionSerializer
    input_serializer_class = SubMandateDecisionInputSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": REGISTER_KEEPER,
        "revoke": REVOKER,
    }

    def get_queryset(self) -> QuerySet[SubMandateDecision]:
        return _sub_mandates_for(self.request.user)

    def perform_service_create(self, data: dict[str, Any]) -> SubMandateDecision:
        created = services.sub_mandate_decision_create(actor=self.request.user, **data)
        return self.get_queryset().get(pk=created.pk)

    @extend_schema(request=RevokeSerializer, responses={200: SubMandateDecisionSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        """Revoke the sub-mandate decision from a date; it stays as revoked."""
        return self._revoke(services.sub_mandate_decision_revoke)


@extend_schema_view(
    create=extend_schema(
        request=SubMandateLineInputSerializer, responses={201: SubMandateLineSerializer}
    )
)
class SubMandateLineViewSet(ActionViewSetMixin):
    """Add a line to a sub-mandate decision: a power passed on to a function."""

    serializer_class = SubMandateLineSerializer
    http_method_names = ["post", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {"create": REGISTER_KEEPER}

    def get_queryset(self) -> QuerySet[SubMandateLine]:
        return SubMandateLine.objects.none()  # no reads here: lines are read with their decision

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._action_input(SubMandateLineInputSerializer)
        line = services.sub_mandate_line_add(actor=request.user, **data)
        return Response(SubMandateLineSerializer(line).data, status=status.HTTP_201_CREATED)


# --- the register: data and export --------------------------------------------------------------


class CanReadRegister(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm(READ_PERMISSION))


def register_from(request: Request) -> Register:
    """The register asked for: ``?participant=`` (a participant user: its own by default) and
    ``?geldig_op=`` (default today). A participant the user may not see answers 404."""
    participant_id = int_query_param(request, "participant", example="8")
    if participant_id is None:
        participant_id = participant_id_of(request.user)
    if participant_id is None:
        raise serializers.ValidationError({"participant": "Give the id of a participant."})
    as_of = date_query_param(request, "geldig_op") or timezone.localdate()
    return selectors.register_for(user=request.user, participant_id=participant_id, as_of=as_of)


REGISTER_PARAMETERS = [
    OpenApiParameter(
        "participant",
        OpenApiTypes.INT,
        description="De deelnemer; voor een deelnemer-gebruiker standaard de eigen.",
    ),
    OpenApiParameter(
        "geldig_op", OpenApiTypes.DATE, description="Peildatum van 'in_force'; standaard vandaag."
    ),
]


class MandateRegisterView(APIView):
    """A participant's mandate register as it could publish it: its mandate decisions with
    their lines, and the director's sub-mandates as far as they apply to it."""

    permission_classes = [IsAuthenticated, CanReadRegister]

    @extend_schema(parameters=REGISTER_PARAMETERS, responses={200: RegisterSerializer})
    def get(self, request: Request) -> Response:
        register = register_from(request)
        return Response(RegisterSerializer(register, context={"as_of": register.as_of}).data)


def _yes_no(value: bool) -> str:
    return _("ja") if value else _("nee")


def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def _names(items: Any) -> str:
    return ", ".join(str(item.name) for item in items.all())


def register_rows(register: Register) -> Iterator[list[str]]:
    """One row per register line (a decision without lines still has its row)."""
    yield [
        _("Soort"),
        _("Besluit"),
        _("Besluitdatum"),
        _("Vindplaats of kenmerk"),
        _("Geldig vanaf"),
        _("Geldig tot en met"),
        _("Ingetrokken per"),
        _("Geldt op %(day)s") % {"day": register.as_of.isoformat()},
        _("Mandaatgever"),
        _("Bevoegdheid"),
        _("Wettelijke grondslag"),
        _("Besluittypen"),
        _("Zaaktypen"),
        _("Uitgezonderde besluittypen"),
        _("Functie"),
        _("Ondermandaat toegestaan"),
        _("Maximumbedrag (euro)"),
        _("Voorwaarden"),
    ]
    for decision in register.decisions:
        head = [
            _("mandaat"),
            decision.title,
            _day(decision.decision_date),
            decision.publication_reference,
            _day(decision.valid_from),
            _day(decision.valid_to),
            _day(decision.revoked_on),
            _yes_no(decision.in_force_on(register.as_of)),
            decision.mandator,
        ]
        lines = list(decision.lines.all())
        if not lines:
            yield head + [""] * 9
        for line in lines:
            yield [
                *head,
                line.power,
                line.legal_basis,
                _names(line.decision_types),
                _names(line.case_types),
                _names(line.excluded_decision_types),
                line.function.name,
                _yes_no(line.sub_mandate_allowed),
                _amount(line.max_amount),
                line.conditions,
            ]
    for sub in register.sub_mandates:
        head = [
            _("ondermandaat"),
            sub.title,
            _day(sub.decision_date),
            sub.reference,
            _day(sub.valid_from),
            _day(sub.valid_to),
            _day(sub.revoked_on),
            _yes_no(sub.in_force_on(register.as_of)),
            sub.mandator_function.name,
        ]
        sub_lines = list(sub.lines.all())
        if not sub_lines:
            yield head + [""] * 9
        for sub_line in sub_lines:
            yield [
                *head,
                sub_line.power,
                "",
                _names(sub_line.decision_types),
                "",
                "",
                sub_line.function.name,
                "",
                _amount(sub_line.max_amount),
                sub_line.conditions,
            ]


CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


class MandateRegisterCsvView(APIView):
    """The register as CSV, for publication or a spreadsheet.

    Semicolon-separated, UTF-8 with a byte-order mark, Dutch headers, one row per register line
    (mandates first, then sub-mandates), dates as YYYY-MM-DD and amounts with a decimal comma:
    the form Dutch spreadsheet programs open as columns, and that Grip's own imports read.
    """

    permission_classes = [IsAuthenticated, CanReadRegister]

    @extend_schema(
        parameters=REGISTER_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request) -> HttpResponse:
        register = register_from(request)
        output = io.StringIO(newline="")
        writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
        writer.writerows(register_rows(register))
        filename = f"mandaatregister-{register.participant.code}-{register.as_of.isoformat()}.csv"
        return HttpResponse(
            "\ufeff" + output.getvalue(),
            content_type=CSV_CONTENT_TYPE,
            headers={
                "Content-Disposition": content_disposition_header(
                    as_attachment=True, filename=filename
                )
            },
        )
