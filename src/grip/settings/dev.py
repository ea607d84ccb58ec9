"""Local and embedded use (`make run`): SQLite under var/, a secret generated once."""

import os

from grip.settings.base import *
from grip.settings.environment import secret_key_from_file

# GRIP_SECRET_KEY: when unset in dev, a random key is generated once into var/secret_key.
SECRET_KEY = os.environ.get("GRIP_SECRET_KEY") or secret_key_from_file(VAR_DIR / "secret_key")
# GRIP_PSEUDONYM_KEY: when unset in dev, generated once into var/pseudonym_key.
PSEUDONYM_KEY = os.environ.get("GRIP_PSEUDONYM_KEY") or secret_key_from_file(
    VAR_DIR / "pseudonym_key"
)
