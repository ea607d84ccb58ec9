"""API for supervision and enforcement: the reference lists (instruments, inspection subjects,
checklists), the versioned enforcement strategy with its sixteen cells, inspections with their
findings, violations with their decision support, notices of intent, measures with their
penalties and appeals, and the inspector's work list.

Reads come from the tenancy-scoped selectors of ``grip.enforcement``: a participant user sees
only its own participant's inspections, violations and measures, and another participant's
answers 404. Every write is one service call, which checks who may, the participant, the
strategy and the state; a refusal is problem+json (400 naming the field, 409 for a state or a
missing mandate) and writes nothing. Orders and fines are signed under the participant's
mandate through the service: without a valid mandate the answer is a 409 with code
``mandate_refused``.

The serializers only shape data: the proposal, recidivism, next step and ladder of a violation
are the selectors' answer (``violation_advice``), rendered as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from grip.api.base import ServiceViewSet, int_query_param, with_io_schema
from grip.api.cases import (
    ActionViewSetMixin,
    NewestFirstCursorPagination,
    ScopedSerializer,
    choice_query_param,
    date_query_param,
)
from grip.cases import selectors as case_selectors
from grip.cases.models import Case
from grip.core.models import User as UserModel
from grip.core.tenancy import User
from grip.enforcement import proposals, selectors, services
from grip.enforcement.constants import (
    AppealOutcome,
    AppealStage,
    Behaviour,
    Consequence,
    FindingResult,
    InspectionCause,
    InspectionStatus,
    InspectionType,
    InstrumentTrack,
    MeasureStatus,
    PenaltyUnit,
    PositioningReason,
    Rung,
    StrategyKind,
)
from grip.enforcement.models import (
    Appeal,
    Checklist,
    Finding,
    Inspection,
    InspectionSubject,
    Instrument,
    Intention,
    Measure,
    StrategyCell,
    StrategyVersion,
    Violation,
)
from grip.frameworks.models import FrameworkVersion
from grip.organisation import selectors as organisation_selectors
from grip.sites import selectors as site_selectors
from grip.sites.models import Site

ADD_INSPECTION = ("enforcement.add_inspection",)
CHANGE_INSPECTION = ("enforcement.change_inspection",)
ADD_VIOLATION = ("enforcement.add_violation",)
CHANGE_VIOLATION = ("enforcement.change_violation",)
ADD_INTENTION = ("enforcement.add_intention",)
CHANGE_INTENTION = ("enforcement.change_intention",)
ADD_MEASURE = ("enforcement.add_measure",)
CHANGE_MEASURE = ("enforcement.change_measure",)
ADD_APPEAL = ("enforcement.add_appeal",)
CHANGE_APPEAL = ("enforcement.change_appeal",)
ADD_STRATEGY = ("enforcement.add_strategyversion",)
CHANGE_STRATEGY = ("enforcement.change_strategyversion",)
ADOPT_STRATEGY = ("enforcement.adopt_strategyversion",)

# The values a measure's status may be set to (it starts as "opgelegd"), and the outcomes an
# appeal is decided with (it starts as "lopend").
MEASURE_TARGET_STATUSES = [
    (value, label) for value, label in MeasureStatus.choices if value != MeasureStatus.OPGELEGD
]
APPEAL_DECISIONS = [
    (value, label) for value, label in AppealOutcome.choices if value != AppealOutcome.LOPEND
]


# --- shared pieces ------------------------------------------------------------------------------


def _viewer(request: Request) -> UserModel | None:
    """The signed-in user, or None (the schema generator and anonymous requests)."""
    user = request.user
    return user if isinstance(user, UserModel) else None


def _visible_inspections(user: User) -> QuerySet[Inspection]:
    if not isinstance(user, UserModel):
        return Inspection.objects.none()
    return selectors.inspection_list_for(user=user)


def _visible_findings(user: User) -> QuerySet[Finding]:
    if not isinstance(user, UserModel):
        return Finding.objects.none()
    return selectors.finding_list_for(user=user)


def _visible_violations(user: User) -> QuerySet[Violation]:
    if not isinstance(user, UserModel):
        return Violation.objects.none()
    return selectors.violation_list_for(user=user)


def _visible_sites(user: User) -> QuerySet[Site]:
    return site_selectors.site_list_for(user=user)


def _visible_cases(user: User) -> QuerySet[Case]:
    return case_selectors.case_list_for(user=user)


def _id(help_text: str, **kwargs: Any) -> serializers.IntegerField:
    # Declared, not derived, so that the schema is the same on SQLite and PostgreSQL.
    return serializers.IntegerField(read_only=True, help_text=help_text, **kwargs)


def _small(help_text: str, **kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=32767, help_text=help_text, **kwargs)


def _money(help_text: str, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0"), help_text=help_text, **kwargs
    )


def _bool_query_param(request: Request, name: str) -> bool | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if raw not in ("true", "false"):
        raise serializers.ValidationError({name: "Give true or false."})
    return raw == "true"


def _query(request: Request) -> str:
    return (request.query_params.get("q") or "").strip()


# --- reference lists ----------------------------------------------------------------------------


class InstrumentSerializer(serializers.Serializer[Instrument]):
    id = _id("Id van het instrument.")
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    explanation = serializers.CharField(read_only=True)
    severity = serializers.IntegerField(
        read_only=True, min_value=1, max_value=9, help_text="Zwaarte: 1 is het lichtst."
    )
    track = serializers.ChoiceField(
        choices=InstrumentTrack.choices, read_only=True, help_text="Spoor van het instrument."
    )
    decision_type = _id(
        "Besluittype als het opleggen een besluit is.", allow_null=True, source="decision_type_id"
    )
    decision_type_code = serializers.CharField(
        source="decision_type.code", read_only=True, allow_null=True, default=None
    )
    has_penalty = serializers.BooleanField(read_only=True, help_text="Een last onder dwangsom.")
    valid_from = serializers.DateField(read_only=True)
    valid_to = serializers.DateField(read_only=True, allow_null=True)


class InspectionSubjectSerializer(serializers.Serializer[InspectionSubject]):
    id = _id("Id van het controle-onderwerp.")
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    explanation = serializers.CharField(read_only=True)
    established = serializers.BooleanField(
        read_only=True, help_text="Een landelijke standaardwaarde (CIM: indicatie vastgesteld)."
    )
    valid_from = serializers.DateField(read_only=True)
    valid_to = serializers.DateField(read_only=True, allow_null=True)


class ChecklistPointSerializer(serializers.Serializer[Any]):
    position = _small("Volgorde op de checklist.", read_only=True)
    subject = serializers.IntegerField(source="subject_id", read_only=True)
    subject_code = serializers.CharField(source="subject.code", read_only=True)
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    point = serializers.CharField(read_only=True, help_text="Controle-aandachtspunt.")
    rule = serializers.CharField(read_only=True, help_text="Het voorschrift, zoals Bal 4.105.")


class ChecklistSerializer(serializers.Serializer[Checklist]):
    id = _id("Id van de checklist.")
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    active = serializers.BooleanField(read_only=True)
    points = ChecklistPointSerializer(source="points.all", many=True, read_only=True)


GELDIG_OP = OpenApiParameter(
    "geldig_op", OpenApiTypes.DATE, description="Alleen wat op deze datum geldt."
)


@extend_schema_view(list=extend_schema(parameters=[GELDIG_OP]))
class InstrumentViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The enforcement instruments (CIM Handhavingsinstrument), lightest first."""

    serializer_class = InstrumentSerializer
    queryset = Instrument.objects.none()

    def get_queryset(self) -> QuerySet[Instrument]:
        on = date_query_param(self.request, "geldig_op") if self.action == "list" else None
        return selectors.instrument_list(on=on)


@extend_schema_view(list=extend_schema(parameters=[GELDIG_OP]))
class InspectionSubjectViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The inspection subjects (CIM Controle-onderwerp)."""

    serializer_class = InspectionSubjectSerializer
    queryset = InspectionSubject.objects.none()

    def get_queryset(self) -> QuerySet[InspectionSubject]:
        on = date_query_param(self.request, "geldig_op") if self.action == "list" else None
        return selectors.subject_list(on=on)


class ChecklistViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The checklists an inspection starts from, with their points; the list shows those in
    use, a checklist no longer in use is still readable by its id."""

    serializer_class = ChecklistSerializer
    queryset = Checklist.objects.none()

    def get_queryset(self) -> QuerySet[Checklist]:
        return selectors.checklist_list(active_only=self.action == "list")


# --- the strategy -------------------------------------------------------------------------------


class StrategyCellSerializer(serializers.Serializer[StrategyCell]):
    code = serializers.CharField(read_only=True, help_text="De cel, zoals 3B.")
    consequence = serializers.ChoiceField(choices=Consequence.choices, read_only=True)
    behaviour = serializers.ChoiceField(choices=Behaviour.choices, read_only=True)
    instruments = serializers.SerializerMethodField(
        help_text="Codes van de toegestane interventies, lichtste eerst."
    )
    default_instrument = serializers.CharField(
        source="default_instrument.code", read_only=True, help_text="De eerste interventie."
    )
    repair_term_days = _small("Hersteltermijn in dagen; 0 is direct herstellen.", read_only=True)
    prosecutor_consultation = serializers.BooleanField(
        read_only=True, help_text="Afstemming met het Openbaar Ministerie vereist."
    )
    guidance = serializers.CharField(read_only=True)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_instruments(self, cell: StrategyCell) -> list[str]:
        return [instrument.code for instrument in cell.instruments.all()]


class StrategyVersionSerializer(serializers.Serializer[StrategyVersion]):
    id = _id("Id van de strategieversie.")
    name = serializers.CharField(read_only=True)
    version = serializers.CharField(read_only=True)
    strategy_kind = serializers.ChoiceField(
        source="kind", choices=StrategyKind.choices, read_only=True, help_text="Soort strategie."
    )
    framework_version = _id(
        "Het uitvoeringskader waarin ze is vastgesteld.",
        allow_null=True,
        source="framework_version_id",
    )
    is_draft = serializers.BooleanField(read_only=True, help_text="Nog niet vastgesteld.")
    adopted_on = serializers.DateField(read_only=True, allow_null=True)
    decision_reference = serializers.CharField(read_only=True)
    valid_from = serializers.DateField(
        read_only=True, allow_null=True, help_text="Geldt voor overtredingen vanaf."
    )
    valid_to = serializers.DateField(read_only=True, allow_null=True)
    recidivism_months = _small("Recidivetermijn in maanden.", read_only=True)
    # A field named like Field.source: DRF takes it out of the class, mypy does not know that.
    source = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="Bron en toelichting."
    )
    cells = StrategyCellSerializer(
        source="cells.all", many=True, read_only=True, help_text="De zestien cellen, 4A eerst."
    )


class StrategyDraftSerializer(serializers.Serializer[Any]):
    based_on = serializers.PrimaryKeyRelatedField(
        queryset=selectors.strategy_list(),
        help_text="De versie waarvan de cellen worden gekopieerd.",
    )
    name = serializers.CharField(max_length=160)
    version = serializers.CharField(max_length=20)


class StrategyUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=160)
    strategy_kind = serializers.ChoiceField(choices=StrategyKind.choices)
    recidivism_months = serializers.IntegerField(min_value=1, max_value=120)
    source = serializers.CharField(allow_blank=True)  # type: ignore[assignment]


class StrategyCellInputSerializer(serializers.Serializer[Any]):
    instruments = serializers.SlugRelatedField(
        slug_field="code",
        queryset=selectors.instrument_list(),
        many=True,
        help_text="Codes van de toegestane interventies.",
    )
    default_instrument = serializers.SlugRelatedField(
        slug_field="code",
        queryset=selectors.instrument_list(),
        help_text="Code van de eerste interventie; een van de toegestane.",
    )
    repair_term_days = _small("Hersteltermijn in dagen; 0 is direct herstellen.")
    prosecutor_consultation = serializers.BooleanField()
    guidance = serializers.CharField(allow_blank=True, required=False, default="")


class StrategyAdoptSerializer(serializers.Serializer[Any]):
    adopted_on = serializers.DateField(help_text="Datum van het vaststellingsbesluit.")
    valid_from = serializers.DateField(help_text="Geldt voor overtredingen vanaf deze datum.")
    decision_reference = serializers.CharField(max_length=80)
    framework_version = serializers.PrimaryKeyRelatedField(
        queryset=FrameworkVersion.objects.all(), required=False, allow_null=True, default=None
    )


CELL_CODE = OpenApiParameter(
    "code",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    pattern="^[1-4][A-D]$",
    description="De cel: gevolg 1-4 en gedrag A-D, zoals 3B.",
)


@extend_schema_view(
    **{
        **with_io_schema(StrategyUpdateSerializer, StrategyVersionSerializer),
        "create": extend_schema(
            request=StrategyDraftSerializer, responses={201: StrategyVersionSerializer}
        ),
    }
)
class StrategyVersionViewSet(ActionViewSetMixin, ServiceViewSet):
    """The enforcement strategy, versioned: the LHSO matrix of sixteen cells, each with the
    interventions it allows, the first one, the repair term and whether the prosecutor is
    consulted. The beheerder copies a version into a draft, edits its cells and adopts it;
    an adopted version never changes (a change answers 409)."""

    serializer_class = StrategyVersionSerializer
    input_serializer_class = StrategyDraftSerializer
    queryset = StrategyVersion.objects.none()
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": ADD_STRATEGY,
        "partial_update": CHANGE_STRATEGY,
        "cell": CHANGE_STRATEGY,
        "adopt": ADOPT_STRATEGY,
    }

    def get_queryset(self) -> QuerySet[StrategyVersion]:
        if self.action == "cell":  # one cell, read by the selector
            return selectors.strategy_list()
        cells = StrategyCell.objects.select_related("default_instrument").prefetch_related(
            Prefetch("instruments", queryset=Instrument.objects.order_by("severity", "name"))
        )
        return selectors.strategy_list().prefetch_related(Prefetch("cells", queryset=cells))

    def _validated(self, request: Request, *, partial: bool) -> dict[str, Any]:
        serializer_class = StrategyUpdateSerializer if partial else StrategyDraftSerializer
        serializer = serializer_class(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "partial_update":
            return StrategyUpdateSerializer
        return super().get_serializer_class()

    def _fresh(self, pk: int) -> Response:
        return self._output(self.get_queryset().get(pk=pk))

    def perform_service_create(self, data: dict[str, Any]) -> StrategyVersion:
        draft = services.strategy_draft_create(actor=self.request.user, **data)
        return self.get_queryset().get(pk=draft.pk)

    def perform_service_update(self, instance: StrategyVersion, data: dict[str, Any]) -> Any:
        updated = services.strategy_update(
            actor=self.request.user,
            strategy=instance,
            name=data.get("name", instance.name),
            kind=data.get("strategy_kind", instance.kind),
            recidivism_months=data.get("recidivism_months", instance.recidivism_months),
            source=data.get("source", instance.source),
        )
        return self.get_queryset().get(pk=updated.pk)

    def _cell(self, strategy: StrategyVersion, code: str) -> StrategyCell:
        try:
            return selectors.cell_for(
                strategy=strategy, consequence=int(code[0]), behaviour=code[1].upper()
            )
        except StrategyCell.DoesNotExist:
            raise Http404 from None

    @extend_schema(methods=["GET"], parameters=[CELL_CODE], responses={200: StrategyCellSerializer})
    @extend_schema(
        methods=["PUT", "PATCH"],
        parameters=[CELL_CODE],
        request=StrategyCellInputSerializer,
        responses={200: StrategyCellSerializer},
    )
    @action(
        detail=True,
        methods=["get", "put", "patch"],
        url_path=r"cells/(?P<code>[1-4][A-Da-d])",
        url_name="cell",
    )
    def cell(self, request: Request, pk: str | None = None, code: str = "") -> Response:
        """One cell of the matrix; PUT or PATCH changes it while the version is a draft."""
        strategy = self.get_object()
        cell = self._cell(strategy, code)
        if request.method in ("PUT", "PATCH"):
            serializer = StrategyCellInputSerializer(
                data=request.data,
                partial=request.method == "PATCH",
                context=self.get_serializer_context(),
            )
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            services.strategy_cell_update(
                actor=request.user,
                cell=cell,
                instruments=data.get("instruments", list(cell.instruments.all())),
                default_instrument=data.get("default_instrument", cell.default_instrument),
                repair_term_days=data.get("repair_term_days", cell.repair_term_days),
                prosecutor_consultation=data.get(
                    "prosecutor_consultation", cell.prosecutor_consultation
                ),
                guidance=data.get("guidance", cell.guidance),
            )
            cell = self._cell(strategy, code)
        return Response(StrategyCellSerializer(cell).data)

    @extend_schema(request=StrategyAdoptSerializer, responses={200: StrategyVersionSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str | None = None) -> Response:
        """Adopt a draft from a date; the version in force until then ends the day before.
        Violations already recorded keep their version."""
        strategy = self.get_object()
        data = self._action_input(StrategyAdoptSerializer)
        services.strategy_adopt(actor=request.user, strategy=strategy, **data)
        return self._fresh(strategy.pk)


# --- inspections and findings -------------------------------------------------------------------


class FindingSerializer(serializers.Serializer[Finding]):
    id = _id("Id van de bevinding.")
    inspection = _id("De controle.", source="inspection_id")
    number = _small("Volgnummer binnen de controle.", read_only=True)
    subject = _id("Controle-onderwerp.", source="subject_id")
    subject_code = serializers.CharField(source="subject.code", read_only=True)
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    point = serializers.CharField(read_only=True, help_text="Controle-aandachtspunt.")
    rule = serializers.CharField(read_only=True)
    result = serializers.ChoiceField(
        choices=FindingResult.choices,
        allow_blank=True,
        read_only=True,
        help_text="Resultaat bevinding (CIM); leeg zolang het niet is vastgelegd.",
    )
    remarks = serializers.CharField(read_only=True)
    consequence = serializers.ChoiceField(
        choices=Consequence.choices, allow_null=True, read_only=True, help_text="Gevolg (1-4)."
    )
    behaviour = serializers.ChoiceField(
        choices=Behaviour.choices, allow_blank=True, read_only=True, help_text="Gedrag (A-D)."
    )
    position = serializers.CharField(
        read_only=True, help_text="Bevindingoordeel, zoals 2B; leeg als de bevinding voldoet."
    )
    violations = serializers.SerializerMethodField(
        help_text="De overtredingen die op deze bevinding rusten."
    )

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_violations(self, finding: Finding) -> list[int]:
        return [violation.pk for violation in finding.violations.all()]


class InspectionSerializer(serializers.Serializer[Inspection]):
    """An inspection (CIM Controle) with its findings."""

    id = _id("Id van de controle.")
    identification = serializers.CharField(read_only=True, help_text="Controlenummer.")
    participant = _id("Bevoegd gezag (deelnemer).", source="participant_id")
    participant_code = serializers.CharField(source="participant.code", read_only=True)
    site = _id("Toezichtobject.", source="site_id")
    site_name = serializers.CharField(source="site.name", read_only=True)
    case = _id("De zaak waarin de controle wordt uitgevoerd.", source="case_id")
    case_identification = serializers.CharField(source="case.identification", read_only=True)
    inspection_type = serializers.ChoiceField(
        choices=InspectionType.choices, read_only=True, help_text="Controletype (CIM)."
    )
    cause = serializers.ChoiceField(choices=InspectionCause.choices, read_only=True)
    cause_case = _id(
        "Aanleidende zaak (handhavingsverzoek, incident).", allow_null=True, source="cause_case_id"
    )
    cause_violation = _id(
        "Bij een hercontrole: de overtreding.", allow_null=True, source="cause_violation_id"
    )
    inspector = _id("Toezichthouder (medewerker).", source="inspector_id")
    inspector_name = serializers.CharField(source="inspector.full_name", read_only=True)
    checklist = _id("Checklist.", allow_null=True, source="checklist_id")
    status = serializers.ChoiceField(choices=InspectionStatus.choices, read_only=True)
    planned_on = serializers.DateField(read_only=True)
    performed_on = serializers.DateField(read_only=True, allow_null=True)
    notes = serializers.CharField(read_only=True)
    findings = FindingSerializer(source="findings.all", many=True, read_only=True)


FINDINGS = Prefetch(
    "findings", queryset=Finding.objects.select_related("subject").prefetch_related("violations")
)


class InspectionCreateSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {
        "site": _visible_sites,
        "cause_case": _visible_cases,
        "case": _visible_cases,
        "cause_violation": _visible_violations,
    }

    site = serializers.PrimaryKeyRelatedField(queryset=Site.objects.none())
    inspection_type = serializers.ChoiceField(choices=InspectionType.choices)
    planned_on = serializers.DateField()
    inspector = serializers.PrimaryKeyRelatedField(
        queryset=organisation_selectors.employee_list(), help_text="De toezichthouder."
    )
    cause = serializers.ChoiceField(
        choices=InspectionCause.choices, default=InspectionCause.PROGRAMMA
    )
    cause_case = serializers.PrimaryKeyRelatedField(
        queryset=Case.objects.none(), required=False, allow_null=True, default=None
    )
    cause_violation = serializers.PrimaryKeyRelatedField(
        queryset=Violation.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Alleen bij een hercontrole.",
    )
    checklist = serializers.PrimaryKeyRelatedField(
        queryset=selectors.checklist_list(), required=False, allow_null=True, default=None
    )
    case = serializers.PrimaryKeyRelatedField(
        queryset=Case.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Leeg: een nieuwe zaak 'Controle uitvoeren' (of die van de overtreding).",
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class InspectionCompleteSerializer(serializers.Serializer[Any]):
    performed_on = serializers.DateField(help_text="Controledatum.")
    notes = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


class InspectionRescheduleSerializer(serializers.Serializer[Any]):
    planned_on = serializers.DateField()
    inspector = serializers.PrimaryKeyRelatedField(
        queryset=organisation_selectors.employee_list(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Leeg: dezelfde toezichthouder.",
    )


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(help_text="De reden.")


class FindingAddSerializer(serializers.Serializer[Any]):
    subject = serializers.PrimaryKeyRelatedField(queryset=selectors.subject_list())
    point = serializers.CharField(max_length=240, required=False, allow_blank=True, default="")
    rule = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")


class FindingRecordSerializer(serializers.Serializer[Any]):
    result = serializers.ChoiceField(choices=FindingResult.choices)
    remarks = serializers.CharField(required=False, allow_blank=True)
    consequence = serializers.ChoiceField(
        choices=Consequence.choices,
        required=False,
        allow_null=True,
        help_text="Bij 'niet akkoord': gevolg 1-4.",
    )
    behaviour = serializers.ChoiceField(
        choices=Behaviour.choices,
        required=False,
        allow_blank=True,
        help_text="Bij 'niet akkoord': gedrag A-D.",
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("participant", OpenApiTypes.INT, description="Alleen deze deelnemer."),
            OpenApiParameter(
                "inspector", OpenApiTypes.INT, description="Alleen deze toezichthouder."
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=list(InspectionStatus.values),
                description="Status.",
            ),
            OpenApiParameter(
                "inspection_type",
                OpenApiTypes.STR,
                enum=list(InspectionType.values),
                description="Controletype.",
            ),
            OpenApiParameter("site", OpenApiTypes.INT, description="Alleen dit toezichtobject."),
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="Zoek in controlenummer en toezichtobject."
            ),
        ]
    ),
    create=extend_schema(request=InspectionCreateSerializer, responses={201: InspectionSerializer}),
)
class InspectionViewSet(ActionViewSetMixin, ServiceViewSet):
    """Inspections (CIM Controle) with their findings; a participant user sees its own.

    Planning one creates its case (or uses the given one) and copies the checklist's points
    into findings without a result; recording the findings and completing it are actions. A
    completed re-inspection decides its violation: repaired, or still not."""

    serializer_class = InspectionSerializer
    input_serializer_class = InspectionCreateSerializer
    pagination_class = NewestFirstCursorPagination
    queryset = Inspection.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": ADD_INSPECTION,
        "complete": CHANGE_INSPECTION,
        "reschedule": CHANGE_INSPECTION,
        "cancel": CHANGE_INSPECTION,
        "add_finding": CHANGE_INSPECTION,
    }

    def get_queryset(self) -> QuerySet[Inspection]:
        user = _viewer(self.request)
        if user is None:
            return Inspection.objects.none()
        filters: dict[str, Any] = {}
        if self.action == "list":
            request = self.request
            filters = {
                "participant_id": int_query_param(request, "participant", example="8"),
                "inspector_id": int_query_param(request, "inspector", example="12"),
                "status": choice_query_param(request, "status", tuple(InspectionStatus.values)),
                "inspection_type": choice_query_param(
                    request, "inspection_type", tuple(InspectionType.values)
                ),
                "site_id": int_query_param(request, "site", example="120"),
                "query": _query(request),
            }
        return selectors.inspection_list_for(user=user, **filters).prefetch_related(FINDINGS)

    def _fresh(self, pk: int, *, status_code: int = status.HTTP_200_OK) -> Response:
        return self._output(self.get_queryset().get(pk=pk), status_code=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._validated(request, partial=False)
        inspection = services.inspection_create(actor=request.user, **data)
        return self._fresh(inspection.pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=InspectionCompleteSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        """Record the inspection as performed; every finding needs its result first."""
        inspection = self.get_object()
        data = self._action_input(InspectionCompleteSerializer)
        services.inspection_complete(actor=request.user, inspection=inspection, **data)
        return self._fresh(inspection.pk)

    @extend_schema(request=InspectionRescheduleSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, pk: str | None = None) -> Response:
        """Move a planned inspection to another day, or to another inspector."""
        inspection = self.get_object()
        data = self._action_input(InspectionRescheduleSerializer)
        services.inspection_reschedule(actor=request.user, inspection=inspection, **data)
        return self._fresh(inspection.pk)

    @extend_schema(request=ReasonSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """A planned inspection lapses (vervallen), with the reason."""
        inspection = self.get_object()
        data = self._action_input(ReasonSerializer)
        services.inspection_cancel(actor=request.user, inspection=inspection, **data)
        return self._fresh(inspection.pk)

    @extend_schema(request=FindingAddSerializer, responses={201: FindingSerializer})
    @action(detail=True, methods=["post"], url_path="findings", url_name="findings")
    def add_finding(self, request: Request, pk: str | None = None) -> Response:
        """Add a point the checklist did not have; its result is recorded on the finding."""
        inspection = self.get_object()
        data = self._action_input(FindingAddSerializer)
        finding = services.finding_add(actor=request.user, inspection=inspection, **data)
        fresh = selectors.findings_of(inspection).get(pk=finding.pk)
        return Response(FindingSerializer(fresh).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    partial_update=extend_schema(
        request=FindingRecordSerializer, responses={200: FindingSerializer}
    )
)
class FindingViewSet(mixins.RetrieveModelMixin, ActionViewSetMixin):
    """A finding (CIM Bevinding): PATCH records its result and, when not met, its position on
    the matrix (bevindingoordeel)."""

    serializer_class = FindingSerializer
    queryset = Finding.objects.none()
    http_method_names = ["get", "patch", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "partial_update": CHANGE_INSPECTION,
    }

    def get_queryset(self) -> QuerySet[Finding]:
        return (
            _visible_findings(self.request.user)
            .select_related("subject")
            .prefetch_related("violations")
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        finding = self.get_object()
        serializer = FindingRecordSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.finding_record(
            actor=request.user,
            finding=finding,
            result=data.get("result", finding.result),
            remarks=data.get("remarks", finding.remarks),
            consequence=data.get("consequence", finding.consequence),
            behaviour=data.get("behaviour", finding.behaviour),
        )
        return Response(FindingSerializer(self.get_queryset().get(pk=finding.pk)).data)


# --- violations: the decision support -----------------------------------------------------------


class InstrumentRefSerializer(serializers.Serializer[proposals.InstrumentRef]):
    code = serializers.CharField()
    name = serializers.CharField()
    severity = serializers.IntegerField(min_value=1, max_value=9)
    track = serializers.ChoiceField(choices=InstrumentTrack.choices)
    is_decision = serializers.BooleanField(help_text="Opleggen is een besluit (onder mandaat).")
    has_penalty = serializers.BooleanField()
    administrative = serializers.BooleanField(help_text="Bestuursrechtelijk (of informeel).")


class ProposalSerializer(serializers.Serializer[proposals.Proposal]):
    cell = serializers.CharField(help_text="De cel van de overtreding, zoals 2B.")
    default_instrument = InstrumentRefSerializer(
        source="default", help_text="De eerste interventie die de cel voorstelt."
    )
    administrative = InstrumentRefSerializer(
        many=True, help_text="Toegestane bestuursrechtelijke (en informele) interventies."
    )
    criminal = InstrumentRefSerializer(many=True, help_text="Toegestane strafrechtelijke.")
    repair_term_days = serializers.IntegerField(min_value=0)
    repair_until = serializers.DateField(
        allow_null=True, help_text="Herstellen uiterlijk; leeg: direct herstellen."
    )
    prosecutor_consultation = serializers.BooleanField()
    explanation = serializers.ListField(
        child=serializers.CharField(), help_text="Waarom, in het Nederlands."
    )


class PriorViolationSerializer(serializers.Serializer[proposals.PriorViolation]):
    identification = serializers.CharField()
    observed_on = serializers.DateField()
    behaviour = serializers.ChoiceField(choices=Behaviour.choices)


class RecidivismSerializer(serializers.Serializer[proposals.RecidivismAdvice]):
    prior = PriorViolationSerializer(help_text="De eerdere overtreding die telt.")
    behaviour_from = serializers.CharField(help_text="Het gedrag nu (A-D).")
    behaviour_to = serializers.CharField(help_text="Het voorgestelde gedrag (A-D).")
    raises = serializers.BooleanField(help_text="Het voorstel typeert het gedrag zwaarder.")
    explanation = serializers.CharField()


class NextStepSerializer(serializers.Serializer[proposals.NextStep]):
    rung = serializers.ChoiceField(
        choices=Rung.choices, allow_null=True, help_text="Leeg: er volgt geen stap."
    )
    due_on = serializers.DateField(allow_null=True)
    explanation = serializers.CharField()
    instruments = InstrumentRefSerializer(many=True, help_text="Interventies voor die stap.")


class RungViewSerializer(serializers.Serializer[proposals.RungView]):
    rung = serializers.ChoiceField(choices=Rung.choices)
    state = serializers.ChoiceField(
        choices=["gedaan", "volgende", "overgeslagen", "open"],
        help_text="gedaan, volgende (de voorgestelde stap), overgeslagen of open.",
    )
    on = serializers.DateField(allow_null=True)
    until = serializers.DateField(allow_null=True, help_text="Termijn of vervaldatum.")


class AdviceSerializer(serializers.Serializer[selectors.ViolationAdvice]):
    """Everything to decide the next intervention, as the selectors compute it today."""

    proposal = ProposalSerializer()
    recidivism = RecidivismSerializer(allow_null=True, help_text="Leeg: geen recidive.")
    next_step = NextStepSerializer()
    ladder = RungViewSerializer(many=True, help_text="De escalatieladder, trede voor trede.")


class IntentionSerializer(serializers.Serializer[Any]):
    id = _id("Id van het voornemen.")
    violation = _id("De overtreding.", source="violation_id")
    instrument = serializers.CharField(source="instrument.code", read_only=True)
    instrument_name = serializers.CharField(source="instrument.name", read_only=True)
    sent_on = serializers.DateField(read_only=True)
    response_until = serializers.DateField(read_only=True, help_text="Zienswijze tot en met.")
    repair_until = serializers.DateField(read_only=True)
    response_received_on = serializers.DateField(read_only=True, allow_null=True)
    response_summary = serializers.CharField(read_only=True)
    deviation_reason = serializers.CharField(read_only=True)


class MeasureRefSerializer(serializers.Serializer[Any]):
    id = _id("Id van de maatregel.")
    identification = serializers.CharField(read_only=True)
    instrument = serializers.CharField(source="instrument.code", read_only=True)
    measure_status = serializers.CharField(
        source="status", read_only=True, help_text="Status Hh-maatregel (zie de maatregel)."
    )
    imposed_on = serializers.DateField(read_only=True)
    repair_until = serializers.DateField(read_only=True, allow_null=True)


class ReinspectionRefSerializer(serializers.Serializer[Any]):
    id = _id("Id van de hercontrole.")
    identification = serializers.CharField(read_only=True)
    inspection_status = serializers.CharField(
        source="status", read_only=True, help_text="Status van de controle (zie de controle)."
    )
    planned_on = serializers.DateField(read_only=True)
    performed_on = serializers.DateField(read_only=True, allow_null=True)


class ViolationSerializer(serializers.Serializer[Violation]):
    """A violation (CIM Overtreding) as the list shows it."""

    id = _id("Id van de overtreding.")
    identification = serializers.CharField(read_only=True, help_text="Overtredingsnummer.")
    participant = _id("Bevoegd gezag (deelnemer).", source="participant_id")
    participant_code = serializers.CharField(source="participant.code", read_only=True)
    site = _id("Toezichtobject.", source="site_id")
    site_name = serializers.CharField(source="site.name", read_only=True)
    inspection = _id("De controle waarbij ze is vastgesteld.", source="inspection_id")
    inspection_identification = serializers.CharField(
        source="inspection.identification", read_only=True
    )
    findings = serializers.SerializerMethodField(help_text="Ids van de bevindingen.")
    observed_on = serializers.DateField(read_only=True)
    nature = serializers.CharField(read_only=True, help_text="Aard van de overtreding.")
    rule = serializers.CharField(read_only=True, help_text="De overtreden regel.")
    strategy_kind = serializers.ChoiceField(choices=StrategyKind.choices, read_only=True)
    strategy = _id("De strategieversie die bij het vaststellen gold.", source="strategy_id")
    strategy_version = serializers.CharField(source="strategy.version", read_only=True)
    consequence = serializers.ChoiceField(choices=Consequence.choices, read_only=True)
    behaviour = serializers.ChoiceField(choices=Behaviour.choices, read_only=True)
    position = serializers.CharField(read_only=True, help_text="Interventiepositionering.")
    positioning_reason = serializers.ChoiceField(
        choices=PositioningReason.choices, allow_blank=True, read_only=True
    )
    positioning_explanation = serializers.CharField(read_only=True)
    recidivism_of = _id(
        "Herhaling van deze overtreding.", allow_null=True, source="recidivism_of_id"
    )
    enforce = serializers.BooleanField(read_only=True, help_text="Er wordt gehandhaafd.")
    no_enforcement_reason = serializers.CharField(read_only=True)
    repair_due_on = serializers.DateField(read_only=True, allow_null=True)
    repaired_on = serializers.DateField(read_only=True, allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_findings(self, violation: Violation) -> list[int]:
        return [finding.pk for finding in violation.findings.all()]


class ViolationDetailSerializer(ViolationSerializer):
    """A violation with its decision support, notices of intent, measures and re-inspections."""

    advice = serializers.SerializerMethodField()
    intentions = serializers.SerializerMethodField()
    measures = serializers.SerializerMethodField()
    reinspections = serializers.SerializerMethodField()

    @extend_schema_field(AdviceSerializer)
    def get_advice(self, violation: Violation) -> dict[str, Any]:
        return dict(AdviceSerializer(selectors.violation_advice(violation)).data)

    @extend_schema_field(IntentionSerializer(many=True))
    def get_intentions(self, violation: Violation) -> list[Any]:
        return list(IntentionSerializer(selectors.intentions_of(violation), many=True).data)

    @extend_schema_field(MeasureRefSerializer(many=True))
    def get_measures(self, violation: Violation) -> list[Any]:
        return list(MeasureRefSerializer(selectors.measures_of(violation), many=True).data)

    @extend_schema_field(ReinspectionRefSerializer(many=True))
    def get_reinspections(self, violation: Violation) -> list[Any]:
        return list(
            ReinspectionRefSerializer(selectors.reinspections_of(violation), many=True).data
        )


class ViolationCreateSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {
        "inspection": _visible_inspections,
        "findings": _visible_findings,
    }

    inspection = serializers.PrimaryKeyRelatedField(
        queryset=Inspection.objects.none(), help_text="Een uitgevoerde controle."
    )
    findings = serializers.PrimaryKeyRelatedField(
        queryset=Finding.objects.none(),
        many=True,
        help_text="Bevindingen 'niet akkoord' van die controle.",
    )
    nature = serializers.CharField(max_length=240, help_text="Aard van de overtreding.")
    rule = serializers.CharField(
        max_length=160,
        required=False,
        allow_blank=True,
        default="",
        help_text="Leeg: de regel van de eerste bevinding.",
    )
    observed_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Leeg: de controledatum."
    )
    consequence = serializers.ChoiceField(
        choices=Consequence.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="Leeg: het zwaarste gevolg van de bevindingen.",
    )
    behaviour = serializers.ChoiceField(
        choices=Behaviour.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Leeg: het zwaarste gedrag van de bevindingen.",
    )
    positioning_reason = serializers.ChoiceField(
        choices=PositioningReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Verplicht als de positie afwijkt van die van de bevindingen.",
    )
    positioning_explanation = serializers.CharField(required=False, allow_blank=True, default="")
    enforce = serializers.BooleanField(default=True)
    no_enforcement_reason = serializers.CharField(required=False, allow_blank=True, default="")
    strategy_kind = serializers.ChoiceField(
        choices=StrategyKind.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Leeg: de soort van de strategie die geldt.",
    )


class RepositionSerializer(serializers.Serializer[Any]):
    consequence = serializers.ChoiceField(choices=Consequence.choices)
    behaviour = serializers.ChoiceField(choices=Behaviour.choices)
    positioning_reason = serializers.ChoiceField(choices=PositioningReason.choices)
    positioning_explanation = serializers.CharField()


class RepairedSerializer(serializers.Serializer[Any]):
    on = serializers.DateField(help_text="Hersteld op.")
    note = serializers.CharField(help_text="Waaruit het herstel blijkt.")


class IntentionSendSerializer(serializers.Serializer[Any]):
    instrument = serializers.SlugRelatedField(
        slug_field="code",
        queryset=selectors.instrument_list(),
        help_text="Code van de voorgenomen interventie, zoals last-onder-dwangsom.",
    )
    sent_on = serializers.DateField()
    response_until = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Leeg: twee weken."
    )
    repair_until = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Leeg: volgens de cel."
    )
    deviation_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Verplicht voor een interventie buiten de cel.",
    )


class IntentionResponseSerializer(serializers.Serializer[Any]):
    received_on = serializers.DateField(help_text="Zienswijze ontvangen op.")
    summary = serializers.CharField(help_text="Samenvatting van de zienswijze.")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("participant", OpenApiTypes.INT, description="Alleen deze deelnemer."),
            OpenApiParameter("site", OpenApiTypes.INT, description="Alleen dit toezichtobject."),
            OpenApiParameter(
                "open",
                OpenApiTypes.BOOL,
                description="true: alleen niet herstelde overtredingen waarop wordt gehandhaafd.",
            ),
            OpenApiParameter(
                "inspector",
                OpenApiTypes.INT,
                description="Alleen vastgesteld door deze toezichthouder.",
            ),
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="Zoek in nummer, object, regel en aard."
            ),
        ]
    ),
    create=extend_schema(
        request=ViolationCreateSerializer, responses={201: ViolationDetailSerializer}
    ),
)
class ViolationViewSet(ActionViewSetMixin, ServiceViewSet):
    """Violations (CIM Overtreding); a participant user sees its own.

    The detail carries the decision support: the interventions the violation's cell proposes,
    recidivism on the same object and rule, the next step on the escalation ladder and the
    ladder itself. A measure outside the cell needs a reason (400 naming
    ``deviation_reason``)."""

    serializer_class = ViolationDetailSerializer
    input_serializer_class = ViolationCreateSerializer
    pagination_class = NewestFirstCursorPagination
    queryset = Violation.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": ADD_VIOLATION,
        "reposition": CHANGE_VIOLATION,
        "no_enforcement": CHANGE_VIOLATION,
        "repaired": CHANGE_VIOLATION,
        "send_intention": ADD_INTENTION,
    }

    def get_queryset(self) -> QuerySet[Violation]:
        user = _viewer(self.request)
        if user is None:
            return Violation.objects.none()
        filters: dict[str, Any] = {}
        if self.action == "list":
            request = self.request
            filters = {
                "participant_id": int_query_param(request, "participant", example="8"),
                "site_id": int_query_param(request, "site", example="120"),
                "open_only": bool(_bool_query_param(request, "open")),
                "inspector_id": int_query_param(request, "inspector", example="12"),
                "query": _query(request),
            }
        return selectors.violation_list_for(user=user, **filters).prefetch_related("findings")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "list":
            return ViolationSerializer
        return super().get_serializer_class()

    def _fresh(self, pk: int, *, status_code: int = status.HTTP_200_OK) -> Response:
        return self._output(self.get_queryset().get(pk=pk), status_code=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._validated(request, partial=False)
        violation = services.violation_record(actor=request.user, **data)
        return self._fresh(violation.pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=RepositionSerializer, responses={200: ViolationDetailSerializer})
    @action(detail=True, methods=["post"])
    def reposition(self, request: Request, pk: str | None = None) -> Response:
        """Move the violation on the matrix, with the reason, before any intervention."""
        violation = self.get_object()
        data = self._action_input(RepositionSerializer)
        services.violation_reposition(actor=request.user, violation=violation, **data)
        return self._fresh(violation.pk)

    @extend_schema(request=ReasonSerializer, responses={200: ViolationDetailSerializer})
    @action(detail=True, methods=["post"], url_path="no-enforcement", url_name="no-enforcement")
    def no_enforcement(self, request: Request, pk: str | None = None) -> Response:
        """Decide not to enforce, with the reason; planned re-inspections lapse."""
        violation = self.get_object()
        data = self._action_input(ReasonSerializer)
        services.violation_no_enforcement(actor=request.user, violation=violation, **data)
        return self._fresh(violation.pk)

    @extend_schema(request=RepairedSerializer, responses={200: ViolationDetailSerializer})
    @action(detail=True, methods=["post"])
    def repaired(self, request: Request, pk: str | None = None) -> Response:
        """Record a repair shown otherwise than by re-inspection (a photo, an invoice)."""
        violation = self.get_object()
        data = self._action_input(RepairedSerializer)
        services.violation_repaired(actor=request.user, violation=violation, **data)
        return self._fresh(violation.pk)

    @extend_schema(request=IntentionSendSerializer, responses={201: IntentionSerializer})
    @action(detail=True, methods=["post"], url_path="intentions", url_name="intentions")
    def send_intention(self, request: Request, pk: str | None = None) -> Response:
        """Send a notice of intent (voornemen): a term to respond and a term to repair, after
        which the re-inspection is planned."""
        violation = self.get_object()
        data = self._action_input(IntentionSendSerializer)
        intention = services.intention_send(actor=request.user, violation=violation, **data)
        return Response(
            IntentionSerializer(selectors.intentions_of(violation).get(pk=intention.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class IntentionViewSet(mixins.RetrieveModelMixin, ActionViewSetMixin):
    """A notice of intent; the response (zienswijze) is recorded on it."""

    serializer_class = IntentionSerializer
    queryset = Intention.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {"record_response": CHANGE_INTENTION}

    def get_queryset(self) -> QuerySet[Intention]:
        user = self.request.user
        if not isinstance(user, UserModel):
            return Intention.objects.none()
        return selectors.intention_list_for(user=user)

    @extend_schema(request=IntentionResponseSerializer, responses={200: IntentionSerializer})
    @action(detail=True, methods=["post"], url_path="response", url_name="response")
    def record_response(self, request: Request, pk: str | None = None) -> Response:
        """Record the response to the notice."""
        intention = self.get_object()
        data = self._action_input(IntentionResponseSerializer)
        services.intention_response_record(actor=request.user, intention=intention, **data)
        return Response(IntentionSerializer(self.get_queryset().get(pk=intention.pk)).data)


# --- measures and appeals -----------------------------------------------------------------------


class AppealSerializer(serializers.Serializer[Appeal]):
    id = _id("Id van het bezwaar of beroep.")
    measure = _id("De maatregel.", source="measure_id")
    stage = serializers.ChoiceField(choices=AppealStage.choices, read_only=True)
    lodged_on = serializers.DateField(read_only=True)
    decided_on = serializers.DateField(read_only=True, allow_null=True)
    outcome = serializers.ChoiceField(choices=AppealOutcome.choices, read_only=True)
    reference = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)


class MeasureSerializer(serializers.Serializer[Measure]):
    """An enforcement measure (CIM Handhavingsmaatregel) with its penalties and appeals."""

    id = _id("Id van de maatregel.")
    identification = serializers.CharField(read_only=True, help_text="Maatregelnummer.")
    participant = _id("Bevoegd gezag (deelnemer).", source="participant_id")
    participant_code = serializers.CharField(source="participant.code", read_only=True)
    violations = serializers.SerializerMethodField(help_text="Ids van de overtredingen.")
    instrument = serializers.CharField(source="instrument.code", read_only=True)
    instrument_name = serializers.CharField(source="instrument.name", read_only=True)
    status = serializers.ChoiceField(choices=MeasureStatus.choices, read_only=True)
    case = _id("De zaak.", source="case_id")
    case_identification = serializers.CharField(source="case.identification", read_only=True)
    decision = _id(
        "Het besluit, getekend onder mandaat; leeg als het geen besluit is.",
        source="decision_id",
        allow_null=True,
    )
    imposed_on = serializers.DateField(read_only=True)
    repair_until = serializers.DateField(
        read_only=True, allow_null=True, help_text="Begunstigingstermijn tot en met."
    )
    completed_on = serializers.DateField(read_only=True, allow_null=True)
    within_cell = serializers.BooleanField(read_only=True, help_text="Volgens de strategie.")
    deviation_reason = serializers.CharField(read_only=True)
    penalty_amount = _money("Dwangsom per eenheid (euro).", read_only=True, allow_null=True)
    penalty_unit = serializers.ChoiceField(
        choices=PenaltyUnit.choices, allow_blank=True, read_only=True
    )
    penalty_maximum = _money("Maximum dwangsom (euro).", read_only=True, allow_null=True)
    forfeited_amount = _money("Verbeurd (euro).", read_only=True)
    forfeited_on = serializers.DateField(read_only=True, allow_null=True)
    collected_amount = _money("Ingevorderd (euro).", read_only=True)
    collection_decision = _id(
        "Het invorderingsbesluit.", allow_null=True, source="collection_decision_id"
    )
    withdrawal_reason = serializers.CharField(read_only=True)
    appeals = AppealSerializer(source="appeals.all", many=True, read_only=True)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_violations(self, measure: Measure) -> list[int]:
        return [violation.pk for violation in measure.violations.all()]


class MeasureCreateSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {
        "violations": _visible_violations,
    }

    violations = serializers.PrimaryKeyRelatedField(
        queryset=Violation.objects.none(),
        many=True,
        help_text="De overtredingen, van één zaak.",
    )
    instrument = serializers.SlugRelatedField(
        slug_field="code",
        queryset=selectors.instrument_list(),
        help_text="Code van het instrument, zoals last-onder-dwangsom.",
    )
    imposed_on = serializers.DateField()
    summary = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="De inhoud van het besluit."
    )
    repair_until = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Begunstigingstermijn; leeg: volgens de cel.",
    )
    deviation_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Verplicht voor een instrument buiten de cel.",
    )
    penalty_amount = _money("Dwangsom per eenheid.", required=False, allow_null=True, default=None)
    penalty_unit = serializers.ChoiceField(
        choices=PenaltyUnit.choices, required=False, allow_blank=True, default=""
    )
    penalty_maximum = _money("Maximum dwangsom.", required=False, allow_null=True, default=None)
    fine_amount = _money(
        "Bij een bestuurlijke boete: het bedrag.", required=False, allow_null=True, default=None
    )


class ForfeitSerializer(serializers.Serializer[Any]):
    amount = _money("Verbeurd bedrag (euro).")
    on = serializers.DateField(help_text="Vastgesteld op.")


class CollectSerializer(serializers.Serializer[Any]):
    amount = _money("In te vorderen bedrag (euro).")
    decision_date = serializers.DateField()
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class MeasureStatusSerializer(serializers.Serializer[Any]):
    to_status = serializers.ChoiceField(choices=MEASURE_TARGET_STATUSES)
    on = serializers.DateField()
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Verplicht bij intrekken."
    )


class AppealLodgeSerializer(serializers.Serializer[Any]):
    stage = serializers.ChoiceField(choices=AppealStage.choices)
    lodged_on = serializers.DateField()
    reference = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")


class AppealDecideSerializer(serializers.Serializer[Any]):
    decided_on = serializers.DateField(help_text="Datum van de beslissing of uitspraak.")
    outcome = serializers.ChoiceField(choices=APPEAL_DECISIONS)
    note = serializers.CharField(required=False, allow_blank=True, default="")


MEASURES = (
    Prefetch("violations", queryset=Violation.objects.only("pk")),
    Prefetch("appeals", queryset=Appeal.objects.order_by("lodged_on", "id")),
)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("participant", OpenApiTypes.INT, description="Alleen deze deelnemer."),
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=list(MeasureStatus.values), description="Status."
            ),
            OpenApiParameter(
                "instrument", OpenApiTypes.STR, description="Code van het instrument."
            ),
        ]
    ),
    create=extend_schema(request=MeasureCreateSerializer, responses={201: MeasureSerializer}),
)
class MeasureViewSet(ActionViewSetMixin, ServiceViewSet):
    """Enforcement measures; a participant user sees its own.

    Imposing one that is a decision signs it under the participant's mandate: without a valid
    mandate the answer is a 409 (code ``mandate_refused``) and nothing is written."""

    serializer_class = MeasureSerializer
    input_serializer_class = MeasureCreateSerializer
    pagination_class = NewestFirstCursorPagination
    queryset = Measure.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": ADD_MEASURE,
        "forfeit": CHANGE_MEASURE,
        "collect": CHANGE_MEASURE,
        "status_change": CHANGE_MEASURE,
        "lodge_appeal": ADD_APPEAL,
    }

    def get_queryset(self) -> QuerySet[Measure]:
        user = _viewer(self.request)
        if user is None:
            return Measure.objects.none()
        filters: dict[str, Any] = {}
        if self.action == "list":
            request = self.request
            filters = {
                "participant_id": int_query_param(request, "participant", example="8"),
                "status": choice_query_param(request, "status", tuple(MeasureStatus.values)),
                "instrument_code": request.query_params.get("instrument") or None,
            }
        return selectors.measure_list_for(user=user, **filters).prefetch_related(*MEASURES)

    def _fresh(self, pk: int, *, status_code: int = status.HTTP_200_OK) -> Response:
        return self._output(self.get_queryset().get(pk=pk), status_code=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._validated(request, partial=False)
        measure = services.measure_impose(actor=request.user, **data)
        return self._fresh(measure.pk, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=ForfeitSerializer, responses={200: MeasureSerializer})
    @action(detail=True, methods=["post"])
    def forfeit(self, request: Request, pk: str | None = None) -> Response:
        """Record penalties forfeited after the grace period, up to the maximum."""
        measure = self.get_object()
        data = self._action_input(ForfeitSerializer)
        services.penalty_forfeit(actor=request.user, measure=measure, **data)
        return self._fresh(measure.pk)

    @extend_schema(request=CollectSerializer, responses={200: MeasureSerializer})
    @action(detail=True, methods=["post"])
    def collect(self, request: Request, pk: str | None = None) -> Response:
        """Decide to collect forfeited penalties, signed under mandate."""
        measure = self.get_object()
        data = self._action_input(CollectSerializer)
        services.penalty_collect(actor=request.user, measure=measure, **data)
        return self._fresh(measure.pk)

    @extend_schema(request=MeasureStatusSerializer, responses={200: MeasureSerializer})
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def status_change(self, request: Request, pk: str | None = None) -> Response:
        """Move the measure to another status; an illegal step is a 409."""
        measure = self.get_object()
        data = self._action_input(MeasureStatusSerializer)
        services.measure_status_change(
            actor=request.user,
            measure=measure,
            status=data["to_status"],
            on=data["on"],
            reason=data["reason"],
        )
        return self._fresh(measure.pk)

    @extend_schema(request=AppealLodgeSerializer, responses={201: AppealSerializer})
    @action(detail=True, methods=["post"], url_path="appeals", url_name="appeals")
    def lodge_appeal(self, request: Request, pk: str | None = None) -> Response:
        """Record an objection or appeal against the measure's decision."""
        measure = self.get_object()
        data = self._action_input(AppealLodgeSerializer)
        appeal = services.appeal_lodge(actor=request.user, measure=measure, **data)
        return Response(AppealSerializer(appeal).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("measure", OpenApiTypes.INT, description="Alleen deze.")]
    )
)
class AppealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ActionViewSetMixin):
    """Objections and appeals against measures, and how they ended (for the KPI "enforcement
    decisions upheld in court")."""

    serializer_class = AppealSerializer
    queryset = Appeal.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {"decide": CHANGE_APPEAL}

    def get_queryset(self) -> QuerySet[Appeal]:
        user = _viewer(self.request)
        if user is None:
            return Appeal.objects.none()
        appeals = selectors.appeal_list_for(user=user).order_by("lodged_on", "id")
        if self.action == "list":
            measure = int_query_param(self.request, "measure", example="40")
            if measure is not None:
                appeals = appeals.filter(measure_id=measure)
        return appeals

    @extend_schema(request=AppealDecideSerializer, responses={200: AppealSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """Record the decision on the objection or the court's ruling."""
        appeal = self.get_object()
        data = self._action_input(AppealDecideSerializer)
        decided = services.appeal_decide(actor=request.user, appeal=appeal, **data)
        return Response(AppealSerializer(decided).data)


# --- the work list ------------------------------------------------------------------------------


class WorkItemSerializer(serializers.Serializer[selectors.WorkItem]):
    inspection = InspectionSerializer()
    overdue = serializers.BooleanField(help_text="De geplande datum is voorbij.")


class WorklistSerializer(serializers.Serializer[Any]):
    today = serializers.DateField()
    inspector = serializers.IntegerField(
        allow_null=True, help_text="De toezichthouder; leeg als de gebruiker er geen is."
    )
    inspections = WorkItemSerializer(
        many=True, help_text="Geplande controles en hercontroles, oudste datum eerst."
    )
    to_record = InspectionSerializer(
        many=True,
        help_text="Uitgevoerde controles met bevindingen 'niet akkoord' zonder overtreding.",
    )
    open_violations = serializers.IntegerField(
        min_value=0, help_text="Niet herstelde overtredingen waarop wordt gehandhaafd."
    )


class CanReadInspections(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("enforcement.view_inspection"))


class WorklistView(APIView):
    """An inspector's work list: planned inspections and re-inspections (overdue first), the
    performed ones that still need a violation or a decision, and the open violations."""

    permission_classes = [CanReadInspections]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "inspector",
                OpenApiTypes.INT,
                description="Id van een toezichthouder (medewerker); standaard de gebruiker.",
            )
        ],
        responses={200: WorklistSerializer},
    )
    def get(self, request: Request) -> Response:
        user = _viewer(request)
        if user is None:  # pragma: no cover - the permission needs a signed-in user
            raise Http404
        inspector_id = int_query_param(request, "inspector", example="12")
        if inspector_id is None:
            employee = organisation_selectors.employee_of(user)
            inspector_id = employee.pk if employee is not None else None
        worklist = selectors.worklist_for(user=user, inspector_id=inspector_id)
        inspections = [item.inspection for item in worklist.inspections]
        prefetch_related_objects([*inspections, *worklist.to_record], FINDINGS)
        return Response(
            WorklistSerializer(
                {
                    "today": worklist.today,
                    "inspector": inspector_id,
                    "inspections": worklist.inspections,
                    "to_record": worklist.to_record,
                    "open_violations": worklist.open_violations,
                }
            ).data
        )
