"""Base models and the audit trail."""

from __future__ import annotations

import datetime
from typing import Self, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every domain row knows when it was created and last changed."""

    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


_Model = TypeVar("_Model", bound=models.Model)


class ValidityQuerySet(models.QuerySet[_Model]):
    """Rows valid from-to; questions are always asked "as of" a date (DESIGN.md, Time)."""

    def valid_on(self, day: datetime.date) -> Self:
        return self.filter(
            models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )


def validate_period(
    start: datetime.date | None, end: datetime.date | None, *, end_field: str
) -> None:
    """Refuse a from-to period whose end lies before its start (an open end is fine)."""
    if start and end and end < start:
        raise ValidationError({end_field: _("De einddatum ligt vóór de begindatum.")})


class AuditAction(models.TextChoices):
    CREATE = "create", _("aangemaakt")
    UPDATE = "update", _("gewijzigd")
    DELETE = "delete", _("verwijderd")


class AuditRecord(models.Model):
    """One create, change or delete of domain data: who, when, what, before and after.

    Written by the service layer in the same transaction as the change itself, and never
    edited afterwards.
    """

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Leeg voor wijzigingen door het systeem (migraties, imports zonder gebruiker)."
        ),
    )
    action = models.CharField(_("actie"), max_length=10, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("soort object"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("object-id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("omschrijving"), max_length=255)
    before = models.JSONField(_("waarden ervoor"), null=True, blank=True)
    after = models.JSONField(_("waarden erna"), null=True, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"

    @property
    def changed_fields(self) -> list[str]:
        """Fields whose value differs between before and after."""
        before, after = self.before or {}, self.after or {}
        return sorted(
            key for key in before.keys() | after.keys() if before.get(key) != after.get(key)
        )


class Authority(models.Model):
    """Holder of permissions that belong to no single model (no table)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_all_participants", _("Mag gegevens van alle deelnemers zien")),
        ]

    def __str__(self) -> str:
        return "Grip"


class User(AbstractUser):
    """A person who logs in. Staff are linked to an employee, participant users to a participant.

    Roles are groups with permission codenames (``grip.organisation.roles``); code checks
    permissions, never group names.
    """

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        swappable = "AUTH_USER_MODEL"


# --- notifications and scheduled jobs --------------------------------------------------------


class NotificationKind(models.TextChoices):
    """What Grip mails about; each user chooses per kind (all on until switched off)."""

    FOLLOW_UP_DUE = "follow_up_due", _("Vervolgacties die (bijna) verlopen")
    FORECAST_WARNING = "forecast_warning", _("Waarschuwingen over de prognose")
    REPORT_PUBLISHED = "report_published", _("Gepubliceerde bestuursrapportages")
    REQUEST_UPDATE = "request_update", _("Nieuwe verzoeken en antwoorden op verzoeken")


class NotificationPreference(models.Model):
    """A user's choice for one kind of notification; no row means: send."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("soort melding"), max_length=30, choices=NotificationKind.choices)
    by_email = models.BooleanField(_("per e-mail"), default=True)

    class Meta:
        verbose_name = _("voorkeur voor meldingen")
        verbose_name_plural = _("voorkeuren voor meldingen")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {'aan' if self.by_email else 'uit'}"


class Notification(models.Model):
    """One notification to one user, kept so that the same event is never mailed twice.

    ``key`` names the event (for example ``follow-up:12:2026-11-30``); the pair user + key is
    unique, which is what makes a rerun of a daily job harmless.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("soort melding"), max_length=30, choices=NotificationKind.choices)
    key = models.CharField(_("gebeurtenis"), max_length=120)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True, db_index=True)
    emailed = models.BooleanField(_("gemaild"), default=False)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.subject}"


class ScheduledRun(models.Model):
    """One run of a scheduled job for one slot (a day); unique, so two schedulers never both
    enqueue it."""

    job = models.CharField(_("taak"), max_length=80)
    slot = models.DateField(_("dag"))
    enqueued_at = models.DateTimeField(_("in de wachtrij gezet op"), auto_now_add=True)

    class Meta:
        verbose_name = _("geplande run")
        verbose_name_plural = _("geplande runs")
        ordering = ["-slot", "job"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.slot}"
