"""API for realisation, forecast and settlement: the same figures as the realisation pages.

Reads only. The regional figures cover the participants the user may see; a participant is
looked up through the tenancy scope, so another participant's figures answer 404. Reading
needs ``programmes.view_programme``, as the pages do. The declarable share per team and
employee needs ``hours.view_hourentry`` and a view of all participants (staff, not a
participant's users), as its page does.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from grip.api.frameworks import year_field
from grip.core.tenancy import sees_all_participants
from grip.finance import selectors
from grip.finance.periods import Period
from grip.frameworks.constants import Settlement
from grip.organisation import selectors as organisation_selectors
from grip.participants import selectors as participant_selectors

VIEW_PERMISSION = "programmes.view_programme"
ENTRIES_PERMISSION = "hours.view_hourentry"


class CanViewProgrammes(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm(VIEW_PERMISSION))


class CanViewDeclarableShare(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm(ENTRIES_PERMISSION)) and sees_all_participants(
            request.user
        )


def hours_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, **kwargs)


def amount_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, **kwargs)


def percent_field(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=9, decimal_places=1, read_only=True, allow_null=True, **kwargs
    )


# --- query parameters -------------------------------------------------------------------------


class RealisationQuerySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        min_value=2013, max_value=2100, required=False, help_text="Jaar; standaard dit jaar."
    )
    period = serializers.RegexField(
        r"^(?i:jaar|ytd|Q[1-4]|M(1[0-2]|0?[1-9]))$",
        required=False,
        help_text=(
            "Periode binnen het jaar: jaar, ytd (tot en met vandaag; standaard), Q1 t/m Q4 "
            "of M1 t/m M12."
        ),
    )


class DeclarableShareQuerySerializer(RealisationQuerySerializer):
    team = serializers.IntegerField(
        min_value=1, required=False, help_text="Team waarvan de medewerkers getoond worden."
    )


class SettlementQuerySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        min_value=2013, max_value=2100, required=False, help_text="Jaar; standaard dit jaar."
    )


def _year_and_period(request: Request) -> tuple[int, Period, Any]:
    query = RealisationQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    year = query.validated_data.get("year") or timezone.localdate().year
    as_of = selectors.default_as_of(year)
    period = Period.parse(query.validated_data.get("period") or "ytd", year=year, as_of=as_of)
    return year, period, as_of


# --- output -----------------------------------------------------------------------------------


class ParticipantRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True, help_text="CBS-code.")
    name = serializers.CharField(read_only=True)


class PeriodSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(read_only=True, help_text="jaar, ytd, Q1 t/m Q4 of M1 t/m M12.")
    year = year_field()
    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True)


class ForecastSerializer(serializers.Serializer[Any]):
    year = year_field()
    as_of = serializers.DateField(read_only=True, help_text="De stand waarop de prognose rust.")
    plan_hours = hours_field(help_text="Uren in het plan voor het hele jaar.")
    plan_amount = amount_field()
    realised_hours = hours_field(help_text="Gerealiseerde uren tot en met as_of.")
    share_elapsed = serializers.DecimalField(
        max_digits=12,
        decimal_places=6,
        read_only=True,
        help_text="Deel van het jaarwerk dat volgens het profiel verstreken is (0 tot 1).",
    )
    hours = hours_field(allow_null=True, help_text="Prognose van de uren aan het jaareinde.")
    amount = amount_field(allow_null=True)
    deviation_percent = percent_field(help_text="Afwijking van de prognose van het plan.")
    warning = serializers.BooleanField(read_only=True)
    threshold_percent = serializers.DecimalField(max_digits=5, decimal_places=0, read_only=True)


class RowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(read_only=True)
    name = serializers.CharField(source="label", read_only=True)
    planned_hours = hours_field(help_text="Plan in de periode.")
    planned_amount = amount_field()
    realised_hours = hours_field()
    realised_amount = amount_field()
    percent = percent_field()


class MonthSerializer(serializers.Serializer[Any]):
    month = serializers.IntegerField(read_only=True, min_value=1, max_value=12)
    planned_cumulative = hours_field()
    realised_cumulative = hours_field(allow_null=True)


class RealisationSummarySerializer(serializers.Serializer[Any]):
    participant = ParticipantRefSerializer(read_only=True)
    version_id = serializers.SerializerMethodField(
        help_text="De vastgestelde programmaversie waar het plan uit komt."
    )
    plan_year_hours = hours_field()
    plan_year_amount = amount_field()
    planned_hours = hours_field(help_text="Plan in de periode.")
    planned_amount = amount_field()
    realised_hours = hours_field()
    realised_amount = amount_field()
    percent = percent_field(help_text="Gerealiseerde uren als percentage van het plan.")
    related_share = percent_field(help_text="Aandeel gerelateerd werk in de gerealiseerde uren.")
    seasonal = serializers.BooleanField(
        read_only=True, help_text="Gespreid naar de uren van vorig jaar (anders naar werkdagen)."
    )
    forecast = ForecastSerializer(read_only=True)

    def get_version_id(self, realisation: selectors.Realisation) -> int | None:
        return realisation.version.pk if realisation.version else None


class RealisationSerializer(RealisationSummarySerializer):
    period = PeriodSerializer(read_only=True)
    as_of = serializers.DateField(read_only=True)
    tariff = amount_field(allow_null=True, help_text="Uurtarief van het jaar.")
    by_task_kind = RowSerializer(many=True, read_only=True)
    by_product = RowSerializer(many=True, read_only=True)
    related_work = RowSerializer(many=True, read_only=True)
    projects = RowSerializer(many=True, read_only=True)
    months = MonthSerializer(many=True, read_only=True)


class RegionalRealisationSerializer(serializers.Serializer[Any]):
    year = year_field()
    period = PeriodSerializer(read_only=True)
    as_of = serializers.DateField(read_only=True)
    rows = RealisationSummarySerializer(many=True, read_only=True)
    plan_year_hours = hours_field()
    planned_hours = hours_field()
    planned_amount = amount_field()
    realised_hours = hours_field()
    realised_amount = amount_field()
    forecast_hours = hours_field()
    percent = percent_field()
    warnings = serializers.IntegerField(read_only=True, min_value=0)


class SettlementLineSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(
        read_only=True, help_text="Productcode, soort gerelateerd werk of collectief."
    )
    name = serializers.CharField(source="label", read_only=True)
    settlement = serializers.ChoiceField(
        source="method", choices=Settlement.choices, read_only=True, help_text="Financiering."
    )
    planned_quantity = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    planned_amount = amount_field()
    realised_hours = hours_field()
    realised_quantity = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    price = amount_field(allow_null=True, help_text="PxQ: kental × uurtarief.")
    amount = amount_field(help_text="Af te rekenen bedrag.")


class SettlementSerializer(serializers.Serializer[Any]):
    participant = ParticipantRefSerializer(read_only=True)
    year = year_field()
    version_id = serializers.SerializerMethodField()
    tariff = amount_field(allow_null=True)
    lines = SettlementLineSerializer(many=True, read_only=True)
    related_work = SettlementLineSerializer(many=True, read_only=True)
    collective = SettlementLineSerializer(read_only=True, allow_null=True)
    planned_amount = amount_field()
    amount = amount_field()

    def get_version_id(self, statement: selectors.SettlementStatement) -> int | None:
        return statement.version.pk if statement.version else None


class DeclarableShareRowSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True, help_text="Id van het team of de medewerker.")
    name = serializers.CharField(source="label", read_only=True)
    fte = serializers.DecimalField(max_digits=9, decimal_places=2, read_only=True)
    booked_hours = hours_field(help_text="Alle geboekte uren in de periode.")
    declarable_hours = hours_field(help_text="Uren op boekingsdoelen van een deelnemer.")
    share_percent = percent_field(help_text="Declarabele uren als percentage van alle uren.")
    norm_hours = hours_field(help_text="Declarabele uren volgens de norm in de periode.")
    norm_percent = percent_field(help_text="Declarabele uren als percentage van de norm.")


class DeclarableShareOverviewSerializer(serializers.Serializer[Any]):
    year = year_field()
    period = PeriodSerializer(read_only=True)
    norm_hours_per_fte = serializers.IntegerField(
        read_only=True, help_text="Declarabele uren per FTE per jaar (instelling)."
    )
    teams = DeclarableShareRowSerializer(many=True, read_only=True)
    team = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Het gekozen team van de medewerkers."
    )
    employees = DeclarableShareRowSerializer(
        many=True, read_only=True, help_text="De medewerkers van het gekozen team; leeg zonder."
    )


def _declarable_row(pk: int, share: selectors.DeclarableShare) -> dict[str, Any]:
    return {
        "id": pk,
        **asdict(share),
        "share_percent": share.share_percent,
        "norm_percent": share.norm_percent,
    }


# --- views ------------------------------------------------------------------------------------


class FinanceView(APIView):
    permission_classes = [IsAuthenticated, CanViewProgrammes]


class RegionalRealisationView(FinanceView):
    @extend_schema(
        operation_id="realisation_regional",
        parameters=[RealisationQuerySerializer],
        responses=RegionalRealisationSerializer,
    )
    def get(self, request: Request) -> Response:
        """Plan to date, realised and forecast of every participant the user may see."""
        year, period, as_of = _year_and_period(request)
        regional = selectors.regional_realisation(
            user=request.user, year=year, as_of=as_of, period=period
        )
        return Response(RegionalRealisationSerializer(regional).data)


class ParticipantRealisationView(FinanceView):
    @extend_schema(
        operation_id="realisation_participant",
        parameters=[RealisationQuerySerializer],
        responses=RealisationSerializer,
    )
    def get(self, request: Request, participant_id: int) -> Response:
        """One participant: by task kind, product and related work, months, forecast."""
        participant = get_object_or_404(
            participant_selectors.participant_list_for(user=request.user), pk=participant_id
        )
        _year, period, as_of = _year_and_period(request)
        realisation = selectors.realisation(participant=participant, period=period, as_of=as_of)
        return Response(RealisationSerializer(realisation).data)


class SettlementView(FinanceView):
    @extend_schema(
        operation_id="settlement_participant",
        parameters=[SettlementQuerySerializer],
        responses=SettlementSerializer,
    )
    def get(self, request: Request, participant_id: int) -> Response:
        """The year's settlement of one participant, per line by its settlement method."""
        participant = get_object_or_404(
            participant_selectors.participant_list_for(user=request.user), pk=participant_id
        )
        query = SettlementQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        statement = selectors.settlement(participant=participant, year=year)
        return Response(SettlementSerializer(statement).data)


class DeclarableShareView(APIView):
    permission_classes = [IsAuthenticated, CanViewDeclarableShare]

    @extend_schema(
        operation_id="declarable_share",
        parameters=[DeclarableShareQuerySerializer],
        responses=DeclarableShareOverviewSerializer,
    )
    def get(self, request: Request) -> Response:
        """Declarable share per team, and per employee of one team, against the norm."""
        query = DeclarableShareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        as_of = selectors.default_as_of(year)
        period = Period.parse(query.validated_data.get("period") or "ytd", year=year, as_of=as_of)
        teams = list(organisation_selectors.team_list())
        team_id = query.validated_data.get("team")
        team = None
        if team_id is not None:
            team = next((t for t in teams if t.pk == team_id), None)
            if team is None:
                raise Http404
        employees = (
            list(organisation_selectors.employee_list().filter(team=team))
            if team is not None
            else []
        )
        shares = selectors.declarable_share(employees=employees, period=period)
        overview = {
            "year": year,
            "period": period,
            "norm_hours_per_fte": int(settings.GRIP_DECLARABLE_NORM_HOURS),
            "teams": [
                _declarable_row(t.pk, selectors.team_declarable_share(team=t, period=period))
                for t in teams
            ],
            "team": team.pk if team is not None else None,
            "employees": [
                _declarable_row(employee.pk, share)
                for employee, share in zip(employees, shares, strict=True)
            ],
        }
        return Response(DeclarableShareOverviewSerializer(overview).data)
