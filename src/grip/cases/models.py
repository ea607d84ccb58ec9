"""VTH cases on CIM VTH FLo: case types, cases with their status history, suspensions, the
extension, related cases, the dossier and decisions.

Deadlines are computed by :mod:`grip.cases.deadlines` and stored on the case by the services
(``due_on``) only so that lists can filter and sort on them; the stored value is always the
engine's answer for the case's current suspensions and extension.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.cases.archive import validate_duration
from grip.cases.constants import (
    Afleidingswijze,
    ArchiveNomination,
    ArchiveStatus,
    CaseResult,
    CaseStatus,
    CimObject,
    DecisionKind,
    DocumentType,
    LegalRegime,
    Plichttype,
    Procedure,
    RelationKind,
    SuspensionReason,
)
from grip.core.classification import Confidentiality
from grip.core.models import TimeStampedModel, ValidityQuerySet, validate_period


class DecisionType(TimeStampedModel):
    """A kind of decision (besluittype) that can be taken in a case and mandated."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("aard"), max_length=20, choices=DecisionKind.choices)
    legal_basis = models.CharField(_("wettelijke grondslag"), max_length=240, blank=True)
    result = models.CharField(
        _("resultaat"),
        max_length=24,
        choices=CaseResult.choices,
        blank=True,
        help_text=_("Het resultaat van de zaak wanneer dit besluit de zaak afsluit."),
    )

    class Meta:
        verbose_name = _("besluittype")
        verbose_name_plural = _("besluittypen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SelectionListProcessType(models.Model):
    """A process type of the Selectielijst gemeenten en intergemeentelijke organen (2017 and
    2020 numbering), loaded as data from the VNG reference lists."""

    number = models.PositiveSmallIntegerField(_("nummer"))
    year = models.PositiveSmallIntegerField(_("jaar"))
    name = models.CharField(_("naam"), max_length=200)
    process_object = models.CharField(_("procesobject"), max_length=200, blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("procestype (selectielijst)")
        verbose_name_plural = _("procestypen (selectielijst)")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="selection_process_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SelectionListResult(models.Model):
    """A result (class) of the Selectielijst 2020: its valuation and retention term. Generic
    results (11.2) have no parent; specific ones (11.1.6) name their generic result."""

    uuid = models.UUIDField(_("uuid"), unique=True)
    process_type = models.ForeignKey(
        SelectionListProcessType,
        verbose_name=_("procestype"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    number = models.CharField(_("nummer"), max_length=20, help_text=_("Bijvoorbeeld 11.1.6."))
    generic = models.ForeignKey(
        "self",
        verbose_name=_("generiek resultaat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="specific",
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    valuation = models.CharField(_("waardering"), max_length=20, choices=ArchiveNomination.choices)
    process_term = models.CharField(_("procestermijn"), max_length=60, blank=True)
    retention_term = models.CharField(
        _("bewaartermijn"),
        max_length=20,
        blank=True,
        validators=[validate_duration],
        help_text=_("ISO 8601-duur, bijv. P5Y."),
    )
    explanation = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("resultaat (selectielijst)")
        verbose_name_plural = _("resultaten (selectielijst)")
        ordering = ["process_type__number", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class RetentionRule(TimeStampedModel):
    """Which Selectielijst class applies to a case type's cases with a given result, from a
    date. On the code, so every version of a case type inherits it."""

    case_type_code = models.SlugField(_("zaaktype (code)"), max_length=40)
    result = models.CharField(_("resultaat"), max_length=24, choices=CaseResult.choices)
    selection_list_result = models.ForeignKey(
        SelectionListResult,
        verbose_name=_("selectielijstklasse"),
        on_delete=models.PROTECT,
        related_name="rules",
    )
    afleidingswijze = models.CharField(
        _("afleidingswijze"),
        max_length=24,
        choices=Afleidingswijze.choices,
        default=Afleidingswijze.AFGEHANDELD,
    )
    process_term = models.CharField(
        _("procestermijn"),
        max_length=20,
        blank=True,
        validators=[validate_duration],
        help_text=_("ISO 8601-duur; alleen bij afleidingswijze termijn."),
    )
    valid_from = models.DateField(_("geldig vanaf"))

    class Meta:
        verbose_name = _("bewaarregel")
        verbose_name_plural = _("bewaarregels")
        ordering = ["case_type_code", "result", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_type_code", "result", "valid_from"], name="retention_rule_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_type_code} · {self.get_result_display()}: {self.selection_list_result}"


class CaseType(TimeStampedModel):
    """A zaaktype, versioned: a new version takes over from a date, old cases keep theirs."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    name = models.CharField(_("naam"), max_length=200)
    cim_object = models.CharField(_("CIM-object"), max_length=20, choices=CimObject.choices)
    plichttype = models.CharField(
        _("plichttype"),
        max_length=50,
        choices=Plichttype.choices,
        blank=True,
        help_text=_("Alleen voor een Verzoek: de soort verzoek volgens STAM."),
    )
    procedure = models.CharField(_("procedure"), max_length=12, choices=Procedure.choices)
    term_weeks = models.PositiveSmallIntegerField(_("termijn (weken)"), default=0)
    term_days = models.PositiveSmallIntegerField(_("termijn (dagen)"), default=0)
    statutory = models.BooleanField(
        _("wettelijke termijn"),
        default=True,
        help_text=_(
            "Een wettelijke termijn volgt de Algemene termijnenwet; een termijn uit "
            "werkafspraken niet."
        ),
    )
    max_extension_weeks = models.PositiveSmallIntegerField(
        _("maximale verlenging (weken)"), default=0
    )
    product_code = models.CharField(
        _("product"),
        max_length=20,
        blank=True,
        help_text=_("De code van het product in de productencatalogus dat deze zaak realiseert."),
    )
    default_team = models.ForeignKey(
        "organisation.Team",
        verbose_name=_("standaardteam"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_types = models.ManyToManyField(
        DecisionType, verbose_name=_("besluittypen"), blank=True, related_name="case_types"
    )
    selection_list_category = models.CharField(
        _("categorie selectielijst"),
        max_length=20,
        blank=True,
        help_text=_(
            "Resultaat in de Selectielijst gemeenten en intergemeentelijke organen 2020, "
            "voor de archivering (nog in te vullen)."
        ),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("zaaktype")
        verbose_name_plural = _("zaaktypen")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="case_type_code_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def clean(self) -> None:
        validate_period(self.valid_from, self.valid_to, end_field="valid_to")
        if self.cim_object == CimObject.VERZOEK and not self.plichttype:
            raise ValidationError({"plichttype": _("Een Verzoek heeft een plichttype.")})
        if self.cim_object != CimObject.VERZOEK and self.plichttype:
            raise ValidationError({"plichttype": _("Alleen een Verzoek heeft een plichttype.")})
        if self.procedure != Procedure.GEEN and not (self.term_weeks or self.term_days):
            raise ValidationError({"term_weeks": _("Deze procedure heeft een termijn.")})


class CaseQuerySet(models.QuerySet["Case"]):
    def running(self) -> CaseQuerySet:
        """Cases whose term still runs: not decided, not closed (the partial index's rows)."""
        return self.filter(decided_on__isnull=True, closed_on__isnull=True)


class Case(TimeStampedModel):
    """A VTH case (CIM Zaak) handled for one participant as competent authority."""

    identification = models.CharField(_("zaaknummer"), max_length=30, unique=True)
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("bevoegd gezag"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    case_type = models.ForeignKey(
        CaseType, verbose_name=_("zaaktype"), on_delete=models.PROTECT, related_name="cases"
    )
    subject = models.CharField(_("omschrijving"), max_length=240)
    site = models.ForeignKey(
        "sites.Site",
        verbose_name=_("toezichtobject"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    location_description = models.CharField(
        _("locatie"),
        max_length=240,
        blank=True,
        help_text=_("Voor een zaak zonder toezichtobject: waar het om gaat."),
    )
    establishment = models.ForeignKey(
        "sites.Establishment",
        verbose_name=_("betrokken vestiging"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # A natural person involved: only what the case needs to reach them (no BSN).
    person_name = models.CharField(_("naam betrokkene"), max_length=160, blank=True)
    person_contact = models.CharField(_("contactgegevens betrokkene"), max_length=240, blank=True)
    received_on = models.DateField(_("ontvangen op"))
    regime = models.CharField(
        _("rechtsregime"),
        max_length=12,
        choices=LegalRegime.choices,
        default=LegalRegime.OMGEVINGSWET,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.ONTVANGEN
    )
    assigned_to = models.ForeignKey(
        "organisation.Employee",
        verbose_name=_("behandelaar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    team = models.ForeignKey(
        "organisation.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    original_due_on = models.DateField(_("oorspronkelijke uiterste datum"), null=True, blank=True)
    due_on = models.DateField(_("uiterste datum"), null=True, blank=True, db_index=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    # Archiving (ZGW semantics), computed once at closure by grip.cases.archive.
    # Database defaults too: the demo and imports insert cases in bulk by column list.
    result = models.CharField(
        _("resultaat"), max_length=24, choices=CaseResult.choices, blank=True, db_default=""
    )
    selection_list_result = models.ForeignKey(
        SelectionListResult,
        verbose_name=_("selectielijstklasse"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    archive_nomination = models.CharField(
        _("archiefnominatie"),
        max_length=20,
        choices=ArchiveNomination.choices,
        blank=True,
        db_default="",
    )
    archive_source_date = models.DateField(
        _("brondatum archiefprocedure"),
        null=True,
        blank=True,
        help_text=_("Bij afleidingswijze eigenschap door de behandelaar vast te leggen."),
    )
    archive_action_date = models.DateField(
        _("archiefactiedatum"), null=True, blank=True, db_index=True
    )
    archive_status = models.CharField(
        _("archiefstatus"),
        max_length=40,
        choices=ArchiveStatus.choices,
        default=ArchiveStatus.NOG_TE_ARCHIVEREN,
        db_default=ArchiveStatus.NOG_TE_ARCHIVEREN,
    )
    notice_of_default_on = models.DateField(
        _("ingebrekestelling ontvangen op"),
        null=True,
        blank=True,
        help_text=_("Awb 4:17: vanaf twee weken hierna is een dwangsom verschuldigd."),
    )
    related: models.ManyToManyField[Case, CaseRelation] = models.ManyToManyField(
        "self", through="CaseRelation", symmetrical=False, related_name="+", blank=True
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["participant", "status"]),
            models.Index(fields=["received_on"]),
            models.Index(fields=["team", "status"]),
            # The traffic lights count running cases by due date; closed and decided cases
            # are nine in ten rows. A closing status always sets closed_on (services, demo).
            models.Index(
                fields=["due_on"],
                condition=models.Q(decided_on__isnull=True, closed_on__isnull=True),
                name="case_running_due_on",
            ),
        ]
        permissions = [
            ("change_case_status", _("Mag de status van een zaak wijzigen")),
            ("extend_case", _("Mag de beslistermijn van een zaak verlengen")),
        ]

    def __str__(self) -> str:
        return f"{self.identification} {self.subject}"

    def clean(self) -> None:
        if self.establishment_id and self.person_name:
            raise ValidationError(
                {"person_name": _("Een zaak betreft een vestiging of een persoon, niet beide.")}
            )


class CaseStatusChange(models.Model):
    """One step in a case's status history; append-only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(_("van"), max_length=20, choices=CaseStatus.choices, blank=True)
    status = models.CharField(_("naar"), max_length=20, choices=CaseStatus.choices)
    on = models.DateField(_("datum"))
    at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statushistorie")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.status} ({self.on})"


class Suspension(models.Model):
    """A period in which the term stands still (Awb 4:15); an open one has no end yet."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.CharField(_("reden"), max_length=20, choices=SuspensionReason.choices)
    start = models.DateField(_("opgeschort vanaf"))
    end = models.DateField(_("hervat op"), null=True, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opschorting")
        verbose_name_plural = _("opschortingen")
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.start} - {self.end or '…'}"


class Extension(models.Model):
    """The one extension of a case's term, decided before the term expired."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="extension")
    decided_on = models.DateField(_("besloten op"))
    weeks = models.PositiveSmallIntegerField(_("weken"), validators=[MinValueValidator(1)])
    reason = models.TextField(_("reden"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verlenging")
        verbose_name_plural = _("verlengingen")

    def __str__(self) -> str:
        return f"+{self.weeks} weken ({self.decided_on})"


class CaseRelation(models.Model):
    source = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="relations")
    target = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("relatie"), max_length=12, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("gerelateerde zaak")
        verbose_name_plural = _("gerelateerde zaken")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="case_relation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


def document_path(instance: Document, filename: str) -> str:
    # Files are stored under the case, never under a name a user chose for the folder.
    return f"zaken/{instance.case.identification}/{filename}"


class Document(models.Model):
    """A document in a case's dossier (CIM Informatieobject). Documents are never deleted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("titel"), max_length=200)
    document_type = models.CharField(_("documenttype"), max_length=20, choices=DocumentType.choices)
    confidentiality = models.CharField(
        _("vertrouwelijkheid"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    author = models.CharField(_("auteur"), max_length=160)
    document_date = models.DateField(_("documentdatum"))
    file = models.FileField(_("bestand"), upload_to=document_path, max_length=255)
    file_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("bestandstype"), max_length=100)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["document_date", "id"]

    def __str__(self) -> str:
        return self.title

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValidationError(_("Documenten in een dossier worden niet verwijderd."))


class Decision(models.Model):
    """A decision (CIM Besluit) taken in a case, under mandate of the case's participant.

    Only the signing service (``grip.mandates.services.decision_sign``) creates decisions, after
    the mandate check; the chain it used is kept beside it in the mandates app. Decisions are
    never deleted: a withdrawn decision is superseded by a new one.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    decision_type = models.ForeignKey(
        DecisionType, verbose_name=_("besluittype"), on_delete=models.PROTECT, related_name="+"
    )
    decision_date = models.DateField(_("besluitdatum"))
    summary = models.TextField(_("inhoud"))
    amount = models.DecimalField(
        _("bedrag"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Voor besluiten met een bedrag (dwangsom, boete): toetst de mandaatgrens."),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ondertekend door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField(_("naam ondertekenaar"), max_length=200)
    signer_function = models.ForeignKey(
        "organisation.Function",
        verbose_name=_("functie ondertekenaar"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    namens = models.TextField(_("namens-regel"))
    contested_decision = models.ForeignKey(
        "self",
        verbose_name=_("bestreden besluit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objection_decisions",
    )
    report_author = models.ForeignKey(
        "organisation.Employee",
        verbose_name=_("opsteller van het rapport"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Voor een bestuurlijke boete: wie het rapport van de overtreding opstelde."),
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("vervangt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reden van intrekking"), blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["decision_date", "id"]
        permissions = [("sign_decision", _("Mag besluiten ondertekenen (binnen mandaat)"))]

    def __str__(self) -> str:
        return f"{self.decision_type} {self.decision_date}"

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValidationError(_("Besluiten worden nooit verwijderd, alleen vervangen."))


class EquatedDay(models.Model):
    """A day equated to a general holiday by royal decree (Atw art. 3 lid 3), as data per year."""

    date = models.DateField(_("datum"), unique=True)
    name = models.CharField(_("omschrijving"), max_length=120)
    decree_reference = models.CharField(_("besluit"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("gelijkgestelde dag")
        verbose_name_plural = _("gelijkgestelde dagen")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class PenaltyScale(models.Model):
    """The penalty for a late decision (Awb 4:17) as data, valid from a date.

    ``tiers`` is a list of ``[days, amount per day]`` pairs, in order; the law's figures are
    the default (the migration loads them), a change of the law is a new row.
    """

    valid_from = models.DateField(_("geldig vanaf"), unique=True)
    grace_days = models.PositiveSmallIntegerField(_("dagen na de ingebrekestelling"), default=14)
    max_days = models.PositiveSmallIntegerField(_("maximaal aantal dagen"), default=42)
    tiers = models.JSONField(_("bedragen per dag"))

    class Meta:
        verbose_name = _("dwangsomregeling bij niet tijdig beslissen")
        verbose_name_plural = _("dwangsomregelingen bij niet tijdig beslissen")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"Awb 4:17 vanaf {self.valid_from}"


class SavedCaseView(models.Model):
    """A user's named filter of the case list ("mijn termijnen deze week")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_case_views"
    )
    name = models.CharField(_("naam"), max_length=80)
    query = models.CharField(_("filter"), max_length=500)

    class Meta:
        verbose_name = _("opgeslagen zaakoverzicht")
        verbose_name_plural = _("opgeslagen zaakoverzichten")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_case_view_name"),
        ]

    def __str__(self) -> str:
        return self.name
