"""Production: settings from the environment; refuses to start when they are unsafe."""

import os

from django.core.exceptions import ImproperlyConfigured

from grip.settings.base import *
from grip.settings.environment import env_bool, env_int

# GRIP_SECRET_KEY: required; at least 50 characters.
SECRET_KEY = os.environ.get("GRIP_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "GRIP_SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
# GRIP_PSEUDONYM_KEY: required; at least 32 characters, and not the secret key.
PSEUDONYM_KEY = os.environ.get("GRIP_PSEUDONYM_KEY", "")
if len(PSEUDONYM_KEY) < 32 or PSEUDONYM_KEY == SECRET_KEY:
    raise ImproperlyConfigured(
        "GRIP_PSEUDONYM_KEY must be set to a random value of at least 32 characters in "
        "production, different from GRIP_SECRET_KEY."
    )
if DEBUG:
    raise ImproperlyConfigured("GRIP_DEBUG must be false in production.")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# GRIP_SECURE_SSL_REDIRECT: redirect plain HTTP to HTTPS (off when the proxy already does it).
SECURE_SSL_REDIRECT = env_bool("GRIP_SECURE_SSL_REDIRECT", default=True)
# The reverse proxy terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# GRIP_HSTS_SECONDS: Strict-Transport-Security max-age (default one year).
SECURE_HSTS_SECONDS = env_int("GRIP_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# GRIP_EMAIL_HOST / _PORT / _USER / _PASSWORD / _USE_TLS: the SMTP relay for notifications.
EMAIL_BACKEND = os.environ.get("GRIP_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("GRIP_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("GRIP_EMAIL_PORT", default=25)
EMAIL_HOST_USER = os.environ.get("GRIP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GRIP_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("GRIP_EMAIL_USE_TLS", default=False)
