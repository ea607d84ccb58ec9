"""Participants, their contact persons and the users bound to them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.core.classification import Confidentiality
from grip.core.models import TimeStampedModel, ValidityQuerySet, validate_period
from grip.organisation.models import Employee


class ParticipantKind(models.TextChoices):
    MUNICIPALITY = "gemeente", _("Gemeente")
    PROVINCE = "provincie", _("Provincie")


class Participant(TimeStampedModel):
    """A deelnemer: an owner of the service and, for its own cases, the competent authority.

    Municipalities merge, so a participant is valid from-to; its CBS code identifies it.
    """

    code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        help_text=_("Code van het CBS: GM gevolgd door vier cijfers, of PV en twee cijfers."),
    )
    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(_("soort"), max_length=10, choices=ParticipantKind.choices)
    valid_from = models.DateField(_("deelnemer sinds"))
    valid_to = models.DateField(_("deelnemer tot en met"), null=True, blank=True)
    account_manager = models.ForeignKey(
        Employee,
        verbose_name=_("accountmanager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deputy_account_manager = models.ForeignKey(
        Employee,
        verbose_name=_("plaatsvervangend accountmanager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Neemt het accountmanagement waar bij afwezigheid van de accountmanager."),
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^(GM[0-9]{4}|PV[0-9]{2})$"),
                name="participant_code_is_cbs_code",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="participant_valid_to_after_valid_from",
            ),
            models.CheckConstraint(
                condition=models.Q(deputy_account_manager__isnull=True)
                | ~models.Q(deputy_account_manager=models.F("account_manager")),
                name="participant_deputy_is_not_the_account_manager",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        prefix = "PV" if self.kind == ParticipantKind.PROVINCE else "GM"
        if self.code and not self.code.startswith(prefix):
            raise ValidationError({"code": _("De CBS-code past niet bij de soort deelnemer.")})
        validate_period(self.valid_from, self.valid_to, end_field="valid_to")


class ContactRole(models.TextChoices):
    """What a contact person is to the service: who decides, who orders, who works with us."""

    PORTFOLIO_HOLDER = "portefeuillehouder", _("Portefeuillehouder")
    OFFICIAL_CLIENT = "ambtelijk_opdrachtgever", _("Ambtelijk opdrachtgever")
    VTH_CONTACT = "vth_contactpersoon", _("Contactpersoon VTH")
    POLICY_ADVISER = "beleidsadviseur", _("Beleidsadviseur")
    FINANCE = "financieel", _("Financieel contactpersoon")
    LEGAL = "juridisch", _("Juridisch contactpersoon")
    OTHER = "overig", _("Overig")


class ContactPerson(TimeStampedModel):
    """Someone at the participant the service works with."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("deelnemer"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("naam"), max_length=160)
    position = models.CharField(
        _("functie"), max_length=160, help_text=_("Bijvoorbeeld wethouder, beleidsadviseur VTH.")
    )
    role = models.CharField(
        _("rol"), max_length=30, choices=ContactRole.choices, default=ContactRole.OTHER
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    is_primary = models.BooleanField(
        _("eerste aanspreekpunt"), default=False, help_text=_("Het vaste aanspreekpunt.")
    )

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.participant})"


class ParticipantMembership(TimeStampedModel):
    """Binds a participant user to exactly one participant: what it may see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="participant_membership",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    clearance = models.CharField(
        _("inzage tot en met"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
        help_text=_("De hoogste vertrouwelijkheid van documenten die deze gebruiker mag zien."),
    )

    class Meta:
        verbose_name = _("deelnemer-gebruiker")
        verbose_name_plural = _("deelnemer-gebruikers")

    def __str__(self) -> str:
        return f"{self.user} → {self.participant}"


# --- account management ----------------------------------------------------------------------


class InteractionKind(models.TextChoices):
    MEETING = "overleg", _("Overleg")
    CALL = "telefoon", _("Telefoongesprek")
    EMAIL = "e-mail", _("E-mail")
    VISIT = "bezoek", _("Bezoek")
    BOARD = "bestuurlijk", _("Bestuurlijk overleg")


class Interaction(TimeStampedModel):
    """A contact with the participant worth remembering: who, when, and what was agreed."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        related_name="interactions",
    )
    occurred_on = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=12, choices=InteractionKind.choices)
    subject = models.CharField(_("onderwerp"), max_length=200)
    summary = models.TextField(_("verslag"), blank=True)
    agreements = models.TextField(
        _("afspraken"), blank=True, help_text=_("Wat is afgesproken, in de woorden van beide.")
    )
    staff = models.ManyToManyField(
        Employee, verbose_name=_("namens de dienst"), blank=True, related_name="+"
    )
    contacts = models.ManyToManyField(
        ContactPerson, verbose_name=_("namens de deelnemer"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant} {self.occurred_on:%d-%m-%Y}: {self.subject}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "afgerond", _("Afgerond")
    CANCELLED = "vervallen", _("Vervallen")


class FollowUp(TimeStampedModel):
    """An action that follows from an interaction (or stands alone): one owner, one due date."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    interaction = models.ForeignKey(
        Interaction,
        verbose_name=_("contactmoment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    description = models.TextField(_("actie"))
    owner = models.ForeignKey(
        Employee, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("uiterlijk op"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    closing_note = models.TextField(_("toelichting bij afsluiten"), blank=True)

    class Meta:
        verbose_name = _("vervolgactie")
        verbose_name_plural = _("vervolgacties")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=FollowUpStatus.OPEN, closed_on__isnull=True)
                | (~models.Q(status=FollowUpStatus.OPEN) & models.Q(closed_on__isnull=False)),
                name="follow_up_closed_on_iff_closed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.description[:60]}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == FollowUpStatus.OPEN and self.due_on < today


class RequestKind(models.TextChoices):
    NEW_TASK = "nieuwe_taak", _("Nieuwe taak")
    EXTRA_WORK = "extra_werk", _("Extra werk")
    CHANGE = "wijziging", _("Wijziging van het programma")
    OTHER = "overig", _("Overig")


class RequestStatus(models.TextChoices):
    SUBMITTED = "ingediend", _("Ingediend")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    IN_AMENDMENT = "in_wijziging", _("Opgenomen in programmawijziging")
    DONE = "afgehandeld", _("Afgehandeld")
    REJECTED = "afgewezen", _("Afgewezen")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


OPEN_REQUEST_STATUSES = (
    RequestStatus.SUBMITTED,
    RequestStatus.IN_PROGRESS,
    RequestStatus.IN_AMENDMENT,
)


class ParticipantRequest(TimeStampedModel):
    """A participant asks the service for something: a new task, extra work, a change.

    The account manager takes it up and can turn it into an amendment of the participant's
    work programme (``programmes`` links the amendment to the request).
    """

    participant = models.ForeignKey(
        Participant, verbose_name=_("deelnemer"), on_delete=models.PROTECT, related_name="requests"
    )
    kind = models.CharField(_("soort verzoek"), max_length=12, choices=RequestKind.choices)
    year = models.PositiveSmallIntegerField(_("programmajaar"))
    title = models.CharField(_("onderwerp"), max_length=200)
    description = models.TextField(_("toelichting"))
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("antwoord"), blank=True)
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("verzoek van een deelnemer")
        verbose_name_plural = _("verzoeken van deelnemers")
        ordering = ["-created_at", "-pk"]
        permissions = [("submit_request", _("Verzoek indienen namens de eigen deelnemer"))]

    def __str__(self) -> str:
        return f"{self.participant}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES


class AccountPlan(TimeStampedModel):
    """The account manager's plan with one participant for one year."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        related_name="account_plans",
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    goals = models.TextField(_("doelen"), blank=True)
    risks = models.TextField(_("risico's"), blank=True)
    agreements = models.TextField(_("afspraken"), blank=True)

    class Meta:
        verbose_name = _("accountplan")
        verbose_name_plural = _("accountplannen")
        ordering = ["-year", "participant__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "year"], name="account_plan_once_per_participant_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.year}"


class SatisfactionScore(TimeStampedModel):
    """The participant's yearly mark for the service (1 to 10), with its comments."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        related_name="satisfaction_scores",
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    score = models.DecimalField(
        _("cijfer"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("10"))],
    )
    comments = models.TextField(_("toelichting"), blank=True)
    respondent = models.ForeignKey(
        ContactPerson,
        verbose_name=_("gegeven door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tevredenheidscijfer")
        verbose_name_plural = _("tevredenheidscijfers")
        ordering = ["-year", "participant__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "year"], name="satisfaction_once_per_participant_year"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1) & models.Q(score__lte=10),
                name="satisfaction_score_one_to_ten",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.year}: {self.score}"
