"""Participants, their contact persons and the users bound to them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
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
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        prefix = "PV" if self.kind == ParticipantKind.PROVINCE else "GM"
        if self.code and not self.code.startswith(prefix):
            raise ValidationError({"code": _("De CBS-code past niet bij de soort deelnemer.")})
        validate_period(self.valid_from, self.valid_to, end_field="valid_to")


class ContactPerson(TimeStampedModel):
    """Someone at the participant the service works with."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("deelnemer"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("naam"), max_length=160)
    position = models.CharField(
        _("functie"), max_length=160, help_text=_("Bijvoorbeeld wethouder, beleidsadviseur VTH.")
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
