import functools
from contextvars import ContextVar

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import MiddlewareNotUsed
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation


@functools.cache
def _fetched_by_the_browser_itself() -> frozenset[str]:
    # reverse() gives the paths with the script prefix, as request.path has them.
    return frozenset(reverse(name) for name in ("service_worker", "manifest", "offline"))


class BackgroundSafeSessionMiddleware(SessionMiddleware):
    """Django's session middleware, but for what the browser fetches by itself in the
    background: the service worker's script (checked for a new version on every visit), the
    web app manifest, and the offline page the worker stores when it installs.

    Such a request can leave the phone with the old session's cookie just before a sign-in
    (which gives the session a new key and deletes the old one) and reach the server after
    it. Django then finds no session for that cookie and answers by deleting the session
    cookie, the new one the sign-in had just set: the person is signed out without a word,
    and their next form (a practice shop's "join" button, a checkout) fails. These three
    answers are the same for everyone, so they get an empty session and leave the cookie
    alone."""

    def process_request(self, request):
        if request.path in _fetched_by_the_browser_itself():
            request.session = self.SessionStore(None)
            return
        super().process_request(request)

    def process_response(self, request, response):
        if request.path in _fetched_by_the_browser_itself():
            return response
        return super().process_response(request, response)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose another language with the site's switcher.

    The browser's Accept-Language is ignored on purpose: many Vietnamese phones run an English
    system locale, and their owners still read Vietnamese first.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# The nonce of the response being rendered, for what renders HTML without the request at hand:
# form widgets (Wagtail's date pickers and choosers write their start-up script next to the
# field) and Wagtail's panels. Set for the length of one request by the middleware below.
_response_nonce: ContextVar = ContextVar("csp_nonce", default=None)


def current_csp_nonce() -> str:
    """The CSP nonce of the response being rendered ("" outside a request).

    Reading it puts the nonce into this response's script-src, as `request.csp_nonce` does.
    """
    nonce = _response_nonce.get()
    return str(nonce) if nonce is not None else ""


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's CONTENT_SECURITY_POLICY, whose script-src allows this response's nonce.

    No page, the staff areas included, may run inline script without it: every inline
    <script> our templates (and the Oscar and Wagtail templates we override) write carries
    `nonce="{{ request.csp_nonce }}"`, so script injected into a page still does not run.
    """

    def process_request(self, request):
        super().process_request(request)
        _response_nonce.set(request.csp_nonce)

    def process_response(self, request, response):
        _response_nonce.set(None)
        return super().process_response(request, response)


class SQLiteReadsOutsideTransactionMiddleware:
    """On SQLite, a GET or HEAD runs its view in autocommit, not in the request's transaction.

    SQLite has one writer at a time, and with IMMEDIATE transactions (config.settings.base)
    every ATOMIC_REQUESTS transaction takes the write lock when it begins: every page view
    would queue behind every other, and under 20 clients some waited past the busy timeout
    ("database is locked", a 500). A read page needs no transaction; the few writes a GET
    makes (Oscar's view counter, Wagtail creating its settings row) are single statements or
    their own atomic blocks, each waiting its turn briefly. POSTs keep their transaction.
    Listed after every other middleware with a process_view (CSRF), so they all ran first.
    PostgreSQL, where readers never wait for writers, keeps ATOMIC_REQUESTS as it is.
    """

    SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.sqlite3" or not database["ATOMIC_REQUESTS"]:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in self.SAFE:
            return None
        # Called here, the view skips the handler's make_view_atomic(). No middleware of this
        # site has a process_exception hook that would miss its exceptions.
        return view_func(request, *view_args, **view_kwargs)
