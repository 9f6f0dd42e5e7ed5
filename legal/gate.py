"""The "terms have changed" gate: after a sign-in, a person who has not accepted the versions
in force is shown them once before going on (legal.views.GateView).

Checked at sign-in only (a session flag set by Django's user_logged_in signal), not on every
request: a new version asks people at their next sign-in or checkout, as the rules say, and
the pages of someone who already accepted cost no query."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.module_loading import import_string

from legal.models import BUYER_KINDS
from legal.selectors import needs_acceptance

SESSION_KEY = "legal.check"
# Back offices, files and the gate's own pages are never held.
EXEMPT_PREFIXES = (
    "/cms-admin/",
    "/dashboard/",
    "/static/",
    "/media/",
    "/legal/",
    "/i18n/",
    "/shop/accounts/logout/",
    "/sw.js",
    "/manifest.webmanifest",
)


def kinds_for(user) -> tuple[str, ...]:
    """What this person accepts at sign-in: a buyer's documents, or what the setting
    CHOPHIEN_LEGAL_KINDS_FOR_USER (a dotted path to a callable taking the user) says, so a
    higher app can add the seller's documents for producers."""
    path = getattr(settings, "CHOPHIEN_LEGAL_KINDS_FOR_USER", "")
    return tuple(import_string(path)(user)) if path else tuple(BUYER_KINDS)


def on_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = True


class AcceptanceGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Cheapest first, and the session is not read for a visitor without one (reading it
        # would add "Vary: Cookie" to pages the cache and the CDN share).
        if (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and not request.path.startswith(EXEMPT_PREFIXES)
            and request.user.is_authenticated
            and request.session.get(SESSION_KEY)
        ):
            wanted = needs_acceptance(request.user, kinds_for(request.user))
            if not wanted:
                del request.session[SESSION_KEY]
            elif request.path not in {version.url for version in wanted}:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('legal:gate')}?{query}")
        return self.get_response(request)
