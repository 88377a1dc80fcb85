"""Local development: `make run`. Never used in production."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# Only for a laptop; production.py refuses to start without a real SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production"
ALLOWED_HOSTS = ["*"]
# The admin asks superusers for a TOTP code as in production; STAFF_2FA_REQUIRED=false
# turns that off on a laptop (production.py ignores the variable).
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", True)

# Serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
