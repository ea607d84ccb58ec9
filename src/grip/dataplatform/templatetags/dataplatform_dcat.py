"""``{% dcat_problems dataset as problems %}``: what keeps a dataset out of the DCAT export."""

from __future__ import annotations

from django import template

from grip.dataplatform import dcat
from grip.dataplatform.models import Dataset

register = template.Library()


@register.simple_tag
def dcat_problems(dataset: Dataset) -> list[str]:
    return dcat.dcat_problems(dataset)
