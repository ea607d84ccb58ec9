"""The register of supervised sites after CIM VTH FLo: VTH-object, Vestiging, Activiteit and
Activiteituitvoering, with the reference lists SBI, Bal activities and Type VTH-object.

- :class:`Site` is the CIM *VTH-OBJECT*: the place where activities are bundled for permits,
  supervision and enforcement; it belongs to one participant (the competent authority).
- :class:`Establishment` is the CIM *VESTIGING*: a trade-register branch (KvK number plus
  vestigingsnummer) with its SBI codes; national, so it belongs to no participant.
- :class:`BalActivity` is the CIM *ACTIVITEIT* (the type of activity, named by a regulator);
  :class:`SiteActivity` is the CIM *ACTIVITEITUITVOERING* of such an activity at a site.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.core.models import TimeStampedModel, validate_period
from grip.participants.models import Participant
from grip.sites.constants import ActivityCategory, ActivityStatus, SbiSection
from grip.sites.validation import (
    BAG_PATTERN,
    BRANCH_PATTERN,
    HOUSE_LETTER_PATTERN,
    HOUSE_NUMBER_ADDITION_PATTERN,
    IDENTIFICATION_MAX_LENGTH,
    IDENTIFICATION_PATTERN,
    KVK_PATTERN,
    POSTCODE_PATTERN,
    format_postcode,
)

# --- reference lists ---------------------------------------------------------------------------


class SbiCode(models.Model):
    """A code of the Standaard Bedrijfsindeling 2008 (CBS): the branch of an establishment.

    Grip holds the codes that matter for an omgevingsdienst (data migration), not the whole
    list; the beheerder may add more.
    """

    code = models.CharField(
        _("SBI-code"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{2,5}$", _("Een SBI-code is twee tot vijf cijfers."))],
        help_text=_("Twee tot vijf cijfers, zoals 0146 (fokken en houden van varkens)."),
    )
    name = models.CharField(_("omschrijving"), max_length=200)
    section = models.CharField(
        _("sectie"),
        max_length=1,
        choices=SbiSection.choices,
        help_text=_("De sectie (A to U) van de SBI waartoe de code hoort."),
    )

    class Meta:
        verbose_name = _("SBI-code")
        verbose_name_plural = _("SBI-codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BalActivity(models.Model):
    """A type of environmentally harmful activity (CIM *ACTIVITEIT*), mostly those of chapter 3
    of the Besluit activiteiten leefomgeving (Bal)."""

    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Bijvoorbeeld tankstation.")
    )
    name = models.CharField(_("activiteitnaam"), max_length=200)
    category = models.CharField(
        _("activiteitengroep"), max_length=20, choices=ActivityCategory.choices
    )
    bal_reference = models.CharField(
        _("vindplaats in het Bal"),
        max_length=60,
        blank=True,
        help_text=_("Artikel of paragraaf van het Bal; leeg als die niet is vastgelegd."),
    )

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class SiteType(models.Model):
    """CIM reference list *Type VTH-object*: a main type (hoofdtype, e.g. inrichting) and a
    subtype (e.g. agrarisch bedrijf).

    The national list is managed outside the CIM and its content is not in Grip's copy of the
    specification; the values loaded by the data migration are Grip's own, in the structure
    of that list (names, definition, explanation, valid from/to).
    """

    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Bijvoorbeeld inrichting-bedrijf.")
    )
    main_type = models.CharField(_("hoofdtype"), max_length=60)
    subtype = models.CharField(_("subtype"), max_length=80)
    definition = models.CharField(_("definitie"), max_length=300)
    explanation = models.TextField(_("toelichting"), blank=True)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("type VTH-object")
        verbose_name_plural = _("typen VTH-object")
        ordering = ["main_type", "subtype"]
        constraints = [
            models.UniqueConstraint(
                fields=["main_type", "subtype"], name="site_type_main_and_subtype_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.main_type} - {self.subtype}"

    def clean(self) -> None:
        validate_period(self.valid_from, self.valid_to, end_field="valid_to")


# --- establishments ----------------------------------------------------------------------------


class Establishment(TimeStampedModel):
    """A branch in the trade register (CIM *VESTIGING*), identified by KvK number and
    vestigingsnummer; without a vestigingsnummer it is the KvK number's main activity."""

    kvk_number = models.CharField(
        _("KvK-nummer"),
        max_length=8,
        db_index=True,
        validators=[RegexValidator(KVK_PATTERN, _("Een KvK-nummer is precies acht cijfers."))],
    )
    # NULL rather than '' when not given, so that the unique constraint holds only for numbers.
    branch_number = models.CharField(  # noqa: DJ001
        _("vestigingsnummer"),
        max_length=12,
        null=True,
        blank=True,
        validators=[
            RegexValidator(BRANCH_PATTERN, _("Een vestigingsnummer is precies twaalf cijfers."))
        ],
        help_text=_("Leeg: de onderneming zelf, met de gegevens van de hoofdvestiging."),
    )
    trade_name = models.CharField(_("handelsnaam"), max_length=200)
    is_main_branch = models.BooleanField(_("hoofdvestiging"), default=False)
    start_date = models.DateField(_("datum aanvang"), null=True, blank=True)
    end_date = models.DateField(_("datum beëindiging"), null=True, blank=True)
    sbi_codes: models.ManyToManyField[SbiCode, EstablishmentSbi] = models.ManyToManyField(
        SbiCode,
        verbose_name=_("SBI-activiteiten"),
        through="EstablishmentSbi",
        related_name="+",
    )

    class Meta:
        verbose_name = _("vestiging")
        verbose_name_plural = _("vestigingen")
        ordering = ["trade_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch_number"],
                condition=models.Q(branch_number__isnull=False),
                name="establishment_branch_number_unique",
            ),
            models.UniqueConstraint(
                fields=["kvk_number"],
                condition=models.Q(branch_number__isnull=True),
                name="establishment_kvk_without_branch_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(kvk_number__regex=KVK_PATTERN),
                name="establishment_kvk_number_eight_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(branch_number__isnull=True)
                | models.Q(branch_number__regex=BRANCH_PATTERN),
                name="establishment_branch_number_twelve_digits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trade_name} (KvK {self.kvk_number})"

    def clean(self) -> None:
        validate_period(self.start_date, self.end_date, end_field="end_date")


class EstablishmentSbi(models.Model):
    """An SBI code of an establishment; exactly one of them is the main activity."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("vestiging"),
        on_delete=models.CASCADE,
        related_name="sbi_links",
    )
    sbi_code = models.ForeignKey(
        SbiCode, verbose_name=_("SBI-code"), on_delete=models.PROTECT, related_name="+"
    )
    is_main = models.BooleanField(_("hoofdactiviteit"), default=False)

    class Meta:
        verbose_name = _("SBI-activiteit van een vestiging")
        verbose_name_plural = _("SBI-activiteiten van vestigingen")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "sbi_code"], name="establishment_sbi_once"
            ),
            models.UniqueConstraint(
                fields=["establishment"],
                condition=models.Q(is_main=True),
                name="establishment_one_main_sbi",
            ),
        ]
        indexes = [models.Index(fields=["sbi_code", "is_main"], name="sites_estsbi_code_main")]

    def __str__(self) -> str:
        return f"{self.establishment_id}: {self.sbi_code_id}{' (hoofd)' if self.is_main else ''}"


# --- sites ------------------------------------------------------------------------------------


class Site(TimeStampedModel):
    """A supervised site (CIM *VTH-OBJECT*): where one or more activities are carried out,
    under the competent authority of one participant."""

    identification = models.CharField(
        _("identificatie"),
        max_length=IDENTIFICATION_MAX_LENGTH,
        unique=True,
        validators=[RegexValidator(IDENTIFICATION_PATTERN, _("Geen geldige identificatie."))],
        help_text=_(
            "VTH-objectidentificatie: blijvend en uniek, zoals GRIP-VO-000123 of de code uit "
            "het bronsysteem."
        ),
    )
    name = models.CharField(
        _("naam"),
        max_length=200,
        help_text=_("Bijvoorbeeld de naam van het bedrijf met de plaats."),
    )
    site_type = models.ForeignKey(
        SiteType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Het bevoegd gezag."),
    )
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("vestiging"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sites",
    )
    street = models.CharField(_("straat"), max_length=120, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    house_letter = models.CharField(
        _("huisletter"),
        max_length=1,
        blank=True,
        validators=[RegexValidator(HOUSE_LETTER_PATTERN, _("Eén letter."))],
    )
    house_number_addition = models.CharField(
        _("huisnummertoevoeging"),
        max_length=4,
        blank=True,
        validators=[
            RegexValidator(HOUSE_NUMBER_ADDITION_PATTERN, _("Hoogstens vier letters of cijfers."))
        ],
    )
    postcode = models.CharField(
        _("postcode"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(POSTCODE_PATTERN, _("Vier cijfers en twee hoofdletters."))],
        help_text=_("Zoals in de BAG: 5611AB, zonder spatie."),
    )
    city = models.CharField(_("plaats"), max_length=80)
    bag_id = models.CharField(
        _("BAG-identificatie"),
        max_length=16,
        blank=True,
        validators=[RegexValidator(BAG_PATTERN, _("Zestien cijfers van een BAG-adres."))],
        help_text=_("Identificatie van het verblijfsobject of de nummeraanduiding in de BAG."),
    )
    location_description = models.CharField(
        _("locatieomschrijving"),
        max_length=300,
        blank=True,
        help_text=_("Nadere omschrijving van de ligging, bijvoorbeeld bij een installatie."),
    )
    start_date = models.DateField(_("ontstaansdatum"), null=True, blank=True)
    end_date = models.DateField(
        _("beëindigingsdatum"),
        null=True,
        blank=True,
        help_text=_("Leeg zolang er activiteiten plaatsvinden."),
    )

    class Meta:
        verbose_name = _("toezichtobject")
        verbose_name_plural = _("toezichtobjecten")
        ordering = ["name", "id"]
        permissions = [("import_sites", _("Mag toezichtobjecten inlezen uit een bestand"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(postcode="") | models.Q(postcode__regex=POSTCODE_PATTERN),
                name="site_postcode_dutch",
            ),
            models.CheckConstraint(
                condition=models.Q(bag_id="") | models.Q(bag_id__regex=BAG_PATTERN),
                name="site_bag_id_sixteen_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="site_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "name"], name="sites_site_participant_name"),
            models.Index(fields=["postcode"], name="sites_site_postcode"),
            models.Index(fields=["city"], name="sites_site_city"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.identification})"

    def clean(self) -> None:
        validate_period(self.start_date, self.end_date, end_field="end_date")

    @property
    def is_active(self) -> bool:
        return self.end_date is None or self.end_date >= timezone.localdate()

    @property
    def house_number_full(self) -> str:
        """'12', '12a', '12 bis', '12a-2': number, letter and addition as on an envelope."""
        if self.house_number is None:
            return ""
        text = f"{self.house_number}{self.house_letter.lower()}"
        return f"{text}-{self.house_number_addition}" if self.house_number_addition else text

    @property
    def postcode_display(self) -> str:
        return format_postcode(self.postcode)

    @property
    def address(self) -> str:
        """'Kerkstraat 12a, 5611 AB Eindhoven', or what there is of it."""
        street = " ".join(part for part in (self.street, self.house_number_full) if part)
        place = " ".join(part for part in (self.postcode_display, self.city) if part)
        return ", ".join(part for part in (street, place) if part)


class SiteActivity(TimeStampedModel):
    """An activity carried out (or intended) at a site: CIM *ACTIVITEITUITVOERING*."""

    site = models.ForeignKey(
        Site, verbose_name=_("toezichtobject"), on_delete=models.CASCADE, related_name="activities"
    )
    activity = models.ForeignKey(
        BalActivity, verbose_name=_("activiteit"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ActivityStatus.choices,
        default=ActivityStatus.RUNNING,
    )
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    start_date = models.DateField(_("ontstaansdatum"), null=True, blank=True)
    end_date = models.DateField(_("beëindigingsdatum"), null=True, blank=True)

    class Meta:
        verbose_name = _("activiteituitvoering")
        verbose_name_plural = _("activiteituitvoeringen")
        ordering = ["site", "activity"]
        constraints = [
            models.UniqueConstraint(fields=["site", "activity"], name="site_activity_once"),
        ]
        indexes = [models.Index(fields=["activity", "site"], name="sites_siteact_activity_site")]

    def __str__(self) -> str:
        return f"{self.activity} ({self.status})"  # the CIM value; no translation per row

    def clean(self) -> None:
        validate_period(self.start_date, self.end_date, end_field="end_date")


class SiteImport(models.Model):
    """One file of sites read into the register: what was in it and what it changed."""

    file_name = models.CharField(_("bestand"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("regels"))
    created = models.PositiveIntegerField(_("nieuw"))
    updated = models.PositiveIntegerField(_("gewijzigd"))
    unchanged = models.PositiveIntegerField(_("ongewijzigd"))
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("inlezing toezichtobjecten")
        verbose_name_plural = _("inlezingen toezichtobjecten")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"
