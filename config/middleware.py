from contextvars import ContextVar

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
