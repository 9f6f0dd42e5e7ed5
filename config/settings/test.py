"""Tests: fast hashing, in-memory email and cache; the database comes from DATABASE_URL."""

from config.test_media import media_root_for_tests

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# This run's own folder (removed at exit), or TEST_MEDIA_ROOT's: see config/test_media.py.
MEDIA_ROOT = media_root_for_tests()
PRIVATE_MEDIA_ROOT = f"{MEDIA_ROOT}-private"
# The thumbnails' lock files (core.thumbnails) beside it, removed with it.
CHOPHIEN_THUMBNAIL_LOCK_ROOT = f"{MEDIA_ROOT}-thumbnail-locks"
if STORAGES["private"]["BACKEND"].endswith("FileSystemStorage"):  # noqa: F405  (not on S3)
    STORAGES["private"]["OPTIONS"]["location"] = str(PRIVATE_MEDIA_ROOT)  # noqa: F405
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DEMO_PHOTO_SIZE = 96  # the loader's photos are real JPEGs, just small enough to be quick
STRIPE_SECRET_KEY = "sk_test_localstripe"
STRIPE_PUBLISHABLE_KEY = "pk_test_localstripe"
STRIPE_API_BASE = env("STRIPE_API_BASE", default="http://127.0.0.1:8420")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="whsec_localstripe")
STRIPE_TEST_CARD_STEP = True
CHOPHIEN_BANK_FEED_PROVIDER = "sepay"
CHOPHIEN_BANK_FEED_SECRET = "test-bank-feed-key"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory, so --reuse-db can keep the migrated test database between runs.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
    # The database options are the ones users get (base.py: IMMEDIATE transactions, a busy
    # timeout, WAL): a test needing other ones would be testing another site
    # (tests/test_sqlite_concurrency.py holds a real server to them).

# Static files come from the app folders (no collectstatic before tests).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
DEMO_MEMBERS = 300  # demo.union: a small roster keeps load_demo_data quick in tests
# Phone messages are kept in memory (notifications.backends.outbox) unless a test points a
# channel at the local SMS/Zalo stand-in (tests/notifications).
CHOPHIEN_NOTIFY_BACKENDS = {
    "zalo": "notifications.backends.LocmemBackend",
    "sms": "notifications.backends.LocmemBackend",
}

# The administrative units (about 14,000 rows) are loaded once per test session and again
# after a transactional test empties the database (tests/support/places.py), not serialized
# for `serialized_rollback`: restoring them with their old primary keys would collide with a
# reload.
TEST_NON_SERIALIZED_APPS = ["places"]
