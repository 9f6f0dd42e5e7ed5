"""Development: the demo site that `make run` serves on one machine, with nothing else installed."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Payments go to the local Stripe stand-in that `make run` starts on 127.0.0.1.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="sk_test_localstripe")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="pk_test_localstripe")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="http://127.0.0.1:8420")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="whsec_localstripe")
STRIPE_TEST_CARD_STEP = True
# The bank feed's local stand-in (manage.py bank_feed_pay) signs as SePay with this key.
CHOPHIEN_BANK_FEED_PROVIDER = env("CHOPHIEN_BANK_FEED_PROVIDER", default="sepay")
CHOPHIEN_BANK_FEED_SECRET = env("CHOPHIEN_BANK_FEED_SECRET", default="dev-bank-feed-key")
# Template and code changes show at once: no full-page cache unless asked for.
CHOPHIEN_PAGE_CACHE = env.bool("CHOPHIEN_PAGE_CACHE", default=not DEBUG)
CHOPHIEN_CARD_CACHE = env.bool("CHOPHIEN_CARD_CACHE", default=not DEBUG)
