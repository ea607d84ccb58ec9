"""API for indicators: the registry, today's figures, targets, frozen snapshots and the BIG-8
cycle.

Reads go through the selectors of ``grip.kpis``: a participant user sees only its own
participant's figures, targets, frozen values and cycle, never another's (that answers 404) and
never the region's totals, which are made of the others' figures. Every write is one service
call, which checks who may and writes the audit record; freezing a quarter goes through the
reporting app, so that the report figures are frozen in the same transaction.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import Http404
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
from grip.api.cases import ActionViewSetMixin, ScopedSerializer, choice_query_param, signed_in
from grip.core.models import User as UserModel
from grip.core.periods import Quarter
from grip.core.tenancy import User
from grip.kpis import registry, selectors, services
from grip.kpis.constants import (
    BIG8_STEPS,
    Comparison,
    Direction,
    Scope,
    SnapshotKind,
    StepStatus,
    Unit,
)
from grip.kpis.models import Cycle, CycleDocument, CycleStep, Snapshot, Target
from grip.kpis.registry import Indicator
from grip.participants import selectors as participant_selectors
from grip.participants.models import Participant
from grip.reporting import services as reporting_services

READ_REGISTRY = "kpis.view_snapshot"
READ_VALUES = "kpis.view_snapshotvalue"
FREEZE = ("kpis.freeze_snapshot",)
SET_TARGET = ("kpis.change_target",)
DELETE_TARGET = ("kpis.delete_target",)
KEEP_CYCLE = ("kpis.change_cyclestep",)

TARGET_SOURCES = [
    ("deelnemer", "streefwaarde van de deelnemer"),
    ("regio", "streefwaarde voor alle deelnemers"),
    ("norm", "norm van de provincie (standaard)"),
]
LOOPS = {number: loop for number, loop, _name in BIG8_STEPS}


# --- shared pieces ------------------------------------------------------------------------------


class CanRead(BasePermission):
    """Reading figures that are not rows of one model: the registry and today's figures."""

    codename = READ_VALUES

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm(self.codename))


class CanReadRegistry(CanRead):
    codename = READ_REGISTRY


def _person(user: Any) -> str | None:
    if user is None:
        return None
    return str(user.get_full_name() or user.get_username())


def _plain(value: Any) -> Any:
    """A measurement's details as JSON: Decimals as exact strings, as a snapshot stores them."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def value_field(
    help_text: str = "De waarde (procent, dagen, aantal of uren).", **kwargs: Any
) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text=help_text,
        **kwargs,
    )


def count_field(help_text: str, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text=help_text,
        **kwargs,
    )


def year_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=2013, max_value=2100, help_text="Jaar.", **kwargs)


def target_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=10, decimal_places=1, **kwargs)


def indicator_code_field(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=40, help_text="Code van de indicator, zoals in /indicators/.", **kwargs
    )


def _known_indicator(code: str) -> str:
    if code not in registry.BY_CODE:
        raise serializers.ValidationError(f"Unknown indicator '{code}'; see /api/v1/indicators/.")
    return code


def _visible_participants(user: User) -> QuerySet[Participant]:
    return participant_selectors.participant_list_for(user=user)


def _participant_param(request: Request) -> Participant | None:
    """``?participant=``: one the user may see, else 404 (as its objects are)."""
    pk = int_query_param(request, "participant", example="8")
    if pk is None:
        return None
    return selectors.participant_for(user=request.user, pk=pk)


def _indicator_param(request: Request) -> str | None:
    code = request.query_params.get("indicator") or None
    if code is not None and code not in registry.BY_CODE:
        raise serializers.ValidationError({"indicator": f"Unknown indicator '{code}'."})
    return code


PARTICIPANT_PARAM = OpenApiParameter(
    "participant", OpenApiTypes.INT, description="Alleen deze deelnemer."
)
INDICATOR_PARAM = OpenApiParameter(
    "indicator", OpenApiTypes.STR, description="Alleen deze indicator (code)."
)
YEAR_PARAM = OpenApiParameter("year", OpenApiTypes.INT, description="Alleen dit jaar.")


# --- the registry -------------------------------------------------------------------------------


class IndicatorSerializer(serializers.Serializer[Indicator]):
    code = serializers.CharField(read_only=True, help_text="Vaste code van de indicator.")
    name = serializers.CharField(read_only=True)
    definition = serializers.CharField(
        read_only=True, help_text="Wat de indicator meet, in woorden voor een bestuurder."
    )
    unit = serializers.ChoiceField(choices=Unit.choices, read_only=True)
    direction = serializers.ChoiceField(choices=Direction.choices, read_only=True)
    scope = serializers.ChoiceField(
        choices=Scope.choices,
        read_only=True,
        help_text="Per deelnemer, of alleen voor de hele omgevingsdienst.",
    )
    version = serializers.IntegerField(
        read_only=True, min_value=1, max_value=32767, help_text="Versie van de definitie."
    )
    target = target_field(
        read_only=True,
        allow_null=True,
        help_text="Standaardstreefwaarde: de norm van de provincie; leeg zonder norm.",
    )
    comparison = serializers.ChoiceField(
        choices=Comparison.choices,
        read_only=True,
        help_text="Hoe de waarde tegen de streefwaarde wordt gehouden.",
    )
    numerator_label = serializers.CharField(read_only=True, help_text="Wat de teller telt.")
    denominator_label = serializers.CharField(read_only=True, help_text="Wat de noemer telt.")
    datasets = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="De tabellen (app.Model) waaruit de indicator wordt berekend.",
    )


CODE_PATH = OpenApiParameter(
    "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Code van de indicator."
)


@extend_schema_view(retrieve=extend_schema(parameters=[CODE_PATH]))
class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """The indicator registry: every indicator Grip reports, its definition, unit, direction,
    default target (the province's norm) and the datasets it reads. Defined in code; one list."""

    serializer_class = IndicatorSerializer
    permission_classes = [IsAuthenticated, CanReadRegistry]
    pagination_class = None
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9-]+"

    def get_queryset(self) -> Any:
        return list(registry.INDICATORS)

    def get_object(self) -> Indicator:
        try:
            return registry.get(self.kwargs["code"])
        except LookupError:
            raise Http404 from None


# --- today's figures ----------------------------------------------------------------------------


class IndicatorValuesQuerySerializer(serializers.Serializer[Any]):
    start = serializers.DateField(required=False, help_text="Begin van de periode.")
    end = serializers.DateField(required=False, help_text="Einde van de periode (tot en met).")
    year = serializers.IntegerField(
        min_value=2013, max_value=2100, required=False, help_text="Jaar, met quarter."
    )
    quarter = serializers.IntegerField(
        min_value=1,
        max_value=4,
        required=False,
        help_text="Kwartaal: van 1 januari tot en met het einde van het kwartaal, zoals een "
        "kwartaalmeting.",
    )
    participant = serializers.IntegerField(
        min_value=1, required=False, help_text="Alleen deze deelnemer (zonder de regio)."
    )
    indicator = indicator_code_field(required=False)

    def validate_indicator(self, value: str) -> str:
        return _known_indicator(value)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        by_dates = "start" in data or "end" in data
        by_quarter = "year" in data or "quarter" in data
        if by_dates and by_quarter:
            raise serializers.ValidationError("Give start and end, or year and quarter; not both.")
        if by_dates:
            for name in ("start", "end"):
                if name not in data:
                    raise serializers.ValidationError({name: "Give both start and end."})
            if data["end"] < data["start"]:
                raise serializers.ValidationError({"end": "The end lies before the start."})
            return data
        if not by_quarter:
            raise serializers.ValidationError({"start": "Give start and end, or year and quarter."})
        for name in ("year", "quarter"):
            if name not in data:
                raise serializers.ValidationError({name: "Give both year and quarter."})
        period = Quarter(data["year"], data["quarter"])
        return {**data, "start": datetime.date(period.year, 1, 1), "end": period.end}


class IndicatorValueSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField(read_only=True, help_text="Code van de indicator.")
    participant = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="De deelnemer; leeg: de regio (alle samen)."
    )
    participant_name = serializers.CharField(read_only=True, allow_null=True)
    value = value_field()
    numerator = count_field("Teller: wat meetelt (zie numerator_label van de indicator).")
    denominator = count_field("Noemer: waartegen (zie denominator_label van de indicator).")
    target = target_field(
        read_only=True, allow_null=True, help_text="De streefwaarde die geldt; leeg zonder."
    )
    comparison = serializers.ChoiceField(
        choices=Comparison.choices, read_only=True, allow_null=True
    )
    target_source = serializers.ChoiceField(
        choices=TARGET_SOURCES,
        read_only=True,
        allow_null=True,
        help_text="Waar de streefwaarde vandaan komt.",
    )
    met = serializers.BooleanField(
        read_only=True,
        allow_null=True,
        help_text="Of de streefwaarde gehaald is; leeg zonder streefwaarde of zonder waarde.",
    )
    details = serializers.DictField(
        read_only=True, help_text="Uitsplitsing, zoals de doorlooptijd per zaaktype."
    )


class IndicatorValuesSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True)
    values = IndicatorValueSerializer(many=True, read_only=True)


def _figure_row(figure: selectors.Figure, names: dict[int, str]) -> dict[str, Any]:
    measurement, norm = figure.measurement, figure.norm
    key = figure.participant_id
    return {
        "indicator": figure.indicator.code,
        "participant": key,
        "participant_name": names.get(key) if key is not None else None,
        "value": measurement.value,
        "numerator": measurement.numerator,
        "denominator": measurement.denominator,
        "target": norm.value if norm else None,
        "comparison": norm.comparison if norm else None,
        "target_source": norm.source if norm else None,
        "met": figure.met,
        "details": _plain(measurement.details),
    }


class IndicatorValuesView(APIView):
    permission_classes = [IsAuthenticated, CanRead]

    @extend_schema(
        operation_id="indicator_values",
        parameters=[IndicatorValuesQuerySerializer],
        responses=IndicatorValuesSerializer,
    )
    def get(self, request: Request) -> Response:
        """Today's figures over a period, computed now from the domain data: per participant
        the user may see, with the target that applies and whether it is met, and the region
        (everyone together) for those who see all participants. Nothing is frozen here; see
        the snapshots for published figures."""
        query = IndicatorValuesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if "participant" in data:
            participants = [selectors.participant_for(user=request.user, pk=data["participant"])]
        else:
            participants = selectors.visible_participants(user=request.user)
        indicators = (
            [registry.BY_CODE[data["indicator"]]] if "indicator" in data else registry.INDICATORS
        )
        figures = selectors.live_figures(
            user=request.user,
            start=data["start"],
            end=data["end"],
            participants=participants,
            indicators=indicators,
        )
        names = {participant.pk: participant.name for participant in participants}
        with_region = "participant" not in data
        rows = [
            _figure_row(figure, names)
            for per_indicator in figures.values()
            for key, figure in per_indicator.items()
            if key is not None or with_region
        ]
        return Response(
            IndicatorValuesSerializer(
                {"start": data["start"], "end": data["end"], "values": rows}
            ).data
        )


# --- targets ------------------------------------------------------------------------------------


class TargetSerializer(serializers.Serializer[Target]):
    id = serializers.IntegerField(read_only=True)
    indicator = serializers.CharField(source="indicator_code", read_only=True)
    indicator_name = serializers.SerializerMethodField()
    year = year_field(read_only=True)
    participant = serializers.IntegerField(
        source="participant_id",
        read_only=True,
        allow_null=True,
        help_text="Leeg: de streefwaarde voor alle deelnemers zonder eigen streefwaarde.",
    )
    participant_name = serializers.CharField(
        source="participant.name", read_only=True, allow_null=True, default=None
    )
    value = target_field(read_only=True, help_text="Streefwaarde.")
    comparison = serializers.ChoiceField(choices=Comparison.choices, read_only=True)
    note = serializers.CharField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def get_indicator_name(self, target: Target) -> str:
        indicator = registry.BY_CODE.get(target.indicator_code)
        return str(indicator.name) if indicator else ""


class TargetCreateSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {"participant": _visible_participants}

    indicator = indicator_code_field()
    year = year_field()
    participant = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Leeg: voor alle deelnemers zonder eigen streefwaarde.",
    )
    value = target_field(help_text="Streefwaarde.")
    comparison = serializers.ChoiceField(
        choices=Comparison.choices,
        required=False,
        help_text="Standaard de vergelijking van de indicator.",
    )
    note = serializers.CharField(max_length=240, required=False, allow_blank=True, default="")

    def validate_indicator(self, value: str) -> str:
        return _known_indicator(value)


class TargetUpdateSerializer(serializers.Serializer[Any]):
    value = target_field(help_text="Streefwaarde.")
    comparison = serializers.ChoiceField(choices=Comparison.choices, required=False)
    note = serializers.CharField(max_length=240, required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(parameters=[YEAR_PARAM, INDICATOR_PARAM, PARTICIPANT_PARAM]),
    create=extend_schema(
        request=TargetCreateSerializer,
        responses={201: TargetSerializer, 200: TargetSerializer},
    ),
    update=extend_schema(request=TargetUpdateSerializer, responses={200: TargetSerializer}),
    partial_update=extend_schema(request=TargetUpdateSerializer, responses={200: TargetSerializer}),
)
class TargetViewSet(ActionViewSetMixin, ServiceViewSet):
    """Targets per indicator and year: for one participant, or for all (no participant).
    Without a target the province's norm applies. A participant user reads the year-wide
    targets and its own; KIS sets and removes them.

    POST sets the target of an (indicator, year, participant): a new one answers 201, an
    existing one is changed and answers 200."""

    serializer_class = TargetSerializer
    input_serializer_class = TargetCreateSerializer
    queryset = Target.objects.none()
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": SET_TARGET,
        "update": SET_TARGET,
        "partial_update": SET_TARGET,
        "destroy": DELETE_TARGET,
    }

    def get_queryset(self) -> QuerySet[Target]:
        targets = selectors.target_list_for(user=self.request.user)
        if self.action != "list":
            return targets
        request = self.request
        year = int_query_param(request, "year", example="2026")
        if year is not None:
            targets = targets.filter(year=year)
        code = _indicator_param(request)
        if code is not None:
            targets = targets.filter(indicator_code=code)
        participant = int_query_param(request, "participant", example="8")
        if participant is not None:
            targets = targets.filter(participant_id=participant)
        return targets

    def get_object(self) -> Target:
        target = selectors.target_detail_for(user=self.request.user, pk=int(self.kwargs["pk"]))
        self.check_object_permissions(self.request, target)
        return target

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in {"update", "partial_update"}:
            return TargetUpdateSerializer
        return super().get_serializer_class()

    def _fresh(self, target: Target, *, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.target_detail_for(user=self.request.user, pk=target.pk)
        return self._output(fresh, status_code=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._action_input(TargetCreateSerializer)
        existed = Target.objects.filter(
            indicator_code=data["indicator"], year=data["year"], participant=data["participant"]
        ).exists()
        target = services.target_set(
            actor=request.user,
            indicator_code=data["indicator"],
            year=data["year"],
            value=data["value"],
            comparison=data.get("comparison"),
            participant=data["participant"],
            note=data["note"],
        )
        return self._fresh(target, status_code=status.HTTP_200_OK if existed else 201)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._change(partial=False)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._change(partial=True)

    def _change(self, *, partial: bool) -> Response:
        target = self.get_object()
        serializer = TargetUpdateSerializer(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        changed = services.target_set(
            actor=self.request.user,
            indicator_code=target.indicator_code,
            year=target.year,
            participant=target.participant,
            value=data.get("value", target.value),
            comparison=data.get("comparison", target.comparison),
            note=data.get("note", target.note),
        )
        return self._fresh(changed)

    def perform_service_delete(self, instance: Target) -> None:
        services.target_delete(actor=self.request.user, target=instance)


# --- snapshots ----------------------------------------------------------------------------------


class DefinitionSerializer(serializers.Serializer[Any]):
    """An indicator's definition as it was frozen with the snapshot."""

    version = serializers.IntegerField(read_only=True, min_value=1, max_value=32767)
    name = serializers.CharField(read_only=True)
    definition = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True, help_text="procent, dagen, aantal of uren.")
    direction = serializers.CharField(read_only=True, help_text="hoger of lager (is beter).")
    scope = serializers.CharField(read_only=True, help_text="deelnemer of organisatie.")
    datasets = serializers.ListField(child=serializers.CharField(), read_only=True)


class SnapshotSerializer(serializers.Serializer[Snapshot]):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(
        choices=SnapshotKind.choices,
        read_only=True,
        help_text="Een kwartaalmeting of een nulmeting.",
    )
    # A field named like Field.label: DRF takes it out of the class, mypy does not know that.
    label = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="Zoals 'Q3 2026'."
    )
    year = year_field(read_only=True)
    quarter = serializers.IntegerField(
        read_only=True, allow_null=True, min_value=1, max_value=4, help_text="Leeg: nulmeting."
    )
    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True, help_text="Tot en met.")
    note = serializers.CharField(read_only=True)
    frozen_at = serializers.DateTimeField(read_only=True)
    frozen_by = serializers.SerializerMethodField(help_text="Wie de meting bevroor.")
    definitions = serializers.DictField(
        child=DefinitionSerializer(),
        read_only=True,
        help_text="Per indicatorcode de definitie zoals die bevroren is.",
    )

    def get_frozen_by(self, snapshot: Snapshot) -> str:
        return _person(snapshot.frozen_by) or ""


class SnapshotValueSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField(source="indicator_code", read_only=True)
    participant = serializers.IntegerField(
        source="participant_id",
        read_only=True,
        allow_null=True,
        help_text="De deelnemer; leeg: de regio (of een organisatiebrede indicator).",
    )
    participant_name = serializers.CharField(
        source="participant.name", read_only=True, allow_null=True, default=None
    )
    definition_version = serializers.IntegerField(read_only=True, min_value=1, max_value=32767)
    value = value_field()
    numerator = count_field("Teller.")
    denominator = count_field("Noemer.")
    details = serializers.DictField(read_only=True)


class DifferenceSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField(source="indicator_code", read_only=True)
    indicator_name = serializers.CharField(read_only=True)
    participant = serializers.IntegerField(
        source="participant_id", read_only=True, allow_null=True, help_text="Leeg: de regio."
    )
    participant_name = serializers.SerializerMethodField()
    frozen = value_field("De bevroren waarde.")
    now = value_field("De waarde volgens de gegevens van nu.")
    frozen_numerator = count_field("Bevroren teller.")
    frozen_denominator = count_field("Bevroren noemer.")
    now_numerator = count_field("Teller van nu.")
    now_denominator = count_field("Noemer van nu.")
    definition_changed = serializers.BooleanField(
        read_only=True, help_text="De definitie is sinds het bevriezen gewijzigd."
    )

    def get_participant_name(self, difference: selectors.Difference) -> str | None:
        return difference.participant_name if difference.participant_id is not None else None

    def to_representation(self, instance: selectors.Difference) -> dict[str, Any]:
        data = super().to_representation(instance)
        counts = {
            "frozen_numerator": instance.frozen_counts[0],
            "frozen_denominator": instance.frozen_counts[1],
            "now_numerator": instance.now_counts[0],
            "now_denominator": instance.now_counts[1],
        }
        for name, value in counts.items():
            data[name] = self.fields[name].to_representation(value) if value is not None else None
        return data


class QuarterFreezeSerializer(serializers.Serializer[Any]):
    year = year_field()
    quarter = serializers.IntegerField(min_value=1, max_value=4)


class BaselineFreezeSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField(help_text="Tot en met; binnen hetzelfde jaar, voor vandaag.")
    note = serializers.CharField(max_length=240, required=False, allow_blank=True, default="")
    indicators = serializers.ListField(
        child=indicator_code_field(),
        required=False,
        allow_empty=False,
        help_text="Alleen deze indicatoren; standaard alle zonder nulmeting.",
    )

    def validate_indicators(self, value: list[str]) -> list[str]:
        return [_known_indicator(code) for code in value]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=SnapshotKind.values, description="Soort meting."
            ),
            YEAR_PARAM,
        ]
    )
)
class SnapshotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ActionViewSetMixin):
    """Frozen measurements: quarterly snapshots (the year to the end of the quarter) and the
    baseline (*nulmeting*). A snapshot and its values never change; ``differences`` shows where
    today's data gives another figure. Everyone who reads indicators sees the snapshots; the
    values are scoped: a participant user reads only its own participant's."""

    serializer_class = SnapshotSerializer
    queryset = Snapshot.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "freeze_quarter": FREEZE,
        "freeze_baseline": FREEZE,
    }

    def get_queryset(self) -> QuerySet[Snapshot]:
        snapshots = selectors.snapshot_list()
        if self.action != "list":
            return snapshots
        kind = choice_query_param(self.request, "kind", tuple(SnapshotKind.values))
        if kind is not None:
            snapshots = snapshots.filter(kind=kind)
        year = int_query_param(self.request, "year", example="2026")
        if year is not None:
            snapshots = snapshots.filter(year=year)
        return snapshots

    def get_object(self) -> Snapshot:
        snapshot = selectors.snapshot_detail(pk=int(self.kwargs["pk"]))
        self.check_object_permissions(self.request, snapshot)
        return snapshot

    @extend_schema(
        parameters=[PARTICIPANT_PARAM, INDICATOR_PARAM],
        responses={200: SnapshotValueSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def values(self, request: Request, pk: str | None = None) -> Response:
        """The frozen values the user may read: its own participant's, or all and the region."""
        snapshot = self.get_object()
        participant = _participant_param(request)
        rows = selectors.snapshot_values_for(
            user=request.user,
            snapshot=snapshot,
            participant_id=participant.pk if participant else None,
        )
        code = _indicator_param(request)
        if code is not None:
            rows = rows.filter(indicator_code=code)
        return Response(SnapshotValueSerializer(rows, many=True).data)

    @extend_schema(responses={200: DifferenceSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def differences(self, request: Request, pk: str | None = None) -> Response:
        """Recompute the snapshot's period from today's data: every figure (value or counts)
        that differs from the frozen one, for the participants the user may see."""
        snapshot = self.get_object()
        found = selectors.differences(user=request.user, snapshot=snapshot)
        return Response(DifferenceSerializer(found, many=True).data)

    def _created(self, snapshot: Snapshot) -> Response:
        fresh = selectors.snapshot_detail(pk=snapshot.pk)
        return Response(SnapshotSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=QuarterFreezeSerializer, responses={201: SnapshotSerializer})
    @action(detail=False, methods=["post"], url_path="freeze-quarter", url_name="freeze-quarter")
    def freeze_quarter(self, request: Request) -> Response:
        """Freeze a quarter after it ended: every indicator and every report figure, for every
        participant and the region, once (a second freeze of the quarter answers 409)."""
        data = self._action_input(QuarterFreezeSerializer)
        snapshot = reporting_services.quarter_freeze(
            actor=request.user, year=data["year"], quarter=data["quarter"]
        )
        return self._created(snapshot)

    @extend_schema(request=BaselineFreezeSerializer, responses={201: SnapshotSerializer})
    @action(detail=False, methods=["post"], url_path="freeze-baseline", url_name="freeze-baseline")
    def freeze_baseline(self, request: Request) -> Response:
        """Freeze a baseline (*nulmeting*) over an ended period within one year, for the
        indicators that have none yet; a later baseline never replaces an earlier one."""
        data = self._action_input(BaselineFreezeSerializer)
        snapshot = services.baseline_freeze(
            actor=request.user,
            start=data["start"],
            end=data["end"],
            note=data["note"],
            codes=data.get("indicators"),
        )
        return self._created(snapshot)


# --- the BIG-8 cycle ----------------------------------------------------------------------------


class CycleDocumentSerializer(serializers.Serializer[CycleDocument]):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True)
    added_at = serializers.DateTimeField(read_only=True)
    added_by = serializers.SerializerMethodField()

    def get_added_by(self, document: CycleDocument) -> str:
        return _person(document.added_by) or ""


class CycleStepSerializer(serializers.Serializer[CycleStep]):
    id = serializers.IntegerField(read_only=True)
    cycle = serializers.IntegerField(source="cycle_id", read_only=True)
    number = serializers.IntegerField(read_only=True, min_value=1, max_value=8)
    loop = serializers.SerializerMethodField(help_text="strategisch (1-4) of operationeel (5-8).")
    name = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=StepStatus.choices, read_only=True)
    owner = serializers.IntegerField(source="owner_id", read_only=True, allow_null=True)
    owner_name = serializers.SerializerMethodField()
    planned_on = serializers.DateField(read_only=True, allow_null=True)
    completed_on = serializers.DateField(read_only=True, allow_null=True)
    notes = serializers.CharField(read_only=True)
    documents = CycleDocumentSerializer(source="documents.all", many=True, read_only=True)

    def get_loop(self, step: CycleStep) -> str:
        return LOOPS[step.number]

    def get_name(self, step: CycleStep) -> str:
        return selectors.step_names()[step.number]

    def get_owner_name(self, step: CycleStep) -> str | None:
        return _person(step.owner)


class CycleSerializer(serializers.Serializer[Cycle]):
    id = serializers.IntegerField(read_only=True)
    participant = serializers.IntegerField(
        source="participant_id", read_only=True, allow_null=True, help_text="Leeg: de regio."
    )
    participant_name = serializers.CharField(
        source="participant.name", read_only=True, allow_null=True, default=None
    )
    year = year_field(read_only=True)
    steps = CycleStepSerializer(source="steps.all", many=True, read_only=True)


class CycleStartSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {"participant": _visible_participants}

    participant = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.none(),
        allow_null=True,
        help_text="De deelnemer; leeg: de regionale cyclus.",
    )
    year = year_field()


class CycleStepUpdateSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=StepStatus.choices, required=False)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=UserModel.objects.filter(is_active=True), required=False, allow_null=True
    )
    planned_on = serializers.DateField(required=False, allow_null=True)
    completed_on = serializers.DateField(
        required=False, allow_null=True, help_text="Standaard vandaag bij de status gereed."
    )
    notes = serializers.CharField(required=False, allow_blank=True)


class CycleDocumentAddSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    url = serializers.URLField(max_length=500)


def _cycles(user: User) -> QuerySet[Cycle]:
    return selectors.cycle_list_for(user=user).prefetch_related("steps__documents__added_by")


@extend_schema_view(
    list=extend_schema(parameters=[YEAR_PARAM, PARTICIPANT_PARAM]),
    create=extend_schema(request=CycleStartSerializer, responses={201: CycleSerializer}),
)
class CycleViewSet(ActionViewSetMixin, ServiceViewSet):
    """The BIG-8 cycle per participant (or the region) and year: eight steps, each with its
    status, owner, dates and documents. A participant user reads its own participant's cycle;
    the account manager keeps it, KIS keeps every cycle and the region's."""

    serializer_class = CycleSerializer
    input_serializer_class = CycleStartSerializer
    queryset = Cycle.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {"create": KEEP_CYCLE}

    def get_queryset(self) -> QuerySet[Cycle]:
        cycles = _cycles(self.request.user)
        if self.action != "list":
            return cycles
        year = int_query_param(self.request, "year", example="2026")
        if year is not None:
            cycles = cycles.filter(year=year)
        participant = int_query_param(self.request, "participant", example="8")
        if participant is not None:
            cycles = cycles.filter(participant_id=participant)
        return cycles

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._action_input(CycleStartSerializer)
        cycle = services.cycle_start(
            actor=request.user, participant=data["participant"], year=data["year"]
        )
        return self._output(_cycles(request.user).get(pk=cycle.pk), status_code=201)


@extend_schema_view(
    partial_update=extend_schema(
        request=CycleStepUpdateSerializer, responses={200: CycleStepSerializer}
    )
)
class CycleStepViewSet(mixins.RetrieveModelMixin, ActionViewSetMixin):
    """One step of a BIG-8 cycle: change its status, owner, dates or notes, add a document.
    Marking a step done without a date records today."""

    serializer_class = CycleStepSerializer
    queryset = CycleStep.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "partial_update": KEEP_CYCLE,
        "add_document": KEEP_CYCLE,
    }

    def get_queryset(self) -> QuerySet[CycleStep]:
        return CycleStep.objects.filter(cycle__in=selectors.cycle_list_for(user=self.request.user))

    def get_object(self) -> CycleStep:
        step = selectors.step_detail_for(user=self.request.user, pk=int(self.kwargs["pk"]))
        self.check_object_permissions(self.request, step)
        return step

    def _fresh(self, step: CycleStep, *, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            CycleStep.objects.select_related("owner")
            .prefetch_related("documents__added_by")
            .get(pk=selectors.step_detail_for(user=self.request.user, pk=step.pk).pk)
        )
        return Response(CycleStepSerializer(fresh).data, status=status_code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._fresh(self.get_object())

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        step = self.get_object()
        serializer = CycleStepUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.cycle_step_update(actor=request.user, step=step, **serializer.validated_data)
        return self._fresh(step)

    @extend_schema(request=CycleDocumentAddSerializer, responses={201: CycleStepSerializer})
    @action(detail=True, methods=["post"], url_path="documents", url_name="documents")
    def add_document(self, request: Request, pk: str | None = None) -> Response:
        """Add a document or link to the step (an analysis, a decision, a report)."""
        step = self.get_object()
        data = self._action_input(CycleDocumentAddSerializer)
        services.cycle_document_add(
            actor=signed_in(request), step=step, title=data["title"], url=data["url"]
        )
        return self._fresh(step, status_code=status.HTTP_201_CREATED)
