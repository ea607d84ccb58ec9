"""Value lists of the cases app, following CIM VTH FLo and DOMAIN.md.

The state machine per procedure is data here, so that the services, the tests and the
documentation read one table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CimObject(models.TextChoices):
    """The CIM VTH FLo object a case type handles."""

    VERZOEK = "verzoek", _("Verzoek")
    HANDHAVINGSVERZOEK = "handhavingsverzoek", _("Handhavingsverzoek")
    INCIDENT = "incident", _("Incident (klacht, melding)")
    ADVIESVERZOEK = "adviesverzoek", _("Adviesverzoek")
    CONTROLE = "controle", _("Controle")
    # Not a CIM VTH FLo object: an objection is handled in its own case (Awb 6:4, 7:10).
    BEZWAAR = "bezwaar", _("Bezwaarschrift")


class Plichttype(models.TextChoices):
    """The kinds of Verzoek under the Omgevingswet: the STAM 6.0.0 list quoted by CIM VTH FLo."""

    AANVRAAG_VERGUNNING = "aanvraag_vergunning", _("Aanvraag vergunning")
    MELDING = "melding", _("Melding")
    INFORMATIE = "informatie", _("Informatie")
    INFORMATIE_ONGEWOON_VOORVAL = "informatie_ongewoon_voorval", _("Informatie ongewoon voorval")
    AANVRAAG_MAATWERKVOORSCHRIFT = "aanvraag_maatwerkvoorschrift", _("Aanvraag maatwerkvoorschrift")
    MELDING_GELIJKWAARDIGE_MAATREGEL = (
        "melding_gelijkwaardige_maatregel",
        _("Melding gelijkwaardige maatregel"),
    )
    AANVRAAG_TOESTEMMING_GELIJKWAARDIGE_MAATREGEL = (
        "aanvraag_toestemming_gelijkwaardige_maatregel",
        _("Aanvraag toestemming gelijkwaardige maatregel"),
    )


class Procedure(models.TextChoices):
    """How a case is handled by law; the deadline engine knows each one's term."""

    REGULIER = "regulier", _("reguliere procedure")
    UITGEBREID = "uitgebreid", _("uitgebreide procedure (Awb 3.4)")
    MELDING = "melding", _("melding")
    AWB_4_13 = "awb_4_13", _("beslistermijn Awb 4:13")
    AWB_9_11 = "awb_9_11", _("klachtbehandeling Awb 9:11")
    AWB_7_10 = "awb_7_10", _("bezwaar (Awb 7:10)")
    GEEN = "geen", _("geen wettelijke termijn")


class LegalRegime(models.TextChoices):
    """The law a case falls under: old-law (Wabo) cases keep the permit by default."""

    WABO = "wabo", _("Wabo (oud recht)")
    OMGEVINGSWET = "omgevingswet", _("Omgevingswet")


class CaseStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", _("ontvangen")
    IN_BEHANDELING = "in_behandeling", _("in behandeling")
    OPGESCHORT = "opgeschort", _("opgeschort")
    ONTWERPBESLUIT = "ontwerpbesluit", _("ontwerpbesluit ter inzage")
    BESLOTEN = "besloten", _("besluit genomen")
    AFGEHANDELD = "afgehandeld", _("afgehandeld")
    INGETROKKEN = "ingetrokken", _("ingetrokken door aanvrager")
    BUITEN_BEHANDELING = "buiten_behandeling", _("buiten behandeling gesteld")


S = CaseStatus

# The statuses reached only through their own service (suspending, resuming, signing), never
# by a plain status change: they carry more than a status.
SERVICE_ONLY = frozenset({S.OPGESCHORT, S.BESLOTEN})

CLOSED = frozenset({S.AFGEHANDELD, S.INGETROKKEN, S.BUITEN_BEHANDELING})

_DECISION_FLOW: dict[str, frozenset[str]] = {
    S.ONTVANGEN: frozenset({S.IN_BEHANDELING, S.INGETROKKEN}),
    S.IN_BEHANDELING: frozenset({S.OPGESCHORT, S.BESLOTEN, S.INGETROKKEN}),
    # An incomplete application not completed in time is not considered (Awb 4:5).
    S.OPGESCHORT: frozenset({S.IN_BEHANDELING, S.BUITEN_BEHANDELING, S.INGETROKKEN}),
    S.BESLOTEN: frozenset({S.AFGEHANDELD}),
}

# Which status may follow which, per procedure. A melding and a case without a legal term
# end without a decision; the extended procedure puts a draft decision up for views first.
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    Procedure.REGULIER: _DECISION_FLOW,
    Procedure.AWB_4_13: _DECISION_FLOW,
    Procedure.AWB_7_10: _DECISION_FLOW,
    Procedure.UITGEBREID: {
        **_DECISION_FLOW,
        S.IN_BEHANDELING: frozenset({S.OPGESCHORT, S.ONTWERPBESLUIT, S.INGETROKKEN}),
        S.ONTWERPBESLUIT: frozenset({S.BESLOTEN, S.INGETROKKEN}),
    },
    Procedure.MELDING: {
        S.ONTVANGEN: frozenset({S.IN_BEHANDELING, S.INGETROKKEN}),
        S.IN_BEHANDELING: frozenset({S.OPGESCHORT, S.BESLOTEN, S.AFGEHANDELD, S.INGETROKKEN}),
        S.OPGESCHORT: frozenset({S.IN_BEHANDELING, S.INGETROKKEN}),
        S.BESLOTEN: frozenset({S.AFGEHANDELD}),
    },
    Procedure.AWB_9_11: {
        S.ONTVANGEN: frozenset({S.IN_BEHANDELING, S.INGETROKKEN}),
        S.IN_BEHANDELING: frozenset({S.AFGEHANDELD, S.INGETROKKEN}),
    },
    Procedure.GEEN: {
        S.ONTVANGEN: frozenset({S.IN_BEHANDELING, S.INGETROKKEN}),
        S.IN_BEHANDELING: frozenset({S.OPGESCHORT, S.AFGEHANDELD, S.BESLOTEN, S.INGETROKKEN}),
        S.OPGESCHORT: frozenset({S.IN_BEHANDELING, S.INGETROKKEN}),
        S.BESLOTEN: frozenset({S.AFGEHANDELD}),
    },
}


def allowed_next(procedure: str, status: str) -> frozenset[str]:
    return TRANSITIONS[procedure].get(status, frozenset())


class DocumentType(models.TextChoices):
    AANVRAAG = "aanvraag", _("aanvraag of verzoek")
    AANVULLING = "aanvulling", _("aanvulling")
    CORRESPONDENTIE = "correspondentie", _("correspondentie")
    ADVIES = "advies", _("advies")
    RAPPORT = "rapport", _("rapport of verslag")
    ONTWERPBESLUIT = "ontwerpbesluit", _("ontwerpbesluit")
    ZIENSWIJZE = "zienswijze", _("zienswijze")
    BESLUIT = "besluit", _("besluit")
    OVERIG = "overig", _("overig")


class SuspensionReason(models.TextChoices):
    AANVULLING = "aanvulling", _("aanvraag onvolledig (Awb 4:15 lid 1 sub a)")
    VERZOEK_AANVRAGER = "verzoek_aanvrager", _("op verzoek van de aanvrager (Awb 4:15 lid 2 sub a)")
    OVERMACHT = "overmacht", _("vertraging door overmacht (Awb 4:15 lid 2 sub c)")


class RelationKind(models.TextChoices):
    VERVOLG = "vervolg", _("vervolg op")
    BIJDRAGE = "bijdrage", _("bijdrage aan")
    ONDERWERP = "onderwerp", _("betreft dezelfde situatie")
    BEZWAAR = "bezwaar", _("bezwaar tegen besluit in")


class DecisionKind(models.TextChoices):
    """What the mandate rules of Awb 10:3 need to know about a decision type."""

    BESCHIKKING = "beschikking", _("beschikking")
    BESLUIT_OP_BEZWAAR = "besluit_op_bezwaar", _("besluit op bezwaar")
    BESTUURLIJKE_BOETE = "bestuurlijke_boete", _("bestuurlijke boete")
    SANCTIE = "sanctie", _("herstelsanctie")
    PROCEDUREEL = "procedureel", _("procedureel besluit")


class CaseResult(models.TextChoices):
    """How a case ended (ZGW resultaat), set at closure; it chooses the retention rule."""

    VERLEEND = "verleend", _("verleend")
    GEWEIGERD = "geweigerd", _("geweigerd")
    INGETROKKEN = "ingetrokken", _("ingetrokken")
    AFGEBROKEN = "afgebroken", _("afgebroken (buiten behandeling)")
    AFGEHANDELD = "afgehandeld", _("afgehandeld")
    TOEZICHT_UITGEVOERD = "toezicht_uitgevoerd", _("toezicht uitgevoerd")
    HANDHAVING_UITGEVOERD = "handhaving_uitgevoerd", _("handhaving uitgevoerd")
    AFGEWEZEN = "afgewezen", _("afgewezen")
    VERSTREKT = "verstrekt", _("advies verstrekt")


class ArchiveNomination(models.TextChoices):
    """ZGW archiefnominatie."""

    BLIJVEND_BEWAREN = "blijvend_bewaren", _("blijvend bewaren")
    VERNIETIGEN = "vernietigen", _("vernietigen")


class ArchiveStatus(models.TextChoices):
    """ZGW archiefstatus."""

    NOG_TE_ARCHIVEREN = "nog_te_archiveren", _("nog te archiveren")
    GEARCHIVEERD = "gearchiveerd", _("gearchiveerd")
    GEARCHIVEERD_PROCESTERMIJN_ONBEKEND = (
        "gearchiveerd_procestermijn_onbekend",
        _("gearchiveerd, procestermijn onbekend"),
    )
    OVERGEDRAGEN = "overgedragen", _("overgedragen")


class Afleidingswijze(models.TextChoices):
    """ZGW Catalogi: how the brondatum of the archive procedure is derived (the nine values)."""

    AFGEHANDELD = "afgehandeld", _("afgehandeld")
    ANDER_DATUMKENMERK = "ander_datumkenmerk", _("ander datumkenmerk")
    EIGENSCHAP = "eigenschap", _("eigenschap")
    GERELATEERDE_ZAAK = "gerelateerde_zaak", _("gerelateerde zaak")
    HOOFDZAAK = "hoofdzaak", _("hoofdzaak")
    INGANGSDATUM_BESLUIT = "ingangsdatum_besluit", _("ingangsdatum besluit")
    TERMIJN = "termijn", _("termijn")
    VERVALDATUM_BESLUIT = "vervaldatum_besluit", _("vervaldatum besluit")
    ZAAKOBJECT = "zaakobject", _("zaakobject")
