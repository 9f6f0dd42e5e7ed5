"""Sign-in throttling with django-axes, and the small request throttle of the forms that send
e-mail or store what anonymous visitors type.

Sign-in: after AXES_FAILURE_LIMIT wrong passwords for one account from one address, that address
waits AXES_COOLOFF_TIME before trying that account again; an address with
CHOPHIEN_SIGN_IN_FAILURES_PER_ADDRESS failures over any accounts waits too (a slow attacker
trying many accounts). Counted per account AND address (not per account alone), so an attacker
guessing a producer's password cannot lock the producer out from their own phone; the address
alone has a much higher limit, since a whole commune may reach us through one mobile carrier's
address. The account is the account, whichever of its e-mail or phone was typed. The counters
are rows in the database (axes' database handler), so every app process sees the same count.

The client's address is read from the proxy in front (CHOPHIEN_TRUSTED_PROXY_COUNT), never
from a header anybody can send.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from accounts.phones import looks_like_email, normalise_phone

# --- The client's address ---


def client_ip(request) -> str:
    """The address of the client, as the outermost of our trusted proxies saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For (nginx's
    `$proxy_add_x_forwarded_for`, docs/deploy.md), so with N trusted proxies the client is the
    N-th address from the right; anything left of it was written by the client and proves
    nothing. With no trusted proxy (`make run`), the connection's address."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "CHOPHIEN_TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        return remote  # not through our proxies (a health check on the app server itself)
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


# --- Sign-in (django-axes) ---


def sign_in_identifier(request, credentials: dict | None) -> str:
    """The account a sign-in attempt is for, however it was typed: its e-mail or its phone in
    any spelling ("0912 345 678", "+84912345678") count as one account ("account:<id>"). An
    identifier of no account is counted as typed (normalised), so guessing costs the same."""
    from accounts.models import User

    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username") or request.POST.get("login-username")
    identifier = (raw or "").strip()
    if looks_like_email(identifier):
        identifier = identifier.lower()
    else:
        try:
            identifier = normalise_phone(identifier)
        except ValidationError:
            return identifier
    try:
        user = User.objects.get_by_identifier(identifier)
    except (User.DoesNotExist, ValidationError):
        return identifier
    return account_key(user)


def account_key(user) -> str:
    """The name an account's sign-in failures are counted under."""
    return f"account:{user.pk}"


def sign_in_failures_clear(*, user) -> None:
    """Forget an account's failed sign-ins, from every address: its owner has just proved who
    they are another way (a password reset link or code)."""
    AccessAttempt.objects.filter(username=account_key(user)).delete()


class SignInHandler(AxesDatabaseHandler):
    """django-axes' database handler, with a second, higher limit per address alone."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self.address_is_locked(request)

    def address_is_locked(self, request) -> bool:
        address = getattr(request, "axes_ip_address", None) or client_ip(request)
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=since
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return (failures or 0) >= settings.CHOPHIEN_SIGN_IN_FAILURES_PER_ADDRESS

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False):
            if self.address_is_locked(request):
                request.axes_locked_out = True
                request.axes_credentials = credentials


def locked_out_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


# --- A throttle for forms that send mail or store what visitors type ---


def throttle_hit(*, scope: str, keys: dict[str, str], limits: dict[str, int], window: int) -> bool:
    """Count one request under each key (e.g. {"ip": …, "address": …}) in the shared cache
    (Redis in production: one count for every app process) and say whether any went over its
    limit within `window` seconds. Every key is counted, even past a limit, so an attacker
    cannot reset one by exceeding another."""
    over = False
    for name, value in keys.items():
        if not value:
            continue
        key = f"throttle:{scope}:{name}:{value}"
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
            count = 1
        if count > limits[name]:
            over = True
    return over
