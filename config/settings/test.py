"""Tests: fast hashing, in-memory email and cache; the database comes from DATABASE_URL."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default="/tmp/chophien-test-media")
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STRIPE_SECRET_KEY = "sk_test_localstripe"
STRIPE_PUBLISHABLE_KEY = "pk_test_localstripe"
STRIPE_API_BASE = env("STRIPE_API_BASE", default="http://127.0.0.1:8420")
