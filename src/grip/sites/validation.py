"""The rules for the values of a site and an establishment, shared by services and the import.

Each ``clean_*`` function takes what a person typed and returns the value as Grip stores it,
or raises :class:`~grip.core.errors.DomainError` naming the field and, in Dutch, the rule.
The import collects these messages per row and column instead of stopping at the first.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from grip.core.errors import DomainError

# A Dutch postcode: four digits, the first not 0, and two letters; PostNL never hands out the
# letter pairs SA, SD and SS. Grip stores it as the BAG does: '5611AB', without a space.
POSTCODE_PATTERN = r"^[1-9][0-9]{3}[A-Z]{2}$"
_POSTCODE_INPUT = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")
_UNUSED_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})

KVK_PATTERN = r"^[0-9]{8}$"  # KvK-nummer: eight digits
BRANCH_PATTERN = r"^[0-9]{12}$"  # vestigingsnummer: twelve digits
# A BAG identification: the municipality's four-digit code, the two-digit object type and a
# ten-digit serial number. Sites are found by their address: a verblijfsobject (01), ligplaats
# (02), standplaats (03) or nummeraanduiding (20).
BAG_PATTERN = r"^[0-9]{4}(01|02|03|20)[0-9]{10}$"
_BAG_OBJECT_TYPES = {"01", "02", "03", "20"}
# The local part of a NEN 3610 identification: letters, digits, '.', '_' and '-'.
IDENTIFICATION_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
IDENTIFICATION_MAX_LENGTH = 64
HOUSE_NUMBER_MAX = 99999
HOUSE_LETTER_PATTERN = r"^[A-Za-z]$"
HOUSE_NUMBER_ADDITION_PATTERN = r"^[A-Za-z0-9]{1,4}$"

_DIGITS = re.compile(r"[0-9]+")
_IDENTIFICATION = re.compile(IDENTIFICATION_PATTERN)
_HOUSE_LETTER = re.compile(HOUSE_LETTER_PATTERN)
_HOUSE_NUMBER_ADDITION = re.compile(HOUSE_NUMBER_ADDITION_PATTERN)


def _compact(raw: str) -> str:
    """Digits as people write them: spaces and dots between groups are dropped."""
    return raw.strip().replace(" ", "").replace(".", "")


def clean_postcode(raw: str, *, field: str = "postcode") -> str:
    """'5611 ab' -> '5611AB'. An empty postcode stays empty."""
    text = raw.strip()
    if not text:
        return ""
    match = _POSTCODE_INPUT.match(text)
    if match is None:
        raise DomainError(
            _(
                "'%(value)s' is geen Nederlandse postcode; schrijf vier cijfers en twee letters, "
                "zoals 5611 AB."
            )
            % {"value": text},
            field=field,
            code="invalid_postcode",
        )
    letters = match.group(2).upper()
    if letters in _UNUSED_POSTCODE_LETTERS:
        raise DomainError(
            _("Postcodes met de letters %(letters)s bestaan niet.") % {"letters": letters},
            field=field,
            code="invalid_postcode",
        )
    return match.group(1) + letters


def format_postcode(postcode: str) -> str:
    """'5611AB' -> '5611 AB', as Dutch addresses are written."""
    return f"{postcode[:4]} {postcode[4:]}" if len(postcode) == 6 else postcode


def clean_kvk_number(raw: str, *, field: str = "kvk_number") -> str:
    """Exactly eight digits; required."""
    text = _compact(raw)
    if not text:
        raise DomainError(_("Vul een KvK-nummer in."), field=field, code="invalid_kvk_number")
    if len(text) != 8 or not _DIGITS.fullmatch(text):
        raise DomainError(
            _("'%(value)s' is geen KvK-nummer; dat zijn precies acht cijfers.") % {"value": raw},
            field=field,
            code="invalid_kvk_number",
        )
    return text


def clean_branch_number(raw: str, *, field: str = "branch_number") -> str | None:
    """Exactly twelve digits, or None when not given (then the KvK number's main activity)."""
    text = _compact(raw)
    if not text:
        return None
    if len(text) != 12 or not _DIGITS.fullmatch(text):
        raise DomainError(
            _("'%(value)s' is geen vestigingsnummer; dat zijn precies twaalf cijfers.")
            % {"value": raw},
            field=field,
            code="invalid_branch_number",
        )
    return text


def clean_bag_id(raw: str, *, field: str = "bag_id") -> str:
    """Sixteen digits of a BAG verblijfsobject, ligplaats, standplaats or nummeraanduiding."""
    text = _compact(raw)
    if not text:
        return ""
    if len(text) != 16 or not _DIGITS.fullmatch(text):
        raise DomainError(
            _("'%(value)s' is geen BAG-identificatie; dat zijn precies zestien cijfers.")
            % {"value": raw},
            field=field,
            code="invalid_bag_id",
        )
    if text[4:6] not in _BAG_OBJECT_TYPES:
        raise DomainError(
            _(
                "BAG-identificatie %(value)s is geen adres: de cijfers 5 en 6 zijn 01 "
                "(verblijfsobject), 02 (ligplaats), 03 (standplaats) of 20 (nummeraanduiding)."
            )
            % {"value": text},
            field=field,
            code="invalid_bag_id",
        )
    return text


def clean_identification(raw: str, *, field: str = "identification") -> str:
    """The site's VTH-objectidentificatie: letters, digits, '.', '_' and '-', at most 64."""
    text = raw.strip()
    if not text:
        raise DomainError(
            _("Vul een identificatie in."), field=field, code="invalid_identification"
        )
    if len(text) > IDENTIFICATION_MAX_LENGTH or not _IDENTIFICATION.match(text):
        raise DomainError(
            _(
                "'%(value)s' is geen geldige identificatie: hoogstens %(max)s letters, cijfers, "
                "punten, liggende streepjes en koppeltekens, te beginnen met een letter of cijfer."
            )
            % {"value": text, "max": IDENTIFICATION_MAX_LENGTH},
            field=field,
            code="invalid_identification",
        )
    return text


def clean_house_number(raw: str | int | None, *, field: str = "house_number") -> int | None:
    """A whole number from 1 to 99999, or None when not given."""
    if raw is None or raw == "":
        return None
    text = str(raw).strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= HOUSE_NUMBER_MAX:
        raise DomainError(
            _("'%(value)s' is geen huisnummer; dat is een geheel getal van 1 tot en met 99999.")
            % {"value": text},
            field=field,
            code="invalid_house_number",
        )
    return int(text)


def clean_house_letter(raw: str, *, field: str = "house_letter") -> str:
    """One letter, or empty."""
    text = raw.strip()
    if text and not _HOUSE_LETTER.match(text):
        raise DomainError(
            _("'%(value)s' is geen huisletter; dat is één letter.") % {"value": text},
            field=field,
            code="invalid_house_letter",
        )
    return text.upper()


def clean_house_number_addition(raw: str, *, field: str = "house_number_addition") -> str:
    """At most four letters or digits, or empty (the BAG's huisnummertoevoeging)."""
    text = raw.strip()
    if text and not _HOUSE_NUMBER_ADDITION.match(text):
        raise DomainError(
            _(
                "'%(value)s' is geen huisnummertoevoeging; dat zijn hoogstens vier letters of "
                "cijfers."
            )
            % {"value": text},
            field=field,
            code="invalid_house_number_addition",
        )
    return text.upper()
