"""The open datasets as DCAT-AP-NL 3.0 (Turtle and JSON-LD), and the datasets' URIs.

The downloads need no login: they hold only the metadata of datasets marked open
(``access_rights=publiek``), which is public by definition, and harvesters of data.overheid.nl
and the like fetch them without an account. A dataset's URI (its ``dct:identifier``) leads a
member of staff to its page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET

from grip.dataplatform import dcat, selectors

VIEW_DATASET = "dataplatform.view_dataset"


def _download(rdf_format: str, content_type: str, filename: str) -> HttpResponse:
    text = dcat.serialize(dcat.catalog_graph(), rdf_format)
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def dcat_turtle(request: HttpRequest) -> HttpResponse:
    return _download("turtle", "text/turtle", "dcat.ttl")


@require_GET
def dcat_jsonld(request: HttpRequest) -> HttpResponse:
    return _download("json-ld", "application/ld+json", "dcat.jsonld")


@login_required
@permission_required(VIEW_DATASET, raise_exception=True)
@require_GET
def dataset_uri(request: HttpRequest, identifier: str) -> HttpResponse:
    """``/datacatalogus/id/<identifier>``: the persistent URI, resolved to the dataset page."""
    dataset = get_object_or_404(selectors.dataset_list(), identifier=identifier)
    return redirect("web:dataset-detail", pk=dataset.pk)
