"""A full-page cache for anonymous visitors of the public pages.

Served from the cache, a page costs two cache reads and no SQL query. What is cached, and for
whom, errs on the side of not caching:

- only GET, with a 200 HTML answer, on paths outside SKIPPED_PREFIXES (admin, producer
  portal, basket, checkout, accounts, search, language switch...);
- only for requests without a session, basket or messages cookie (so never for a signed-in
  person, a basket with something in it or a pending message): the CSRF and language cookies
  are allowed, and Oscar's "recently viewed" cookie is part of the key;
- never a response that set up a session, queued a message, saved a basket, or asks not to be
  cached (Cache-Control private/no-store/no-cache); cookies the view set (the "recently
  viewed" list) are not stored with the page.

The key holds the page cache version (pagecache.services: any change to what public pages
show sets a new one), the language and the full URL, so Vietnamese and English never mix.

Every page carries CSRF tokens (the language switcher, "add to basket"). They are masked
copies of the visitor's CSRF secret, so a stored page must not hand one visitor's token to
another: before storing, every token of this request's secret is replaced by a marker, and
each visitor served from the cache gets a fresh token of their own secret (and the CSRF cookie
with it, set by CsrfViewMiddleware as for any page).

The same goes for the Content-Security-Policy nonce on a page's inline script: it is valid for
one response only, so it is stored as a marker and each visitor served from the cache gets the
nonce of their own response (which puts it in that response's CSP header).
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_TOKEN_LENGTH,
    _unmask_cipher_token,
    get_token,
)
from django.utils import translation

from .services import page_cache_version

SKIPPED_PREFIXES = (
    "/cms-admin/",
    "/dashboard/",
    "/producer/",
    "/documents/",
    "/i18n/",
    "/search/",
    "/shop/basket/",
    "/shop/checkout/",
    "/shop/accounts/",
    "/shop/search/",
    "/shop/wishlists/",
    "/static/",
    "/media/",
    "/t/",  # lot trace pages: every scan is counted by the view
)
TOKEN_MARKER = b"\x00csrf-token\x00"
NONCE_MARKER = b"\x00csp-nonce\x00"
_TOKEN_PATTERN = re.compile(
    rb"[%s]{%d}" % (re.escape(CSRF_ALLOWED_CHARS.encode()), CSRF_TOKEN_LENGTH)
)
_STORED_HEADERS = ("Content-Type", "Content-Language")


def _harmless_cookies() -> set[str]:
    return {
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME,
    }


def _cacheable_request(request) -> bool:
    if not getattr(settings, "CHOPHIEN_PAGE_CACHE", False):
        return False
    if request.method != "GET":
        return False
    if request.path.startswith(SKIPPED_PREFIXES):
        return False
    if set(request.COOKIES) - _harmless_cookies():
        return False  # a session (signed in, messages), a basket, anything else
    return not request.user.is_authenticated


def _key(request, version: str) -> str:
    history = request.COOKIES.get(settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME, "")
    raw = "\n".join(
        [translation.get_language(), request.get_host(), request.get_full_path(), history]
    )
    return f"pagecache:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.added_new or messages._queued_messages):
        return False
    basket = getattr(request, "_basket_cache", None)
    if basket is not None and basket.id is not None:
        return False
    return not request.user.is_authenticated


def _without_tokens(content: bytes, request) -> bytes:
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content

    def replace(match):
        token = match.group(0).decode()
        return TOKEN_MARKER if _unmask_cipher_token(token) == secret else match.group(0)

    return _TOKEN_PATTERN.sub(replace, content)


def _without_nonce(content: bytes, request) -> bytes:
    nonce = getattr(request, "_csp_nonce", None)  # set only if the page used its nonce
    return content.replace(nonce.encode(), NONCE_MARKER) if nonce else content


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request, page_cache_version())
        stored = cache.get(key)
        if stored is not None:
            return self._from_cache(request, stored)
        response = self.get_response(request)
        if _cacheable_response(request, response):
            headers = {name: response[name] for name in _STORED_HEADERS if name in response}
            content = _without_nonce(_without_tokens(response.content, request), request)
            cache.set(key, (headers, content), settings.CHOPHIEN_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    def _from_cache(self, request, stored):
        from django.http import HttpResponse

        headers, content = stored
        if TOKEN_MARKER in content:
            content = content.replace(TOKEN_MARKER, get_token(request).encode())
        if NONCE_MARKER in content:
            content = content.replace(NONCE_MARKER, str(request.csp_nonce).encode())
        response = HttpResponse(content, headers=headers)
        response["X-Page-Cache"] = "hit"
        return response
