"""Pseudonyms for personal data: a keyed hash (HMAC-SHA256) with ``settings.PSEUDONYM_KEY``.

The same value always gives the same pseudonym, so pseudonymised tables still join; without
the key nobody can recompute one from a guessed value. Pseudonymised data is still personal
data (AVG recital 26): whoever receives it is logged.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def pseudonymise(value: object) -> str | None:
    """The pseudonym of a value (64 hex characters); None stays None."""
    if value is None:
        return None
    key = settings.PSEUDONYM_KEY
    if not key:
        raise ImproperlyConfigured("PSEUDONYM_KEY is not set; see GRIP_PSEUDONYM_KEY.")
    return hmac.new(key.encode(), str(value).encode(), hashlib.sha256).hexdigest()
