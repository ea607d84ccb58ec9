"""The data catalogue: datasets, their columns, who owns them, and the glossary.

Every Django model of Grip is harvested as a dataset (``harvest.py``); external datasets (the
VTH system's export, BAG, the trade register, ...) are registered by hand. A dataset keeps two
kinds of fields apart: *harvested* ones, rewritten by every harvest from the code, and
*curated* ones, written only by people (title, description, DCAT-AP-NL metadata,
classification). A re-harvest therefore never overwrites what people wrote.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.core.classification import Confidentiality
from grip.core.models import TimeStampedModel
from grip.kpis.models import WriteOnceModel
from grip.organisation.models import Employee, Team


class DatasetKind(models.TextChoices):
    MODEL = "model", _("Tabel van Grip")
    EXTERNAL = "extern", _("Externe bron")


class AccessRights(models.TextChoices):
    """DCAT-AP access rights (the EU vocabulary PUBLIC, RESTRICTED, NON_PUBLIC)."""

    PUBLIC = "publiek", _("Openbaar")
    RESTRICTED = "beperkt", _("Beperkt toegankelijk")
    NON_PUBLIC = "niet_publiek", _("Niet openbaar")


class DataTheme(models.TextChoices):
    """The EU Data Theme vocabulary that DCAT-AP-NL 3.0 requires at least one of
    (http://publications.europa.eu/resource/authority/data-theme/<code>)."""

    AGRI = "AGRI", _("Landbouw, visserij, bosbouw en voeding")
    ECON = "ECON", _("Economie en financiën")
    EDUC = "EDUC", _("Onderwijs, cultuur en sport")
    ENER = "ENER", _("Energie")
    ENVI = "ENVI", _("Milieu")
    GOVE = "GOVE", _("Overheid en publieke sector")
    HEAL = "HEAL", _("Gezondheid")
    INTR = "INTR", _("Internationale vraagstukken")
    JUST = "JUST", _("Justitie, rechtsstelsel en openbare veiligheid")
    REGI = "REGI", _("Regio's en steden")
    SOCI = "SOCI", _("Bevolking en samenleving")
    TECH = "TECH", _("Wetenschap en technologie")
    TRAN = "TRAN", _("Vervoer")


class Lifecycle(models.TextChoices):
    DRAFT = "concept", _("Concept")
    ACTIVE = "in_gebruik", _("In gebruik")
    DEPRECATED = "uitfaserend", _("Wordt uitgefaseerd")
    RETIRED = "buiten_gebruik", _("Buiten gebruik")


class RefreshFrequency(models.TextChoices):
    CONTINUOUS = "continu", _("Doorlopend")
    DAILY = "dagelijks", _("Dagelijks")
    WEEKLY = "wekelijks", _("Wekelijks")
    MONTHLY = "maandelijks", _("Maandelijks")
    QUARTERLY = "per_kwartaal", _("Per kwartaal")
    YEARLY = "jaarlijks", _("Jaarlijks")
    IRREGULAR = "onregelmatig", _("Onregelmatig")


class PersonalData(models.TextChoices):
    """What kind of personal data a column holds (AVG art. 4, 9, 10; BSN: Wabb)."""

    NONE = "geen", _("Geen persoonsgegeven")
    PERSONAL = "persoonsgegeven", _("Persoonsgegeven")
    SPECIAL = "bijzonder", _("Bijzonder persoonsgegeven")
    CRIMINAL = "strafrechtelijk", _("Strafrechtelijk gegeven")
    BSN = "bsn", _("Burgerservicenummer")


class TermSource(models.TextChoices):
    GRIP = "grip", _("Grip (DOMAIN.md)")
    CIM = "cim-vth-flo", _("CIM VTH FLo (begrippenkader VTH)")


class GlossaryTerm(TimeStampedModel):
    """A term of the domain (DOMAIN.md), with the English used in code; where the national
    concept framework of CIM VTH FLo defines it, linked to that concept."""

    term = models.CharField(_("term"), max_length=200, unique=True)
    source = models.CharField(
        _("bron"), max_length=12, choices=TermSource.choices, default=TermSource.GRIP
    )
    concept_uri = models.URLField(
        _("begrip in CIM VTH FLo"),
        blank=True,
        help_text=_("De URI van het begrip in het begrippenkader VTH."),
    )
    concept_definition = models.TextField(_("definitie in CIM VTH FLo"), blank=True)
    english = models.CharField(_("in het Engels"), max_length=200, blank=True)
    definition = models.TextField(_("omschrijving"), blank=True)
    in_code = models.CharField(_("in de code"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("begrip")
        verbose_name_plural = _("begrippenlijst")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class Dataset(TimeStampedModel):
    """One dataset of the catalogue: a table of Grip, or an external source."""

    identifier = models.CharField(
        _("identificatie"),
        max_length=120,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9_.:-]+$")],
        help_text=_("Voor een tabel van Grip app.model, bijvoorbeeld cases.case; extern:naam."),
    )
    kind = models.CharField(_("soort"), max_length=10, choices=DatasetKind.choices)

    # Harvested: rewritten by every harvest, never edited by people.
    model_label = models.CharField(_("model"), max_length=120, blank=True)
    domain = models.CharField(
        _("domein"), max_length=60, blank=True, help_text=_("De app van Grip.")
    )
    harvested_title = models.CharField(_("naam in de code"), max_length=200, blank=True)
    harvested_description = models.TextField(_("omschrijving in de code"), blank=True)
    present = models.BooleanField(
        _("bestaat nog"),
        default=True,
        help_text=_("Onwaar wanneer het model bij de laatste oogst niet meer bestond."),
    )
    harvested_at = models.DateTimeField(_("laatst geoogst"), null=True, blank=True)

    # Curated: written by people only (DCAT-AP-NL and Grip's own metadata).
    title = models.CharField(
        _("titel"), max_length=200, blank=True, help_text=_("Leeg: de naam in de code.")
    )
    description = models.TextField(
        _("omschrijving"), blank=True, help_text=_("Leeg: de omschrijving in de code.")
    )
    publisher = models.CharField(_("uitgever"), max_length=200, blank=True)
    creator = models.CharField(_("maker"), max_length=200, blank=True)
    contact_point = models.EmailField(_("contactpunt"), blank=True)
    theme = models.CharField(
        _("thema"),
        max_length=4,
        choices=DataTheme.choices,
        blank=True,
        help_text=_("Thema uit de EU-themalijst die DCAT-AP-NL voorschrijft."),
    )
    landing_page = models.URLField(
        _("webpagina"), blank=True, help_text=_("Voor een externe bron: waar die beschreven is.")
    )
    access_rights = models.CharField(
        _("toegankelijkheid"),
        max_length=12,
        choices=AccessRights.choices,
        default=AccessRights.NON_PUBLIC,
    )
    confidentiality = models.CharField(
        _("vertrouwelijkheid"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERN,
    )
    refresh_frequency = models.CharField(
        _("actualiteit"),
        max_length=14,
        choices=RefreshFrequency.choices,
        default=RefreshFrequency.CONTINUOUS,
    )
    lifecycle_status = models.CharField(
        _("levensfase"), max_length=14, choices=Lifecycle.choices, default=Lifecycle.ACTIVE
    )
    retention = models.TextField(
        _("bewaartermijn"),
        blank=True,
        help_text=_("De bewaarregel; voor zaken volgt die uit de Selectielijst 2020."),
    )
    terms = models.ManyToManyField(
        GlossaryTerm, verbose_name=_("begrippen"), blank=True, related_name="datasets"
    )

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["domain", "identifier"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.harvested_title or self.identifier

    @property
    def display_description(self) -> str:
        return self.description or self.harvested_description


class Column(TimeStampedModel):
    """A column of a dataset; for a table of Grip, one field of its model."""

    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.CASCADE, related_name="columns"
    )
    name = models.CharField(_("naam"), max_length=120)

    # Harvested.
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    data_type = models.CharField(_("gegevenstype"), max_length=60, blank=True)
    verbose_name = models.CharField(_("naam in de code"), max_length=200, blank=True)
    help_text = models.TextField(_("toelichting in de code"), blank=True)
    nullable = models.BooleanField(_("mag leeg zijn"), default=False)
    code_list = models.JSONField(
        _("waardelijst"), default=list, blank=True, help_text=_("[waarde, label] per keuze.")
    )
    present = models.BooleanField(_("bestaat nog"), default=True)

    # Curated.
    description = models.TextField(_("omschrijving"), blank=True)
    personal_data = models.CharField(
        _("persoonsgegevens"),
        max_length=16,
        choices=PersonalData.choices,
        default=PersonalData.NONE,
    )
    terms = models.ManyToManyField(
        GlossaryTerm, verbose_name=_("begrippen"), blank=True, related_name="columns"
    )

    class Meta:
        verbose_name = _("kolom")
        verbose_name_plural = _("kolommen")
        ordering = ["dataset", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "name"], name="column_once_per_dataset")
        ]

    def __str__(self) -> str:
        return f"{self.dataset.identifier}.{self.name}"


class DataRole(models.TextChoices):
    BUSINESS_OWNER = "eigenaar", _("Eigenaar (business owner)")
    STEWARD = "steward", _("Data steward")
    CUSTODIAN = "beheerder", _("Technisch beheerder (custodian)")


class DatasetRole(TimeStampedModel):
    """Who holds a role for a dataset, from-to: a person or a team."""

    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("rol"), max_length=10, choices=DataRole.choices)
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("medewerker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("vanaf"))
    valid_to = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("rol bij een dataset")
        verbose_name_plural = _("rollen bij datasets")
        ordering = ["dataset", "role", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(employee__isnull=False, team__isnull=True)
                | models.Q(employee__isnull=True, team__isnull=False),
                name="dataset_role_person_or_team",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="dataset_role_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset.identifier}: {self.get_role_display()} {self.employee or self.team}"


# --- Data quality -------------------------------------------------------------------------


class Dimension(models.TextChoices):
    """The six DAMA UK dimensions of data quality."""

    COMPLETENESS = "volledigheid", _("Volledigheid")
    UNIQUENESS = "uniciteit", _("Uniciteit")
    VALIDITY = "geldigheid", _("Geldigheid")
    ACCURACY = "juistheid", _("Juistheid")
    CONSISTENCY = "consistentie", _("Consistentie")
    TIMELINESS = "tijdigheid", _("Tijdigheid")


class Severity(models.IntegerChoices):
    MINOR = 1, _("Gering")
    MAJOR = 2, _("Ernstig")
    CRITICAL = 3, _("Kritiek")


class CheckKind(models.TextChoices):
    NOT_NULL = "not_null", _("Verplicht gevuld")
    UNIQUE = "unique", _("Uniek")
    ACCEPTED_VALUES = "accepted_values", _("Toegestane waarden")
    PATTERN = "pattern", _("Patroon")
    RANGE = "range", _("Bereik")
    NOT_FUTURE = "not_future", _("Niet in de toekomst")
    FOREIGN_KEY = "foreign_key", _("Verwijzing bestaat")
    FRESHNESS = "freshness", _("Actualiteit")
    ROW_COUNT_CHANGE = "row_count_change", _("Verandering aantal rijen")
    SQL = "sql", _("Eigen SQL")


class Check(TimeStampedModel):
    """A declarative quality rule on a dataset. Shipped checks (``shipped``) are defined in
    code (``checks.py``) and synced: the code owns kind, columns and params; people own the
    threshold, owner, severity and whether it is active."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.PROTECT, related_name="checks"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=CheckKind.choices)
    columns = models.JSONField(_("kolommen"), default=list, blank=True)
    params = models.JSONField(_("instellingen"), default=dict, blank=True)
    dimension = models.CharField(_("dimensie"), max_length=14, choices=Dimension.choices)
    severity = models.PositiveSmallIntegerField(
        _("ernst"), choices=Severity.choices, default=Severity.MAJOR
    )
    threshold = models.DecimalField(
        _("drempel"),
        max_digits=5,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Het grootste aandeel afwijkende rijen dat nog goed is (0 = geen enkele)."),
    )
    owner_employee = models.ForeignKey(
        Employee,
        verbose_name=_("eigenaar (medewerker)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_team = models.ForeignKey(
        Team,
        verbose_name=_("eigenaar (team)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scheduled = models.BooleanField(
        _("dagelijks"), default=True, help_text=_("Onwaar: alleen op verzoek.")
    )
    active = models.BooleanField(_("actief"), default=True)
    shipped = models.BooleanField(_("meegeleverd"), default=False, editable=False)

    class Meta:
        verbose_name = _("kwaliteitscontrole")
        verbose_name_plural = _("kwaliteitscontroles")
        ordering = ["dataset", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=0, threshold__lte=1),
                name="check_threshold_is_share",
            ),
            models.CheckConstraint(
                condition=~models.Q(owner_employee__isnull=False, owner_team__isnull=False),
                name="check_owner_person_or_team",
            ),
        ]
        permissions = [
            ("run_check", _("Mag kwaliteitscontroles uitvoeren")),
            ("write_sql_check", _("Mag controles met eigen SQL schrijven")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self) -> Employee | Team | None:
        return self.owner_employee or self.owner_team


class CheckResult(WriteOnceModel):
    """One run of a check; every result is kept. Failing rows are named by primary key only:
    their values may be personal data."""

    check_rule = models.ForeignKey(
        Check, verbose_name=_("controle"), on_delete=models.PROTECT, related_name="results"
    )
    run_at = models.DateTimeField(_("uitgevoerd op"), db_index=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgevoerd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leeg: de dagelijkse planning."),
    )
    rows_checked = models.PositiveIntegerField(_("rijen gecontroleerd"), default=0)
    rows_failed = models.PositiveIntegerField(_("rijen afwijkend"), default=0)
    passed = models.BooleanField(_("geslaagd"))
    failing_keys = models.JSONField(_("voorbeelden (sleutels)"), default=list, blank=True)
    measured = models.JSONField(
        _("gemeten"),
        default=dict,
        blank=True,
        help_text=_("Wat de controle mat, bijvoorbeeld het aantal rijen of de leeftijd."),
    )
    error = models.TextField(_("fout"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duur (ms)"), default=0)

    class Meta:
        verbose_name = _("controleresultaat")
        verbose_name_plural = _("controleresultaten")
        ordering = ["-run_at", "-pk"]
        indexes = [models.Index(fields=["check_rule", "-run_at"], name="checkresult_latest")]

    def __str__(self) -> str:
        return f"{self.check_rule.code} {self.run_at:%Y-%m-%d %H:%M}"

    @property
    def pass_rate(self) -> float:
        """1 - failed/checked; an errored run counts as 0, an empty table as 1."""
        if self.error:
            return 0.0
        if not self.rows_checked:
            return 1.0 if self.passed else 0.0
        return 1 - self.rows_failed / self.rows_checked


class IncidentStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    ACKNOWLEDGED = "erkend", _("Erkend")
    ASSIGNED = "toegewezen", _("Toegewezen")
    RESOLVED = "opgelost", _("Opgelost")


class Incident(TimeStampedModel):
    """A failing check opens one; later failures of the same check attach to the open one."""

    check_rule = models.ForeignKey(
        Check, verbose_name=_("controle"), on_delete=models.PROTECT, related_name="incidents"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.NEW
    )
    opened_by = models.ForeignKey(
        CheckResult,
        verbose_name=_("geopend door resultaat"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_failure = models.ForeignKey(
        CheckResult,
        verbose_name=_("laatste afwijking"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    failures = models.PositiveIntegerField(_("aantal afwijkende runs"), default=1)
    assignee = models.ForeignKey(
        Employee,
        verbose_name=_("toegewezen aan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution = models.TextField(_("reden van oplossen"), blank=True)
    resolved_at = models.DateTimeField(_("opgelost op"), null=True, blank=True)

    class Meta:
        verbose_name = _("kwaliteitsincident")
        verbose_name_plural = _("kwaliteitsincidenten")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_rule"],
                condition=~models.Q(status="opgelost"),
                name="incident_one_open_per_check",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="opgelost") | ~models.Q(resolution=""),
                name="incident_resolved_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.check_rule.name} ({self.get_status_display()})"


class IncidentEvent(WriteOnceModel):
    """Append-only history of an incident: each move, and each later failure attached."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("op"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(
        _("van"), max_length=10, choices=IncidentStatus.choices, blank=True
    )
    to_status = models.CharField(_("naar"), max_length=10, choices=IncidentStatus.choices)
    result = models.ForeignKey(
        CheckResult,
        verbose_name=_("resultaat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("incidentgebeurtenis")
        verbose_name_plural = _("incidentgebeurtenissen")
        ordering = ["incident", "at", "pk"]


# --- Lineage ------------------------------------------------------------------------------


class NodeKind(models.TextChoices):
    DATASET = "dataset", _("Dataset")
    INDICATOR = "indicator", _("Indicator")
    SECTION = "section", _("Onderdeel van een rapportage")


class LineageOrigin(models.TextChoices):
    DERIVED = "afgeleid", _("Afgeleid uit de code")
    MANUAL = "handmatig", _("Handmatig vastgelegd")


class LineageEdge(TimeStampedModel):
    """Data flows from source to target. Indicators and report sections live in code, so the
    nodes are (kind, key) pairs, not foreign keys. Derived edges are rebuilt by every harvest;
    manual ones are people's and survive it."""

    source_kind = models.CharField(_("soort bron"), max_length=10, choices=NodeKind.choices)
    source_key = models.CharField(_("bron"), max_length=120)
    target_kind = models.CharField(_("soort doel"), max_length=10, choices=NodeKind.choices)
    target_key = models.CharField(_("doel"), max_length=120)
    origin = models.CharField(_("herkomst"), max_length=10, choices=LineageOrigin.choices)
    column_map = models.JSONField(
        _("kolomkoppeling"), default=list, blank=True, help_text=_("[bronkolom, doelkolom]")
    )
    note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("herkomstrelatie")
        verbose_name_plural = _("herkomstrelaties")
        ordering = ["target_kind", "target_key", "source_kind", "source_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_key", "target_kind", "target_key", "origin"],
                name="lineage_edge_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_kind}:{self.source_key} -> {self.target_kind}:{self.target_key}"


# --- Privacy: the processing register and the access log -----------------------------------


class ControllerRole(models.TextChoices):
    CONTROLLER = "verantwoordelijke", _("Verwerkingsverantwoordelijke")
    PROCESSOR = "verwerker", _("Verwerker")


class LegalBasis(models.TextChoices):
    """AVG article 6(1)."""

    CONSENT = "a_toestemming", _("a. toestemming")
    CONTRACT = "b_overeenkomst", _("b. overeenkomst")
    LEGAL_OBLIGATION = "c_wettelijke_plicht", _("c. wettelijke verplichting")
    VITAL_INTEREST = "d_vitaal_belang", _("d. vitaal belang")
    PUBLIC_TASK = "e_publieke_taak", _("e. taak van algemeen belang of openbaar gezag")
    LEGITIMATE_INTEREST = "f_gerechtvaardigd_belang", _("f. gerechtvaardigd belang")


class ProcessingActivity(TimeStampedModel):
    """One version of a processing activity of the register (AVG article 30). Every relevant
    change is a new version with its own identifier (Logboek dataverwerkingen), so a log line
    always points at the version that was in force."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(
        _("rol"), max_length=20, choices=ControllerRole.choices, default=ControllerRole.PROCESSOR
    )
    controller = models.CharField(
        _("verwerkingsverantwoordelijke"),
        max_length=300,
        help_text=_("Bij gemandateerde VTH-taken het bevoegd gezag: de deelnemer."),
    )
    purposes = models.TextField(_("doeleinden"))
    legal_basis = models.CharField(_("grondslag"), max_length=30, choices=LegalBasis.choices)
    legal_basis_detail = models.TextField(_("wettelijke grondslag"), blank=True)
    data_subjects = models.TextField(_("categorieën betrokkenen"))
    data_categories = models.TextField(_("categorieën persoonsgegevens"))
    recipients = models.TextField(_("ontvangers"), blank=True)
    transfers_outside_eu = models.TextField(_("doorgifte buiten de EER"), blank=True)
    retention = models.TextField(_("bewaartermijn"))
    security_measures = models.TextField(_("beveiligingsmaatregelen"))
    dpia_required = models.BooleanField(_("DPIA nodig"), default=False)
    datasets = models.ManyToManyField(
        Dataset, verbose_name=_("datasets"), blank=True, related_name="processing_activities"
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("verwerkingsactiviteit")
        verbose_name_plural = _("verwerkingsregister")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="processing_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class AccessOutcome(models.TextChoices):
    SHOWN = "getoond", _("Getoond")
    REFUSED = "geweigerd", _("Geweigerd")
    ERROR = "fout", _("Fout")


class AccessLogHead(models.Model):
    """The one row that serialises appends: a writer UPDATEs it first (a write lock on
    PostgreSQL and SQLite alike), then reads the last seq and hash."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("kop van het toegangslogboek")

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"


class AccessLogLine(models.Model):
    """One read of personal data, per object and data subject, in the fields of the Logboek
    dataverwerkingen standard, chained by hash: ``hash = sha256(prev_hash + canonical line)``."""

    seq = models.BigIntegerField(_("volgnummer"), unique=True)
    trace_id = models.CharField(_("trace-id"), max_length=32)
    span_id = models.CharField(_("span-id"), max_length=16)
    parent_span_id = models.CharField(_("bovenliggende span-id"), max_length=16, blank=True)
    name = models.CharField(_("handeling"), max_length=60)
    start_time = models.DateTimeField(_("begin"))
    end_time = models.DateTimeField(_("einde"))
    status_code = models.PositiveSmallIntegerField(_("statuscode"), default=0)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=AccessOutcome.choices)
    processing_activity_id = models.CharField(_("verwerkingsactiviteit"), max_length=300)
    data_subject_id = models.CharField(_("betrokkene (versleuteld)"), max_length=64, blank=True)
    data_subject_id_type = models.CharField(_("soort betrokkene"), max_length=40, blank=True)
    dataset = models.CharField(_("dataset"), max_length=120)
    object_pk = models.CharField(_("object"), max_length=64)
    actor = models.CharField(_("gebruiker"), max_length=150)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("regel van het toegangslogboek")
        verbose_name_plural = _("toegangslogboek")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq} {self.name} {self.dataset}:{self.object_pk}"


class AccessLogPrune(WriteOnceModel):
    """Pruning by retention deletes a prefix of the chain; its last hash becomes the new
    genesis, kept here so verification still starts from a known hash."""

    through_seq = models.BigIntegerField(_("tot en met volgnummer"))
    last_hash = models.CharField(max_length=64)
    pruned_at = models.DateTimeField(_("op"))
    pruned_by = models.CharField(_("door"), max_length=150)

    class Meta:
        verbose_name = _("opschoning van het toegangslogboek")
        ordering = ["-through_seq"]


# --- Retention: destruction and transfer lists for the archivist -----------------------------


class ListKind(models.TextChoices):
    DESTROY = "vernietigen", _("Vernietigen")
    TRANSFER = "overbrengen", _("Overbrengen")


class DestructionListStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    SUBMITTED = "ingediend", _("Ingediend")
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    REJECTED = "afgewezen", _("Afgewezen")
    CARRIED_OUT = "uitgevoerd", _("Uitgevoerd")


class DestructionList(TimeStampedModel):
    """A proposal of closed cases past their archive action date. Nothing is deleted until an
    archivist (not the proposer) approves it and a person carries it out."""

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(
        _("soort"), max_length=12, choices=ListKind.choices, default=ListKind.DESTROY
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DestructionListStatus.choices,
        default=DestructionListStatus.CONCEPT,
    )
    reference_date = models.DateField(_("peildatum"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    decision_note = models.TextField(_("toelichting archivaris"), blank=True)

    class Meta:
        verbose_name = _("vernietigingslijst")
        verbose_name_plural = _("vernietigingslijsten")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("approve_destructionlist", _("Mag vernietigingslijsten goedkeuren (archivaris)")),
            ("carry_out_destructionlist", _("Mag goedgekeurde vernietigingslijsten uitvoeren")),
        ]

    def __str__(self) -> str:
        return self.name


class DestructionListItem(TimeStampedModel):
    """One case on a list. What identifies it is copied as text: after destruction the case
    is gone, and the list must still say what was destroyed."""

    destruction_list = models.ForeignKey(
        DestructionList, verbose_name=_("lijst"), on_delete=models.PROTECT, related_name="items"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("zaak"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identification = models.CharField(_("zaakidentificatie"), max_length=60)
    case_type = models.CharField(_("zaaktype"), max_length=200)
    participant = models.CharField(_("deelnemer"), max_length=200)
    result = models.CharField(_("resultaat"), max_length=100)
    selection_list_class = models.CharField(_("selectielijstklasse"), max_length=200)
    closed_on = models.DateField(_("afgesloten op"))
    archive_action_date = models.DateField(_("archiefactiedatum"))
    excluded = models.BooleanField(_("uitgezonderd"), default=False)
    exclusion_reason = models.TextField(_("reden van uitzondering"), blank=True)

    class Meta:
        verbose_name = _("regel van een vernietigingslijst")
        verbose_name_plural = _("regels van vernietigingslijsten")
        ordering = ["destruction_list", "archive_action_date", "identification"]
        constraints = [
            models.UniqueConstraint(
                fields=["destruction_list", "identification"], name="destruction_item_once"
            ),
            models.CheckConstraint(
                condition=models.Q(excluded=False) | ~models.Q(exclusion_reason=""),
                name="destruction_item_exclusion_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.identification


class DestructionRecord(WriteOnceModel):
    """The record of a destruction carried out; kept permanently (Selectielijst 2020,
    19.1.18 Archiefvernietiging: blijvend bewaren)."""

    destruction_list = models.OneToOneField(
        DestructionList,
        verbose_name=_("lijst"),
        on_delete=models.PROTECT,
        related_name="record",
    )
    carried_out_at = models.DateTimeField(_("uitgevoerd op"))
    carried_out_by = models.CharField(_("uitgevoerd door"), max_length=150)
    approved_by = models.CharField(_("goedgekeurd door"), max_length=150)
    cases_destroyed = models.PositiveIntegerField(_("zaken vernietigd"))
    rows_deleted = models.JSONField(
        _("verwijderde rijen"), default=dict, help_text=_("Aantal per tabel.")
    )
    identifications = models.JSONField(_("zaakidentificaties"), default=list)

    class Meta:
        verbose_name = _("verklaring van vernietiging")
        verbose_name_plural = _("verklaringen van vernietiging")
        ordering = ["-carried_out_at"]
