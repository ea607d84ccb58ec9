"""URLs of this part of the UI, included by grip.web.urls (names are web:...)."""

from __future__ import annotations

from django.urls import URLPattern, path

from grip.web.accounts import cockpit, follow_ups, interactions, notifications, plans

urlpatterns: list[URLPattern] = [
    path("cockpit/", cockpit.cockpit, name="cockpit"),
    path(
        "deelnemers/<int:pk>/contactmomenten/",
        interactions.interaction_list,
        name="interaction-list",
    ),
    path(
        "deelnemers/<int:pk>/vervolgacties/nieuw/",
        follow_ups.follow_up_add,
        name="follow-up-add",
    ),
    path(
        "deelnemers/<int:pk>/accountplan/<int:year>/",
        plans.account_plan,
        name="account-plan",
    ),
    path(
        "deelnemers/<int:pk>/tevredenheid/",
        plans.satisfaction_record,
        name="satisfaction-record",
    ),
    path("contactmomenten/<int:pk>/", interactions.interaction_detail, name="interaction-detail"),
    path(
        "contactmomenten/<int:pk>/vervolgacties/",
        interactions.interaction_follow_up_add,
        name="interaction-follow-up-add",
    ),
    path("vervolgacties/", follow_ups.my_follow_ups, name="follow-up-mine"),
    path("vervolgacties/<int:pk>/", follow_ups.follow_up_detail, name="follow-up-detail"),
    path(
        "vervolgacties/<int:pk>/afsluiten/",
        follow_ups.follow_up_close,
        name="follow-up-close",
    ),
    path(
        "vervolgacties/<int:pk>/verplaatsen/",
        follow_ups.follow_up_reschedule,
        name="follow-up-reschedule",
    ),
    path("meldingen/", notifications.notifications, name="notifications"),
]
