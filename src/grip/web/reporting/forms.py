"""The forms of the report pages: they parse; ``grip.reporting.services`` decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grip.kpis.constants import SnapshotKind
from grip.kpis.models import Snapshot
from grip.participants.models import Participant
from grip.reporting.constants import ReportKind
from grip.web.cases import ServiceForm

REGION = "regio"


class _SnapshotChoiceField(forms.ModelChoiceField[Snapshot]):
    def label_from_instance(self, obj: Snapshot) -> str:
        return _("%(label)s (bevroren op %(date)s)") % {
            "label": obj.label,
            "date": timezone.localtime(obj.frozen_at).strftime("%d-%m-%Y"),
        }


def quarter_snapshots() -> QuerySet[Snapshot]:
    return Snapshot.objects.filter(kind=SnapshotKind.QUARTER).order_by("-year", "-quarter")


class ReportCreateForm(ServiceForm):
    snapshot = _SnapshotChoiceField(
        label=gettext_lazy("Meting"),
        queryset=Snapshot.objects.none(),
        empty_label=None,
        help_text=gettext_lazy("Een rapportage wordt gemaakt van een bevroren kwartaal."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort"),
        choices=ReportKind.choices,
        help_text=gettext_lazy(
            "Een halfjaarrapportage gaat over Q2, een jaarrapportage over Q4; een "
            "kwartaalrapportage over elk kwartaal."
        ),
    )
    participant = forms.ChoiceField(label=gettext_lazy("Voor"), choices=())

    def __init__(
        self,
        *args: Any,
        participants: list[Participant],
        with_region: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["snapshot"].queryset = quarter_snapshots()  # type: ignore[attr-defined]
        self._participants = {str(p.pk): p for p in participants}
        choices = [(str(p.pk), p.name) for p in participants]
        if with_region:
            choices.insert(0, (REGION, str(_("Regio (regionale rapportage)"))))
        self.fields["participant"].choices = choices  # type: ignore[attr-defined]

    def clean_participant(self) -> Participant | None:
        raw = self.cleaned_data["participant"]
        if raw == REGION:
            return None
        try:
            return self._participants[raw]
        except KeyError:
            raise ValidationError(_("Kies een deelnemer uit de lijst.")) from None


class NotableItemsForm(ServiceForm):
    notable_items = forms.CharField(
        label=gettext_lazy("Opvallende zaken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Uw toelichting voor het bestuur; wordt met de rapportage gepubliceerd en bewaard. "
            "Een lege regel begint een nieuwe alinea."
        ),
    )


class PackForm(ServiceForm):
    snapshot = _SnapshotChoiceField(
        label=gettext_lazy("Meting"), queryset=Snapshot.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=gettext_lazy("Soort"), choices=ReportKind.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["snapshot"].queryset = quarter_snapshots()  # type: ignore[attr-defined]
