"""The data catalogue: datasets, their columns, who owns them, and the glossary.

Every Django model of Grip is harvested as a dataset (``harvest.py``); external datasets (the
VTH system's export, BAG, the trade register, ...) are registered by hand. A dataset keeps two
kinds of fields apart: *harvested* ones, rewritten by every harvest from the code, and
*curated* ones, written only by people (title, description, DCAT-AP-NL metadata,
classification). A re-harvest therefore never overwrites what people wrote.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.core.classification import Confidentiality
from grip.core.models import TimeStampedModel
from grip.organisation.models import Employee, Team


class DatasetKind(models.TextChoices):
    MODEL = "model", _("Tabel van Grip")
    EXTERNAL = "extern", _("Externe bron")


class AccessRights(models.TextChoices):
    """DCAT-AP access rights (the EU vocabulary PUBLIC, RESTRICTED, NON_PUBLIC)."""

    PUBLIC = "publiek", _("Openbaar")
    RESTRICTED = "beperkt", _("Beperkt toegankelijk")
    NON_PUBLIC = "niet_publiek", _("Niet openbaar")


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


class GlossaryTerm(TimeStampedModel):
    """A term of the domain (DOMAIN.md), with the English used in code."""

    term = models.CharField(_("term"), max_length=200, unique=True)
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
        max_length=40,
        blank=True,
        help_text=_("Thema uit de DCAT-AP-NL-themalijst, bijvoorbeeld 'natuur-en-milieu'."),
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
