"""API for VTH cases: case types, decision types, cases with their computed deadline and their
actions, the status history, the dossier (documents, with a checked download) and decisions.

Reads come from the tenancy-scoped selectors of ``grip.cases``: another participant's case,
document or decision answers 404, and a participant user never sees (nor downloads) a
document above its clearance. Every write is one service call, which checks who may, the state
machine and the deadline rules and writes the audit record; a refused step answers 409 with the
service's sentence as the problem's ``detail``. Signing goes through the mandate check of
``grip.mandates.services.decision_sign``: without a valid mandate it answers 409 with the one
sentence that names the missing link, and nothing is written.

The case list is the big one (tens of thousands of cases a year): it is read as plain values
with cursor pagination, so a page costs one query whatever its length; its traffic light comes
from the stored due date, the detail computes the full deadline with its explanation.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, pagination, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from grip.api.base import ServiceViewSet, int_query_param
from grip.api.permissions import HasModelPermission
from grip.cases import deadlines, selectors, services
from grip.cases.constants import (
    CLOSED,
    SERVICE_ONLY,
    CaseStatus,
    CimObject,
    DocumentType,
    LegalRegime,
    Plichttype,
    Procedure,
    RelationKind,
    SuspensionReason,
    allowed_next,
)
from grip.cases.models import (
    Case,
    CaseStatusChange,
    CaseType,
    Decision,
    DecisionType,
    Document,
    EquatedDay,
    Extension,
    SelectionListResult,
    Suspension,
)
from grip.core.classification import Confidentiality
from grip.core.models import User as UserModel
from grip.core.tenancy import User
from grip.dataplatform import accesslog
from grip.mandates import services as mandate_services
from grip.mandates.verdict import Verdict
from grip.organisation import selectors as organisation_selectors
from grip.organisation.models import Team
from grip.participants import selectors as participant_selectors
from grip.participants.models import Participant
from grip.sites import selectors as site_selectors
from grip.sites.models import Establishment, Site

# --- shared pieces ------------------------------------------------------------------------------


class ActionPermission(HasModelPermission):
    """Reading needs the model's view permission, as everywhere in the API.

    A write needs one of the permissions named for its action in the view's
    ``write_permissions`` (for example ``cases.extend_case`` for ``extend``), or, for an action
    not named there, DRF's model permission for its method. The service then decides for this
    object (another participant's case is 404 before that: the queryset is scoped).
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return super().has_permission(request, view)
        needed: tuple[str, ...] | None = getattr(view, "write_permissions", {}).get(view.action)
        if needed is None:
            return super().has_permission(request, view)
        user = request.user
        if not user or not user.is_authenticated:
            return False
        return any(user.has_perm(codename) for codename in needed)


class ActionViewSetMixin(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """The action permission, and reading an action's body with its own input serializer."""

    permission_classes = [ActionPermission]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {}

    def _action_input(self, serializer_class: type[serializers.Serializer[Any]]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class ScopedSerializer(serializers.Serializer[Any]):
    """Related objects an input may name are only those the user may see.

    ``scoped_fields`` maps a field name to the selector of its choices; an object of another
    participant is then "does not exist", exactly as one that does not exist, and reveals
    nothing.
    """

    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for name, selector in self.scoped_fields.items():
            field = self.fields[name]
            target: Any = getattr(field, "child_relation", field)  # many=True wraps the field
            target.queryset = selector(request.user)


def choice_query_param(request: Request, name: str, choices: tuple[str, ...]) -> str | None:
    """An optional filter with a fixed set of values, such as ``?due=verlopen``."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if raw not in choices:
        raise serializers.ValidationError({name: f"Choose one of: {', '.join(choices)}."})
    return raw


def date_query_param(request: Request, name: str) -> datetime.date | None:
    """An optional date filter such as ``?geldig_op=2026-03-01``; anything else is a 400."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise serializers.ValidationError(
            {name: "Give a date as YYYY-MM-DD, such as 2026-03-01."}
        ) from None


class NewestFirstCursorPagination(pagination.CursorPagination):
    """Cursor pages, newest first: no COUNT(*) and no deep offsets on the big lists.

    Ordered by id, which never changes and is unique, so a page never skips or repeats a row
    when cases are added while a client pages through.
    """

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def signed_in(request: Request) -> UserModel:
    """The request's user, for a service that needs a real account (after the permission)."""
    if not isinstance(request.user, UserModel):
        raise exceptions.NotAuthenticated()
    return request.user


def _person(user: Any) -> str | None:
    if user is None:
        return None
    return str(user.get_full_name() or user.get_username())


def _id_field(help_text: str, **kwargs: Any) -> serializers.IntegerField:
    # Declared, not derived, so that the schema is the same on SQLite and PostgreSQL.
    return serializers.IntegerField(read_only=True, help_text=help_text, **kwargs)


def _small_count_field(help_text: str, **kwargs: Any) -> serializers.IntegerField:
    """A small whole number (weeks, days, a version): bounds declared for the same reason."""
    return serializers.IntegerField(min_value=0, max_value=32767, help_text=help_text, **kwargs)


# --- case types and decision types --------------------------------------------------------------


class DecisionTypeSerializer(serializers.ModelSerializer[DecisionType]):
    class Meta:
        model = DecisionType
        fields = ["id", "code", "name", "kind", "legal_basis"]


class DecisionTypeRefSerializer(serializers.ModelSerializer[DecisionType]):
    class Meta:
        model = DecisionType
        fields = ["id", "code", "name"]


class CaseTypeSerializer(serializers.ModelSerializer[CaseType]):
    version = _small_count_field("Versie van het zaaktype.", read_only=True)
    term_weeks = _small_count_field("Termijn in weken.", read_only=True)
    term_days = _small_count_field("Termijn in dagen (naast de weken).", read_only=True)
    max_extension_weeks = _small_count_field(
        "Hoeveel weken de termijn ten hoogste eenmaal verlengd kan worden.", read_only=True
    )
    decision_types = DecisionTypeRefSerializer(many=True, read_only=True)

    class Meta:
        model = CaseType
        fields = [
            "id",
            "code",
            "version",
            "name",
            "cim_object",
            "plichttype",
            "procedure",
            "term_weeks",
            "term_days",
            "statutory",
            "max_extension_weeks",
            "product_code",
            "default_team",
            "decision_types",
            "selection_list_category",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields


class CaseTypeInputSerializer(serializers.Serializer[Any]):
    """A new case type (version 1) or the changes of a new version."""

    code = serializers.SlugField(max_length=40, required=False)
    valid_from = serializers.DateField()
    name = serializers.CharField(max_length=200, required=False)
    cim_object = serializers.ChoiceField(CimObject.choices, required=False)
    plichttype = serializers.ChoiceField(Plichttype.choices, required=False, allow_blank=True)
    procedure = serializers.ChoiceField(Procedure.choices, required=False)
    term_weeks = _small_count_field("Termijn in weken.", required=False)
    term_days = _small_count_field("Termijn in dagen (naast de weken).", required=False)
    statutory = serializers.BooleanField(required=False)
    max_extension_weeks = _small_count_field("Maximale verlenging in weken.", required=False)
    product_code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    default_team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, allow_null=True
    )
    selection_list_category = serializers.CharField(max_length=20, required=False, allow_blank=True)
    decision_types = serializers.PrimaryKeyRelatedField(
        queryset=DecisionType.objects.all(), many=True, required=False
    )


def _case_type_changes(data: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value
        for name, value in data.items()
        if name not in {"code", "valid_from", "decision_types"}
    }


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "geldig_op",
                OpenApiTypes.DATE,
                description="Alleen de versies die op deze datum gelden.",
            )
        ]
    )
)
class CaseTypeViewSet(ActionViewSetMixin, ServiceViewSet):
    """Case types (zaaktypen), versioned: a new version takes over from a date, the current one
    ends the day before, and cases keep the version they were taken in under."""

    serializer_class = CaseTypeSerializer
    input_serializer_class = CaseTypeInputSerializer
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": ("cases.add_casetype",),
        "new_version": ("cases.add_casetype",),
    }

    def get_queryset(self) -> QuerySet[CaseType]:
        on = date_query_param(self.request, "geldig_op") if self.action == "list" else None
        return selectors.case_type_list(on=on)

    def perform_service_create(self, data: dict[str, Any]) -> CaseType:
        if not data.get("code"):
            raise exceptions.ValidationError({"code": ["Dit veld is verplicht."]})
        return services.case_type_create(
            actor=self.request.user,
            code=data["code"],
            valid_from=data["valid_from"],
            data=_case_type_changes(data),
            decision_types=data.get("decision_types", []),
        )

    @extend_schema(request=CaseTypeInputSerializer, responses={201: CaseTypeSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk: str | None = None) -> Response:
        """A new version of this (latest) case type from ``valid_from``."""
        data = self._action_input(CaseTypeInputSerializer)
        created = services.case_type_new_version(
            actor=request.user,
            case_type=self.get_object(),
            valid_from=data["valid_from"],
            data=_case_type_changes(data),
            decision_types=data.get("decision_types"),
        )
        return self._output(created, status_code=status.HTTP_201_CREATED)


class EquatedDaySerializer(serializers.ModelSerializer[EquatedDay]):
    class Meta:
        model = EquatedDay
        fields = ["id", "date", "name", "decree_reference"]


class EquatedDayViewSet(ActionViewSetMixin, ServiceViewSet):
    """Days equated to general holidays by royal decree (Atw art. 3 lid 3), as data per year.
    Adding one recomputes the due dates of the open cases it touches."""

    serializer_class = EquatedDaySerializer
    input_serializer_class = EquatedDaySerializer
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "create": ("cases.add_equatedday",),
    }

    def get_queryset(self) -> QuerySet[EquatedDay]:
        return EquatedDay.objects.all()

    def perform_service_create(self, data: dict[str, Any]) -> EquatedDay:
        return services.equated_day_add(
            actor=self.request.user,
            day=data["date"],
            name=data["name"],
            decree_reference=data.get("decree_reference", ""),
        )


class DecisionTypeViewSet(ServiceViewSet):
    """Decision types (besluittypen) that can be taken in a case and mandated."""

    serializer_class = DecisionTypeSerializer
    input_serializer_class = DecisionTypeSerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[DecisionType]:
        return selectors.decision_type_list()


# --- cases: output ------------------------------------------------------------------------------


class CaseListSerializer(serializers.Serializer[Any]):
    """One row of the case list; the view fills it from plain values (one query a page)."""

    id = _id_field("Id van de zaak.")
    identification = serializers.CharField(read_only=True, help_text="Zaaknummer.")
    participant = _id_field("Bevoegd gezag (deelnemer).")
    participant_code = serializers.CharField(read_only=True, help_text="CBS-code.")
    case_type = _id_field("Zaaktype (deze versie).")
    case_type_code = serializers.CharField(read_only=True)
    case_type_name = serializers.CharField(read_only=True)
    subject = serializers.CharField(read_only=True)
    site = _id_field("Toezichtobject.", allow_null=True)
    site_name = serializers.CharField(read_only=True, allow_null=True)
    location_description = serializers.CharField(read_only=True)
    received_on = serializers.DateField(read_only=True)
    regime = serializers.ChoiceField(choices=LegalRegime.choices, read_only=True)
    status = serializers.ChoiceField(choices=CaseStatus.choices, read_only=True)
    team = _id_field("Team.", allow_null=True)
    assigned_to = _id_field("Behandelaar (medewerker).", allow_null=True)
    assigned_to_name = serializers.CharField(read_only=True, allow_null=True)
    original_due_on = serializers.DateField(read_only=True, allow_null=True)
    due_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="Uiterste datum (met opschorting en verlenging)."
    )
    decided_on = serializers.DateField(read_only=True, allow_null=True)
    closed_on = serializers.DateField(read_only=True, allow_null=True)
    deadline_state = serializers.ChoiceField(
        choices=[state.value for state in deadlines.DeadlineState],
        read_only=True,
        allow_null=True,
        help_text="Het stoplicht; leeg voor een zaak zonder termijn.",
    )
    days_left = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=(
            "Dagen tot de uiterste datum (negatief: erover). Leeg als de zaak is afgerond of "
            "opgeschort: dan staat de klok stil en geeft de zaak zelf de voorlopige datum."
        ),
    )
    deadline_label = serializers.CharField(read_only=True, allow_null=True)


# The values the list reads, in one query; the serializer above documents the row.
_LIST_VALUES = (
    "id",
    "identification",
    "participant_id",
    "participant__code",
    "case_type_id",
    "case_type__code",
    "case_type__name",
    "subject",
    "site_id",
    "site__name",
    "location_description",
    "received_on",
    "regime",
    "status",
    "team_id",
    "assigned_to_id",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "original_due_on",
    "due_on",
    "decided_on",
    "closed_on",
)


def _list_row(values: dict[str, Any], *, today: datetime.date) -> dict[str, Any]:
    """A list row from the stored values; the traffic light by the engine's own rule."""
    light: deadlines.DeadlineStatus | None = None
    due = values["due_on"]
    if due is not None:
        closed = values["status"] in CLOSED
        light = deadlines.deadline_status(
            deadlines.Deadline(
                received=values["received_on"],
                original_due=values["original_due_on"] or due,
                due=due,
                suspended_days=0,
                extension_days=0,
                suspended_now=values["status"] == CaseStatus.OPGESCHORT and not closed,
                adjustments=(),
            ),
            today=today,
            decided_on=values["decided_on"] or (values["closed_on"] if closed else None),
            due_soon_days=selectors.DUE_SOON_DAYS,
        )
    first, last = values["assigned_to__first_name"], values["assigned_to__last_name"]
    return {
        "id": values["id"],
        "identification": values["identification"],
        "participant": values["participant_id"],
        "participant_code": values["participant__code"],
        "case_type": values["case_type_id"],
        "case_type_code": values["case_type__code"],
        "case_type_name": values["case_type__name"],
        "subject": values["subject"],
        "site": values["site_id"],
        "site_name": values["site__name"],
        "location_description": values["location_description"],
        "received_on": values["received_on"],
        "regime": values["regime"],
        "status": values["status"],
        "team": values["team_id"],
        "assigned_to": values["assigned_to_id"],
        "assigned_to_name": f"{first} {last}" if values["assigned_to_id"] else None,
        "original_due_on": values["original_due_on"],
        "due_on": due,
        "decided_on": values["decided_on"],
        "closed_on": values["closed_on"],
        "deadline_state": light.state.value if light else None,
        # A running suspension moves the due date every day: the stored one is provisional.
        "days_left": (
            None
            if light is None or light.state == deadlines.DeadlineState.OPGESCHORT
            else light.days_left
        ),
        "deadline_label": str(light.label) if light else None,
    }


class PenaltyClaimSerializer(serializers.Serializer[deadlines.PenaltyClaim]):
    notice_received = serializers.DateField(help_text="Ingebrekestelling ontvangen op.")
    first_penalty_day = serializers.DateField(help_text="Eerste dag waarover een dwangsom loopt.")
    days = serializers.IntegerField(min_value=0, help_text="Dagen dwangsom tot nu toe.")
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Verschuldigde dwangsom tot nu toe (euro)."
    )
    capped = serializers.BooleanField(help_text="Het maximum aantal dagen is bereikt.")


class CaseDeadlineSerializer(serializers.Serializer[Any]):
    """The deadline as the engine computes it today, with its explanation in Dutch."""

    received = serializers.DateField()
    original_due = serializers.DateField(
        help_text="Uiterste datum zonder opschorting of verlenging."
    )
    due = serializers.DateField(help_text="Uiterste datum; voorlopig zolang een opschorting loopt.")
    suspended_days = serializers.IntegerField(min_value=0)
    extension_days = serializers.IntegerField(min_value=0)
    suspended_now = serializers.BooleanField()
    days_left = serializers.IntegerField(allow_null=True, help_text="Leeg als de zaak is afgerond.")
    state = serializers.ChoiceField(choices=[state.value for state in deadlines.DeadlineState])
    label = serializers.CharField()  # type: ignore[assignment]
    adjustments = serializers.ListField(
        child=serializers.CharField(), help_text="Elke stap van de berekening, in het Nederlands."
    )
    permit_by_default_risk = serializers.BooleanField(
        help_text="Wabo, reguliere procedure: te laat beslist of nog open na de uiterste datum."
    )
    penalty_claim = PenaltyClaimSerializer(
        allow_null=True, help_text="Omgevingswet: de dwangsom na een ingebrekestelling (Awb 4:17)."
    )


def deadline_data(case: Case) -> dict[str, Any] | None:
    answer = selectors.case_deadline(case)
    if answer.deadline is None or answer.status is None:
        return None
    deadline, light = answer.deadline, answer.status
    return dict(
        CaseDeadlineSerializer(
            {
                "received": deadline.received,
                "original_due": deadline.original_due,
                "due": deadline.due,
                "suspended_days": deadline.suspended_days,
                "extension_days": deadline.extension_days,
                "suspended_now": deadline.suspended_now,
                "days_left": light.days_left,
                "state": light.state.value,
                "label": str(light.label),
                "adjustments": [str(note) for note in deadline.adjustments],
                "permit_by_default_risk": answer.permit_by_default_risk,
                "penalty_claim": answer.penalty_claim,
            }
        ).data
    )


class SuspensionSerializer(serializers.ModelSerializer[Suspension]):
    class Meta:
        model = Suspension
        fields = ["id", "reason", "start", "end", "note"]


class ExtensionSerializer(serializers.ModelSerializer[Extension]):
    weeks = serializers.IntegerField(min_value=1, max_value=32767, read_only=True)

    class Meta:
        model = Extension
        fields = ["decided_on", "weeks", "reason"]


class RelatedCaseSerializer(serializers.Serializer[Any]):
    relation = serializers.CharField(help_text="Hoe de zaken samenhangen, in het Nederlands.")
    id = serializers.IntegerField()
    identification = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)


class SelectionListClassSerializer(serializers.ModelSerializer[SelectionListResult]):
    """A class (resultaat) of the Selectielijst 2020; ``uuid`` is the key a ZGW
    selectielijstklasse URL ends with."""

    class Meta:
        model = SelectionListResult
        fields = ["uuid", "number", "name", "description", "valuation", "retention_term"]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer[Case]):
    participant_code = serializers.CharField(source="participant.code", read_only=True)
    participant_name = serializers.CharField(source="participant.name", read_only=True)
    case_type_code = serializers.CharField(source="case_type.code", read_only=True)
    case_type_name = serializers.CharField(source="case_type.name", read_only=True)
    procedure = serializers.CharField(source="case_type.procedure", read_only=True)
    site_name = serializers.CharField(source="site.name", read_only=True, allow_null=True)
    assigned_to_name = serializers.CharField(
        source="assigned_to.full_name", read_only=True, allow_null=True
    )
    next_statuses = serializers.SerializerMethodField(
        help_text=(
            "De statussen waarheen een statuswijziging nu kan; opschorten, hervatten en "
            "ondertekenen hebben hun eigen actie."
        )
    )
    deadline = serializers.SerializerMethodField()
    suspensions = SuspensionSerializer(many=True, read_only=True)
    extension = serializers.SerializerMethodField()
    related = serializers.SerializerMethodField()
    selection_list_result = SelectionListClassSerializer(
        read_only=True,
        allow_null=True,
        help_text="De selectielijstklasse, bij het afsluiten uit de bewaarregel bepaald.",
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "identification",
            "participant",
            "participant_code",
            "participant_name",
            "case_type",
            "case_type_code",
            "case_type_name",
            "procedure",
            "subject",
            "site",
            "site_name",
            "location_description",
            "establishment",
            "person_name",
            "person_contact",
            "received_on",
            "regime",
            "status",
            "next_statuses",
            "assigned_to",
            "assigned_to_name",
            "team",
            "original_due_on",
            "due_on",
            "decided_on",
            "closed_on",
            "notice_of_default_on",
            "result",
            "selection_list_result",
            "archive_nomination",
            "archive_source_date",
            "archive_action_date",
            "archive_status",
            "deadline",
            "suspensions",
            "extension",
            "related",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(CaseStatus.choices)))
    def get_next_statuses(self, case: Case) -> list[str]:
        following = allowed_next(case.case_type.procedure, case.status) - SERVICE_ONLY
        return [value for value in CaseStatus.values if value in following]

    @extend_schema_field(CaseDeadlineSerializer(allow_null=True))
    def get_deadline(self, case: Case) -> dict[str, Any] | None:
        return deadline_data(case)

    @extend_schema_field(ExtensionSerializer(allow_null=True))
    def get_extension(self, case: Case) -> dict[str, Any] | None:
        extension = getattr(case, "extension", None)
        return None if extension is None else dict(ExtensionSerializer(extension).data)

    @extend_schema_field(RelatedCaseSerializer(many=True))
    def get_related(self, case: Case) -> list[dict[str, Any]]:
        request = self.context.get("request")
        if request is None:
            return []
        return [
            dict(
                RelatedCaseSerializer(
                    {
                        "relation": str(relation),
                        "id": other.pk,
                        "identification": other.identification,
                        "subject": other.subject,
                        "status": other.status,
                    }
                ).data
            )
            for relation, other in selectors.related_cases_for(user=request.user, case=case)
        ]


class CaseStatusChangeSerializer(serializers.ModelSerializer[CaseStatusChange]):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = CaseStatusChange
        fields = ["from_status", "status", "on", "at", "actor", "note"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, change: CaseStatusChange) -> str | None:
        return _person(change.actor)


# --- cases: input -------------------------------------------------------------------------------


def _visible_cases(user: User) -> QuerySet[Case]:
    return selectors.case_list_for(user=user)


class CaseUpdateSerializer(ScopedSerializer):
    """The descriptive fields of a case; status, dates and deadline change only by actions."""

    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {
        "site": lambda user: site_selectors.site_list_for(user=user),
        "establishment": lambda user: site_selectors.establishment_list_for(user=user),
    }

    subject = serializers.CharField(max_length=240, required=False)
    site = serializers.PrimaryKeyRelatedField(
        queryset=Site.objects.none(), required=False, allow_null=True
    )
    location_description = serializers.CharField(max_length=240, required=False, allow_blank=True)
    establishment = serializers.PrimaryKeyRelatedField(
        queryset=Establishment.objects.none(), required=False, allow_null=True
    )
    person_name = serializers.CharField(max_length=160, required=False, allow_blank=True)
    person_contact = serializers.CharField(max_length=240, required=False, allow_blank=True)
    regime = serializers.ChoiceField(choices=LegalRegime.choices, required=False)
    assigned_to = serializers.PrimaryKeyRelatedField(
        queryset=organisation_selectors.employee_list(), required=False, allow_null=True
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, allow_null=True
    )


class CaseCreateSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {
        "participant": lambda user: participant_selectors.participant_list_for(user=user),
        "site": lambda user: site_selectors.site_list_for(user=user),
        "establishment": lambda user: site_selectors.establishment_list_for(user=user),
    }

    participant = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.none(), help_text="Het bevoegd gezag."
    )
    case_type = serializers.PrimaryKeyRelatedField(
        queryset=selectors.case_type_list(), help_text="Een versie die geldt op de ontvangstdatum."
    )
    subject = serializers.CharField(max_length=240)
    received_on = serializers.DateField()
    regime = serializers.ChoiceField(choices=LegalRegime.choices, default=LegalRegime.OMGEVINGSWET)
    site = serializers.PrimaryKeyRelatedField(
        queryset=Site.objects.none(), required=False, allow_null=True, default=None
    )
    location_description = serializers.CharField(
        max_length=240,
        required=False,
        allow_blank=True,
        default="",
        help_text="Voor een zaak zonder toezichtobject: waar het om gaat.",
    )
    establishment = serializers.PrimaryKeyRelatedField(
        queryset=Establishment.objects.none(), required=False, allow_null=True, default=None
    )
    person_name = serializers.CharField(
        max_length=160, required=False, allow_blank=True, default=""
    )
    person_contact = serializers.CharField(
        max_length=240, required=False, allow_blank=True, default=""
    )
    assigned_to = serializers.PrimaryKeyRelatedField(
        queryset=organisation_selectors.employee_list(),
        required=False,
        allow_null=True,
        default=None,
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Leeg: het standaardteam van het zaaktype.",
    )


class StatusChangeSerializer(serializers.Serializer[Any]):
    to_status = serializers.ChoiceField(choices=CaseStatus.choices)
    on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SuspendSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(
        help_text="Opgeschort vanaf (de dag na het verzoek om aanvulling)."
    )
    reason = serializers.ChoiceField(
        choices=SuspensionReason.choices, default=SuspensionReason.AANVULLING
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ResumeSerializer(serializers.Serializer[Any]):
    end = serializers.DateField(help_text="De dag waarop de aanvraag is aangevuld.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExtendSerializer(serializers.Serializer[Any]):
    decided_on = serializers.DateField(help_text="Datum van het verlengingsbesluit.")
    weeks = serializers.IntegerField(min_value=1, max_value=52)
    reason = serializers.CharField()


class NoticeOfDefaultSerializer(serializers.Serializer[Any]):
    received_on = serializers.DateField(help_text="Ingebrekestelling ontvangen op (Awb 4:17).")


class RelateSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {"other": _visible_cases}

    other = serializers.PrimaryKeyRelatedField(queryset=Case.objects.none())
    kind = serializers.ChoiceField(choices=RelationKind.choices, default=RelationKind.ONDERWERP)


class SigningPreviewSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {
        "contested_decision": lambda user: selectors.decision_list_for(user=user),
    }

    decision_type = serializers.PrimaryKeyRelatedField(queryset=selectors.decision_type_list())
    decision_date = serializers.DateField(
        required=False, help_text="Standaard vandaag; een besluit wordt niet vooruit gedateerd."
    )
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    contested_decision = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Bij een besluit op bezwaar: het bestreden besluit.",
    )
    report_author = serializers.PrimaryKeyRelatedField(
        queryset=organisation_selectors.employee_list(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Bij een bestuurlijke boete: wie het rapport van de overtreding opstelde.",
    )


class SignSerializer(SigningPreviewSerializer):
    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {
        "contested_decision": lambda user: selectors.decision_list_for(user=user),
        "document": lambda user: selectors.document_list_for(user=user),
        "supersedes": lambda user: selectors.decision_list_for(user=user),
    }

    summary = serializers.CharField(help_text="De inhoud van het besluit.")
    document = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.none(), required=False, allow_null=True, default=None
    )
    supersedes = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Het ingetrokken besluit dat dit besluit vervangt.",
    )


class VerdictSerializer(serializers.Serializer[Verdict]):
    allowed = serializers.BooleanField(help_text="Of ondertekenen nu zou slagen.")
    refusal = serializers.CharField(help_text="Waarom niet, in één zin; leeg als het mag.")
    chain = serializers.ListField(
        child=serializers.CharField(), help_text="De mandaatketen die ondertekenen gebruikt."
    )
    namens = serializers.CharField(help_text="De namens-regel onder het besluit (Awb 10:10).")
    mandate_line = serializers.IntegerField(
        source="mandate_line.pk", allow_null=True, default=None, help_text="De mandaatregel."
    )
    sub_mandate_line = serializers.IntegerField(
        source="sub_mandate_line.pk",
        allow_null=True,
        default=None,
        help_text="De ondermandaatregel, als het besluit in ondermandaat wordt genomen.",
    )


# --- decisions (output; used by the case's sign action) -----------------------------------------


class DecisionMandateSerializer(serializers.Serializer[Any]):
    mandate_line = serializers.IntegerField(source="mandate_line_id")
    sub_mandate_line = serializers.IntegerField(source="sub_mandate_line_id", allow_null=True)
    chain = serializers.ListField(child=serializers.CharField())


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    case_identification = serializers.CharField(source="case.identification", read_only=True)
    decision_type_code = serializers.CharField(source="decision_type.code", read_only=True)
    decision_type_name = serializers.CharField(source="decision_type.name", read_only=True)
    signer_function_name = serializers.CharField(source="signer_function.name", read_only=True)
    superseded_by = serializers.SerializerMethodField()
    mandate = serializers.SerializerMethodField(
        help_text="De mandaatketen die bij het ondertekenen is gebruikt."
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "case",
            "case_identification",
            "decision_type",
            "decision_type_code",
            "decision_type_name",
            "decision_date",
            "summary",
            "amount",
            "signer_name",
            "signer_function",
            "signer_function_name",
            "namens",
            "mandate",
            "contested_decision",
            "report_author",
            "document",
            "supersedes",
            "superseded_by",
            "withdrawn_on",
            "withdrawal_reason",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_superseded_by(self, decision: Decision) -> int | None:
        successor = getattr(decision, "superseded_by", None)  # None: no successor
        return None if successor is None else int(successor.pk)

    @extend_schema_field(DecisionMandateSerializer(allow_null=True))
    def get_mandate(self, decision: Decision) -> dict[str, Any] | None:
        used = getattr(decision, "mandate", None)  # None for a decision from before mandates
        return None if used is None else dict(DecisionMandateSerializer(used).data)


class CaseCountsSerializer(serializers.Serializer[Any]):
    open = serializers.IntegerField(min_value=0, help_text="Lopende zaken.")
    verlopen = serializers.IntegerField(min_value=0, help_text="Over de uiterste datum.")
    bijna = serializers.IntegerField(
        min_value=0, help_text=f"Uiterste datum binnen {selectors.DUE_SOON_DAYS} dagen."
    )
    op_tijd = serializers.IntegerField(
        min_value=0, help_text=f"Uiterste datum over meer dan {selectors.DUE_SOON_DAYS} dagen."
    )
    opgeschort = serializers.IntegerField(min_value=0, help_text="De klok staat stil.")


# --- cases: the viewset -------------------------------------------------------------------------

CASE_WORK = "cases.change_case_status"


@extend_schema_view(
    create=extend_schema(request=CaseCreateSerializer, responses={201: CaseSerializer}),
    partial_update=extend_schema(request=CaseUpdateSerializer, responses={200: CaseSerializer}),
)
class CaseViewSet(ActionViewSetMixin, ServiceViewSet):
    """VTH cases: a participant user sees its own; staff see all.

    The detail carries the deadline as the engine computes it today (with each step explained),
    the traffic light, the permit-by-default risk (Wabo) and the penalty owed after a notice of
    default (Omgevingswet, Awb 4:17). Status, suspension, extension and signing are actions.
    """

    serializer_class = CaseSerializer
    input_serializer_class = CaseCreateSerializer
    pagination_class = NewestFirstCursorPagination
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {
        "status_change": (CASE_WORK,),
        "suspend": (CASE_WORK,),
        "resume": (CASE_WORK,),
        "extend": ("cases.extend_case",),
        "notice_of_default": ("cases.change_case",),
        "relate": ("cases.change_case",),
        "signing_preview": ("cases.sign_decision",),
        "sign": ("cases.sign_decision",),
    }

    def get_queryset(self) -> QuerySet[Case]:
        if self.action != "list":
            return selectors.case_list_for(user=self.request.user)
        request = self.request
        return selectors.case_list_for(
            user=request.user,
            participant_id=int_query_param(request, "participant", example="8"),
            case_type_code=request.query_params.get("case_type") or None,
            team_id=int_query_param(request, "team", example="3"),
            status=choice_query_param(request, "status", ("open", "gesloten", *CaseStatus.values)),
            due=choice_query_param(request, "due", selectors.DueFilter.VALUES),
            assigned_to_id=int_query_param(request, "assigned_to", example="12"),
            query=(request.query_params.get("q") or "").strip() or None,
            site_id=int_query_param(request, "site", example="120"),
        )

    def _validated(self, request: Request, *, partial: bool) -> dict[str, Any]:
        serializer_class = CaseUpdateSerializer if partial else CaseCreateSerializer
        serializer = serializer_class(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "partial_update":
            return CaseUpdateSerializer
        return super().get_serializer_class()

    @extend_schema(
        parameters=[
            OpenApiParameter("participant", OpenApiTypes.INT, description="Alleen deze deelnemer."),
            OpenApiParameter(
                "case_type", OpenApiTypes.STR, description="Code van het zaaktype (alle versies)."
            ),
            OpenApiParameter("team", OpenApiTypes.INT, description="Alleen dit team."),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=["open", "gesloten", *CaseStatus.values],
                description="Een status, of open / gesloten.",
            ),
            OpenApiParameter(
                "due",
                OpenApiTypes.STR,
                enum=list(selectors.DueFilter.VALUES),
                description="Alleen lopende zaken met dit stoplicht.",
            ),
            OpenApiParameter(
                "assigned_to", OpenApiTypes.INT, description="Alleen zaken van deze behandelaar."
            ),
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="Zoek in zaaknummer, omschrijving en object."
            ),
            OpenApiParameter("site", OpenApiTypes.INT, description="Alleen dit toezichtobject."),
        ],
        responses={200: CaseListSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The cases the user may see, newest first, a cursor page at a time (one query)."""
        rows = self.get_queryset().values(*_LIST_VALUES)
        page = self.paginate_queryset(rows)
        today = timezone.localdate()
        data = [_list_row(values, today=today) for values in (page if page is not None else rows)]
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One case; reading its person is logged in the access log (a refusal too)."""
        read = accesslog.RequestRead(request, name=accesslog.CASE_READ)
        try:
            case = self.get_object()
        except Http404:
            read.refused_case(kwargs.get("pk"))
            raise
        response = Response(self.get_serializer(case).data)
        read.shown(case)
        return response

    def perform_service_create(self, data: dict[str, Any]) -> Case:
        return services.case_create(actor=self.request.user, **data)

    def perform_service_update(self, instance: Case, data: dict[str, Any]) -> Case:
        return services.case_update(actor=self.request.user, case=instance, data=data)

    def _output(self, instance: Any, *, status_code: int = status.HTTP_200_OK) -> Response:
        read = accesslog.RequestRead(self.request, name=accesslog.CASE_READ)
        response = super()._output(instance, status_code=status_code)
        # The answer to a write shows the case's person too: logged as a read is.
        read.shown(instance)
        return response

    def _case_output(self, case: Case, *, status_code: int = status.HTTP_200_OK) -> Response:
        # Read again through the selector: the answer shows what the user may see, afterwards.
        fresh = selectors.case_detail_for(user=self.request.user, pk=case.pk)
        return self._output(fresh, status_code=status_code)

    @extend_schema(responses={200: CaseCountsSerializer})
    @action(detail=False, methods=["get"], pagination_class=None)
    def counts(self, request: Request) -> Response:
        """How many open cases are overdue, due soon, suspended: the traffic lights' totals."""
        counts = selectors.case_counts_for(user=request.user)
        return Response(CaseCountsSerializer(counts).data)

    @extend_schema(responses={200: CaseStatusChangeSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def statuses(self, request: Request, pk: str | None = None) -> Response:
        """The case's status history, oldest first (append-only)."""
        case = self.get_object()
        history = selectors.status_history_of(case)
        return Response(CaseStatusChangeSerializer(history, many=True).data)

    @extend_schema(request=StatusChangeSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def status_change(self, request: Request, pk: str | None = None) -> Response:
        """Move the case along its procedure's state machine; an illegal step is a 409."""
        case = self.get_object()
        data = self._action_input(StatusChangeSerializer)
        services.status_change(
            actor=request.user,
            case=case,
            to_status=data["to_status"],
            on=data["on"],
            note=data["note"],
        )
        return self._case_output(case)

    @extend_schema(request=SuspendSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, pk: str | None = None) -> Response:
        """Stop the clock (Awb 4:15), for example until an incomplete application is completed."""
        case = self.get_object()
        data = self._action_input(SuspendSerializer)
        services.suspend(actor=request.user, case=case, **data)
        return self._case_output(case)

    @extend_schema(request=ResumeSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        """Restart the clock; the due date moves by the suspended days."""
        case = self.get_object()
        data = self._action_input(ResumeSerializer)
        services.resume(actor=request.user, case=case, **data)
        return self._case_output(case)

    @extend_schema(request=ExtendSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: str | None = None) -> Response:
        """Extend the term once, before it expires; a late or second extension is a 409."""
        case = self.get_object()
        data = self._action_input(ExtendSerializer)
        services.extend(actor=request.user, case=case, **data)
        return self._case_output(case)

    @extend_schema(request=NoticeOfDefaultSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"], url_path="notice-of-default")
    def notice_of_default(self, request: Request, pk: str | None = None) -> Response:
        """Record the applicant's notice of default (ingebrekestelling, Awb 4:17)."""
        case = self.get_object()
        data = self._action_input(NoticeOfDefaultSerializer)
        services.notice_of_default_record(actor=request.user, case=case, **data)
        return self._case_output(case)

    @extend_schema(request=RelateSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def relate(self, request: Request, pk: str | None = None) -> Response:
        """Relate another case of the same participant to this one."""
        case = self.get_object()
        data = self._action_input(RelateSerializer)
        services.relate(actor=request.user, case=case, other=data["other"], kind=data["kind"])
        return self._case_output(case)

    def _signing_input(self, case: Case, data: dict[str, Any]) -> dict[str, Any]:
        decision_date = data.get("decision_date") or timezone.localdate()
        # The case-side rules first (decision type of this case type, date, state machine),
        # so that the preview answers what signing would answer.
        services.decision_check_before_signing(
            case=case, decision_type=data["decision_type"], decision_date=decision_date
        )
        return {**data, "decision_date": decision_date}

    @extend_schema(request=SigningPreviewSerializer, responses={200: VerdictSerializer})
    @action(detail=True, methods=["post"], url_path="signing-preview")
    def signing_preview(self, request: Request, pk: str | None = None) -> Response:
        """What signing would do, without signing: the mandate chain and namens line it would
        use, or the one sentence why it would be refused. Writes nothing."""
        case = self.get_object()
        data = self._signing_input(case, self._action_input(SigningPreviewSerializer))
        answer = mandate_services.signing_verdict(actor=signed_in(request), case=case, **data)
        return Response(VerdictSerializer(answer).data)

    @extend_schema(request=SignSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        """Sign a decision on behalf of the case's participant, under a valid mandate.

        Without one the answer is a 409 whose ``detail`` names the missing link in one sentence
        (code ``mandate_refused``), and nothing is written.
        """
        case = self.get_object()
        data = self._signing_input(case, self._action_input(SignSerializer))
        decision = mandate_services.decision_sign(actor=request.user, case=case, **data)
        fresh = selectors.decision_list_for(user=request.user).select_related("mandate")
        return Response(
            DecisionSerializer(
                fresh.get(pk=decision.pk), context=self.get_serializer_context()
            ).data,
            status=status.HTTP_201_CREATED,
        )


# --- documents ----------------------------------------------------------------------------------


class DocumentSerializer(serializers.ModelSerializer[Document]):
    case_identification = serializers.CharField(source="case.identification", read_only=True)
    size = serializers.IntegerField(read_only=True, min_value=0, help_text="Grootte in bytes.")
    download = serializers.SerializerMethodField(help_text="Waar het bestand te downloaden is.")

    class Meta:
        model = Document
        fields = [
            "id",
            "case",
            "case_identification",
            "title",
            "document_type",
            "confidentiality",
            "author",
            "document_date",
            "file_name",
            "content_type",
            "size",
            "sha256",
            "created_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, document: Document) -> str:
        path = f"/api/v1/documents/{document.pk}/download/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class DocumentUploadSerializer(ScopedSerializer):
    scoped_fields: ClassVar[dict[str, Callable[[User], QuerySet[Any]]]] = {"case": _visible_cases}

    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.none())
    title = serializers.CharField(max_length=200)
    document_type = serializers.ChoiceField(choices=DocumentType.choices)
    confidentiality = serializers.ChoiceField(
        choices=Confidentiality.choices, default=Confidentiality.ZAAKVERTROUWELIJK
    )
    author = serializers.CharField(
        max_length=160, required=False, allow_blank=True, default="", help_text="Standaard: u."
    )
    document_date = serializers.DateField(required=False, allow_null=True, default=None)
    file = serializers.FileField(help_text="Het bestand; het controlegetal wordt berekend.")


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("case", OpenApiTypes.INT, description="Alleen deze zaak.")]
    ),
    create=extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer},
    ),
)
class DocumentViewSet(ServiceViewSet):
    """The dossier: documents of the cases the user may see, up to its clearance.

    Documents are never deleted. A participant user never sees, nor downloads, a document above
    the confidentiality its membership is cleared for: such a document answers 404.
    """

    serializer_class = DocumentSerializer
    input_serializer_class = DocumentUploadSerializer
    pagination_class = NewestFirstCursorPagination
    parser_classes = [MultiPartParser]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Document]:
        documents = selectors.document_list_for(user=self.request.user)
        if self.action != "list":
            return documents
        case = int_query_param(self.request, "case", example="1200")
        return documents if case is None else documents.filter(case_id=case)

    def perform_service_create(self, data: dict[str, Any]) -> Document:
        upload = data.pop("file")
        return services.document_add(actor=self.request.user, upload=upload, **data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        """The file itself, as an attachment with its original name."""
        read = accesslog.RequestRead(request, name=accesslog.DOCUMENT_DOWNLOAD)
        try:
            document = self.get_object()
        except Http404:
            read.refused_document(pk)
            raise
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise exceptions.NotFound(
                "The file of this document is missing from storage."
            ) from None
        read.shown(document.case, document=document)
        return FileResponse(
            handle,
            as_attachment=True,
            filename=document.file_name,
            content_type=document.content_type or "application/octet-stream",
        )


# --- decisions ----------------------------------------------------------------------------------


class WithdrawSerializer(serializers.Serializer[Any]):
    on = serializers.DateField(required=False, help_text="Standaard vandaag.")
    reason = serializers.CharField(help_text="Waarom het besluit wordt ingetrokken.")


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("case", OpenApiTypes.INT, description="Alleen deze zaak.")]
    )
)
class DecisionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ActionViewSetMixin,
):
    """Decisions, each with the mandate chain it was signed under and its namens line.

    Decisions are only created by signing (``POST /cases/{id}/sign/``) and never deleted; a
    withdrawn decision stays, and a new one may supersede it.
    """

    serializer_class = DecisionSerializer
    pagination_class = NewestFirstCursorPagination
    http_method_names = ["get", "post", "head", "options"]
    write_permissions: ClassVar[dict[str, tuple[str, ...]]] = {"withdraw": ("cases.sign_decision",)}

    def get_queryset(self) -> QuerySet[Decision]:
        decisions = selectors.decision_list_for(user=self.request.user).select_related(
            "case", "mandate"
        )
        if self.action != "list":
            return decisions
        case = int_query_param(self.request, "case", example="1200")
        return decisions if case is None else decisions.filter(case_id=case)

    @extend_schema(request=WithdrawSerializer, responses={200: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """Withdraw a decision, saying why; it stays in the dossier as withdrawn."""
        decision = self.get_object()
        data = self._action_input(WithdrawSerializer)
        services.decision_withdraw(
            actor=request.user,
            decision=decision,
            on=data.get("on") or timezone.localdate(),
            reason=data["reason"],
        )
        withdrawn = self.get_queryset().get(pk=decision.pk)
        return Response(DecisionSerializer(withdrawn, context=self.get_serializer_context()).data)
