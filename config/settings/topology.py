"""The many-machine test topology (scripts/topology.sh): production's behaviour (DEBUG off, the
cached template loader, persistent connections, the page cache) over plain HTTP on 127.0.0.1,
with every engine switched on by the environment the script sets (config.switches)."""

from .base import *  # noqa: F403
from .base import DATABASES, TEMPLATES, env

# On only while the script loads the demo accounts (load_demo_data creates them in DEBUG).
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="topology-only-key-" + "x" * 40)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["CONN_MAX_AGE"] = 600
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
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
CHOPHIEN_PAGE_CACHE = True
# nginx in front, as in production (scripts/topology.sh sets X-Forwarded-For).
CHOPHIEN_TRUSTED_PROXY_COUNT = env.int("CHOPHIEN_TRUSTED_PROXY_COUNT", default=1)
# Static files from the apps' folders through WhiteNoise, no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STRIPE_SECRET_KEY = "sk_test_topology"  # no card payments in the scenario
STRIPE_PUBLISHABLE_KEY = "pk_test_topology"
DEMO_MEMBERS = 300  # a small demo roster: the scenario imports its own
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
