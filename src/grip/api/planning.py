"""API for the risk-based inspection programme: the expertise areas, the versions of the risk
model, the risk assessments and the sites' scores, the inspectors' capacity, and programmes and
scenarios with their items, totals, comparison and workbook.

This is the service's own planning: every endpoint needs the planning view permissions, which
participant users do not hold (they get 403 everywhere here, and no row). Writes need the
permission named for the action (programme manager: assessments, capacity, programmes and
scenarios; account manager: scenarios; KIS: the risk model and assessments) and are one service
call each, which checks again and writes the audit record; a refusal is problem+json with the
service's stable code (``model_incomplete``, ``model_adopted``, ``plan_not_solved``, ...). List
filters are read in ``filter_queryset`` or ``list``, never in ``get_queryset`` (which the
permission class calls to find the model): a user without the permission gets 403 before any
filter is read.

A programme or scenario is solved in the background: ``POST`` answers 202 with the plan in the
queue (``status`` ``wachtrij``) and a ``Location`` to poll until the status is final.

The two big lists, the scores of an assessment and the items of a programme (about 35,000 rows
each at one service), are read as plain values: a page is a count and the page's ids on the bare
rows, then the page's rows with their joins (:class:`LeanListMixin`). They page by number, not by
cursor: both are snapshots that never change once written, so an offset never skips or repeats
a row, and the scores sort on several keys (risk, name, probability, effect, last inspection, the
latter nullable) that a cursor cannot carry. On the demo data (34,000 sites, SQLite) a first page
takes 40-75 ms and the last about 150 ms, most of it the sort.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from grip.api.base import ServiceViewSet, int_query_param
from grip.api.cases import ActionViewSetMixin, ScopedSerializer, choice_query_param, signed_in
from grip.core.errors import Conflict
from grip.core.numbers import MAX_DIGITS
from grip.core.tenancy import User
from grip.enforcement.constants import InspectionType
from grip.organisation import selectors as organisation_selectors
from grip.organisation.models import Employee
from grip.participants import selectors as participant_selectors
from grip.participants.models import Participant
from grip.planning import excel, selectors, services
from grip.planning.constants import (
    FINISHED_STATUSES,
    ItemKind,
    ModelStatus,
    PlanStatus,
    Reason,
    RuleKind,
)
from grip.planning.models import (
    Assessment,
    Expertise,
    InspectionPlan,
    InspectorCapacity,
    PlanItem,
    PlanTheme,
    RiskModel,
    SiteRisk,
)

COPY_MODEL = ("planning.add_riskmodel",)
ADOPT_MODEL = ("planning.adopt_riskmodel",)
RUN_ASSESSMENT = ("planning.add_assessment",)
SET_CAPACITY = ("planning.change_inspectorcapacity",)
CREATE_PLAN = ("planning.add_inspectionplan",)
RUN_SCENARIO = ("planning.run_scenario",)
DIGITS = "[0-9]+"


# --- shared pieces ------------------------------------------------------------------------------


def _person(user: Any) -> str | None:
    if user is None:
        return None
    return str(user.get_full_name() or user.get_username())


def _id(help_text: str, **kwargs: Any) -> serializers.IntegerField:
    # Declared, not derived, so that the schema is the same on SQLite and PostgreSQL.
    return serializers.IntegerField(read_only=True, help_text=help_text, **kwargs)


def _count(help_text: str, **kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(read_only=True, min_value=0, help_text=help_text, **kwargs)


def _hours(help_text: str, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=MAX_DIGITS, decimal_places=2, read_only=True, help_text=help_text, **kwargs
    )


def _decimal(max_digits: int, decimal_places: int, help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=max_digits, decimal_places=decimal_places, read_only=True, help_text=help_text
    )


def _year(**kwargs: Any) -> serializers.IntegerField:
    kwargs.setdefault("help_text", "Jaar.")
    return serializers.IntegerField(min_value=2013, max_value=2100, **kwargs)


HOURS = serializers.DecimalField(max_digits=MAX_DIGITS, decimal_places=2)


def _hours_text(value: Decimal | None) -> str | None:
    """Hours from plain values as the serializers write them: "12.50"."""
    return None if value is None else str(HOURS.to_representation(value))


def _bool_query_param(request: Request, name: str) -> bool | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if raw not in ("true", "false"):
        raise serializers.ValidationError({name: "Give true or false."})
    return raw == "true"


def _text_query_param(request: Request, name: str) -> str | None:
    return (request.query_params.get(name) or "").strip() or None


def _with_tiebreak(rows: QuerySet[Any]) -> QuerySet[Any]:
    """The selector's order with the primary key last: numbered pages need a total order."""
    return rows.order_by(*rows.query.order_by, "pk")


class LeanListMixin(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """A big list read as plain values, a numbered page in three queries: the count and the
    page's ids on the bare rows (a narrow sort, joined only where a filter or the order needs
    it), then the page's rows with their joins. Sorting whole rows with their joins costs
    several times more at 35,000 rows (measured on the demo data, SQLite)."""

    def _lean_page(
        self,
        ordered: QuerySet[Any],
        fields: tuple[str, ...],
        row: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> Response:
        ids = ordered.values_list("pk", flat=True)
        page = self.paginate_queryset(ids)
        wanted = list(page if page is not None else ids)
        found = {
            values["id"]: values
            for values in ordered.model.objects.filter(pk__in=wanted).values(*fields)
        }
        data = [row(found[pk]) for pk in wanted]
        return self.get_paginated_response(data) if page is not None else Response(data)


PARTICIPANT_PARAM = OpenApiParameter(
    "participant", OpenApiTypes.INT, description="Alleen deze deelnemer."
)
Q_PARAM = OpenApiParameter(
    "q", OpenApiTypes.STR, description="Zoek in naam en identificatie van het toezichtobject."
)
RISK_CLASS_PARAM = OpenApiParameter(
    "risk_class", OpenApiTypes.STR, description="Alleen deze risicoklasse (code, zoals A)."
)
YEAR_PARAM = OpenApiParameter("year", OpenApiTypes.INT, description="Alleen dit jaar.")


# --- expertise ----------------------------------------------------------------------------------


class ExpertiseSerializer(serializers.Serializer[Expertise]):
    code = serializers.CharField(read_only=True, help_text="Vaste code.")
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)


class ExpertiseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """The areas of expertise an inspection asks for and an inspector has."""

    serializer_class = ExpertiseSerializer
    queryset = Expertise.objects.none()
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9-]+"

    def get_queryset(self) -> QuerySet[Expertise]:
        return selectors.expertise_list()


# --- the risk model -----------------------------------------------------------------------------


class RiskRuleSerializer(serializers.Serializer[Any]):
    id = _id("Id van de regel.")
    kind = serializers.ChoiceField(choices=RuleKind.choices, read_only=True)
    key = serializers.CharField(
        read_only=True, help_text="SBI-code (of het begin ervan), activiteitcode of groepcode."
    )
    effect_air = _count("Effect op lucht (0-5).", max_value=5)
    effect_soil = _count("Effect op bodem (0-5).", max_value=5)
    effect_water = _count("Effect op water (0-5).", max_value=5)
    effect_noise = _count("Effect op geluid (0-5).", max_value=5)
    effect_safety = _count("Effect op externe veiligheid (0-5).", max_value=5)
    base_probability = _decimal(4, 3, "Basiskans op niet-naleving (0-1).")
    expertise = serializers.CharField(
        source="expertise.code",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="De deskundigheid die de regel vraagt; leeg: geen voorkeur.",
    )
    note = serializers.CharField(read_only=True)


class RiskClassSerializer(serializers.Serializer[Any]):
    id = _id("Id van de klasse.")
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    min_risk = _decimal(7, 3, "De laagste risicoscore in deze klasse.")
    target_frequency = _decimal(4, 2, "Controles per jaar; 0: alleen op signaal.")
    mandatory = serializers.BooleanField(
        read_only=True, help_text="Een locatie die aan de beurt is, moet in het programma."
    )


class InspectionMethodSerializer(serializers.Serializer[Any]):
    id = _id("Id van de methode.")
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    inspection_type = serializers.ChoiceField(choices=InspectionType.choices, read_only=True)
    product_code = serializers.CharField(
        read_only=True, help_text="Het product in de catalogus; de normuren tellen."
    )
    coverage = _decimal(3, 2, "Het deel van het risico dat de controle afdekt.")
    classes = serializers.ListField(
        source="class_codes",
        child=serializers.CharField(),
        read_only=True,
        help_text="De risicoklassen waarvoor de methode geldt.",
    )
    site_types = serializers.ListField(
        source="site_type_codes",
        child=serializers.CharField(),
        read_only=True,
        help_text="Typen VTH-object; leeg: alle. Een methode die het type noemt, gaat voor.",
    )
    expertise = serializers.CharField(
        source="expertise.code",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Leeg: de deskundigheid die de locatie vraagt.",
    )


class RiskModelSerializer(serializers.Serializer[RiskModel]):
    id = _id("Id van het model.")
    version = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=ModelStatus.choices, read_only=True)
    is_editable = serializers.BooleanField(
        read_only=True, help_text="Een concept; een vastgesteld model verandert niet meer."
    )
    explanation = serializers.CharField(read_only=True)
    adopted_on = serializers.DateField(read_only=True, allow_null=True)
    adopted_by = serializers.SerializerMethodField()
    valid_from = serializers.DateField(read_only=True, allow_null=True)
    valid_to = serializers.DateField(
        read_only=True, allow_null=True, help_text="Tot en met; leeg: zolang geen opvolger."
    )
    default_effect = _decimal(5, 2, "Het effect van een locatie waarop geen regel past.")
    default_probability = _decimal(4, 3, "De basiskans van een locatie waarop geen regel past.")
    default_expertise = serializers.CharField(
        source="default_expertise.code",
        read_only=True,
        help_text="Voor locaties waarvan geen regel de deskundigheid noemt.",
    )
    weight_air = _decimal(4, 2, "Gewicht van lucht in het effect.")
    weight_soil = _decimal(4, 2, "Gewicht van bodem.")
    weight_water = _decimal(4, 2, "Gewicht van water.")
    weight_noise = _decimal(4, 2, "Gewicht van geluid.")
    weight_safety = _decimal(4, 2, "Gewicht van externe veiligheid.")
    lookback_years = _count("Hoe ver de naleefhistorie terug telt (jaren).", max_value=20)
    last_inspections = _count("Hoeveel laatste controles tellen.", max_value=10)
    factor_compliant = _decimal(5, 2, "Factor als alle laatste controles in orde waren.")
    factor_noncompliant = _decimal(5, 2, "Factor als geen van de laatste controles in orde was.")
    factor_unknown = _decimal(5, 2, "Factor zonder controle in de terugkijkperiode.")
    open_violation_step = _decimal(5, 2, "Toeslag per open overtreding.")
    open_violation_cap = _count("Hoeveel open overtredingen ten hoogste tellen.", max_value=20)
    factor_recidivism = _decimal(5, 2, "Factor bij recidive.")
    probability_cap = _decimal(4, 3, "De hoogste kans.")
    overdue_factor = _decimal(4, 2, "Achterstallig na dit veelvoud van het interval van de klasse.")
    reinspection_product_code = serializers.CharField(
        read_only=True, help_text="Het product van een hercontrole."
    )
    updated_at = serializers.DateTimeField(read_only=True)

    def get_adopted_by(self, model: RiskModel) -> str | None:
        return _person(model.adopted_by)


class RiskModelDetailSerializer(RiskModelSerializer):
    rules = serializers.SerializerMethodField()
    classes = serializers.SerializerMethodField()
    methods = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField(
        help_text="Wat vaststellen nog tegenhoudt; leeg: niets."
    )

    @extend_schema_field(RiskRuleSerializer(many=True))
    def get_rules(self, model: RiskModel) -> Any:
        return RiskRuleSerializer(selectors.rules_of(model), many=True).data

    @extend_schema_field(RiskClassSerializer(many=True))
    def get_classes(self, model: RiskModel) -> Any:
        return RiskClassSerializer(selectors.classes_of(model), many=True).data

    @extend_schema_field(InspectionMethodSerializer(many=True))
    def get_methods(self, model: RiskModel) -> Any:
        return InspectionMethodSerializer(selectors.methods_of(model), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_problems(self, model: RiskModel) -> list[str]:
        return services.model_problems(model) if model.is_editable else []


class RiskModelCopySerializer(serializers.Serializer[Any]):
    version = serializers.CharField(max_length=20, help_text="De versie van de kopie, uniek.")
    name = serializers.CharField(
        max_length=160,
        required=False,
        allow_blank=True,
        default="",
        help_text="Leeg: de naam van het origineel.",
    )


class RiskModelAdoptSerializer(serializers.Serializer[Any]):
    valid_from = serializers.DateField(
        help_text="Geldig vanaf; het model dat dan geldt, eindigt de dag ervoor."
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=ModelStatus.values, description="Status."
            )
        ]
    ),
    retrieve=extend_schema(responses=RiskModelDetailSerializer),
)
class RiskModelViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ActionViewSetMixin):
    """Versions of the risk model: effect scores and base probabilities per branch and activity,
    how the compliance history adjusts the probability, the risk classes with their target
    frequency, and the inspection methods. An adopted model never changes: KIS copies it into
    a draft, changes the draft (on the pages) and adopts it from a date."""

    serializer_class = RiskModelSerializer
    queryset = RiskModel.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "copy": COPY_MODEL,
        "adopt": ADOPT_MODEL,
    }

    def get_queryset(self) -> QuerySet[RiskModel]:
        return selectors.risk_model_list()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        state = choice_query_param(self.request, "status", tuple(ModelStatus.values))
        return queryset if state is None else queryset.filter(status=state)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return RiskModelDetailSerializer if self.action != "list" else RiskModelSerializer

    def get_object(self) -> RiskModel:
        model = selectors.risk_model_detail(pk=int(self.kwargs["pk"]))
        self.check_object_permissions(self.request, model)
        return model

    def _detail(self, model: RiskModel, *, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.risk_model_detail(pk=model.pk)
        return Response(RiskModelDetailSerializer(fresh).data, status=status_code)

    @extend_schema(request=RiskModelCopySerializer, responses={201: RiskModelDetailSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request: Request, pk: str | None = None) -> Response:
        """A new draft with everything of this model: the way to change an adopted model. A
        version that exists answers 409."""
        model = self.get_object()
        data = self._action_input(RiskModelCopySerializer)
        copied = services.risk_model_copy(
            actor=request.user, model=model, version=data["version"], name=data["name"]
        )
        return self._detail(copied, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=RiskModelAdoptSerializer, responses={200: RiskModelDetailSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str | None = None) -> Response:
        """Adopt a draft from a date. An incomplete draft answers 400 ``model_incomplete`` with
        what is missing, an adopted one 409 ``model_adopted``."""
        model = self.get_object()
        data = self._action_input(RiskModelAdoptSerializer)
        adopted = services.risk_model_adopt(
            actor=request.user, model=model, valid_from=data["valid_from"]
        )
        return self._detail(adopted)


# --- assessments --------------------------------------------------------------------------------


class AssessmentSerializer(serializers.Serializer[Assessment]):
    id = _id("Id van de risicobeoordeling.")
    model = _id("Het risicomodel.", source="model_id")
    model_version = serializers.CharField(source="model.version", read_only=True)
    as_of = serializers.DateField(read_only=True, help_text="Peildatum.")
    site_count = _count("Beoordeelde locaties.")
    created_at = serializers.DateTimeField(read_only=True)
    created_by = serializers.SerializerMethodField()

    def get_created_by(self, assessment: Assessment) -> str | None:
        return _person(assessment.created_by)


class AssessmentDetailSerializer(AssessmentSerializer):
    class_counts = serializers.SerializerMethodField(
        help_text="Aantal locaties per risicoklasse (code)."
    )

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField(min_value=0)))
    def get_class_counts(self, assessment: Assessment) -> dict[str, int]:
        request = self.context["request"]
        return selectors.class_counts(user=request.user, assessment=assessment)


class AssessmentCreateSerializer(serializers.Serializer[Any]):
    model = serializers.PrimaryKeyRelatedField(
        queryset=RiskModel.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Het risicomodel; leeg: het vastgestelde model dat op de peildatum geldt.",
    )
    as_of = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Peildatum; leeg: vandaag."
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("model", OpenApiTypes.INT, description="Alleen dit model.")]
    ),
    retrieve=extend_schema(responses=AssessmentDetailSerializer),
    create=extend_schema(
        request=AssessmentCreateSerializer, responses={201: AssessmentDetailSerializer}
    ),
)
class AssessmentViewSet(ActionViewSetMixin, ServiceViewSet):
    """Risk assessments: the scores of every site that exists on a day, by one model. An
    assessment never changes; a new one is run (takes some seconds at 35,000 sites)."""

    serializer_class = AssessmentSerializer
    input_serializer_class = AssessmentCreateSerializer
    queryset = Assessment.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {"create": RUN_ASSESSMENT}

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.assessment_list()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        model = int_query_param(self.request, "model", example="2")
        return queryset if model is None else queryset.filter(model_id=model)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "retrieve":
            return AssessmentDetailSerializer
        return super().get_serializer_class()

    def get_object(self) -> Assessment:
        assessment = selectors.assessment_detail(pk=int(self.kwargs["pk"]))
        self.check_object_permissions(self.request, assessment)
        return assessment

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._action_input(AssessmentCreateSerializer)
        assessment = services.assessment_run(
            actor=request.user, model=data["model"], as_of=data["as_of"]
        )
        fresh = selectors.assessment_detail(pk=assessment.pk)
        return Response(
            AssessmentDetailSerializer(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


# --- the sites' scores --------------------------------------------------------------------------


class SiteRiskSerializer(serializers.Serializer[Any]):
    """One site's score; the list fills it from plain values (one query a page)."""

    id = _id("Id van de score.")
    assessment = _id("De risicobeoordeling.")
    site = _id("Het toezichtobject.")
    site_identification = serializers.CharField(read_only=True)
    site_name = serializers.CharField(read_only=True)
    participant = _id("Bevoegd gezag (deelnemer).")
    participant_name = serializers.CharField(read_only=True)
    effect = serializers.FloatField(read_only=True, help_text="Effect E (gewogen som).")
    base_probability = serializers.FloatField(read_only=True, help_text="Basiskans p₀.")
    probability = serializers.FloatField(
        read_only=True, help_text="Kans p na de naleefhistorie (begrensd)."
    )
    risk = serializers.FloatField(read_only=True, help_text="Risico R = p × E.")
    risk_class = serializers.CharField(read_only=True, help_text="Code van de risicoklasse.")
    expertise = serializers.CharField(read_only=True, help_text="Code van de deskundigheid.")
    site_type = serializers.CharField(read_only=True, help_text="Type VTH-object (code).")
    sbi_code = serializers.CharField(read_only=True, help_text="De hoofd-SBI-code.")
    category = serializers.CharField(read_only=True, help_text="De eerste activiteitengroep.")
    last_inspection_on = serializers.DateField(read_only=True, allow_null=True)
    open_violations = _count("Open overtredingen op de peildatum.")


_RISK_VALUES = (
    "id",
    "assessment_id",
    "site_id",
    "site__identification",
    "site__name",
    "participant_id",
    "participant__name",
    "effect",
    "base_probability",
    "probability",
    "risk",
    "risk_class",
    "expertise",
    "site_type",
    "sbi_code",
    "category",
    "last_inspection_on",
    "open_violations",
)


def _risk_row(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": values["id"],
        "assessment": values["assessment_id"],
        "site": values["site_id"],
        "site_identification": values["site__identification"],
        "site_name": values["site__name"],
        "participant": values["participant_id"],
        "participant_name": values["participant__name"],
        "effect": values["effect"],
        "base_probability": values["base_probability"],
        "probability": values["probability"],
        "risk": values["risk"],
        "risk_class": values["risk_class"],
        "expertise": values["expertise"],
        "site_type": values["site_type"],
        "sbi_code": values["sbi_code"],
        "category": values["category"],
        "last_inspection_on": values["last_inspection_on"],
        "open_violations": values["open_violations"],
    }


class RiskAspectSerializer(serializers.Serializer[Any]):
    score = _count("Score 0-5.", max_value=5)
    rule = serializers.CharField(read_only=True, help_text="De regel die de score gaf.")


class RiskContributionSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(
        read_only=True, help_text="basis, historie, open, recidive of begrensd."
    )
    # A field named like Field.label: DRF takes it out of the class, mypy does not know that.
    label = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="Wat de factor is, in het Nederlands."
    )
    value = serializers.FloatField(read_only=True, help_text="De waarde van de factor.")
    risk_added = serializers.FloatField(
        read_only=True, help_text="Wat de factor aan het risico toevoegde; samen R."
    )


class RiskFactsSerializer(serializers.Serializer[Any]):
    sbi = serializers.ListField(child=serializers.CharField(), read_only=True)
    activities = serializers.ListField(child=serializers.CharField(), read_only=True)
    categories = serializers.ListField(child=serializers.CharField(), read_only=True)


class RiskHistorySerializer(serializers.Serializer[Any]):
    results = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField(), min_length=2, max_length=2),
        read_only=True,
        help_text="De laatste controles, nieuwste eerst: [datum, in orde].",
    )
    repair_due_on = serializers.DateField(read_only=True, allow_null=True)
    reinspection_planned = serializers.BooleanField(read_only=True)
    recidivism = _count("Herhaalde overtredingen in de terugkijkperiode.")


class RiskExplanationSerializer(serializers.Serializer[Any]):
    """How the score came about (see grip.planning.risk); stored with the score."""

    effect = serializers.FloatField(read_only=True)
    aspects = serializers.DictField(
        child=RiskAspectSerializer(),
        read_only=True,
        help_text="Per milieuaspect de hoogste score en de regel die hem gaf.",
    )
    base_probability = serializers.FloatField(read_only=True)
    base_source = serializers.CharField(read_only=True, help_text="De regel van de basiskans.")
    probability = serializers.FloatField(read_only=True)
    risk = serializers.FloatField(read_only=True)
    contributions = RiskContributionSerializer(many=True, read_only=True)
    facts = RiskFactsSerializer(read_only=True)
    history = RiskHistorySerializer(read_only=True)


class SiteRiskDetailSerializer(serializers.Serializer[SiteRisk]):
    id = _id("Id van de score.")
    assessment = _id("De risicobeoordeling.", source="assessment_id")
    as_of = serializers.DateField(source="assessment.as_of", read_only=True)
    model_version = serializers.CharField(source="assessment.model.version", read_only=True)
    site = _id("Het toezichtobject.", source="site_id")
    site_identification = serializers.CharField(source="site.identification", read_only=True)
    site_name = serializers.CharField(source="site.name", read_only=True)
    participant = _id("Bevoegd gezag (deelnemer).", source="participant_id")
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    effect = serializers.FloatField(read_only=True)
    base_probability = serializers.FloatField(read_only=True)
    probability = serializers.FloatField(read_only=True)
    risk = serializers.FloatField(read_only=True)
    risk_class = serializers.CharField(read_only=True)
    expertise = serializers.CharField(read_only=True)
    site_type = serializers.CharField(read_only=True)
    sbi_code = serializers.CharField(read_only=True)
    category = serializers.CharField(read_only=True)
    last_inspection_on = serializers.DateField(read_only=True, allow_null=True)
    open_violations = _count("Open overtredingen op de peildatum.")
    explanation = serializers.SerializerMethodField(
        help_text="Welke factoren hoeveel bijdroegen; de bijdragen tellen op tot het risico."
    )

    @extend_schema_field(RiskExplanationSerializer)
    def get_explanation(self, score: SiteRisk) -> dict[str, Any]:
        stored: dict[str, Any] = score.explanation
        return stored  # exactly as stored


def _assessment_param(request: Request) -> Assessment | None:
    """``?assessment=``, else the latest; an unknown one answers 404."""
    pk = int_query_param(request, "assessment", example="3")
    if pk is None:
        return selectors.latest_assessment()
    return selectors.assessment_detail(pk=pk)


@extend_schema_view(retrieve=extend_schema(responses=SiteRiskDetailSerializer))
class SiteRiskViewSet(LeanListMixin, mixins.RetrieveModelMixin):
    """The sites' risk scores of an assessment, highest first, and each score's explanation."""

    serializer_class = SiteRiskDetailSerializer
    queryset = SiteRisk.objects.none()  # for the permission class; rows come from the selectors
    lookup_value_regex = DIGITS

    def get_queryset(self) -> QuerySet[SiteRisk]:
        return SiteRisk.objects.none()

    def get_object(self) -> SiteRisk:
        score = selectors.site_risk_detail_for(
            user=signed_in(self.request), pk=int(self.kwargs["pk"])
        )
        self.check_object_permissions(self.request, score)
        return score

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "assessment",
                OpenApiTypes.INT,
                description="De risicobeoordeling; standaard de laatste.",
            ),
            PARTICIPANT_PARAM,
            RISK_CLASS_PARAM,
            OpenApiParameter(
                "sbi", OpenApiTypes.STR, description="Hoofd-SBI-code begint met (zoals 01 of 0146)."
            ),
            OpenApiParameter(
                "category", OpenApiTypes.STR, description="Activiteitengroep (zoals agrarisch)."
            ),
            Q_PARAM,
            OpenApiParameter(
                "ordering",
                OpenApiTypes.STR,
                enum=list(selectors.SCORE_ORDERINGS),
                description="risico (hoogste eerst, standaard), -risico (laagste eerst), naam, "
                "kans, effect of laatste (langst niet gecontroleerd eerst).",
            ),
        ],
        responses={200: SiteRiskSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The scores of the assessment (default: the latest), filtered and sorted, a numbered
        page at a time: a count, the page's ids and their rows, whatever its length."""
        order = choice_query_param(request, "ordering", tuple(selectors.SCORE_ORDERINGS))
        participant = int_query_param(request, "participant", example="8")
        assessment = _assessment_param(request)
        scores: QuerySet[SiteRisk] = SiteRisk.objects.none()  # nothing assessed yet
        if assessment is not None:
            scores = selectors.site_risk_list_for(
                user=signed_in(request),
                assessment=assessment,
                participant_id=participant,
                risk_class=_text_query_param(request, "risk_class"),
                sbi=_text_query_param(request, "sbi"),
                category=_text_query_param(request, "category"),
                q=_text_query_param(request, "q"),
                order=order or "risico",
            )
        return self._lean_page(_with_tiebreak(scores), _RISK_VALUES, _risk_row)


# --- inspection programmes ----------------------------------------------------------------------


class PlanThemeSerializer(serializers.Serializer[PlanTheme]):
    kind = serializers.ChoiceField(choices=RuleKind.choices)
    key = serializers.CharField(
        max_length=60, help_text="SBI-code (of het begin ervan), activiteitcode of groepcode."
    )
    minimum = serializers.IntegerField(
        min_value=1, max_value=100000, help_text="Minimaal aantal locaties in het programma."
    )


class InspectionPlanSerializer(serializers.Serializer[InspectionPlan]):
    id = _id("Id van het programma.")
    year = _year(read_only=True)
    title = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=PlanStatus.choices, read_only=True)
    assessment = _id("De risicobeoordeling.", source="assessment_id")
    assessment_as_of = serializers.DateField(source="assessment.as_of", read_only=True)
    model_version = serializers.CharField(source="assessment.model.version", read_only=True)
    is_scenario = serializers.BooleanField(read_only=True)
    based_on = _id(
        "Het programma waarop dit scenario rekent.", source="based_on_id", allow_null=True
    )
    scenario_participant = _id(
        "De deelnemer van het scenario.", source="scenario_participant_id", allow_null=True
    )
    scenario_participant_name = serializers.CharField(
        source="scenario_participant.name", read_only=True, allow_null=True, default=None
    )
    scenario_hours = _hours("Uren erbij (of, negatief, eraf) in het scenario.", allow_null=True)
    time_limit = serializers.FloatField(read_only=True, help_text="Tijdslimiet in seconden.")
    gap_target = serializers.FloatField(
        read_only=True, help_text="Gevraagde optimaliteitsmarge (0,001 = 0,1 %)."
    )
    objective = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Afgedekt risico van het programma."
    )
    bound = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Bovengrens: meer risico kan geen programma."
    )
    gap = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Optimaliteitsmarge (bovengrens - afgedekt)."
    )
    greedy_objective = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Afgedekt risico van de gretige methode."
    )
    total_risk = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Risico van alle locaties samen."
    )
    solve_seconds = serializers.FloatField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    created_by = serializers.SerializerMethodField()
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_created_by(self, plan: InspectionPlan) -> str | None:
        return _person(plan.created_by)


class InspectionPlanDetailSerializer(InspectionPlanSerializer):
    themes = PlanThemeSerializer(source="themes.all", many=True, read_only=True)
    statistics = serializers.DictField(
        read_only=True,
        help_text="Rekengegevens: options, fixed, free, sites, mandatory_value, lp_bound, "
        "greedy_seconds, lp_seconds, mip_seconds, build_seconds, write_seconds, "
        "expertise_prices (per deskundigheid wat een uur toezichthouder oplevert) en notes "
        "(opmerkingen in het Nederlands).",
    )
    problems = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Bij een onuitvoerbaar programma: wat niet past.",
    )
    error = serializers.CharField(read_only=True, help_text="Waarom het rekenen stopte.")


class InspectionPlanCreateSerializer(serializers.Serializer[Any]):
    year = _year()
    assessment = serializers.PrimaryKeyRelatedField(
        queryset=Assessment.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="De risicobeoordeling; leeg: de laatste.",
    )
    title = serializers.CharField(
        max_length=160,
        required=False,
        allow_blank=True,
        default="",
        help_text="Leeg: 'Toezichtprogramma <jaar>'.",
    )
    themes = PlanThemeSerializer(
        many=True, required=False, default=list, help_text="Minimumaantallen per thema."
    )
    time_limit = serializers.FloatField(
        min_value=1, max_value=600, required=False, default=10.0, help_text="Seconden."
    )
    gap_target = serializers.FloatField(
        min_value=0,
        max_value=0.1,
        required=False,
        default=0.001,
        help_text="Gevraagde optimaliteitsmarge (0,001 = 0,1 %).",
    )


class ScenarioCreateSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {
        "participant": lambda user: participant_selectors.participant_list_for(user=user)
    }

    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.none())
    hours = serializers.DecimalField(
        max_digits=MAX_DIGITS,
        decimal_places=2,
        help_text="Uren toezicht erbij; negatief: eraf.",
    )


class PlanParticipantSerializer(serializers.Serializer[Any]):
    participant = _id("De deelnemer.", source="participant_id")
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    capacity_hours = _hours("Uren toezicht in het vastgestelde programma.")
    capacity_year = _year(
        read_only=True, help_text="Het jaar van het vastgestelde programma met die uren."
    )
    mandatory_hours = _hours("Uren voor verplichte controles.")
    selected_hours = _hours("Geplande uren (verplicht en gekozen).")
    mandatory_count = _count("Verplichte controles.")
    selected_count = _count("Geplande controles.")
    candidate_count = _count("Locaties aan de beurt.")
    risk_covered = serializers.FloatField(read_only=True, help_text="Afgedekt risico.")
    risk_due = serializers.FloatField(
        read_only=True, help_text="Risico van de locaties aan de beurt."
    )
    greedy_hours = _hours("Geplande uren volgens de gretige methode.")
    greedy_risk = serializers.FloatField(
        read_only=True, help_text="Afgedekt risico volgens de gretige methode."
    )
    hour_price = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Wat een uur extra van deze deelnemer aan afgedekt risico zou opleveren.",
    )


class ScenarioRowSerializer(serializers.Serializer[selectors.ScenarioRow]):
    participant = _id("De deelnemer.", source="participant_id")
    participant_name = serializers.CharField(source="name", read_only=True)
    base_hours = _hours("Geplande uren in het programma.")
    hours = _hours("Geplande uren in het scenario.")
    extra_hours = _hours("Verschil in uren.")
    base_risk = serializers.FloatField(read_only=True, help_text="Afgedekt risico, programma.")
    risk = serializers.FloatField(read_only=True, help_text="Afgedekt risico, scenario.")
    extra_risk = serializers.FloatField(read_only=True, help_text="Verschil in afgedekt risico.")
    risk_per_hour = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Extra afgedekt risico per extra uur (of verlies per uur minder); leeg "
        "zonder verschil in uren.",
    )


class ScenarioComparisonSerializer(serializers.Serializer[Any]):
    scenario = _id("Het scenario.")
    based_on = _id("Het programma.")
    participant = _id("De deelnemer van het scenario.")
    participant_name = serializers.CharField(read_only=True)
    hours = _hours("Uren erbij (of eraf) voor die deelnemer.")
    status = serializers.ChoiceField(choices=PlanStatus.choices, read_only=True)
    rows = ScenarioRowSerializer(
        many=True,
        read_only=True,
        help_text="Per deelnemer programma tegen scenario; leeg zolang het scenario niet is "
        "doorgerekend.",
    )
    extra_risk = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Wat het hele programma meer (of minder) afdekt; leeg zolang niet doorgerekend.",
    )
    extra_risk_per_hour = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Het extra afgedekte risico per uur erbij."
    )
    base_hour_price = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="De prijs van een uur van de deelnemer in het programma (schaduwprijs).",
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            YEAR_PARAM,
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=PlanStatus.values, description="Status."
            ),
            OpenApiParameter(
                "scenario",
                OpenApiTypes.BOOL,
                description="true: alleen scenario's; false: alleen programma's.",
            ),
            OpenApiParameter(
                "based_on", OpenApiTypes.INT, description="Alleen de scenario's op dit programma."
            ),
        ]
    ),
    retrieve=extend_schema(responses=InspectionPlanDetailSerializer),
    create=extend_schema(
        request=InspectionPlanCreateSerializer, responses={202: InspectionPlanDetailSerializer}
    ),
)
class InspectionPlanViewSet(ActionViewSetMixin, ServiceViewSet):
    """Risk-based inspection programmes for all participants and a year, and scenarios on them.

    Creating one queues it: the answer is 202 with the plan in the queue; poll the plan until
    its status is optimaal, tijdslimiet, onuitvoerbaar (``problems`` says what does not fit) or
    mislukt (``error``). Its items (``/plan-items/?plan=``) say per site why it is in or out."""

    serializer_class = InspectionPlanSerializer
    input_serializer_class = InspectionPlanCreateSerializer
    queryset = InspectionPlan.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": CREATE_PLAN,
        "scenarios": RUN_SCENARIO,
    }

    def get_queryset(self) -> QuerySet[InspectionPlan]:
        return selectors.plan_list()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        request, plans = self.request, queryset
        year = int_query_param(request, "year", example="2027")
        if year is not None:
            plans = plans.filter(year=year)
        state = choice_query_param(request, "status", tuple(PlanStatus.values))
        if state is not None:
            plans = plans.filter(status=state)
        scenario = _bool_query_param(request, "scenario")
        if scenario is not None:
            plans = plans.filter(based_on__isnull=not scenario)
        based_on = int_query_param(request, "based_on", example="4")
        if based_on is not None:
            plans = plans.filter(based_on_id=based_on)
        return plans

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "retrieve":
            return InspectionPlanDetailSerializer
        return super().get_serializer_class()

    def get_object(self) -> InspectionPlan:
        plan = selectors.plan_detail(pk=int(self.kwargs["pk"]))
        self.check_object_permissions(self.request, plan)
        return plan

    def _accepted(self, plan: InspectionPlan) -> Response:
        fresh = selectors.plan_detail(pk=plan.pk)
        return Response(
            InspectionPlanDetailSerializer(fresh).data,
            status=status.HTTP_202_ACCEPTED,
            headers={
                "Location": reverse(
                    "api:inspection-plan-detail", kwargs={"pk": plan.pk}, request=self.request
                )
            },
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Queue a programme for all participants for a year; 202 with the queued plan."""
        data = self._action_input(InspectionPlanCreateSerializer)
        plan = services.plan_create(
            actor=request.user,
            year=data["year"],
            assessment=data["assessment"],
            title=data["title"],
            themes=[(theme["kind"], theme["key"], theme["minimum"]) for theme in data["themes"]],
            time_limit=data["time_limit"],
            gap_target=data["gap_target"],
        )
        return self._accepted(plan)

    @extend_schema(responses={200: PlanParticipantSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def totals(self, request: Request, pk: str | None = None) -> Response:
        """Per participant: its hours, the mandatory and planned hours and inspections, the risk
        covered against the greedy method's, and what one hour more would cover."""
        plan = self.get_object()
        rows = selectors.totals_for(user=signed_in(request), plan=plan)
        return Response(PlanParticipantSerializer(rows, many=True).data)

    @extend_schema(responses={200: ScenarioComparisonSerializer})
    @action(detail=True, methods=["get"], pagination_class=None)
    def comparison(self, request: Request, pk: str | None = None) -> Response:
        """A scenario against its programme, per participant: planned hours and risk covered
        in both, and the extra risk covered per extra hour. Only a scenario has one: for a
        programme this answers 404 with the code ``not_a_scenario``."""
        plan = self.get_object()
        if plan.based_on_id is None or plan.scenario_participant is None:
            raise exceptions.NotFound(
                "This plan is not a scenario: only a scenario compares with its programme.",
                code="not_a_scenario",
            )
        rows = selectors.scenario_rows(user=signed_in(request), scenario=plan)
        summary = selectors.scenario_summary(scenario=plan) if rows else None
        return Response(
            ScenarioComparisonSerializer(
                {
                    "scenario": plan.pk,
                    "based_on": plan.based_on_id,
                    "participant": plan.scenario_participant_id,
                    "participant_name": plan.scenario_participant.name,
                    "hours": plan.scenario_hours,
                    "status": plan.status,
                    "rows": rows,
                    "extra_risk": summary.extra_risk if summary else None,
                    "extra_risk_per_hour": summary.risk_per_hour if summary else None,
                    "base_hour_price": summary.base_hour_price if summary else None,
                }
            ).data
        )

    @extend_schema(
        request=ScenarioCreateSerializer, responses={202: InspectionPlanDetailSerializer}
    )
    @action(detail=True, methods=["post"])
    def scenarios(self, request: Request, pk: str | None = None) -> Response:
        """What if a participant orders more (or fewer) supervision hours: this programme
        solved again with that change, queued like a programme (202). Only a solved programme
        has scenarios (else 409 ``plan_not_solved``)."""
        plan = self.get_object()
        data = self._action_input(ScenarioCreateSerializer)
        scenario = services.scenario_create(
            actor=request.user, base=plan, participant=data["participant"], hours=data["hours"]
        )
        return self._accepted(scenario)

    @extend_schema(responses={(200, excel.CONTENT_TYPE): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def xlsx(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The programme as a workbook: every site with why it is in or out, the totals per
        participant, the inspectors' loads and the solver's answer (for an infeasible plan:
        what does not fit). A plan still in the queue or being solved answers 409
        ``plan_not_finished``."""
        plan = self.get_object()
        if plan.status not in FINISHED_STATUSES:
            raise Conflict(
                _("Dit programma wordt nog doorgerekend; probeer het straks opnieuw."),
                code="plan_not_finished",
            )
        content = excel.plan_workbook(plan=plan, user=signed_in(request))
        return HttpResponse(
            content,
            content_type=excel.CONTENT_TYPE,
            headers={
                "Content-Disposition": content_disposition_header(
                    as_attachment=True, filename=excel.filename_for(plan)
                ),
                "Content-Length": str(len(content)),
            },
        )


# --- the programme's items ----------------------------------------------------------------------


class PlanItemSerializer(serializers.Serializer[Any]):
    """One site in a programme; the list fills it from plain values (one query a page)."""

    id = _id("Id van de regel.")
    plan = _id("Het programma.")
    site = _id("Het toezichtobject.")
    site_identification = serializers.CharField(read_only=True)
    site_name = serializers.CharField(read_only=True)
    participant = _id("Bevoegd gezag (deelnemer).")
    participant_name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=ItemKind.choices, read_only=True)
    method = serializers.CharField(
        read_only=True, help_text="De controlemethode (gekozen, of de beste niet gekozen)."
    )
    inspection_type = serializers.CharField(read_only=True, help_text="Controletype (CIM).")
    product_code = serializers.CharField(read_only=True)
    expertise = serializers.CharField(read_only=True, help_text="Code van de deskundigheid.")
    hours = _hours("Uren van de controle(s) in het jaar.")
    risk = serializers.FloatField(read_only=True, help_text="Risico van de locatie.")
    risk_class = serializers.CharField(read_only=True)
    covered = serializers.FloatField(read_only=True, help_text="Afgedekt risico.")
    selected = serializers.BooleanField(read_only=True, help_text="In het programma.")
    greedy_selected = serializers.BooleanField(
        read_only=True, help_text="Door de gretige methode gekozen."
    )
    reason = serializers.ChoiceField(choices=Reason.choices, read_only=True)
    explanation = serializers.CharField(read_only=True, help_text="Waarom, in één zin.")
    inspector = _id("De toezichthouder (medewerker).", allow_null=True)
    inspector_name = serializers.CharField(read_only=True, allow_null=True)


_ITEM_VALUES = (
    "id",
    "plan_id",
    "site_id",
    "site__identification",
    "site__name",
    "participant_id",
    "participant__name",
    "kind",
    "method",
    "inspection_type",
    "product_code",
    "expertise",
    "hours",
    "risk",
    "risk_class",
    "covered",
    "selected",
    "greedy_selected",
    "reason",
    "explanation",
    "inspector_id",
    "inspector__first_name",
    "inspector__last_name",
)


def _item_row(values: dict[str, Any]) -> dict[str, Any]:
    inspector = values["inspector_id"]
    return {
        "id": values["id"],
        "plan": values["plan_id"],
        "site": values["site_id"],
        "site_identification": values["site__identification"],
        "site_name": values["site__name"],
        "participant": values["participant_id"],
        "participant_name": values["participant__name"],
        "kind": values["kind"],
        "method": values["method"],
        "inspection_type": values["inspection_type"],
        "product_code": values["product_code"],
        "expertise": values["expertise"],
        "hours": _hours_text(values["hours"]),
        "risk": values["risk"],
        "risk_class": values["risk_class"],
        "covered": values["covered"],
        "selected": values["selected"],
        "greedy_selected": values["greedy_selected"],
        "reason": values["reason"],
        "explanation": values["explanation"],
        "inspector": inspector,
        "inspector_name": (
            f"{values['inspector__first_name']} {values['inspector__last_name']}"
            if inspector is not None
            else None
        ),
    }


def _item_detail(item: PlanItem) -> dict[str, Any]:
    inspector = item.inspector
    return {
        "id": item.pk,
        "plan": item.plan_id,
        "site": item.site_id,
        "site_identification": item.site.identification,
        "site_name": item.site.name,
        "participant": item.participant_id,
        "participant_name": item.participant.name,
        "kind": item.kind,
        "method": item.method,
        "inspection_type": item.inspection_type,
        "product_code": item.product_code,
        "expertise": item.expertise,
        "hours": _hours_text(item.hours),
        "risk": item.risk,
        "risk_class": item.risk_class,
        "covered": item.covered,
        "selected": item.selected,
        "greedy_selected": item.greedy_selected,
        "reason": item.reason,
        "explanation": item.explanation,
        "inspector": item.inspector_id,
        "inspector_name": inspector.full_name if inspector is not None else None,
    }


class PlanItemViewSet(LeanListMixin, mixins.RetrieveModelMixin):
    """Every site of a programme: the inspection chosen (or the best one not chosen), its hours
    and risk covered, the inspector, and why it is in or out (``reason`` and a sentence)."""

    serializer_class = PlanItemSerializer
    queryset = PlanItem.objects.none()  # for the permission class; rows come from the selectors
    lookup_value_regex = DIGITS

    def get_queryset(self) -> QuerySet[PlanItem]:
        return PlanItem.objects.none()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = selectors.item_detail_for(user=signed_in(request), pk=int(self.kwargs["pk"]))
        self.check_object_permissions(request, item)
        return Response(_item_detail(item))

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "plan", OpenApiTypes.INT, required=True, description="Het programma (verplicht)."
            ),
            PARTICIPANT_PARAM,
            OpenApiParameter(
                "selected", OpenApiTypes.BOOL, description="true: in het programma; false: niet."
            ),
            OpenApiParameter(
                "reason", OpenApiTypes.STR, enum=Reason.values, description="Alleen deze reden."
            ),
            RISK_CLASS_PARAM,
            OpenApiParameter(
                "inspector", OpenApiTypes.INT, description="Alleen deze toezichthouder."
            ),
            Q_PARAM,
        ],
        responses={200: PlanItemSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The items of one programme: in the programme first, then by risk; a numbered page
        at a time: a count, the page's ids and their rows, whatever its length."""
        plan_id = int_query_param(request, "plan", example="4")
        if plan_id is None:
            raise serializers.ValidationError({"plan": "Give the programme, such as ?plan=4."})
        items = selectors.item_list_for(
            user=signed_in(request),
            plan=selectors.plan_detail(pk=plan_id),
            participant_id=int_query_param(request, "participant", example="8"),
            selected=_bool_query_param(request, "selected"),
            reason=choice_query_param(request, "reason", tuple(Reason.values)),
            risk_class=_text_query_param(request, "risk_class"),
            inspector_id=int_query_param(request, "inspector", example="12"),
            q=_text_query_param(request, "q"),
        )
        return self._lean_page(items, _ITEM_VALUES, _item_row)


# --- the inspectors' capacity -------------------------------------------------------------------


class InspectorCapacitySerializer(serializers.Serializer[InspectorCapacity]):
    id = _id("Id van de capaciteit.")
    year = _year(read_only=True)
    employee = _id("De toezichthouder (medewerker).", source="employee_id")
    employee_name = serializers.CharField(source="employee.full_name", read_only=True)
    hours = _hours("Uren voor programmatoezicht in het jaar.")
    expertises = serializers.SerializerMethodField(help_text="Codes van de deskundigheden.")
    areas = serializers.SerializerMethodField(
        help_text="Deelnemers van het werkgebied; leeg: de hele regio."
    )
    note = serializers.CharField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def get_expertises(self, capacity: InspectorCapacity) -> list[str]:
        return sorted(expertise.code for expertise in capacity.expertises.all())

    def get_areas(self, capacity: InspectorCapacity) -> list[int]:
        return sorted(participant.pk for participant in capacity.areas.all())


def _employees(user: User) -> QuerySet[Employee]:
    return organisation_selectors.employee_list()


def _participants(user: User) -> QuerySet[Participant]:
    return participant_selectors.participant_list_for(user=user)


class InspectorCapacityUpdateSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {"areas": _participants}

    hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=Decimal("0"), help_text="Uren in het jaar."
    )
    expertises = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Expertise.objects.all(),
        many=True,
        allow_empty=False,
        help_text="Codes van de deskundigheden (zie /expertises/).",
    )
    areas = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.none(),
        many=True,
        required=False,
        default=list,
        help_text="Deelnemers van het werkgebied; leeg: de hele regio.",
    )
    note = serializers.CharField(max_length=240, required=False, allow_blank=True, default="")


class InspectorCapacityCreateSerializer(InspectorCapacityUpdateSerializer):
    scoped_fields: ClassVar[dict[str, Any]] = {"areas": _participants, "employee": _employees}

    employee = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.none(), help_text="De toezichthouder (medewerker)."
    )
    year = _year()


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                OpenApiTypes.INT,
                description="Het jaar; standaard het laatste jaar met capaciteit.",
            )
        ]
    ),
    create=extend_schema(
        request=InspectorCapacityCreateSerializer,
        responses={201: InspectorCapacitySerializer, 200: InspectorCapacitySerializer},
    ),
    update=extend_schema(
        request=InspectorCapacityUpdateSerializer, responses={200: InspectorCapacitySerializer}
    ),
)
class InspectorCapacityViewSet(ActionViewSetMixin, ServiceViewSet):
    """The inspectors' hours for programmed inspections per year, their expertise and their
    area (the participants they work for; none: the whole region).

    POST sets an inspector's capacity for a year: a new one answers 201, an existing one is
    changed and answers 200. PUT changes one by its id."""

    serializer_class = InspectorCapacitySerializer
    input_serializer_class = InspectorCapacityCreateSerializer
    queryset = InspectorCapacity.objects.none()
    lookup_value_regex = DIGITS
    http_method_names = ["get", "post", "put", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": SET_CAPACITY,
        "update": SET_CAPACITY,
    }

    def get_queryset(self) -> QuerySet[InspectorCapacity]:
        return InspectorCapacity.objects.select_related("employee").prefetch_related(
            "expertises", "areas"
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        year = int_query_param(self.request, "year", example="2027")
        if year is None:
            years = selectors.capacity_years()
            if not years:
                return queryset.none()
            year = years[0]
        return selectors.capacity_list(year=year)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "update":
            return InspectorCapacityUpdateSerializer
        return super().get_serializer_class()

    def _fresh(self, capacity: InspectorCapacity, *, status_code: int) -> Response:
        fresh = selectors.capacity_list(year=capacity.year).get(pk=capacity.pk)
        return self._output(fresh, status_code=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._action_input(InspectorCapacityCreateSerializer)
        existed = InspectorCapacity.objects.filter(
            year=data["year"], employee=data["employee"]
        ).exists()
        capacity = services.capacity_set(
            actor=request.user,
            year=data["year"],
            employee=data["employee"],
            hours=data["hours"],
            expertises=data["expertises"],
            areas=data["areas"],
            note=data["note"],
        )
        return self._fresh(capacity, status_code=status.HTTP_200_OK if existed else 201)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        capacity = self.get_object()
        data = self._action_input(InspectorCapacityUpdateSerializer)
        changed = services.capacity_set(
            actor=request.user,
            year=capacity.year,
            employee=capacity.employee,
            hours=data["hours"],
            expertises=data["expertises"],
            areas=data["areas"],
            note=data["note"],
        )
        return self._fresh(changed, status_code=status.HTTP_200_OK)
