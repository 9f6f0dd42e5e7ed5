"""Production: secrets have no defaults, every cookie is secure, static files are fingerprinted."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")  # the endpoint's whsec_… from Stripe
STRIPE_TEST_CARD_STEP = False

# One database connection per worker process, kept between requests (checked before reuse),
# not a new PostgreSQL connection for every request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=600)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Templates are read and compiled once per process (Django does this by itself when DEBUG is
# off and no loaders are named; said here so that it stays so if loaders are ever set).
TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]

STORAGES = {
    **STORAGES,  # noqa: F405  (default and the private storage of members' lists)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS everywhere. A proxy in front terminates TLS and says so in X-Forwarded-Proto, and names
# the client in X-Forwarded-For (docs/deploy.md): one proxy unless told otherwise.
CHOPHIEN_TRUSTED_PROXY_COUNT = env.int("CHOPHIEN_TRUSTED_PROXY_COUNT", default=1)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# Oscar's basket and "recently viewed" (oscar_history) cookies are not secure by default.
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# Phone messages (docs/notifications.md) go only by a real gateway, once it is chosen: the
# console backend, base.py's default, would print buyers' numbers to the logs.
CHOPHIEN_NOTIFY_BACKENDS = {
    channel: path
    for channel, path in CHOPHIEN_NOTIFY_BACKENDS.items()  # noqa: F405
    if path.endswith(("EsmsBackend", "ZnsBackend"))
}
if "sms" in CHOPHIEN_NOTIFY_BACKENDS:
    ESMS_API_KEY = env("ESMS_API_KEY")
    ESMS_SECRET_KEY = env("ESMS_SECRET_KEY")
    ESMS_BRANDNAME = env("ESMS_BRANDNAME")
if "zalo" in CHOPHIEN_NOTIFY_BACKENDS:
    ZALO_OA_ACCESS_TOKEN = env("ZALO_OA_ACCESS_TOKEN")
