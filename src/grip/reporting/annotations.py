"""What stands beside a report's figures: their definition, where their data comes from and how
good that data is now.

``reporting`` does not know the data platform (it sits above), so the platform registers an
annotator at start-up (``DataplatformConfig.ready``), the pattern of ``core.links.register``.
Without one, :func:`annotate` gives nothing and the report shows its figures bare.

A figure key is a ``data-figure`` prefix (``cases``, ``realisation``, ...) or ``indicator.<code>``
for one indicator. The annotations are part of a report's content: built with a draft (so a
draft shows the current quality) and frozen with it at publication (so a published report
shows the quality as it was then).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AnnotatedDataset:
    """A dataset behind a figure: its catalogue identifier, title and page (if catalogued)."""

    identifier: str
    title: str
    path: str | None = None


@dataclass(frozen=True)
class QualityScore:
    """The weakest link: the lowest quality score among a figure's datasets."""

    percent: int
    weakest: str  # identifier
    weakest_title: str


@dataclass(frozen=True)
class Annotation:
    definition: str
    datasets: list[AnnotatedDataset] = field(default_factory=list)
    score: QualityScore | None = None


Annotator = Callable[[list[str]], dict[str, Annotation]]

_annotators: list[Annotator] = []


def register_annotator(fn: Annotator) -> None:
    """Use ``fn`` for every report; a later registration replaces an earlier one."""
    _annotators.clear()
    _annotators.append(fn)


def annotate(figure_keys: Iterable[str]) -> dict[str, Annotation]:
    """The annotations of these figure keys; a key without one is left out."""
    keys = list(dict.fromkeys(figure_keys))
    if not _annotators or not keys:
        return {}
    return _annotators[0](keys)


# A figure key is a section prefix of SECTION_DATASETS, or this prefix and an indicator's code.
INDICATOR_KEY_PREFIX = "indicator."


def figure_keys(indicator_codes: Iterable[str], *, regional: bool) -> list[str]:
    """The keys a report annotates: every figure group, and each indicator on its own."""
    from grip.reporting.sections import SECTION_DATASETS

    keys = [key for key in SECTION_DATASETS if regional or key != "participant"]
    return [*keys, *(f"{INDICATOR_KEY_PREFIX}{code}" for code in indicator_codes)]
