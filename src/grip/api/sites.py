"""API for the register of supervised sites (CIM VTH-object), read-only, and its reference lists.

Sites come from the tenancy-scoped selector of ``grip.sites``: a participant user sees only its
own participant's sites, and another participant's site answers 404. The list pages by cursor
(no COUNT(*), no deep offsets over tens of thousands of sites) and costs three queries per page
whatever its length: the sites, their establishments' SBI codes and their activities. The
beheerder can read a CSV or XLSX file of sites through ``POST /sites/import/``; every problem of
a refused file is one entry of ``invalid_params``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, pagination, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from grip.api.base import int_query_param
from grip.api.problems import problem_response
from grip.core.errors import ImportRejected
from grip.sites import imports, selectors
from grip.sites.constants import ActivityStatus, SbiSection
from grip.sites.models import BalActivity, SbiCode, Site, SiteType

MAX_IMPORT_BYTES = 50 * 1024 * 1024  # a register of a large service fits in well under this


class SiteCursorPagination(pagination.CursorPagination):
    """Cursor pages in identification order: unique and never changed, so a page never skips
    or repeats a site while sites are added."""

    ordering = "identification"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


# --- serializers ---------------------------------------------------------------------------------


class SbiCodeSerializer(serializers.ModelSerializer[SbiCode]):
    class Meta:
        model = SbiCode
        fields = ["code", "name", "section"]


class BalActivitySerializer(serializers.ModelSerializer[BalActivity]):
    class Meta:
        model = BalActivity
        fields = ["code", "name", "category", "bal_reference"]


class SiteTypeSerializer(serializers.ModelSerializer[SiteType]):
    class Meta:
        model = SiteType
        fields = [
            "code",
            "main_type",
            "subtype",
            "definition",
            "explanation",
            "valid_from",
            "valid_to",
        ]


class EstablishmentSbiSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(source="sbi_code.code", help_text="SBI-code.")
    name = serializers.CharField(source="sbi_code.name", help_text="Omschrijving.")
    section = serializers.CharField(source="sbi_code.section", help_text="Sectie (A tot en met U).")
    is_main = serializers.BooleanField(help_text="De hoofdactiviteit van de vestiging.")


class EstablishmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kvk_number = serializers.CharField(help_text="KvK-nummer: acht cijfers.")
    branch_number = serializers.CharField(
        allow_null=True, help_text="Vestigingsnummer: twaalf cijfers, of leeg."
    )
    trade_name = serializers.CharField(help_text="Handelsnaam.")
    sbi_codes = EstablishmentSbiSerializer(
        source="sbi_links.all", many=True, help_text="SBI-activiteiten, de hoofdactiviteit eerst."
    )


class SiteActivitySerializer(serializers.Serializer[Any]):
    code = serializers.CharField(source="activity.code", help_text="Code van de activiteit.")
    name = serializers.CharField(source="activity.name", help_text="Activiteitnaam.")
    category = serializers.CharField(source="activity.category", help_text="Activiteitengroep.")
    status = serializers.ChoiceField(
        choices=ActivityStatus.choices, help_text="Status activiteituitvoering (CIM VTH FLo)."
    )
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)


class SiteSerializer(serializers.Serializer[Any]):
    """A site (CIM VTH-object) with its establishment, SBI codes and activities."""

    id = serializers.IntegerField()
    identification = serializers.CharField(help_text="VTH-objectidentificatie.")
    name = serializers.CharField()
    site_type = serializers.CharField(source="site_type.code", help_text="Type VTH-object.")
    participant = serializers.IntegerField(source="participant_id", help_text="Bevoegd gezag.")
    participant_code = serializers.CharField(source="participant.code", help_text="CBS-code.")
    street = serializers.CharField()
    house_number = serializers.IntegerField(allow_null=True)
    house_letter = serializers.CharField()
    house_number_addition = serializers.CharField()
    postcode = serializers.CharField(help_text="Zoals in de BAG: 5611AB.")
    city = serializers.CharField()
    bag_id = serializers.CharField(help_text="BAG-identificatie (16 cijfers) of leeg.")
    location_description = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    is_active = serializers.BooleanField()
    establishment = EstablishmentSerializer(allow_null=True)
    activities = SiteActivitySerializer(source="activities.all", many=True)


# --- permissions ---------------------------------------------------------------------------------


class MayImportSites(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(imports.PERMISSION))


class SiteImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(
        help_text="CSV (UTF-8) of XLSX met de kolommen van de handleiding."
    )


class SiteImportResultSerializer(serializers.Serializer[Any]):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    establishments_created = serializers.IntegerField()
    establishments_updated = serializers.IntegerField()


# --- views ----------------------------------------------------------------------------------------


def _choice(request: Request, name: str, choices: list[str]) -> str | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if raw not in choices:
        raise serializers.ValidationError({name: f"Choose one of: {', '.join(choices)}."})
    return raw


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("participant", OpenApiTypes.INT, description="Alleen deze deelnemer."),
            OpenApiParameter(
                "sbi",
                OpenApiTypes.STR,
                description="SBI-code of het begin ervan (0146, of 01 voor de hele afdeling).",
            ),
            OpenApiParameter(
                "section",
                OpenApiTypes.STR,
                enum=list(SbiSection.values),
                description="Sectie van de hoofd-SBI-code (A tot en met U).",
            ),
            OpenApiParameter(
                "activity",
                OpenApiTypes.STR,
                description="Code van een activiteit die er voorgenomen is of plaatsvindt.",
            ),
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description="Zoek in naam, identificatie, adres, handelsnaam, KvK-nummer.",
            ),
            OpenApiParameter(
                "active",
                OpenApiTypes.BOOL,
                description="true: lopende objecten; false: beëindigde.",
            ),
        ]
    )
)
class SiteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Supervised sites; a participant user sees only its own participant's sites."""

    serializer_class = SiteSerializer
    pagination_class = SiteCursorPagination
    queryset = Site.objects.none()  # for the permission class; rows come from get_queryset

    def get_queryset(self) -> QuerySet[Site]:
        request = self.request
        filters: dict[str, Any] = {}
        if self.action == "list":
            active = request.query_params.get("active")
            if active not in (None, "", "true", "false"):
                raise serializers.ValidationError({"active": "Give true or false."})
            filters = {
                "participant": int_query_param(request, "participant", example="8"),
                "sbi": request.query_params.get("sbi") or None,
                "section": _choice(request, "section", list(SbiSection.values)),
                "activity": request.query_params.get("activity") or None,
                "q": request.query_params.get("q") or None,
                "active": None if active in (None, "") else active == "true",
            }
        sites = selectors.site_list_for(user=request.user, **filters)
        return selectors.with_branches(sites)

    @extend_schema(
        request={"multipart/form-data": SiteImportSerializer},
        responses={200: SiteImportResultSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser],
        permission_classes=[MayImportSites],
    )
    def import_file(self, request: Request) -> Response:
        """Read supervised sites from a CSV or XLSX file (beheerder).

        Every row is checked first; when any fails nothing is written and the answer is a 400
        whose ``invalid_params`` name every problem by file, row and column."""
        serializer = SiteImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
            raise serializers.ValidationError({"file": "The file is larger than 50 MB."})
        try:
            result = imports.import_sites_file(
                actor=request.user, path_or_bytes=upload.read(), file_name=upload.name or "upload"
            )
        except ImportRejected as rejected:
            return problem_response(
                status_code=rejected.status,
                code=rejected.code,
                title=type(rejected).__name__,
                detail=rejected.message,
                invalid_params=[
                    {"name": problem.location, "code": rejected.code, "reason": problem.message}
                    for problem in rejected.problems
                ],
            )
        return Response(
            SiteImportResultSerializer(
                {
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "establishments_created": result.establishments_created,
                    "establishments_updated": result.establishments_updated,
                }
            ).data
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "section", OpenApiTypes.STR, enum=list(SbiSection.values), description="Sectie."
            )
        ]
    )
)
class SbiCodeViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The SBI 2008 codes Grip knows (a selection that matters for an omgevingsdienst)."""

    serializer_class = SbiCodeSerializer
    lookup_field = "code"
    queryset = SbiCode.objects.none()

    def get_queryset(self) -> QuerySet[SbiCode]:
        codes = selectors.sbi_code_list()
        section = _choice(self.request, "section", list(SbiSection.values))
        return codes if section is None else codes.filter(section=section)


class BalActivityViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The activities (CIM Activiteit) the sites can carry out, mostly of Bal chapter 3."""

    serializer_class = BalActivitySerializer
    lookup_field = "code"
    queryset = BalActivity.objects.none()

    def get_queryset(self) -> QuerySet[BalActivity]:
        return selectors.bal_activity_list()


class SiteTypeViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The values of the CIM reference list Type VTH-object (Grip's own content)."""

    serializer_class = SiteTypeSerializer
    lookup_field = "code"
    queryset = SiteType.objects.none()

    def get_queryset(self) -> QuerySet[SiteType]:
        return selectors.site_type_list()
