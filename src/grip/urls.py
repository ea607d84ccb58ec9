from django.urls import include, path

# No Django admin: every change to domain data goes through the audited services.
urlpatterns = [
    path("api/v1/", include("grip.api.urls")),
    path("", include("grip.web.urls")),
]
