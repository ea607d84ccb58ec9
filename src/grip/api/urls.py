from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework import routers
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from grip.api import frameworks, organisation, participants

app_name = "api"


class ApiRootView(routers.APIRootView):
    """Grip's API: participants and organisation; later work programmes, cases and hours."""

    permission_classes = [IsAuthenticated]


router = DefaultRouter()
router.APIRootView = ApiRootView
router.register("participants", participants.ParticipantViewSet, basename="participant")
router.register("contacts", participants.ContactViewSet, basename="contact")
router.register("teams", organisation.TeamViewSet, basename="team")
router.register("functions", organisation.FunctionViewSet, basename="function")
router.register("employees", organisation.EmployeeViewSet, basename="employee")
router.register("modules", frameworks.ModuleViewSet, basename="module")
router.register("products", frameworks.ProductViewSet, basename="product")
router.register("tariffs", frameworks.TariffViewSet, basename="tariff")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include(router.urls)),
]
