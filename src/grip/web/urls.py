from django.contrib.auth import views as auth_views
from django.urls import path

from grip.web import views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("deelnemers/", views.participant_list, name="participant-list"),
    path("deelnemers/<int:pk>/", views.participant_detail, name="participant-detail"),
    path("organisatie/", views.team_list, name="team-list"),
    path("organisatie/teams/<int:pk>/", views.team_detail, name="team-detail"),
    path("audittrail/", views.audit_list, name="audit-list"),
    path("productencatalogus/", views.catalogue, name="catalogue"),
]
