"""Sign-in throttling with django-axes: after AXES_FAILURE_LIMIT wrong passwords for one account
from one address, that address waits AXES_COOLOFF_TIME before trying that account again.

Counted per account AND address (not per account alone), so an attacker guessing a producer's
password cannot lock the producer out from their own phone; and not per address alone, since a
whole commune may reach us through one mobile carrier's address. The counters are rows in the
database (axes' database handler), so every app process sees the same count.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render

from accounts.phones import looks_like_email, normalise_phone


def sign_in_identifier(request, credentials: dict | None) -> str:
    """The account a sign-in attempt is for, however it was typed: "0912 345 678" and
    "+84912345678" are one account, and so are "Lan@…" and "lan@…"."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username") or request.POST.get("login-username")
    identifier = (raw or "").strip()
    if looks_like_email(identifier):
        return identifier.lower()
    try:
        return normalise_phone(identifier)
    except ValidationError:
        return identifier


def locked_out_response(request, original_response=None, credentials=None):
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
