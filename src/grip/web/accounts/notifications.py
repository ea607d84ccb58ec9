"""The user's own notifications and their choice, per kind, of which also come by e-mail.
For everyone who logs in: staff and participant users alike."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from grip.core import notifications as core_notifications
from grip.core import selectors as core_selectors
from grip.web.accounts.common import user_of
from grip.web.accounts.forms import PreferencesForm

PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            core_notifications.set_preferences(user=user, choices=form.choices())
            messages.success(request, _("Uw keuze voor meldingen per e-mail is opgeslagen."))
            return redirect(reverse("web:notifications") + "#voorkeuren")
        status = 422  # pragma: no cover - checkboxes cannot be invalid
    else:
        form = PreferencesForm(initial=core_notifications.preferences_of(user))
    page = Paginator(core_selectors.notifications_of(user=user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "web/accounts/notifications.html",
        {"page": page, "form": form.style()},
        status=status,
    )
