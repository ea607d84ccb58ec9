"""Comments on a draft work programme: the participant's own user and its account manager
react on a concept or submitted version (``grip.programmes.services.comment_add`` decides who
may and on which version). The comments show on the programme page; a refused comment comes
back there with its text and the reason next to the field.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grip.core.errors import DomainError
from grip.programmes import selectors, services
from grip.web.cases import refusal_status
from grip.web.feedback import dutch_message
from grip.web.programmes import render_programme_page


@login_required
@permission_required("programmes.view_programme", raise_exception=True)
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    # Another participant's version answers 404, the same as one that does not exist.
    version = get_object_or_404(selectors.version_list_for(user=request.user), pk=pk)
    text = request.POST.get("text", "")
    try:
        comment = services.comment_add(actor=request.user, version=version, text=text)
    except DomainError as error:
        return render_programme_page(
            request,
            version.programme,
            version,
            status=refusal_status(error),
            comment_text=text,
            comment_error=dutch_message(error),
        )
    messages.success(request, _("Uw reactie is geplaatst."))
    url = reverse("web:programme-detail", args=[version.programme_id])
    return redirect(f"{url}?versie={version.pk}#reactie-{comment.pk}")
