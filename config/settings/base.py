"""Settings shared by every environment. Everything that varies is read through `env`."""

import datetime
import os
import tempfile

from csp.constants import NONCE
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403  Oscar's documented way to get its OSCAR_* defaults

from config import switches
from config.env import BASE_DIR, env
from marketplace.order.statuses import LineStatus, OrderStatus

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    # Our apps first, so their templates and static files win over Oscar's and Wagtail's.
    "accounts",
    "cms",
    "privacy",
    "producers",
    "mentoring",
    "payouts",
    "complaints",
    "pagecache",
    # The demo data and its commands. A production site may leave it out (no app imports it;
    # then load_demo_data and generate_scale_data are not available); `make run` and the
    # tests need it.
    "demo",
    "legal",
    "notifications",
    "places",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django. No django.contrib.admin: staff work in the Oscar dashboard and the Wagtail admin.
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.sitemaps",
    # Oscar: the root app and the apps we fork come from marketplace/.
    "marketplace.apps.MarketplaceConfig",
    "marketplace.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "marketplace.checkout.apps.CheckoutConfig",
    "marketplace.address.apps.AddressConfig",
    "marketplace.shipping.apps.ShippingConfig",
    "marketplace.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "marketplace.partner.apps.PartnerConfig",
    "marketplace.basket.apps.BasketConfig",
    "marketplace.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "marketplace.order.apps.OrderConfig",
    "marketplace.customer.apps.CustomerConfig",
    "marketplace.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "marketplace.dashboard.apps.DashboardConfig",  # forked: our home page and order pages
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "marketplace.dashboard.orders.apps.OrdersDashboardConfig",  # staff only
    "marketplace.dashboard.catalogue.apps.CatalogueDashboardConfig",  # staff only
    "marketplace.dashboard.offers.apps.OffersDashboardConfig",  # the list in a set order
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    # Oscar's own dependencies. haystack stays installed only because Oscar's search module
    # imports it; our forked search app lists products from the database instead.
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Security: sign-in throttling (accounts.throttling) and the Content-Security-Policy header.
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, but the browser's own background fetches never end a session (see its docstring).
    "config.middleware.BackgroundSafeSessionMiddleware",
    "config.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "marketplace.basket.middleware.BasketMiddleware",
    # After sign-in, the versions of the terms not yet accepted (legal.gate); before the page cache.
    "legal.gate.AcceptanceGateMiddleware",
    # After the session, CSRF, language, user, messages and basket are known (pagecache).
    # A member's first page after their first sign-in is the privacy notice (once).
    "privacy.middleware.MemberNoticeMiddleware",
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # On SQLite only: read pages outside the request's transaction (see its docstring).
    "config.middleware.SQLiteReadsOutsideTransactionMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",  # <html lang> follows the language
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "pagecache.context_processors.page_cache",
                "marketplace.order.context_processors.statuses",  # OrderStatus, LineStatus
            ],
        },
    },
]

# The database: SQLite on one machine with no configuration, PostgreSQL by DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. With Django's default (deferred) transactions a request
    # that read first cannot upgrade to a writer while another one writes, and fails at once
    # with "database is locked" (no wait): a fifth of requests under 20 clients. IMMEDIATE
    # takes the write lock when the transaction begins, so a second writer waits its turn (up
    # to `timeout` seconds); WAL lets readers read while one writes; synchronous=NORMAL is
    # WAL's usual pairing (durable at each checkpoint, never corrupt).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=30),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# A read replica for the heavy reports only (core.db.reporting_database); unset, they read
# "default" like everything else.
if replica := switches.replica_database(os.environ, default=DATABASES["default"]):
    DATABASES["replica"] = replica
# Set before the first migration and never changed: Oscar's migrations read it at run time.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# People sign in with a phone number or an email: many rural producers have no email.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ThrottledSignIn",  # refuses a locked-out account and address first
    "accounts.backends.EmailOrPhoneBackend",
]
LOGIN_URL = reverse_lazy("customer:login")
LOGIN_REDIRECT_URL = "/shop/accounts/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (see accounts.throttling): 5 wrong passwords for one account (whichever of
# its e-mail or phone was typed) from one address, then that address waits 15 minutes for that
# account; the owner elsewhere is not locked out, and a reset link clears the count. An address
# with 30 failures over any accounts waits too. A refused try during the wait does not restart it.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "accounts.throttling.sign_in_identifier"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_HANDLER = "accounts.throttling.SignInHandler"
AXES_VERBOSE = False
CHOPHIEN_SIGN_IN_FAILURES_PER_ADDRESS = env.int("CHOPHIEN_SIGN_IN_FAILURES_PER_ADDRESS", default=30)
# How many proxies we run in front of the app servers (nginx: 1, docs/deploy.md). The client's
# address is then read from X-Forwarded-For as the outermost proxy wrote it; 0 (`make run`, no
# proxy): the connection's address, and the header is ignored, since anyone can send it.
CHOPHIEN_TRUSTED_PROXY_COUNT = env.int("CHOPHIEN_TRUSTED_PROXY_COUNT", default=0)
# Who sends one-time sign-in codes (accounts.otp): a dotted path to a callable with the
# signature of notifications.services.message_send. The console one prints them (development).
# The failure counters stay in the database (django-axes' database handler), not in Redis: all
# app servers share them either way, and the database keeps the attempts for the audit.

# Content-Security-Policy: this site's own files only. Styles may be inline (Wagtail's admin and
# a few of our pages set them); scripts may not, unless they carry this response's nonce
# (`nonce="{{ request.csp_nonce }}"`: Oscar's page start-up, Wagtail's widgets; NONCE is left
# out of the header of a page that has none). Never a nonce in style-src: it would switch its
# 'unsafe-inline' off. The card payment page adds Stripe's domains
# (marketplace.checkout.card_views), and pages with embedded video add their players' domains.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://www.youtube.com"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Language and time: Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Pages have an English translation tree (wagtail.contrib.simple_translation). URLs stay the
# same in both languages: the language cookie picks the tree (Site root's `.localized`).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static files and media
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Files with people's personal data (the union's member lists) live outside MEDIA_ROOT, so no
# URL ever serves them; only the code that imports them reads them.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
# Both on an S3-compatible object store, in two buckets, when AWS_STORAGE_BUCKET_NAME is set
# (config.switches.storage_settings): every app server then sees every upload.
STORAGES = {
    **switches.storage_settings(os.environ, private_media_root=PRIVATE_MEDIA_ROOT),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# `manage.py backup` writes here (database, media, private media); no URL serves it. Point it
# at another disk in production.
BACKUP_ROOT = env.path("DJANGO_BACKUP_ROOT", default=BASE_DIR / "backups")

SITE_ID = 1
# Redis when REDIS_URL is set (shared by every worker process: one cache, one page cache
# version), else each process's local memory. DJANGO_CACHE_URL may name any other cache.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # A Redis outage empties the cache rather than failing requests (config.cache);
            # short timeouts, so a lost Redis costs each request milliseconds, not seconds.
            "BACKEND": "config.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "chophien",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": env.cache("DJANGO_CACHE_URL", default="locmemcache://")}
# Sessions are in the database every app server shares (cached in Redis when there is one).
SESSION_ENGINE = switches.session_engine(redis_url=REDIS_URL)
# Background tasks: inline by default; CHOPHIEN_TASKS_BACKEND=database queues them in the
# database for `manage.py db_worker`, a separate process (docs/deploy.md).
TASKS, _task_apps = switches.task_settings(os.environ)
INSTALLED_APPS += _task_apps
# The full-page cache for anonymous visitors (pagecache.middleware). A change to what public
# pages show invalidates it at once in every process sharing the cache (Redis); in local
# memory, only in the process that made the change, so entries live a minute there.
CHOPHIEN_PAGE_CACHE = env.bool("CHOPHIEN_PAGE_CACHE", default=True)
CHOPHIEN_PAGE_CACHE_SECONDS = env.int(
    "CHOPHIEN_PAGE_CACHE_SECONDS", default=600 if REDIS_URL else 60
)
# Product cards cached as HTML per product under the same version and lifetime, for the
# pages the full-page cache leaves out ({% product_cards %}, marketplace/templatetags).
CHOPHIEN_CARD_CACHE = env.bool("CHOPHIEN_CARD_CACHE", default=True)
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Chợ Phiên <no-reply@localhost>")

# Messages by phone (docs/notifications.md). Each channel's backend: "console" prints them
# (the default: development without a gateway), "esms" / "zns" call the gateways (or the local
# stand-in `make run` starts, notifications.standin_server), "" turns the channel off.
_NOTIFY_BACKENDS = {
    "console": "notifications.backends.ConsoleBackend",
    "locmem": "notifications.backends.LocmemBackend",
    "esms": "notifications.backends.EsmsBackend",
    "zns": "notifications.backends.ZnsBackend",
}
CHOPHIEN_NOTIFY_BACKENDS = {
    channel: _NOTIFY_BACKENDS[choice]
    for channel, choice in (
        ("zalo", env("CHOPHIEN_ZALO_BACKEND", default="console")),
        ("sms", env("CHOPHIEN_SMS_BACKEND", default="console")),
    )
    if choice
}
CHOPHIEN_NOTIFY_ATTEMPTS = env.int("CHOPHIEN_NOTIFY_ATTEMPTS", default=5)
CHOPHIEN_NOTIFY_BACKOFF_SECONDS = env.int("CHOPHIEN_NOTIFY_BACKOFF_SECONDS", default=60)
CHOPHIEN_NOTIFY_TIMEOUT = env.float("CHOPHIEN_NOTIFY_TIMEOUT", default=5)
# eSMS.vn: the account's keys and its registered brand name (the sender shown on phones).
ESMS_API_URL = env(
    "ESMS_API_URL",
    default="https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/",
)
ESMS_API_KEY = env("ESMS_API_KEY", default="")
ESMS_SECRET_KEY = env("ESMS_SECRET_KEY", default="")
ESMS_BRANDNAME = env("ESMS_BRANDNAME", default="")
ESMS_SANDBOX = env.bool("ESMS_SANDBOX", default=False)
# Zalo ZNS: the OA's access token and, per message template, the id Zalo approved it under:
# ZALO_ZNS_TEMPLATES="order_placed=123456,order_paid=123457". A template without an id goes
# by SMS.
ZALO_ZNS_API_URL = env(
    "ZALO_ZNS_API_URL", default="https://business.openapi.zalo.me/message/template"
)
ZALO_OA_ACCESS_TOKEN = env("ZALO_OA_ACCESS_TOKEN", default="")
ZALO_ZNS_TEMPLATES = env.dict("ZALO_ZNS_TEMPLATES", default={})
# Who hears of a partner's new orders by phone, and the link they open (producers.notices).
CHOPHIEN_PARTNER_NOTICE = "producers.notices.partner_notice"

# Wagtail
WAGTAIL_SITE_NAME = "Chợ Phiên"
# The site's public address, for links that leave a request (emails, admin notifications).
# On one machine it is where `make run` serves: PORT (scripts/serve.sh sets both).
WAGTAILADMIN_BASE_URL = env(
    "WAGTAILADMIN_BASE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}"
)
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin must not call out to the internet
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatars fetched from gravatar.com
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # page slugs are readable ASCII, like product slugs
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.WagtailLoginForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.password_reset.CmsPasswordResetForm"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip", "mp3", "wav"]
# The "I want to sell here" form's submissions go here unless the form page names its own address.
PRODUCER_ONBOARDING_EMAIL = env("PRODUCER_ONBOARDING_EMAIL", default="onboarding@localhost")
# Shop search (marketplace/search/backends): "database" follows the database (SQLite LIKE,
# PostgreSQL trigram); "wagtail" sends it to OpenSearch/Elasticsearch at WAGTAILSEARCH_URL.
CHOPHIEN_SEARCH_ENGINE = env("CHOPHIEN_SEARCH_ENGINE", default="database")
# The names of the producers in the search's producer facet, and whether the public may see
# one (a dotted path: the shop sits below producers and does not import them).
CHOPHIEN_SEARCH_PRODUCER_NAMES = "producers.selectors.producer_names"
if WAGTAILSEARCH_URL := env("WAGTAILSEARCH_URL", default=""):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": env("WAGTAILSEARCH_BACKEND", default="wagtail.search.backends.opensearch2"),
        "URLS": [WAGTAILSEARCH_URL],
        "INDEX": env("WAGTAILSEARCH_INDEX", default="chophien"),
    }

# Oscar
OSCAR_SHOP_NAME = "Chợ Phiên"
OSCAR_SHOP_TAGLINE = _("Lao Cai specialties from young producers")
OSCAR_HOMEPAGE = "/"
OSCAR_DEFAULT_CURRENCY = "VND"
# Babel knows VND has no minor unit: "150.000 ₫" in Vietnamese, "₫150,000" in English.
OSCAR_CURRENCY_FORMAT = {"VND": {"currency_digits": True, "format_type": "standard"}}
OSCAR_SLUG_FUNCTION = "core.slugs.ascii_slugify"
# Oscar's own loader, but every dashboard report's CSV is neutralised (marketplace.loading).
OSCAR_DYNAMIC_CLASS_LOADER = "marketplace.loading.class_loader"
OSCAR_SLUG_ALLOW_UNICODE = False
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_ALLOW_ANON_CHECKOUT = True
# Product reviews: by signed-in buyers who paid for the product (Product.is_review_permitted),
# shown and counted in the rating only once staff approve them (dashboard → Reviews).
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_MODERATE_REVIEWS = True
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
# Every product thumbnail as WebP: a third smaller than JPEG at the same quality, and read by
# every browser the site supports. (Wagtail's renditions choose theirs per tag: format-webp.)
THUMBNAIL_FORMAT = "WEBP"
# sorl's backend, but a thumbnail asked for by many requests at once is made once, under a lock
# (core.thumbnails): on a fresh site, concurrent clients got half-written thumbnails and 500s.
THUMBNAIL_BACKEND = "core.thumbnails.LockingThumbnailBackend"
# Its lock files. They must be on a local disk that every process of this machine sees, and
# the system's temporary folder is one wherever the media are; MEDIA_ROOT is not (with S3 it
# is unused, and nginx serves it and `manage.py backup` copies it: no place for lock files).
CHOPHIEN_THUMBNAIL_LOCK_ROOT = env.path(
    "CHOPHIEN_THUMBNAIL_LOCK_ROOT",
    default=os.path.join(tempfile.gettempdir(), "chophien-thumbnail-locks"),
)
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "line4", "country", "phone_number")
# Each producer ships its own lines of an order; an order waits for its payment, is paid, may
# be refunded (the statuses and their pipelines: marketplace.order.statuses).
OSCAR_INITIAL_LINE_STATUS = LineStatus.INITIAL
OSCAR_LINE_STATUS_PIPELINE = LineStatus.PIPELINE
OSCAR_INITIAL_ORDER_STATUS = OrderStatus.INITIAL
OSCAR_ORDER_STATUS_PIPELINE = OrderStatus.PIPELINE
OSCAR_DASHBOARD_NAVIGATION = OSCAR_DASHBOARD_NAVIGATION  # noqa: F405  extended by later issues
# Staff's bank-feed reconciliation (marketplace.payment.bank_feed_views), under Fulfilment. It
# is not an Oscar dashboard view, so Oscar's permission map cannot judge it: staff see it, as
# the view itself requires.
OSCAR_DASHBOARD_NAVIGATION = [
    {
        **section,
        "children": [
            *section["children"],
            {
                "label": _("Bank transfers to reconcile"),
                "url_name": "payments:bank-feed",
                "access_fn": lambda user, *args, **kwargs: user.is_staff,
            },
        ],
    }
    if section.get("icon") == "fas fa-shopping-cart"
    else section
    for section in OSCAR_DASHBOARD_NAVIGATION
]

# haystack is unused by our views (see marketplace/search); the simple engine keeps it quiet.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

# Demo data and the local Stripe stand-in
DEMO_PASSWORD = env("DEMO_PASSWORD", default="chophien-demo")
DEMO_PHOTO_SIZE = 800  # pixels; product photos are generated, square
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")  # set to localstripe's URL in development
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# localstripe's Stripe.js mock cannot run the card form: development and tests show a clearly
# labelled test-card step instead, after which the same PaymentIntent and webhook code runs.
STRIPE_TEST_CARD_STEP = env.bool("STRIPE_TEST_CARD_STEP", default=False)
# VNPay (domestic ATM cards, bank apps, VNPay-QR): the merchant's terminal code and hash secret
# from VNPay's merchant account; without them the method is offered as unavailable. The
# default URLs are VNPay's sandbox; production sets its live ones. `make run` points all four
# at the local stand-in (marketplace.vnpay_standin).
VNPAY_TMN_CODE = env("VNPAY_TMN_CODE", default="")
VNPAY_HASH_SECRET = env("VNPAY_HASH_SECRET", default="")
VNPAY_PAYMENT_URL = env(
    "VNPAY_PAYMENT_URL", default="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
)
VNPAY_API_URL = env(
    "VNPAY_API_URL", default="https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"
)
VNPAY_TIMEOUT = env.float("VNPAY_TIMEOUT", default=10)
# Bank transfers confirmed by the bank's own feed (marketplace.payment.bank_feed): which
# service pushes the producers' incoming transactions to /bank-feed/webhook/ ("casso",
# "sepay" or "" for none: producers and staff confirm by hand) and its secret (Casso: the
# webhook's checksum key; SePay: the API key it sends as "Authorization: Apikey ...").
CHOPHIEN_BANK_FEED_PROVIDER = env("CHOPHIEN_BANK_FEED_PROVIDER", default="")
CHOPHIEN_BANK_FEED_SECRET = env("CHOPHIEN_BANK_FEED_SECRET", default="")
# The ways to pay offered at checkout, in this order. Another gateway (VNPay, MoMo) is one more
# class implementing marketplace.payment.methods.PaymentMethod.
# The payout ledger (payouts, docs/payouts.md): the platform's fee on money it collects for a
# producer, in percent of the gross (0: none), and the columns of the bulk-transfer file, in
# order (any of payouts.selectors.COLUMNS). The default is our own layout, not a bank's: set it
# to match the template your bank publishes for bulk transfers.
CHOPHIEN_PLATFORM_FEE_PERCENT = env.str("CHOPHIEN_PLATFORM_FEE_PERCENT", default="0")
CHOPHIEN_PAYOUT_FILE_COLUMNS = env.list(
    "CHOPHIEN_PAYOUT_FILE_COLUMNS",
    default=["beneficiary_name", "account_number", "bank_bin", "bank_name", "amount", "message"],
)
# A payout batch covers a week by default: the form proposes the last batch's last day
# plus this many days (never later than today).
CHOPHIEN_PAYOUT_PERIOD_DAYS = env.int("CHOPHIEN_PAYOUT_PERIOD_DAYS", default=7)
# What an order's pages (buyer's and producer's) say about money the platform collected: to be
# paid out in which batch, or paid out on which day (marketplace.templatetags.payout_notes).
CHOPHIEN_ORDER_PAYOUT_NOTES = "payouts.selectors.order_payout_notes"
# What the buyer's and the producer's order pages say and link about complaints (complaints
# app, above the shop): asked through the shop's {% order_complaint_links %} tag.
CHOPHIEN_ORDER_COMPLAINTS = "complaints.selectors.order_complaint_links"
# Complaints (E-commerce Law 2025): the producer answers within this many days of the
# complaint; a buyer may complain up to this many days after the order was placed.
CHOPHIEN_COMPLAINT_ANSWER_DAYS = env.int("CHOPHIEN_COMPLAINT_ANSWER_DAYS", default=3)
CHOPHIEN_COMPLAINT_WINDOW_DAYS = env.int("CHOPHIEN_COMPLAINT_WINDOW_DAYS", default=30)
# What a person agreed to, beyond the acceptances and consents of `legal`: rows from apps above
# it (legal.selectors.consents_of), here the lawful basis a union recorded for a member.
CHOPHIEN_CONSENT_PROVIDERS = ["mentoring.selectors.member_data_bases_of"]
# What a person accepts after sign-in (legal.gate.kinds_for): a buyer's terms and privacy
# notice, and for a producer's account the seller's commitments and operating rules too.
CHOPHIEN_LEGAL_KINDS_FOR_USER = "producers.selectors.legal_kinds_for"

CHOPHIEN_PAYMENT_METHODS = [
    "marketplace.payment.methods.BankTransfer",
    "marketplace.payment.methods.CashOnDelivery",
    "marketplace.payment.methods.VNPay",
    "marketplace.payment.methods.StripeCard",
]
# What else happens when someone takes over a shop drafted for them (producers.assisted):
# functions hook(*, producer, user) -> dict, run in the hand-over's transaction. The union's
# makes the account the member's (mentoring.assisted).
# "Download my data" (privacy): one section per kind of personal record, by dotted path; an app
# that starts holding personal data adds its section here (docs/privacy.md).
CHOPHIEN_PRIVACY_SECTIONS = [
    "privacy.sections.account",
    "privacy.sections.addresses",
    "privacy.sections.orders",
    "privacy.sections.member",
    "privacy.sections.producer",
    "privacy.sections.consents",
    "privacy.sections.messages",
]
CHOPHIEN_DRAFT_HANDOVER_HOOKS = ["mentoring.assisted.member_draft_handover"]
# Links handled outside the producer portal that a visitor may open before having an account:
# functions pending(request) -> url or None; once signed in, the portal's wizard leads back.
CHOPHIEN_PORTAL_PENDING_LINKS = [
    "mentoring.practice_portal_views.pending_practice_join",
    "mentoring.member_link_views.pending_member_link",
]
# Who may buy from a sandbox shop (Producer.is_sandbox: a shop for practising, never public)
# and which baskets of its lines may be paid: a subclass of marketplace.sandbox.SandboxPolicy.
# The training's practice shops (mentoring) are the site's sandbox shops; empty: the shop's
# defaults, nothing sandboxed can be bought.
CHOPHIEN_SANDBOX_POLICY = "mentoring.practice.PracticePolicy"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # Oscar logs every stock change's alert check, and django-tasks every background task
    # (Wagtail's reference index), at INFO: noise in demo loads, `make run` and tests.
    "loggers": {
        "oscar.alerts": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "stripe": {"level": "WARNING"},  # every API call at INFO
    },
}

# Uploaded workbooks (roster, attendance, product imports): how far a sheet's cells may reach,
# counted from A1, before it is refused unread (core.tabular). The reader keeps a
# sheet as one dense block: 5,000,000 cells are about 160 MB.
CHOPHIEN_SPREADSHEET_MAX_ROWS = env.int("CHOPHIEN_SPREADSHEET_MAX_ROWS", default=200_000)
CHOPHIEN_SPREADSHEET_MAX_COLUMNS = env.int("CHOPHIEN_SPREADSHEET_MAX_COLUMNS", default=100)
CHOPHIEN_SPREADSHEET_MAX_CELLS = env.int("CHOPHIEN_SPREADSHEET_MAX_CELLS", default=5_000_000)
# A roster import marked running whose process is gone (its lock is free) and that has shown
# no progress for this long can be retried or abandoned from its page (mentoring.roster).
CHOPHIEN_IMPORT_STALE_MINUTES = env.int("CHOPHIEN_IMPORT_STALE_MINUTES", default=5)
# A password a mentor set for a member (sign-in help) holds the account's bank changes back for
# this many days: whoever set it could otherwise send the producer's money elsewhere.
CHOPHIEN_PASSWORD_HANDOVER_HOLD_DAYS = env.int("CHOPHIEN_PASSWORD_HANDOVER_HOLD_DAYS", default=7)
# The province's traceability portals: a lot's "provincial record" link, shown on the public
# trace page under the province's name, may only point at these hosts (producers.models).
CHOPHIEN_PROVINCIAL_RECORD_HOSTS = env.list(
    "CHOPHIEN_PROVINCIAL_RECORD_HOSTS", default=["truyxuat.laocai.gov.vn"]
)

# The site's province (GSO code of today's unit): producers sign up with one of its communes,
# the producer directory, search facet and CMS sections name its communes and former
# districts. "15" is the merged Lào Cai (Lào Cai and Yên Bái since 1 July 2025).
CHOPHIEN_HOME_PROVINCE_CODE = env("CHOPHIEN_HOME_PROVINCE_CODE", default="15")

# Seller identification (producers.identification; E-commerce Law 2025). The photos of identity
# documents are deleted this many days after staff decide (approve or refuse): long enough to
# answer a question about the decision, no longer (Personal Data Protection Law 2025: keep
# personal data only as long as its purpose needs). The numbers themselves stay on record.
# `manage.py purge_identity_documents`, run daily from cron, deletes them.
CHOPHIEN_IDENTITY_DOCUMENTS_KEEP_DAYS = env.int("CHOPHIEN_IDENTITY_DOCUMENTS_KEEP_DAYS", default=90)
# Who confirms an identity: "producers.identification.ManualVerifier" (staff check the documents
# and the VNeID level-2 screenshot) or an adapter for the national identification service when
# the operator has access to it. "producers.identification.StandInNationalVerifier" is a stand-in
# answering from CHOPHIEN_IDENTITY_STANDIN_FILE (a JSON list of {citizen_id, full_name, level}),
# for trying the flow; it is not an integration.
CHOPHIEN_IDENTITY_VERIFIER = env(
    "CHOPHIEN_IDENTITY_VERIFIER", default="producers.identification.ManualVerifier"
)
CHOPHIEN_IDENTITY_STANDIN_FILE = env("CHOPHIEN_IDENTITY_STANDIN_FILE", default="")
