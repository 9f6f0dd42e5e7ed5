"""Bank transfers confirmed by the bank's own feed: Casso or SePay push every incoming
transaction of the producers' linked accounts to our webhook; each is recorded once and
matched to the producer group it pays by the reference in its description ("CP100008 1"),
the account it reached and its amount. A match is recorded by the same service as the
producer's "received" button (services.source_received_confirm's work, under the locks the
match already holds), so the order is settled and audited the same way; anything else is
flagged for staff (the reconciliation page).

Each provider's wire format and authentication:
- Casso (webhook v2): JSON {"error": 0, "data": {...one transaction...}}; header
  `X-Casso-Signature: t=<ms>,v1=<hex>`, the HMAC-SHA512 with the webhook's checksum key of
  "<t>.<the body's JSON with keys sorted at every level, no spaces>". Checked against the
  sample vector Casso publishes with its documentation (tests/checkout/test_bank_feed.py).
- SePay: JSON {id, gateway, transactionDate, accountNumber, content, transferType,
  transferAmount, referenceCode, ...}; header `Authorization: Apikey <key>`; answered
  `{"success": true}` with 200, which is what stops its retries.

How a reference is read (the bank's app may drop spaces and change case): every "CP" followed
by digits is tried. "CP100008 1" (digits, a separator, at most three digits) names order
100008, payment 1. Glued digits ("CP1000081") are split at every place: each split that names
an existing payment of an existing order is a candidate, and so is the whole number as an
order with a single payment. Exactly one candidate matches; two or more (order 100008
payment 1 and a one-payment order 1000081 both exist) is ambiguous and left to staff rather
than guessed.
"""

import dataclasses
import datetime
import hashlib
import hmac
import json
import logging
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from wagtail.log_actions import log

from marketplace.order.statuses import OrderStatus
from marketplace.payment import services

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
BankTransaction = get_model("payment", "BankTransaction")
State = BankTransaction.State

logger = logging.getLogger(__name__)

PROVIDERS = ("casso", "sepay")


class Unauthenticated(Exception):
    """The call does not carry the provider's signature or key (answered 401)."""


class Malformed(ValueError):
    """An authenticated call whose body we cannot read as a transaction (answered 400)."""


@dataclasses.dataclass
class Incoming:
    """One transaction as every provider reports it."""

    transaction_id: str
    account_number: str
    amount: Decimal
    description: str
    received_at: datetime.datetime
    bank_reference: str = ""
    payload: dict = dataclasses.field(default_factory=dict)


# Authentication and wire formats.


def _sorted_deep(value):
    if isinstance(value, dict):
        return {key: _sorted_deep(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted_deep(item) for item in value]
    return value


def casso_signature(*, body: dict, timestamp: int, key: str) -> str:
    """The v1 part of Casso's X-Casso-Signature for a parsed body."""
    canonical = json.dumps(_sorted_deep(body), separators=(",", ":"), ensure_ascii=False)
    message = f"{timestamp}.{canonical}".encode()
    return hmac.new(key.encode(), message, hashlib.sha512).hexdigest()


def casso_signature_header(*, body: dict, key: str, timestamp: int | None = None) -> str:
    timestamp = timestamp if timestamp is not None else int(timezone.now().timestamp() * 1000)
    return f"t={timestamp},v1={casso_signature(body=body, timestamp=timestamp, key=key)}"


_CASSO_HEADER = re.compile(r"t=(\d{1,20}),v1=([0-9a-f]{128})")


def _body(raw: bytes):
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise Malformed("the body is not JSON") from error


def authenticate(*, provider: str, secret: str, headers, raw: bytes):
    """Check the call is the provider's; returns the parsed body. Raises Unauthenticated
    (also when no secret is configured: an open webhook would let anyone mark orders paid)."""
    if not secret:
        raise Unauthenticated("no secret configured")
    if provider == "sepay":
        given = headers.get("Authorization", "")
        scheme, _space, key = given.partition(" ")
        if scheme.lower() != "apikey" or not hmac.compare_digest(key.encode(), secret.encode()):
            raise Unauthenticated("bad API key")
        return _body(raw)
    if provider == "casso":
        match = _CASSO_HEADER.fullmatch(headers.get("X-Casso-Signature", "").strip())
        if not match:
            raise Unauthenticated("no signature")
        # The signature covers the parsed body re-serialised with sorted keys, so a body
        # that is not JSON cannot be checked: it is refused as unauthenticated, not read.
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as error:
            raise Unauthenticated("unsigned body") from error
        expected = casso_signature(body=body, timestamp=int(match[1]), key=secret)
        if not hmac.compare_digest(expected, match[2]):
            raise Unauthenticated("bad signature")
        # No freshness window on the timestamp: a replayed call is harmless (its
        # transaction id is recorded once) and Casso does not document how it re-signs retries.
        return body
    raise Unauthenticated(f"unknown provider {provider!r}")


_LOCAL_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


def _bank_time(value) -> datetime.datetime:
    """Both feeds give the bank's local time (Vietnam) without a zone."""
    if isinstance(value, str):
        for pattern in _LOCAL_TIME_FORMATS:
            try:
                naive = datetime.datetime.strptime(value.strip(), pattern)
            except ValueError:
                continue
            return timezone.make_aware(naive, timezone.get_default_timezone())
    return timezone.now()


def _amount(value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Malformed("amount missing")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise Malformed("amount not a number") from error
    if not amount.is_finite() or amount != amount.to_integral_value() or abs(amount) >= 10**12:
        raise Malformed("amount not whole đồng")
    return amount


def _text(value, field: str, *, required: bool = False, limit: int = 2000) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise Malformed(f"{field} is not text")
    text = str(value).replace("\x00", "")
    if required and not text.strip():
        raise Malformed(f"{field} missing")
    return text[:limit]


def incoming_parse(*, provider: str, body) -> list[Incoming]:
    """The incoming transactions of an authenticated body (outgoing ones and Casso's test
    call, id 0, are left out). Raises Malformed."""
    if not isinstance(body, dict):
        raise Malformed("the body is not an object")
    if provider == "sepay":
        if body.get("transferType") != "in":
            if body.get("transferType") == "out":
                return []
            raise Malformed("transferType missing")
        items = [
            Incoming(
                transaction_id=_text(body.get("id"), "id", required=True, limit=100),
                account_number=_text(body.get("accountNumber"), "accountNumber", limit=40),
                amount=_amount(body.get("transferAmount")),
                description=_text(body.get("content"), "content"),
                received_at=_bank_time(body.get("transactionDate")),
                bank_reference=_text(body.get("referenceCode"), "referenceCode", limit=100),
                payload=body,
            )
        ]
    else:
        data = body.get("data")
        records = data if isinstance(data, list) else [data]
        if not records or not all(isinstance(record, dict) for record in records):
            raise Malformed("data missing")
        items = []
        for record in records:
            if record.get("id") in (0, "0"):
                continue  # Casso's "test the webhook" call
            items.append(
                Incoming(
                    transaction_id=_text(record.get("id"), "id", required=True, limit=100),
                    account_number=_text(
                        record.get("accountNumber") or record.get("virtualAccountNumber"),
                        "accountNumber",
                        limit=40,
                    ),
                    amount=_amount(record.get("amount")),
                    description=_text(record.get("description"), "description"),
                    received_at=_bank_time(record.get("transactionDateTime")),
                    bank_reference=_text(record.get("reference"), "reference", limit=100),
                    payload=record,
                )
            )
    return [item for item in items if item.amount > 0]


# Reading the reference.

_REFERENCE = re.compile(r"CP[\s.\-_:]*([0-9]+)(?:[\s.\-_:]+([0-9]{1,3})(?![0-9]))?", re.I)


def reference_candidates(description: str) -> list[tuple[str, int | None]]:
    """Every (order number, payment index) a description might name; index None: the order
    as a whole (a one-payment order)."""
    candidates = []
    for match in _REFERENCE.finditer(description or ""):
        digits, index = match[1], match[2]
        if index is not None:
            candidates.append((digits, int(index)))
            continue
        candidates.append((digits, None))
        for cut in range(max(len(digits) - 3, 1), len(digits)):
            if digits[cut] != "0":
                candidates.append((digits[:cut], int(digits[cut:])))
    return list(dict.fromkeys(candidates))


def _reference_matches(description: str) -> list[tuple[int, int]]:
    """(payment id, order id) of each payment a description names (see the module's
    docstring): one, none or, when ambiguous, several. One query, whatever the number of
    candidates: the payments whose reference is a candidate and every payment of the orders a
    candidate names whole; only the columns deciding the match are read.

    The two kinds are a UNION, each half on its own index (the payment's reference, the
    order's number): one WHERE joining them with OR cannot use either, and read every
    payment and every order of the shop's history on each call."""
    candidates = reference_candidates(description)
    if not candidates:
        return []
    references = [f"CP{number} {index}" for number, index in candidates if index is not None]
    whole = [number for number, index in candidates if index is None]
    columns = ("pk", "order_id", "partner_id", "reference", "order__number")
    halves = []
    if references:
        halves.append(
            Source.objects.filter(reference__in=references).order_by().values_list(*columns)
        )
    if whole:
        halves.append(
            Source.objects.filter(order__number__in=whole).order_by().values_list(*columns)
        )
    rows = halves[0].union(*halves[1:]) if len(halves) > 1 else halves[0]
    found, by_order = {}, {}
    for pk, order_id, partner_id, reference, number in sorted(rows):
        if reference in references:
            found[pk] = order_id
        if number in whole and partner_id:
            by_order.setdefault(order_id, []).append(pk)
    for order_id, pks in by_order.items():
        if len(pks) == 1:  # a one-payment order named by its number alone
            found.setdefault(pks[0], order_id)
    return list(found.items())


def reference_sources(description: str) -> list:
    """The payments a description names, as Source objects (the feed's stand-in command)."""
    return list(Source.objects.filter(pk__in=[pk for pk, _o in _reference_matches(description)]))


def _normalised_account(number: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", number or "").upper()


def payee_account_number(partner) -> str:
    """The account a producer's transfers go to. The shop cannot import producers (a layer
    above): it reads the producer through the Partner's reverse one-to-one, as the VietQR
    blocks do (reads partner.producer: one query unless selected)."""
    producer = getattr(partner, "producer", None)
    return getattr(producer, "bank_account_number", "") or ""


# Recording and matching.


# What a redelivery is answered from. Every call looks for it, so the SELECT names only these
# columns: one of every column (the payload among them) took a quarter more time in Python.
_ANSWERED_FROM = ("pk", "provider", "transaction_id", "state", "source_id")


def transaction_receive(*, provider: str, incoming: Incoming):
    """Record a transaction from the feed and apply it; returns (row, created). A
    transaction already recorded (a redelivery) is returned unchanged.

    The row is written last, in the same transaction as the payment it records: the unique
    (provider, transaction id) then refuses a redelivery that came in at the same moment as
    the first delivery and undoes whatever its matching did, so a transaction pays once.
    That is one INSERT per call instead of an INSERT in a savepoint and an UPDATE once
    matched."""
    # A redelivery is answered from the row already recorded, without locking the order.
    # Two deliveries at the same moment both get past this: the unique constraint below
    # keeps one.
    existing = (
        BankTransaction.objects.filter(provider=provider, transaction_id=incoming.transaction_id)
        .only(*_ANSWERED_FROM)
        .first()
    )
    if existing is not None:
        return existing, False
    row = BankTransaction(
        provider=provider,
        transaction_id=incoming.transaction_id,
        account_number=incoming.account_number,
        amount=incoming.amount,
        description=incoming.description,
        bank_reference=incoming.bank_reference,
        received_at=incoming.received_at,
        state=State.UNMATCHED,
        payload=incoming.payload,
    )
    try:
        with transaction.atomic():
            matches = _reference_matches(incoming.description)
            if len(matches) == 1:
                ((source_id, order_id),) = matches
                _apply(row=row, source_id=source_id, order_id=order_id, by=None, check_account=True)
            else:
                row.note = (
                    _("The reference names more than one payment.")
                    if matches
                    else _("No order reference found in the description.")
                )
            row.save(force_insert=True)
    except IntegrityError:
        existing = BankTransaction.objects.filter(
            provider=provider, transaction_id=incoming.transaction_id
        ).first()
        if existing is None:  # another constraint: not a redelivery
            raise
        return existing, False
    return row, True


# What the match reads of the order it locks: its number (the audit entry's title), its state
# and way to pay, and date_placed, which Oscar's Order.save() reads. Saving it then writes only
# these columns (the status, when it becomes paid). With it, in the same statement, comes the
# id of the "Paid" payment event the payment will record (a lookup of its own otherwise). The
# payments are read whole, with only the account number of their producer beside them, not the
# partner's and producer's rows: loading every column of those was most of a call's time in
# Python.
_ORDER_FIELDS = ("id", "number", "status", "payment_method", "date_placed")


def _apply(*, row, source_id: int, order_id: int, by, check_account: bool) -> None:
    """Match a transaction to a payment and record the money when it may be; the caller
    holds a transaction and saves the row. The order is locked first, then all its payments
    in one query (the order every payment service locks them in): the payment is recorded
    under these locks, and settling the order reads none of them again."""
    order = (
        Order.objects.select_for_update(of=("self",))
        .only(*_ORDER_FIELDS)
        .annotate(paid_event_type_id=services.payment_event_type_id(services.PAID))
        .get(pk=order_id)
    )
    sources = list(
        Source.objects.select_for_update(of=("self",))
        .annotate(payee_account=F("partner__producer__bank_account_number"))
        .filter(order_id=order.pk)
        .order_by("pk")
    )
    source = next(candidate for candidate in sources if candidate.pk == source_id)
    row.source = source
    row.matched_by = by
    owed = source.amount_allocated - source.amount_debited
    payee = _normalised_account(source.payee_account)
    if check_account and (not payee or _normalised_account(row.account_number) != payee):
        row.state = State.WRONG_ACCOUNT
        row.note = _("The money reached an account that is not this producer's.")
    elif order.status == OrderStatus.CANCELLED:
        row.state = State.ORDER_CANCELLED
        row.note = _("The order was cancelled: the money is to go back to the buyer.")
    elif order.status != OrderStatus.AWAITING_PAYMENT or owed <= 0:
        row.state = State.DUPLICATE
        row.note = _("This payment was already received: the money is to go back to the buyer.")
    else:
        try:
            # No savepoint: source_receive_locked refuses before it writes anything.
            services.source_receive_locked(
                order=order,
                source=source,
                sources=sources,
                by=by,
                amount=row.amount,
                bank_transaction=row,
                paid_event_type_id=order.paid_event_type_id,
            )
        except ValidationError as error:
            row.state = State.UNMATCHED
            row.note = " ".join(error.messages)[:255]
        else:
            if row.amount < owed:
                row.state = State.PARTIAL
                row.note = ""
            elif row.amount > owed:
                row.state = State.OVERPAID
                row.note = _("Paid more than was owed: the excess is to go back to the buyer.")
            else:
                row.state = State.MATCHED
                row.note = ""


def bank_transaction_match(*, row_id: int, order_number: str, index: int | None, by):
    """Staff match a transaction the feed could not place (no reference, an ambiguous one,
    or money that reached another account and was sorted out) to a payment of an order."""
    with transaction.atomic():
        row = BankTransaction.objects.select_for_update().get(pk=row_id)
        if row.state not in (State.UNMATCHED, State.WRONG_ACCOUNT) or row.resolved_at:
            raise ValidationError(_("This transaction has already been dealt with."))
        sources = [
            source
            for source in Source.objects.filter(order__number=order_number.strip().upper())
            .exclude(partner=None)
            .order_by("pk")
        ]
        if not sources:
            raise ValidationError(_("There is no order with this number paid by transfer."))
        if index is None and len(sources) == 1:
            source = sources[0]
        else:
            wanted = f"CP{order_number.strip()} {index}"
            source = next((s for s in sources if s.reference == wanted), None)
            if source is None:
                raise ValidationError(
                    _("This order has %(count)s payments: give the payment's number (1–%(count)s).")
                    % {"count": len(sources)}
                )
        _apply(row=row, source_id=source.pk, order_id=source.order_id, by=by, check_account=False)
        row.save(update_fields=["source", "matched_by", "state", "note"])
    return row


def bank_transaction_resolve(*, row_id: int, by) -> None:
    """Staff set a flagged transaction aside as dealt with (money sent back, a transfer
    made outside the shop); it leaves the reconciliation list and the audit trail keeps it."""
    with transaction.atomic():
        row = BankTransaction.objects.select_for_update().get(pk=row_id)
        if row.resolved_at is not None:
            return
        row.resolved_at = timezone.now()
        row.resolved_by = by
        row.save(update_fields=["resolved_at", "resolved_by"])
        target = row.source.order if row.source_id else None
        if target is not None:
            log(
                instance=target,
                action="payment.bank_feed_resolve",
                user=by,
                data={"transaction": row.transaction_id, "state": row.state},
            )


def feed_settings() -> tuple[str, str]:
    """The feed this site takes (casso, sepay or "" for none) and its secret."""
    return settings.CHOPHIEN_BANK_FEED_PROVIDER, settings.CHOPHIEN_BANK_FEED_SECRET
