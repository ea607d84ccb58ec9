"""URLs of this part of the UI, included by grip.web.urls (names are web:...)."""

from __future__ import annotations

from django.urls import URLPattern, path

from grip.web.portal import comments, participant_requests

urlpatterns: list[URLPattern] = [
    # The participants' requests to the service
    path("verzoeken/", participant_requests.request_list, name="request-list"),
    path("verzoeken/nieuw/", participant_requests.request_create, name="request-create"),
    path("verzoeken/<int:pk>/", participant_requests.request_detail, name="request-detail"),
    path("verzoeken/<int:pk>/status/", participant_requests.request_move, name="request-move"),
    path(
        "verzoeken/<int:pk>/programmawijziging/",
        participant_requests.request_to_amendment,
        name="request-to-amendment",
    ),
    # Comments on a draft work programme
    path(
        "werkprogrammas/versies/<int:pk>/reacties/",
        comments.comment_add,
        name="programme-comment-add",
    ),
]
