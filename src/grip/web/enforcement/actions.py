"""The pattern every action of a detail page follows: a form parses the input, one service
call decides, and the answer is the page again.

On success the page redirects back with the service's message; on a refusal it renders again
with the reason at the field the service names and the input kept (422; 403 and 409 keep their
meaning), and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.mandates import services as mandate_services
from grip.mandates.verdict import Verdict
from grip.web.cases import refusal_status
from grip.web.enforcement.common import user_of
from grip.web.enforcement.forms import EnforcementForm


@dataclass(frozen=True)
class Done:
    """What an action answers when it succeeded: the message, and where to go."""

    message: str
    url: str = ""


Action = Callable[[UserModel, Any, dict[str, Any]], Done]
FormFactory = Callable[..., EnforcementForm]


@dataclass(frozen=True)
class ActionSpec:
    form: FormFactory
    permission: str
    run: Action
    url_name: str
    title: Any
    button: Any
    intro: Any = ""


@dataclass(frozen=True)
class ActionView:
    """An action as a page shows it: its form, where it posts and its anchor."""

    key: str
    spec: ActionSpec
    form: EnforcementForm
    url: str

    @property
    def anchor(self) -> str:
        return anchor_of(self.key)


@dataclass(frozen=True)
class DetailPage:
    template: str
    url_name: str
    load: Callable[[UserModel, int], Any]
    context: Callable[[HttpRequest, Any, dict[str, EnforcementForm]], dict[str, Any]]


def anchor_of(key: str) -> str:
    return f"actie-{key}"


def _shows(context: dict[str, Any], form: EnforcementForm) -> bool:
    """Whether the page still shows ``form``: as one of its actions, or on one of its rows (a
    finding, an appeal, a notice of intent)."""
    for value in context.values():
        items = list(value.values()) if isinstance(value, dict) else value
        if isinstance(items, list) and any(getattr(i, "form", None) is form for i in items):
            return True
    return False


def run_action(
    request: HttpRequest,
    page: DetailPage,
    target: Any,
    key: str,
    form: EnforcementForm,
    action: Callable[[dict[str, Any]], Done],
    *,
    anchor: str | None = None,
) -> HttpResponse:
    """Run one action of a page: on success back to the page with the message; on a refusal
    the page again, with the reason at the field and the input kept (nothing was written)."""
    anchor = anchor or anchor_of(key)
    status = 422
    refusal: mandate_services.MandateRefused | None = None
    if form.is_valid():
        try:
            done = action(form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form.add_refusal(error)
            status = refusal_status(error)
            if isinstance(error, mandate_services.MandateRefused):
                refusal = error
        else:
            messages.success(request, done.message)
            url = done.url or reverse(page.url_name, args=[target.pk])
            return redirect(url if "#" in url else f"{url}#{anchor}")
    fresh = page.load(user_of(request), target.pk)
    context = page.context(request, fresh, {key: form})
    context["refused_anchor"] = anchor
    if not _shows(context, form):
        # The action is no longer offered (the inspection was cancelled meanwhile, say):
        # the reasons go above the page, as there is no form to show them at.
        context["refused_reasons"] = [error for errors in form.errors.values() for error in errors]
    if refusal is not None:
        # A page with a mandate preview shows the signing service's own sentence there.
        context["verdict"] = Verdict(False, refusal.message)
    return render(request, page.template, context, status=status)


def action_view(
    page: DetailPage, specs: dict[str, ActionSpec], key: str
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST view for one of a page's action forms."""
    spec = specs[key]

    @login_required
    @permission_required(spec.permission, raise_exception=True)
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        user = user_of(request)
        target = page.load(user, pk)
        form = spec.form(request.POST, prefix=key, target=target, user=user)
        return run_action(
            request, page, target, key, form, lambda data: spec.run(user, target, data)
        )

    view.__name__ = view.__qualname__ = f"action_{key.replace('-', '_')}"
    return view


def offered_actions(
    specs: dict[str, ActionSpec],
    offered: dict[str, bool],
    target: Any,
    user: UserModel,
    bound: dict[str, EnforcementForm],
    pk: int,
) -> dict[str, ActionView]:
    """The actions a page offers, keyed for templates (``afronden``, ``niet_handhaven``)."""
    return {
        key.replace("-", "_"): ActionView(
            key,
            spec,
            (bound.get(key) or spec.form(None, prefix=key, target=target, user=user)).style(),
            reverse(spec.url_name, args=[pk]),
        )
        for key, spec in specs.items()
        if offered.get(key)
    }
