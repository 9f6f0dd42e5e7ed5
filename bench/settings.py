"""Settings the page benchmark serves the site with: production's behaviour (DEBUG off, the
cached template loader, the page cache), on the database of DATABASE_URL and the cache of
REDIS_URL (else local memory), over plain HTTP on 127.0.0.1, with a trivial baseline view."""

from config.settings.base import *  # noqa: F403
from config.settings.base import TEMPLATES, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="bench-only-key-" + "x" * 40)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]  # testserver: SQL counts
ROOT_URLCONF = "bench.urls"
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405  as in production
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
TEMPLATES[0]["APP_DIRS"] = False
TEMPLATES[0]["OPTIONS"]["loaders"] = [
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]
# Static files from the apps' folders through WhiteNoise, no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
