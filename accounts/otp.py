"""One-time codes to a phone number: sign in, sign up and reset a password without an e-mail.

Most producers and buyers here have a phone number and Zalo, not an e-mail they read. A code
is 6 digits, valid CODE_LIFETIME, single use, stored only as a keyed hash and compared in
constant time. Asks are limited per number and per client address on counters in the
database (PhoneCode rows, counted under a row lock): every app process sees the same count.
A wrong code counts as a failed sign-in for django-axes (accounts.throttling), so guessing
codes and guessing passwords share one lock-out.

Nothing the page says depends on whether the number has an account: the request only counts
the ask and enqueues `phone_code_send`; the task looks the account up, and on sign-in or reset
sends nothing to an unknown number (as password_reset does for an unknown address).

Sending goes through the notifications app (Zalo where the number has it, else SMS, at once:
a code cannot wait for a retry), which records the message with the code blanked out, so
nobody reading the staff's message list can sign in with it.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.models import PhoneCode, PhoneCodeThrottle, User
from notifications.services import message_send
from notifications.templates import SIGN_IN_CODE

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=5)
# A code stops working after this many wrong tries, whatever the address: django-axes counts
# per (account, address), and many addresses could otherwise share out a million guesses.
CODE_MAX_FAILED_CHECKS = 5
# Asks for a code: per number (every purpose together) and per client address.
SENDS_PER_PHONE = 3
SENDS_PER_PHONE_WINDOW = timedelta(minutes=15)
SENDS_PER_IP = 10
SENDS_PER_IP_WINDOW = timedelta(hours=1)
_HASH_SALT = "accounts.otp.PhoneCode"


class CodeLockedOut(Exception):
    """Too many failed sign-ins for this number from this address (django-axes)."""


def _code_hash(*, row: PhoneCode, code: str) -> str:
    # Keyed with SECRET_KEY and the row, so a leaked table gives no code and no two rows share
    # a hash for the same code.
    return salted_hmac(_HASH_SALT, f"{row.pk}:{row.phone}:{row.purpose}:{code}").hexdigest()


def _lock_keys(keys: list[str]) -> None:
    """Lock a throttle row per key (created on first use), always in the same order so two
    requests locking the same keys cannot deadlock."""
    for key in sorted(keys):
        PhoneCodeThrottle.objects.get_or_create(key=key)
    list(PhoneCodeThrottle.objects.select_for_update().filter(key__in=keys).order_by("key"))


@transaction.atomic
def phone_code_request(*, phone: str, purpose: str, ip_address: str | None) -> PhoneCode:
    """Record an ask for a code to `phone` (E.164) and send it after the commit, or refuse
    with a ValidationError when the number or the address has asked too often. The answer is
    the same for a number with or without an account."""
    if purpose not in PhoneCode.Purpose.values:
        raise ValueError(purpose)
    keys = [f"phone:{phone}"] + ([f"ip:{ip_address}"] if ip_address else [])
    _lock_keys(keys)
    now = timezone.now()
    asks = PhoneCode.objects.filter(phone=phone, created_at__gt=now - SENDS_PER_PHONE_WINDOW)
    if asks.count() >= SENDS_PER_PHONE:
        raise ValidationError(
            _("Too many codes have been asked for. Wait 15 minutes, then try again."),
            code="too_many_codes",
        )
    if ip_address:
        from_ip = PhoneCode.objects.filter(
            ip_address=ip_address, created_at__gt=now - SENDS_PER_IP_WINDOW
        )
        if from_ip.count() >= SENDS_PER_IP:
            raise ValidationError(
                _("Too many codes have been asked for from this network. Try again in an hour."),
                code="too_many_codes_from_address",
            )
    row = PhoneCode(
        phone=phone,
        purpose=purpose,
        ip_address=ip_address or None,
        created_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    row.full_clean()
    row.save()
    transaction.on_commit(lambda: phone_code_send.enqueue(code_id=row.pk))
    return row


def _account_for(phone: str) -> User | None:
    return User.objects.filter(phone=phone, is_active=True).first()


@task()
def phone_code_send(*, code_id: int) -> None:
    """Draw the code, keep its hash and send it, unless nobody should receive it: a sign-in
    or a reset for a number with no account. A sign-up to a number that has an account is
    sent: the code then signs its owner in to that account."""
    row = PhoneCode.objects.get(pk=code_id)
    if row.code_hash or row.used_at:
        return  # already sent: a task run twice sends once
    if row.purpose != PhoneCode.Purpose.SIGN_UP and _account_for(row.phone) is None:
        return
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    PhoneCode.objects.filter(pk=row.pk).update(code_hash=_code_hash(row=row, code=code))
    code_deliver(phone=row.phone, code=code, purpose=row.purpose)


def code_deliver(*, phone: str, code: str, purpose: str) -> None:
    """Send `code` to `phone` now, by Zalo where the number has it, else SMS."""
    message_send(
        to_phone=phone,
        template=SIGN_IN_CODE.code,
        params={"code": code},
        channels=("zalo", "sms"),
        immediate=True,
    )


def _failure_record(*, request, phone: str) -> None:
    """Count a wrong code as django-axes counts a wrong password: the same signal, the same
    account key (accounts.throttling.sign_in_identifier maps the number to its account)."""
    user_login_failed.send(sender=__name__, credentials={"username": phone}, request=request)


def phone_code_is_locked(*, request, phone: str) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, credentials={"username": phone})


def phone_code_check(*, request, phone: str, purpose: str, code: str) -> bool:
    """Whether `code` is the live code last sent to `phone` for `purpose`; a right code is used
    up at once (single use, even with two tries racing). Raises CodeLockedOut while
    django-axes holds this number and address; a wrong code counts toward that lock-out."""
    if phone_code_is_locked(request=request, phone=phone):
        raise CodeLockedOut
    now = timezone.now()
    with transaction.atomic():
        row = (
            PhoneCode.objects.select_for_update()
            .filter(phone=phone, purpose=purpose)
            .order_by("-created_at", "-pk")
            .first()
        )
        live = (
            row is not None
            and row.code_hash
            and row.used_at is None
            and row.expires_at > now
            and row.failed_checks < CODE_MAX_FAILED_CHECKS
        )
        if live:
            matches = constant_time_compare(_code_hash(row=row, code=code), row.code_hash)
        else:
            # Compare anyway, so a dead or missing code takes the time a wrong one does.
            hmac.compare_digest(hashlib.sha256(code.encode()).hexdigest(), "0" * 64)
            matches = False
        if matches:
            PhoneCode.objects.filter(pk=row.pk).update(used_at=now)
            return True
        if row is not None:
            PhoneCode.objects.filter(pk=row.pk).update(failed_checks=row.failed_checks + 1)
    _failure_record(request=request, phone=phone)
    if getattr(request, "axes_locked_out", False):
        raise CodeLockedOut
    return False


@transaction.atomic
def phone_code_account(
    *, phone: str, purpose: str, first_name: str = "", last_name: str = ""
) -> tuple[User | None, bool]:
    """The account a checked code opens, and whether it was made just now. A sign-up makes
    the account (with no password: the owner signs in by code, or sets one later), or opens
    the number's existing account: holding the phone proves it is theirs. None for a number
    whose account is switched off (or, on sign-in, has none)."""
    user = _account_for(phone)
    if user is not None or purpose != PhoneCode.Purpose.SIGN_UP:
        return user, False
    if User.objects.filter(phone=phone).exists():
        return None, False  # switched off by staff: a code does not bring it back
    user = User.objects.create_user(
        phone=phone, password=None, first_name=first_name, last_name=last_name
    )
    return user, True


def phone_codes_forget(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete asks older than `older_than` (past every limit's window and every code's life),
    and the lock rows of numbers and addresses with no ask left. Returns the asks deleted."""
    if older_than < SENDS_PER_IP_WINDOW:
        raise ValueError("the asks of the last hour are still counted")
    deleted, _kinds = PhoneCode.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    recent = PhoneCode.objects.all()
    keys = {f"phone:{phone}" for phone in recent.values_list("phone", flat=True).distinct()}
    keys |= {
        f"ip:{ip}"
        for ip in recent.exclude(ip_address=None).values_list("ip_address", flat=True).distinct()
    }
    PhoneCodeThrottle.objects.exclude(key__in=keys).delete()
    return deleted
