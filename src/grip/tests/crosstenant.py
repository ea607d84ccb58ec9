"""A hostile tenant: participant A's user asks for participant B's data at every endpoint.

The probe discovers every URL pattern of a URL configuration (the pages and the API), so a new
endpoint is covered the day it is added. For each pattern it builds the URL with another
participant's objects in the path, sends A's user at it with GET and with the writing methods,
and adds the other participants' ids to the query string as filters. A response fails when:

- it holds a marker: every free-text field of every row of another participant, and every other
  participant's name, carries ``MARKER`` (set by :func:`mark_other_participants`), so any byte
  of their text that reaches A is found, in HTML, JSON, CSV and inside xlsx (zip) files;
- it answers an object of another participant with anything but 403, 404 or 405;
- a JSON body names another participant's id in a ``participant`` field;
- a writing request changed anything (a new audit record).

A pattern the probe cannot build a URL for (an unknown path parameter, no object of the model
to aim at) is itself a finding: nothing is skipped silently.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Left
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from grip.core.models import AuditRecord
from grip.participants.models import Participant

MARKER = "ZZLEAK"
# The statuses that reveal nothing: refused, not found, method not allowed.
REFUSED = frozenset({403, 404, 405})
WRITE_METHODS = ("post", "put", "patch", "delete")
# Query parameters a list or export might filter on, all aimed at another participant.
PARTICIPANT_FILTERS = ("participant", "participant_id", "deelnemer")


# --- which rows belong to which participant ---------------------------------------------------


def participant_path(model: type[models.Model], max_depth: int = 4) -> str | None:
    """The shortest lookup path from ``model`` to its participant over forward foreign keys
    ("participant", "case__participant", "pk" for the participant itself), or None."""
    if model is Participant:
        return "pk"
    queue: deque[tuple[type[models.Model], str, int]] = deque([(model, "", 0)])
    seen = {model}
    while queue:
        current, prefix, depth = queue.popleft()
        for relation in current._meta.get_fields():
            if not (relation.many_to_one or relation.one_to_one) or not relation.concrete:
                continue
            target = relation.related_model
            path = f"{prefix}{relation.name}"
            if target is Participant:
                return path
            if target in seen or depth + 1 >= max_depth or not isinstance(target, type):
                continue
            seen.add(target)
            queue.append((target, f"{path}__", depth + 1))
    return None


def owned_models() -> dict[type[models.Model], str]:
    """Every Grip model whose rows belong to a participant, with the path to it."""
    result = {}
    for model in apps.get_models():
        if not model.__module__.startswith("grip.") or model._meta.proxy:
            continue
        path = participant_path(model)
        if path is not None:
            result[model] = path
    return result


def _constrained(model: type[models.Model]) -> set[str]:
    """Fields named in a check or unique constraint: marking them could break the constraint."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, Q):
            for child in node.children:
                walk(child)
        elif isinstance(node, tuple):
            names.add(str(node[0]).split("__")[0])

    for constraint in model._meta.constraints:
        walk(getattr(constraint, "condition", None))
        names.update(getattr(constraint, "fields", ()))
    for together in model._meta.unique_together:
        names.update(together)
    return names


def markable_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """Free text: char and text fields without choices, not unique, not in a constraint."""
    constrained = _constrained(model)
    return [
        field_
        for field_ in model._meta.concrete_fields
        if isinstance(field_, models.CharField | models.TextField)
        and not field_.choices
        and not field_.unique
        and not field_.primary_key
        and field_.name not in constrained
    ]


def rename_other_participants(a: Participant) -> None:
    """Give every participant but A a marked name; before the world is built, so that names
    frozen into snapshots and reports carry the marker too."""
    Participant.objects.exclude(pk=a.pk).update(name=Concat(F("name"), Value(f" {MARKER}")))


def mark_other_participants(a: Participant) -> int:
    """Prefix every free-text value of every other participant's rows with the marker.
    Returns how many (model, field) pairs were marked."""
    marked = 0
    for model, path in owned_models().items():
        fields = markable_fields(model)
        if not fields or path == "pk":
            continue
        lookup = f"{path}_id" if "__" not in path else f"{path}__pk"
        rows = model._default_manager.exclude(**{lookup: a.pk}).exclude(**{f"{path}__isnull": True})
        changes = {}
        for field_ in fields:
            value = Concat(Value(f"{MARKER} "), F(field_.name), output_field=models.TextField())
            changes[field_.name] = (
                Left(value, field_.max_length)
                if isinstance(field_, models.CharField) and field_.max_length
                else value
            )
        rows.update(**changes)
        marked += len(fields)
    return marked


# --- the endpoints ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    name: str  # namespaced URL name, e.g. "web:case-detail"
    route: str  # the pattern, for messages
    kwargs: tuple[str, ...]  # path parameters
    view: Any

    @property
    def viewset(self) -> Any:
        return getattr(self.view, "cls", None)


def discover(urlconf: str | None = None) -> list[Endpoint]:
    """Every URL pattern of ``urlconf`` (default: the project's), with its parameters."""
    found = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                regex = pattern.pattern.regex
                found.append(
                    Endpoint(
                        name=namespace + (pattern.name or ""),
                        route=prefix + str(pattern.pattern),
                        kwargs=tuple(regex.groupindex),
                        view=pattern.callback,
                    )
                )

    walk(get_resolver(urlconf).url_patterns, "", "")
    return found


# --- what to aim at -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Other:
    """A path value that belongs to someone else (another participant's or another user's
    row that has no participant path), so the endpoint must refuse it."""

    value: Callable[[Probe], Any]


Target = type[models.Model] | Callable[["Probe"], Any] | Other


@dataclass
class Finding:
    endpoint: str
    request: str
    problem: str

    def __str__(self) -> str:
        return f"{self.endpoint}: {self.request}: {self.problem}"


@dataclass
class Report:
    endpoints: int = 0
    exercised: int = 0
    requests: int = 0
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Probe:
    """Participant A's user against the other participants, over one URL configuration.

    ``targets`` maps a URL name to its path parameters: a model (an object of another
    participant, or any row of a shared model, is taken) or a function of the probe.
    ``parameters`` gives values for parameters every endpoint shares ("format", "year").
    """

    client: Client
    a: Participant
    user: Any  # A's user
    targets: dict[str, dict[str, Target]]
    parameters: dict[str, Callable[[Probe], Any]]
    urlconf: str | None = None
    owned: dict[type[models.Model], str] = field(default_factory=owned_models)

    @property
    def others(self) -> list[int]:
        return list(Participant.objects.exclude(pk=self.a.pk).values_list("pk", flat=True))

    def object_of_another(self, model: type[models.Model]) -> models.Model | None:
        """A row of ``model`` of another participant; for a shared model, any row."""
        path = self.owned.get(model)
        rows = model._default_manager.order_by("pk")
        if path is None:
            return rows.first()
        if path == "pk":
            return rows.exclude(pk=self.a.pk).first()
        return (
            rows.exclude(**{f"{path}__pk": self.a.pk}).filter(**{f"{path}__isnull": False}).first()
        )

    def _api_model(self, endpoint: Endpoint) -> type[models.Model] | None:
        viewset = endpoint.viewset
        for source in (
            getattr(viewset, "queryset", None),
            getattr(getattr(viewset, "serializer_class", None), "Meta", None),
        ):
            model = getattr(source, "model", None)
            if isinstance(model, type) and issubclass(model, models.Model):
                return model
        return None

    def build(self, endpoint: Endpoint) -> tuple[dict[str, Any], bool] | str:
        """The path parameters, and whether they point at another participant's object; or
        why the endpoint cannot be exercised."""
        values: dict[str, Any] = {}
        aims_at_other = False
        named = self.targets.get(endpoint.name, {})
        for kwarg in endpoint.kwargs:
            target = named.get(kwarg)
            if target is None and kwarg in self.parameters:
                values[kwarg] = self.parameters[kwarg](self)
                continue
            if target is None and endpoint.viewset is not None:
                model = self._api_model(endpoint)
                if model is None:
                    return f"no model for the API parameter '{kwarg}'"
                target = model
            if target is None:
                return (
                    f"no target for the path parameter '{kwarg}'; add it to the probe's "
                    "targets (tests/test_cross_tenant.py)"
                )
            if isinstance(target, Other):
                values[kwarg] = target.value(self)
                aims_at_other = True
            elif isinstance(target, type):
                row = self.object_of_another(target)
                if row is None:
                    return f"no {target.__name__} in the world to aim at"
                lookup = kwarg
                if endpoint.viewset is not None:
                    lookup = getattr(endpoint.viewset, "lookup_field", "pk")
                values[kwarg] = getattr(row, "pk" if lookup in ("pk", kwarg) else lookup)
                aims_at_other = aims_at_other or target in self.owned
            else:
                values[kwarg] = target(self)
        return values, aims_at_other

    # --- running ---------------------------------------------------------------------------

    def run(self, endpoints: list[Endpoint] | None = None) -> Report:
        report = Report()
        for endpoint in endpoints if endpoints is not None else discover(self.urlconf):
            report.endpoints += 1
            built = self.build(endpoint)
            if isinstance(built, str):
                report.findings.append(Finding(endpoint.name, endpoint.route, built))
                continue
            kwargs, aims_at_other = built
            try:
                url = reverse(endpoint.name, kwargs=kwargs, urlconf=self.urlconf)
            except Exception as error:
                report.findings.append(Finding(endpoint.name, endpoint.route, repr(error)))
                continue
            report.exercised += 1
            for method, target_url, data in self._requests(url, aims_at_other):
                report.requests += 1
                for problem in self._check(method, target_url, data, aims_at_other):
                    report.findings.append(
                        Finding(endpoint.name, f"{method.upper()} {target_url}", problem)
                    )
        return report

    def _requests(self, url: str, aims_at_other: bool) -> Iterator[tuple[str, str, Any]]:
        others = self.others[:3]
        yield "get", url, None
        if not aims_at_other:
            query = "&".join(f"{name}={pk}" for name in PARTICIPANT_FILTERS for pk in others[:1])
            yield "get", f"{url}{'&' if '?' in url else '?'}{query}", None
        body = dict.fromkeys(PARTICIPANT_FILTERS, others[0])
        for method in WRITE_METHODS:
            yield method, url, body

    def _send(self, method: str, url: str, data: Any) -> HttpResponse:
        # Log in again each time: a POST to the log-out page must not end the probe.
        self.client.force_login(self.user)
        send = getattr(self.client, method)
        if method == "get":
            return send(url)  # type: ignore[no-any-return]
        if method == "post":
            return send(url, data)  # type: ignore[no-any-return]
        return send(url, json.dumps(data), content_type="application/json")  # type: ignore[no-any-return]

    def _check(self, method: str, url: str, data: Any, aims_at_other: bool) -> list[str]:
        problems = []
        audits_before = AuditRecord.objects.count()
        response = self._send(method, url, data)
        body = _body(response)
        lowered = body.lower()
        if MARKER.lower().encode() in lowered:
            at = lowered.index(MARKER.lower().encode())
            context = body[max(0, at - 80) : at + 60].decode("utf-8", "replace")
            problems.append(f"{response.status_code} shows another participant's data: …{context}…")
        if aims_at_other and response.status_code not in REFUSED:
            problems.append(
                f"answers another participant's object with {response.status_code}, not 403/404/405"
            )
        if response.status_code >= 500:
            problems.append(f"server error {response.status_code}")
        if method != "get" and AuditRecord.objects.count() != audits_before:
            problems.append(f"{response.status_code} and changed data (a new audit record)")
        problems.extend(self._foreign_ids(response, body))
        return problems

    def _foreign_ids(self, response: HttpResponse, body: bytes) -> list[str]:
        if "json" not in response.get("Content-Type", "") or not body:
            return []
        try:
            document = json.loads(body)
        except ValueError:
            return []
        others = set(self.others)
        found = sorted({value for value in _participant_values(document) if value in others})
        return [f"JSON names other participants {found[:5]}"] if found else []


def _participant_values(node: Any) -> Iterator[int]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in PARTICIPANT_FILTERS or key.endswith("participant_id"):
                if isinstance(value, int):
                    yield value
                elif isinstance(value, dict) and isinstance(value.get("id"), int):
                    yield value["id"]
            yield from _participant_values(value)
    elif isinstance(node, list):
        for item in node:
            yield from _participant_values(item)


def _body(response: HttpResponse) -> bytes:
    """The whole body; the members of a zip (xlsx) unpacked, so that their text is read."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        content = response.content
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content += b"".join(archive.read(name) for name in archive.namelist())
    return content


def lines(report: Report) -> str:
    return "\n".join(str(finding) for finding in report.findings)


__all__ = [
    "MARKER",
    "Endpoint",
    "Finding",
    "Other",
    "Probe",
    "Report",
    "discover",
    "lines",
    "mark_other_participants",
    "owned_models",
    "participant_path",
    "rename_other_participants",
]
