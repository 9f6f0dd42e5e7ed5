"""VNPay's payment gateway (version 2.1.0), as its public merchant documentation describes it.

- Payment: the buyer's browser goes to VNPAY_PAYMENT_URL with the vnp_* parameters, sorted by
  name and URL-encoded (spaces as "+"), signed by vnp_SecureHash = HMAC-SHA512(hash secret, that
  query string) in hex. The amount is đồng × 100; dates are yyyyMMddHHmmss in GMT+7.
- VNPay then sends the result twice, signed the same way: to the IPN URL registered for the
  merchant (server to server: the authority, answered {"RspCode", "Message"}) and, in the
  buyer's browser, to vnp_ReturnUrl (for showing the buyer; never trusted on its own).
- Refunds: a JSON POST to VNPAY_API_URL (merchant_webapi/api/transaction) with vnp_Command
  "refund", its checksum an HMAC-SHA512 over the fields joined by "|" in a fixed order.

Written by hand rather than through `django-vnpay` (0.0.x, views and models of its own): the
protocol is these few functions, and the payment interface (methods.py) owns the rest.
Development and tests talk to marketplace.vnpay_standin, which answers as VNPay's sandbox does.
"""

import datetime
import hashlib
import hmac
import json
import logging
import zoneinfo
from decimal import Decimal
from urllib.parse import urlencode

import requests
from django.conf import settings
from oscar.core.loading import get_model

from marketplace.payment.models import VNPayAttempt

Transaction = get_model("payment", "Transaction")

logger = logging.getLogger(__name__)

VERSION = "2.1.0"
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# How long the payment page accepts the buyer (vnp_ExpireDate): after it VNPay refuses, so an
# attempt older than this cannot succeed any more.
EXPIRES_AFTER = datetime.timedelta(minutes=15)

# Answers to the IPN (VNPay's list): it stops calling on 00 and 02 and retries on the others.
IPN_CONFIRMED = "00"
IPN_ORDER_NOT_FOUND = "01"
IPN_ALREADY_CONFIRMED = "02"
IPN_INVALID_AMOUNT = "04"
IPN_INVALID_SIGNATURE = "97"
IPN_UNKNOWN_ERROR = "99"
IPN_MESSAGES = {
    IPN_CONFIRMED: "Confirm Success",
    IPN_ORDER_NOT_FOUND: "Order not found",
    IPN_ALREADY_CONFIRMED: "Order already confirmed",
    IPN_INVALID_AMOUNT: "invalid amount",
    IPN_INVALID_SIGNATURE: "Invalid signature",
    IPN_UNKNOWN_ERROR: "Unknown error",
}

# vnp_ResponseCode of a payment: "00" is the only success; the buyer cancelling is "24".
SUCCESS = "00"
CANCELLED_BY_BUYER = "24"

# vnp_TransactionType of a refund.
FULL_REFUND = "02"
PARTIAL_REFUND = "03"

# The fields of a refund request and of its answer, in the order their checksums join them.
REFUND_REQUEST_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TransactionType",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_TransactionNo",
    "vnp_TransactionDate",
    "vnp_CreateBy",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_RESPONSE_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
)


class VNPayError(Exception):
    """VNPay could not be reached, or refused a request (its code is in the message)."""


def is_configured() -> bool:
    return bool(settings.VNPAY_TMN_CODE and settings.VNPAY_HASH_SECRET)


def hmac_sha512(data: str, secret: str | None = None) -> str:
    secret = settings.VNPAY_HASH_SECRET if secret is None else secret
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def query_hash(params, secret: str | None = None) -> str:
    """The signature of a payment URL, a return URL or an IPN call: over every vnp_ parameter
    but the hash itself, sorted by name, URL-encoded as VNPay's own examples do."""
    fields = sorted(
        (key, str(value))
        for key, value in params.items()
        if key.startswith("vnp_") and key not in ("vnp_SecureHash", "vnp_SecureHashType")
        and value not in ("", None)
    )  # fmt: skip
    return hmac_sha512(urlencode(fields), secret)


def signature_valid(params, secret: str | None = None) -> bool:
    secret = settings.VNPAY_HASH_SECRET if secret is None else secret
    if not secret:
        return False  # anyone can sign with an empty key: nothing is valid until one is set
    given = str(params.get("vnp_SecureHash", ""))
    return bool(given) and hmac.compare_digest(given.lower(), query_hash(params, secret))


def vnp_time(moment: datetime.datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


def vnp_amount(amount: Decimal) -> int:
    """đồng × 100, as VNPay counts (10.000 ₫ is 1000000)."""
    if amount != amount.to_integral_value():
        raise ValueError(f"VND amounts are whole đồng, got {amount}")
    return int(amount) * 100


def amount_from_vnp(value) -> Decimal:
    """Back to đồng; raises ValueError for anything but a whole number of hundredths."""
    text = str(value)
    if not text.isdigit():
        raise ValueError(f"not a VNPay amount: {value!r}")
    return Decimal(int(text)) / 100


def payment_url(
    *,
    txn_ref: str,
    amount: Decimal,
    order_info: str,
    return_url: str,
    ip_addr: str,
    created_at: datetime.datetime,
    locale: str = "vn",
) -> str:
    params = {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": settings.VNPAY_TMN_CODE,
        "vnp_Amount": str(vnp_amount(amount)),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": txn_ref,
        "vnp_OrderInfo": order_info,
        "vnp_OrderType": "other",
        "vnp_Locale": locale,
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": ip_addr,
        "vnp_CreateDate": vnp_time(created_at),
        "vnp_ExpireDate": vnp_time(created_at + EXPIRES_AFTER),
    }
    query = urlencode(sorted(params.items()))
    return f"{settings.VNPAY_PAYMENT_URL}?{query}&vnp_SecureHash={query_hash(params)}"


def refund_request(
    *,
    request_id: str,
    txn_ref: str,
    amount: Decimal,
    full: bool,
    transaction_no: str,
    transaction_date: datetime.datetime,
    created_by: str,
    ip_addr: str,
    order_info: str,
) -> dict:
    """Ask VNPay to give money back; returns its (verified) answer. Raises VNPayError when it
    cannot be reached, its answer is not signed by our secret, or it refuses."""
    body = {
        "vnp_RequestId": request_id,
        "vnp_Version": VERSION,
        "vnp_Command": "refund",
        "vnp_TmnCode": settings.VNPAY_TMN_CODE,
        "vnp_TransactionType": FULL_REFUND if full else PARTIAL_REFUND,
        "vnp_TxnRef": txn_ref,
        "vnp_Amount": str(vnp_amount(amount)),
        "vnp_TransactionNo": transaction_no,
        "vnp_TransactionDate": vnp_time(transaction_date),
        "vnp_CreateBy": created_by,
        "vnp_CreateDate": vnp_time(datetime.datetime.now(tz=VIETNAM)),
        "vnp_IpAddr": ip_addr,
        "vnp_OrderInfo": order_info,
    }
    body["vnp_SecureHash"] = hmac_sha512("|".join(body[f] for f in REFUND_REQUEST_FIELDS))
    try:
        response = requests.post(settings.VNPAY_API_URL, json=body, timeout=settings.VNPAY_TIMEOUT)
        response.raise_for_status()
        answer = response.json()
    except (requests.RequestException, ValueError) as error:
        raise VNPayError(f"refund {request_id}: VNPay could not be reached ({error})") from error
    if not isinstance(answer, dict):
        raise VNPayError(f"refund {request_id}: an answer that is not an object")
    expected = hmac_sha512("|".join(str(answer.get(f, "")) for f in REFUND_RESPONSE_FIELDS))
    if not hmac.compare_digest(str(answer.get("vnp_SecureHash", "")).lower(), expected):
        raise VNPayError(f"refund {request_id}: the answer's checksum does not match")
    if answer.get("vnp_ResponseCode") != SUCCESS:
        raise VNPayError(
            f"refund {request_id}: VNPay answered {answer.get('vnp_ResponseCode')} "
            f"{json.dumps(answer.get('vnp_Message', ''), ensure_ascii=False)}"
        )
    return answer


def source_refund(*, source, amount: Decimal) -> str:
    """Give part or all of a VNPay payment back (methods.VNPay.refund: the caller records it on
    the source). Returns VNPay's reference of the refund."""
    debit = source.transactions.filter(txn_type=Transaction.DEBIT).order_by("-pk").first()
    attempt = VNPayAttempt.objects.get(txn_ref=debit.reference if debit else source.reference)
    count = source.transactions.filter(txn_type=Transaction.REFUND).count() + 1
    full = amount == attempt.amount and source.amount_refunded == 0
    return attempt_refund(
        attempt=attempt, amount=amount, full=full, request_id=f"{attempt.txn_ref}R{count}"
    )


def attempt_refund(*, attempt, amount: Decimal, full: bool, request_id: str) -> str:
    """Send back money an attempt received (VNPayAttempt); returns VNPay's reference. The
    request id is fixed per refund, so a retried request is VNPay's duplicate (94), not a
    second refund."""
    answer = refund_request(
        request_id=request_id,
        txn_ref=attempt.txn_ref,
        amount=amount,
        full=full,
        transaction_no=attempt.transaction_no,
        transaction_date=attempt.created_at,
        created_by="chophien",
        # The calling server's address, which VNPay records; it authenticates by the checksum.
        ip_addr="127.0.0.1",
        order_info=f"Hoan tien don hang {attempt.order.number}",
    )
    return str(answer.get("vnp_TransactionNo") or request_id)
